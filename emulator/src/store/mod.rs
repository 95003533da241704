//! The in-memory data: one collection per model, ordered by id (so by creation time), and the
//! generic operations every action kind maps to.
//!
//! Objects are kept as their serialized JSON: a get answers the stored bytes and a page
//! concatenates them, with nothing to encode; an update or a filter decodes what it needs.
//! 100,000 organizations and their 100,000 creation events take about 130 MiB.

mod list;

use std::collections::{BTreeMap, HashMap};

use actionspec_runtime::{
    ActionDescriptor, ApiDescriptor, Location, ModelDescriptor, OnDelete, Operation, Returns,
    TypeRef,
};
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::failure::{Failure, model_title};
use crate::ids::{self, IdGenerator};
use crate::webhooks::Webhooks;

/// Page size when a list call names none and the catalog gives the limit parameter no default.
pub const DEFAULT_LIMIT: usize = 10;

/// One call, as a handler sees it: the action and its arguments (path, query and body
/// parameters by wire name, already checked against the catalog).
#[derive(Debug, Clone)]
pub struct Call {
    pub action: &'static ActionDescriptor,
    pub args: Map<String, Value>,
}

impl Call {
    /// The argument with this name, when given and not null.
    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args.get(name).filter(|value| !value.is_null())
    }

    /// The string argument with this name.
    pub fn str_arg(&self, name: &str) -> Option<&str> {
        self.arg(name).and_then(Value::as_str)
    }

    /// The body parameters given, as fields of a new or changed object.
    pub fn body_fields(&self) -> Map<String, Value> {
        body_fields(self)
    }

    /// The value of the last path parameter: the id of the object an action works on.
    pub fn target_id(&self) -> Option<&str> {
        let name = self
            .action
            .params
            .iter()
            .rev()
            .find(|param| param.location == Location::Path)?
            .name;
        self.str_arg(name)
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    /// JSON text of the body; `None` for an empty body.
    pub body: Option<Bytes>,
}

impl Reply {
    /// A JSON body.
    pub fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            body: Some(Bytes::from(value.to_string())),
        }
    }

    /// Already-encoded JSON.
    pub fn raw(status: u16, body: Bytes) -> Reply {
        Reply {
            status,
            body: Some(body),
        }
    }

    /// No body.
    pub fn empty(status: u16) -> Reply {
        Reply { status, body: None }
    }
}

/// Every object of the emulated API.
#[derive(Debug)]
pub struct Store {
    api: &'static ApiDescriptor,
    ids: IdGenerator,
    base_url: String,
    collections: HashMap<&'static str, BTreeMap<String, Bytes>>,
    /// Resource name -> the model its actions serve.
    resources: HashMap<&'static str, &'static ModelDescriptor>,
    /// Where recorded events are delivered.
    webhooks: Webhooks,
}

impl Store {
    pub fn new(api: &'static ApiDescriptor) -> Store {
        Store {
            api,
            ids: IdGenerator::new(),
            base_url: String::new(),
            collections: HashMap::new(),
            resources: resource_models(api),
            webhooks: Webhooks::new(api.webhooks),
        }
    }

    /// The webhook endpoints every recorded event is delivered to (a handler serving an
    /// action that creates an endpoint adds it here).
    pub fn webhooks(&self) -> &Webhooks {
        &self.webhooks
    }

