//! Groups of an organization and their members. Which memberships are in which group is kept in
//! a collection of the emulator's own (the API has no object for it); a link to a deleted group
//! or membership is ignored.

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store};
use serde_json::{Map, Value, json};
use workos_client::runtime::ModelDescriptor;

use super::authorization::page;
use super::{emit, model, status};

const GROUP: &str = "Group";
const MEMBERSHIP: &str = "OrganizationMembership";

/// The links between groups and memberships, `{id, group_id, organization_membership_id}`.
static GROUP_MEMBER: ModelDescriptor = ModelDescriptor {
    name: "GroupMember",
    doc: "A membership in a group (the emulator's own record).",
    object: None,
    id_prefix: None,
    fields: &[],
    references: &[],
};

/// Serves the group actions the catalog's facts alone cannot.
pub(super) fn register(emulator: Emulator) -> Emulator {
    emulator
        .handler("workos_group_create", create)
        .handler("workos_group_get", in_organization(Store::perform))
        .handler("workos_group_update", in_organization(Store::perform))
        .handler("workos_group_delete", in_organization(Store::perform))
        .handler("workos_group_members_list", members_list)
        .handler("workos_group_member_add", member_add)
        .handler("workos_group_member_remove", member_remove)
        .handler("workos_organization_membership_groups_list", groups_list)
}

/// The group of the call, which must belong to the call's organization.
fn group(store: &Store, call: &Call) -> Result<Value, Failure> {
    let id = call.str_arg("group_id").unwrap_or_default();
    let group = store.require(GROUP, id)?;
    if call
        .str_arg("organization_id")
        .is_some_and(|organization| group["organization_id"] != organization)
    {
        return Err(Failure::not_found(GROUP, id));
    }
    Ok(group)
}

/// `serve` once the group is found in the call's organization.
fn in_organization(
    serve: fn(&mut Store, &Call) -> Result<Reply, Failure>,
) -> impl Fn(&mut Store, &Call) -> Result<Reply, Failure> + Send + Sync + 'static {
    move |store: &mut Store, call: &Call| {
        group(store, call)?;
        serve(store, call)
    }
}

fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let group_model = model(store, GROUP)?;
    let mut fields = call.body_fields();
    fields.insert(
        "organization_id".to_owned(),
        json!(call.str_arg("organization_id").unwrap_or_default()),
    );
    fields.entry("description").or_insert(Value::Null);
    let group = store.create(group_model, fields)?;
    emit(store, call, &group);
    Ok(Reply::json(status(call), &group))
}

fn link_id(group_id: &str, membership_id: &str) -> String {
    format!("{group_id}/{membership_id}")
}

/// The memberships in a group that still exist.
fn members_of(store: &Store, group_id: &str) -> Vec<Value> {
    store
        .all(GROUP_MEMBER.name)
        .iter()
        .filter(|link| link["group_id"] == group_id)
        .filter_map(|link| store.get(MEMBERSHIP, link["organization_membership_id"].as_str()?))
        .collect()
}

/// The groups, still existing, a membership is in.
pub(super) fn groups_of(store: &Store, membership_id: &str) -> Vec<Value> {
    store
        .all(GROUP_MEMBER.name)
        .iter()
        .filter(|link| link["organization_membership_id"] == membership_id)
        .filter_map(|link| store.get(GROUP, link["group_id"].as_str()?))
        .collect()
}

/// The organization of the group with this id.
pub(super) fn organization_of(store: &Store, group_id: &Value) -> Option<String> {
    let group = store.get(GROUP, group_id.as_str()?)?;
    group["organization_id"].as_str().map(str::to_owned)
}

fn members_list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let group = group(store, call)?;
    let members = members_of(store, group["id"].as_str().unwrap_or_default());
    Ok(page(store, call, members))
}

fn groups_list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let membership_id = call
        .str_arg("organization_membership_id")
        .unwrap_or_default();
    store.require(MEMBERSHIP, membership_id)?;
    Ok(page(store, call, groups_of(store, membership_id)))
}

/// Adds a membership of the group's organization; adding it twice changes nothing.
fn member_add(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let group = group(store, call)?;
    let group_id = group["id"].as_str().unwrap_or_default();
    let membership_id = call
        .str_arg("organization_membership_id")
        .unwrap_or_default();
    let membership = store.require(MEMBERSHIP, membership_id)?;
    if membership["organization_id"] != group["organization_id"] {
        return Err(Failure::unprocessable(
            "organization_membership_mismatch",
            format!("The membership {membership_id} is not in the group's organization."),
        ));
    }
    let id = link_id(group_id, membership_id);
    if store.get(GROUP_MEMBER.name, &id).is_none() {
        let link = json!({
            "id": id,
            "group_id": group_id,
            "organization_membership_id": membership_id,
        });
        store.put(&GROUP_MEMBER, &link);
        emit(store, call, &link_event(group_id, membership_id));
    }
    Ok(Reply::json(status(call), &group))
}

fn member_remove(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let group = group(store, call)?;
    let group_id = group["id"].as_str().unwrap_or_default();
    let membership_id = call
        .str_arg("organization_membership_id")
        .unwrap_or_default();
    let id = link_id(group_id, membership_id);
    if store.get(GROUP_MEMBER.name, &id).is_none() {
        return Err(Failure::not_found("Group membership", membership_id));
    }
    store.delete(&GROUP_MEMBER, &id)?;
    emit(store, call, &link_event(group_id, membership_id));
    Ok(Reply::empty(status(call)))
}

/// The data of `group.member_added` and `group.member_removed`.
fn link_event(group_id: &str, membership_id: &str) -> Value {
    Value::Object(Map::from_iter([
        ("group_id".to_owned(), json!(group_id)),
        (
            "organization_membership_id".to_owned(),
            json!(membership_id),
        ),
    ]))
}
