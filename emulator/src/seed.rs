//! Loading seed data: `{"Model": [objects...]}`, each model after the models it references.

use serde_json::Value;

use crate::store::Store;

/// Loads `{"Model": [objects...]}` into the store, each model after those it references.
pub(crate) fn load_seed(store: &mut Store, seed: &Value) -> Result<(), String> {
    let Value::Object(models) = seed else {
        return Err("the seed is an object mapping model names to lists of objects".to_owned());
    };
    let mut pending: Vec<&String> = models.keys().collect();
    while !pending.is_empty() {
        let ready = pending.iter().position(|name| {
            store.model(name).is_none_or(|model| {
                model.references.iter().all(|reference| {
                    reference.model == model.name
                        || !pending.iter().any(|other| *other == reference.model)
                })
            })
        });
        // A cycle of references: load in name order and let missing references fail.
        let name = pending.remove(ready.unwrap_or(0));
        let model = store
            .model(name)
            .ok_or_else(|| format!("`{name}` is not a model of the catalog"))?;
        let Some(Value::Array(objects)) = models.get(name) else {
            return Err(format!("`{name}` holds a list of objects"));
        };
        for object in objects {
            let Value::Object(fields) = object else {
                return Err(format!("an item of `{name}` is not an object"));
            };
            store.seed(model, fields.clone()).map_err(|failure| {
                let body = failure.body(&store.api().protocol);
                format!("an item of `{name}`: {body}")
            })?;
        }
    }
    Ok(())
}