    pub fn api(&self) -> &'static ApiDescriptor {
        self.api
    }

    /// The emulator's own base URL (for links it hands out).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn set_base_url(&mut self, base_url: String) {
        self.base_url = base_url;
    }

    /// A new id for an object of `model` (its prefix and a ULID).
    pub fn new_id(&self, model: &ModelDescriptor) -> String {
        self.new_prefixed_id(model.id_prefix.unwrap_or(""))
    }

    /// A new id with this prefix and a ULID, in creation order with every other id, for what a
    /// handler keeps outside the models (an empty prefix: the ULID alone).
    pub fn new_prefixed_id(&self, prefix: &str) -> String {
        self.ids.next(prefix)
    }

    /// The model an action works on: what it returns, else what the other actions of its
    /// resource return (a delete returns nothing).
    pub fn model_of(&self, action: &ActionDescriptor) -> Option<&'static ModelDescriptor> {
        let returned = match action.returns {
            Returns::One(TypeRef::Model(name)) | Returns::Page(TypeRef::Model(name)) => {
                self.api.model(name)
            }
            _ => None,
        };
        match returned {
            Some(model) if model.id_prefix.is_some() => Some(model),
            _ => self.resources.get(action.resource).copied().or(returned),
        }
    }

    /// The model with this name.
    pub fn model(&self, name: &str) -> Option<&'static ModelDescriptor> {
        self.api.model(name)
    }

    /// The stored JSON of an object.
    pub fn get_raw(&self, model: &str, id: &str) -> Option<&Bytes> {
        self.collections.get(model)?.get(id)
    }

    /// An object, decoded.
    pub fn get(&self, model: &str, id: &str) -> Option<Value> {
        self.get_raw(model, id)
            .and_then(|bytes| serde_json::from_slice(bytes).ok())
    }

    /// An object, decoded, or the 404 the API answers for a missing one (worded as the
    /// catalog's `not_found` answer).
    pub fn require(&self, model: &str, id: &str) -> Result<Value, Failure> {
        self.get(model, id)
            .ok_or_else(|| Failure::not_found(&model_title(model), id))
    }

    /// Whether an object exists.
    pub fn exists(&self, model: &str, id: &str) -> bool {
        self.get_raw(model, id).is_some()
    }

    /// How many objects of `model` there are.
    pub fn count(&self, model: &str) -> usize {
        self.collections.get(model).map_or(0, BTreeMap::len)
    }

    /// Every object of `model`, decoded, oldest first.
    pub fn all(&self, model: &str) -> Vec<Value> {
        self.collections
            .get(model)
            .map(|objects| {
                objects
                    .values()
                    .filter_map(|bytes| serde_json::from_slice(bytes).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Stores an object as it is (it must have an `id`), replacing one with the same id.
    pub fn put(&mut self, model: &'static ModelDescriptor, object: &Value) {
        let Some(id) = object.get("id").and_then(Value::as_str) else {
            return;
        };
        self.collections
            .entry(model.name)
            .or_default()
            .insert(id.to_owned(), compact(object));
    }

    /// Builds and stores a new object of `model` from `fields`: id, `object`, timestamps and
    /// every other required field the caller did not give are filled in; references must
    /// point to existing objects. Records no event (see [`Store::emit`]).
    pub fn create(
        &mut self,
        model: &'static ModelDescriptor,
        fields: Map<String, Value>,
    ) -> Result<Value, Failure> {
        let mut object = Map::new();
        for (name, value) in fields {
            if model.field(&name).is_some() {
                object.insert(name, value);
            }
        }
        self.check_references(model, &object)?;
        let now = ids::now();
        if model.field("id").is_some() && !object.contains_key("id") {
            object.insert("id".to_owned(), Value::String(self.new_id(model)));
        }
        if let (Some(kind), Some(_)) = (model.object, model.field("object")) {
            object.insert("object".to_owned(), Value::String(kind.to_owned()));
        }
        for stamp in ["created_at", "updated_at"] {
            if model.field(stamp).is_some() && !object.contains_key(stamp) {
                object.insert(stamp.to_owned(), Value::String(now.clone()));
            }
        }
        fill_defaults(self.api, model, &mut object, 0);
        let object = Value::Object(object);
        self.put(model, &object);
        Ok(object)
    }

    /// Changes the fields given (null clears a nullable one) of an existing object and
    /// stamps `updated_at`. 404 when it does not exist.
    pub fn update(
        &mut self,
        model: &'static ModelDescriptor,
        id: &str,
        changes: Map<String, Value>,
    ) -> Result<Value, Failure> {
        let Some(Value::Object(mut object)) = self.get(model.name, id) else {
            return Err(Failure::not_found(&model_title(model.name), id));
        };
        let mut given = Map::new();
        for (name, value) in changes {
            let Some(field) = model.field(&name) else {
                continue;
            };
            if value.is_null() && !field.nullable {
                continue;
            }
            given.insert(name, value);
        }
        self.check_references(model, &given)?;
        object.extend(given);
        if model.field("updated_at").is_some() {
            object.insert("updated_at".to_owned(), Value::String(ids::now()));
        }
        let object = Value::Object(object);
        self.put(model, &object);
        Ok(object)
    }

    /// Removes an object and, through references with `on_delete: cascade`, the objects that
    /// refer to it. Answers every removed object with its model, the named one first.
    pub fn delete(
        &mut self,
        model: &'static ModelDescriptor,
        id: &str,
    ) -> Result<Vec<(&'static ModelDescriptor, Value)>, Failure> {
        let Some(object) = self.get(model.name, id) else {
            return Err(Failure::not_found(&model_title(model.name), id));
        };
        let mut removed = Vec::new();
        let mut pending = vec![(model, id.to_owned(), object)];
        while let Some((model, id, object)) = pending.pop() {
            if let Some(objects) = self.collections.get_mut(model.name) {
                objects.remove(&id);
            }
            for referrer in self.api.models {
                for reference in referrer.references {
                    if reference.model != model.name || reference.on_delete != OnDelete::Cascade {
                        continue;
                    }
                    let Some(objects) = self.collections.get(referrer.name) else {
                        continue;
                    };
                    for (other_id, bytes) in objects {
                        let Ok(other) = serde_json::from_slice::<Value>(bytes) else {
                            continue;
                        };
                        if other.get(reference.field).and_then(Value::as_str) == Some(id.as_str())
                            && !pending
                                .iter()
                                .any(|(_, pending_id, _)| pending_id == other_id)
                        {
                            pending.push((referrer, other_id.clone(), other));
                        }
                    }
                }
            }
            removed.push((model, object));
        }
        Ok(removed)
    }

    /// 404 when a field holding a reference names an object that does not exist.
    fn check_references(
        &self,
        model: &ModelDescriptor,
        fields: &Map<String, Value>,
    ) -> Result<(), Failure> {
        for reference in model.references {
            if let Some(Value::String(id)) = fields.get(reference.field)
                && !self.exists(reference.model, id)
            {
                return Err(Failure::not_found(&model_title(reference.model), id));
            }
        }
        Ok(())
    }

    /// Records an event of this type about `data`, when the API keeps events.
    pub fn emit(&mut self, event_type: &str, data: &Value) {
        let Some(events) = self.api.events else {
            return;
        };
        let Some(model) = self
            .api
            .action(events.action)
            .and_then(|action| self.model_of(action))
        else {
            return;
        };
        let mut fields = Map::new();
        fields.insert(
            events.type_field.to_owned(),
            Value::String(event_type.to_owned()),
        );
        fields.insert(events.data_field.to_owned(), data.clone());
        if let Ok(event) = self.create(model, fields) {
            let id = event.get("id").and_then(Value::as_str).unwrap_or_default();
            self.webhooks.dispatch(event_type, id, &compact(&event));
        }
    }

    /// The event the catalog's `operation` action on `model` records (the delete of an object
    /// removed by a cascade, the create of a seeded object).
    fn event_of(&self, operation: Operation, model: &ModelDescriptor) -> Option<&'static str> {
        self.api.actions.iter().find_map(|action| {
            (action.operation == operation
                && action.is_available()
                && self.model_of(action).map(|served| served.name) == Some(model.name))
            .then_some(action.emits)
            .flatten()
        })
    }

    /// Stores a seeded object as [`Store::create`] does and records the event its creation
    /// would have, so the event list tells the seed's story too.
    pub fn seed(
        &mut self,
        model: &'static ModelDescriptor,
        fields: Map<String, Value>,
    ) -> Result<Value, Failure> {
        let object = self.create(model, fields)?;
        if let Some(event) = self.event_of(Operation::Create, model) {
            self.emit(event, &object);
        }
        Ok(object)
    }

    /// Serves an action by its kind (list, get, create, update, delete) from the catalog
    /// alone. Custom handlers call it too, after adjusting the call.
    pub fn perform(&mut self, call: &Call) -> Result<Reply, Failure> {
        let action = call.action;
        let status = success_status(action);
        let Some(model) = self.model_of(action) else {
            return Err(Failure::new(
                501,
                "not_emulated",
                format!(
                    "{} is not emulated: the catalog names no model it works on",
                    action.name
                ),
            ));
        };
        match action.operation {
            Operation::List => self.list(call, model).map(|page| Reply::raw(status, page)),
            Operation::Get => {
                let id = call.target_id().unwrap_or_default();
                self.get_raw(model.name, id)
                    .cloned()
                    .map(|bytes| Reply::raw(status, bytes))
                    .ok_or_else(|| Failure::not_found(&model_title(model.name), id))
            }
            Operation::Create => {
                let fields = body_fields(call);
                let object = self.create(model, fields)?;
                if let Some(event) = action.emits {
                    self.emit(event, &object);
                }
                Ok(Reply::json(status, &object))
            }
            Operation::Update => {
                let id = call.target_id().unwrap_or_default().to_owned();
                let object = self.update(model, &id, body_fields(call))?;
                if let Some(event) = action.emits {
                    self.emit(event, &object);
                }
                Ok(Reply::json(status, &object))
            }
            Operation::Delete => {
                let id = call.target_id().unwrap_or_default().to_owned();
                let removed = self.delete(model, &id)?;
                for (index, (removed_model, object)) in removed.iter().enumerate() {
                    let event = if index == 0 {
                        action.emits
                    } else {
                        self.event_of(Operation::Delete, removed_model)
                    };
                    if let Some(event) = event {
                        self.emit(event, object);
                    }
                }
                match action.returns {
                    Returns::Nothing => Ok(Reply::empty(status)),
                    _ => Ok(Reply::json(status, &removed[0].1)),
                }
            }
            Operation::Other => Err(Failure::new(
                501,
                "not_emulated",
                format!(
                    "{} is not emulated: it needs a handler of its own",
                    action.name
                ),
            )),
        }
    }
}

/// The status of a successful answer of the action.
pub(crate) fn success_status(action: &ActionDescriptor) -> u16 {
    match action.endpoint {
        actionspec_runtime::Endpoint::Http { success_status, .. } => success_status,
        actionspec_runtime::Endpoint::Browser(_)
        | actionspec_runtime::Endpoint::Unavailable { .. } => 200,
    }
}

/// The JSON text of an object in an allocation of its exact size (a `String` grown while
/// writing keeps up to twice the room it needs, for every one of 100,000 objects).
fn compact(object: &Value) -> Bytes {
    Bytes::from(object.to_string().into_bytes().into_boxed_slice())
}

/// The body parameters of a call, as fields of a new or changed object.
fn body_fields(call: &Call) -> Map<String, Value> {
    call.args
        .iter()
        .filter(|(name, _)| {
            call.action
                .param(name)
                .is_some_and(|param| param.location == Location::Body)
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

/// Resource name -> model, from what the resource's get, list, update and create actions
/// return (a model with an id prefix wins).
fn resource_models(api: &'static ApiDescriptor) -> HashMap<&'static str, &'static ModelDescriptor> {
    let mut found: HashMap<&'static str, &'static ModelDescriptor> = HashMap::new();
    for operation in [
        Operation::Get,
        Operation::List,
        Operation::Update,
        Operation::Create,
    ] {
        for action in api.actions {
            if action.operation != operation || found.contains_key(action.resource) {
                continue;
            }
            if let Returns::One(TypeRef::Model(name)) | Returns::Page(TypeRef::Model(name)) =
                action.returns
                && let Some(model) = api.model(name)
                && model.id_prefix.is_some()
            {
                found.insert(action.resource, model);
            }
        }
    }
    found
}

/// Fills every required field not given with an empty value of its type: null when
/// nullable, the first value of an enum, `[]`, `{}`, `false`, `0`, `""`, or a nested object.
pub(crate) fn fill_defaults(
    api: &ApiDescriptor,
    model: &ModelDescriptor,
    object: &mut Map<String, Value>,
    depth: usize,
) {
    for field in model.fields {
        if !field.required || object.contains_key(field.name) {
            continue;
        }
        let value = if field.nullable {
            Value::Null
        } else {
            empty_value(api, &field.ty, depth)
        };
        object.insert(field.name.to_owned(), value);
    }
}

fn empty_value(api: &ApiDescriptor, ty: &TypeRef, depth: usize) -> Value {
    match ty {
        TypeRef::String | TypeRef::Timestamp => Value::String(String::new()),
        TypeRef::Integer | TypeRef::Number => Value::from(0),
        TypeRef::Boolean => Value::Bool(false),
        TypeRef::Json => Value::Null,
        TypeRef::List(_) => Value::Array(Vec::new()),
        TypeRef::Map(_) => Value::Object(Map::new()),
        TypeRef::Enum(name) => api
            .enumeration(name)
            .and_then(|enumeration| enumeration.values.first())
            .map_or(Value::String(String::new()), |value| {
                Value::String((*value).to_owned())
            }),
        TypeRef::Model(name) => {
            let mut object = Map::new();
            if let Some(model) = api.model(name)
                && depth < 4
            {
                fill_defaults(api, model, &mut object, depth + 1);
            }
            Value::Object(object)
        }
    }
}
