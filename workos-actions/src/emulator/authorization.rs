//! Authorization: roles and permissions named by slug, organization roles beside the environment
//! ones, role assignments of memberships and groups on the organization or on resources, and the
//! permission checks that answer from all of them.
//!
//! A member holds, on a resource, the permissions of: the roles of the membership (`role_slug`),
//! the roles assigned to it or to its groups on the organization, and the roles assigned to it or
//! its groups on the resource or any of its ancestors.

use std::collections::BTreeSet;

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::listing::{self, by_id};
use super::{emit, groups, model, status, token};

const ROLE: &str = "Role";
const PERMISSION: &str = "Permission";
const ASSIGNMENT: &str = "RoleAssignment";
const GROUP_ASSIGNMENT: &str = "GroupRoleAssignment";
const RESOURCE: &str = "AuthorizationResource";
const MEMBERSHIP: &str = "OrganizationMembership";
/// The field of a role assignment naming its membership.
const MEMBERSHIP_FIELD: &str = "organization_membership_id";
/// The resource type of the organization itself, which roles without a resource are assigned on.
const ORGANIZATION_TYPE: &str = "organization";

/// Serves the authorization actions.
pub(super) fn register(emulator: Emulator) -> Emulator {
    emulator
        .handler("workos_roles_list", roles_list)
        .handler("workos_role_get", role_get)
        .handler("workos_role_create", role_create)
        .handler("workos_role_update", role_update)
        .handler("workos_role_permissions_set", permissions_set)
        .handler("workos_role_permission_add", permission_add)
        .handler("workos_organization_roles_list", roles_list)
        .handler("workos_organization_role_get", role_get)
        .handler("workos_organization_role_create", role_create)
        .handler("workos_organization_role_update", role_update)
        .handler("workos_organization_role_delete", role_delete)
        .handler("workos_organization_role_permissions_set", permissions_set)
        .handler("workos_organization_role_permission_add", permission_add)
        .handler(
            "workos_organization_role_permission_remove",
            permission_remove,
        )
        .handler("workos_permission_get", permission_get)
        .handler("workos_permission_create", permission_create)
        .handler("workos_permission_update", permission_update)
        .handler("workos_permission_delete", permission_delete)
        .handler("workos_role_assignments_list", assignments_list)
        .handler("workos_role_assignment_create", assignment_create)
        .handler("workos_permission_check", check)
        .handler(
            "workos_organization_membership_permissions_list",
            effective_permissions,
        )
        .handler(
            "workos_organization_membership_permissions_list_by_external_id",
            effective_permissions,
        )
        .handler(
            "workos_organization_membership_resources_list",
            member_resources,
        )
        .handler("workos_resources_list", resources_list)
        .handler("workos_resource_create", resource_create)
        .handler("workos_resource_update", resource_update)
        .handler("workos_resource_delete", resource_delete)
        .handler("workos_resource_get_by_external_id", resource_get)
        .handler("workos_resource_update_by_external_id", resource_update)
        .handler("workos_resource_delete_by_external_id", resource_delete)
        .handler(
            "workos_resource_organization_memberships_list",
            resource_members,
        )
        .handler(
            "workos_resource_organization_memberships_list_by_external_id",
            resource_members,
        )
        .handler(
            "workos_resource_role_assignments_list_by_external_id",
            resource_assignments,
        )
        .handler(
            "workos_group_role_assignment_create",
            group_assignment_create,
        )
        .handler("workos_group_role_assignments_set", group_assignments_set)
        .handler(
            "workos_role_assignment_delete_by_role",
            assignment_delete_by_role,
        )
        .handler(
            "workos_group_role_assignments_delete_by_role",
            group_assignments_delete_by_role,
        )
}

// Roles.

/// The organization of an organization role action; `None` for environment roles.
fn organization(store: &Store, call: &Call) -> Result<Option<String>, Failure> {
    match call.str_arg("organization_id") {
        Some(id) => {
            store.require("Organization", id)?;
            Ok(Some(id.to_owned()))
        }
        None => Ok(None),
    }
}

/// The role with this slug an organization's members can have (an environment role, or one of
/// the organization's own), or the environment role when `organization` is `None`.
fn find_role(store: &Store, organization: Option<&str>, slug: &str) -> Option<Value> {
    store.all(ROLE).into_iter().find(|role| {
        role["slug"] == slug
            && match role.get("organization_id").and_then(Value::as_str) {
                None => true,
                Some(owner) => Some(owner) == organization,
            }
    })
}

/// The role the call names, among those it may change: environment roles for the environment's
/// actions, the organization's custom roles for an organization's.
fn target_role(store: &Store, call: &Call, slug_param: &str) -> Result<Value, Failure> {
    let organization = organization(store, call)?;
    let slug = call.str_arg(slug_param).unwrap_or_default();
    let role = find_role(store, organization.as_deref(), slug).filter(|role| {
        role.get("organization_id").and_then(Value::as_str) == organization.as_deref()
    });
    role.ok_or_else(|| Failure::not_found(ROLE, slug))
}

/// A role as the API answers it (the emulator keeps the organization of a custom role in it).
fn answer_role(role: &Value) -> Value {
    let mut role = role.clone();
    if let Some(fields) = role.as_object_mut() {
        fields.remove("organization_id");
    }
    role
}

fn role_slugs(role: &Value) -> Vec<String> {
    role["permissions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|slug| slug.as_str().map(str::to_owned))
        .collect()
}

fn roles_list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = organization(store, call)?;
    let roles: Vec<Value> = store
        .all(ROLE)
        .iter()
        .filter(
            |role| match role.get("organization_id").and_then(Value::as_str) {
                None => true,
                Some(owner) => Some(owner) == organization.as_deref(),
            },
        )
        .map(answer_role)
        .collect();
    Ok(Reply::json(
        200,
        &json!({ "object": "list", "data": roles }),
    ))
}

fn role_get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = organization(store, call)?;
    let slug = call.str_arg("slug").unwrap_or_default();
    let role = find_role(store, organization.as_deref(), slug)
        .ok_or_else(|| Failure::not_found(ROLE, slug))?;
    Ok(Reply::json(200, &answer_role(&role)))
}

fn role_create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let role_model = model(store, ROLE)?;
    let organization = organization(store, call)?;
    let name = call.str_arg("name").unwrap_or_default();
    let slug = match (call.str_arg("slug"), &organization) {
        (Some(slug), Some(_)) if !slug.starts_with("org-") => {
            return Err(Failure::unprocessable(
                "invalid_role_slug",
                format!("The slug of an organization role must start with `org-`: '{slug}'."),
            ));
        }
        (Some(slug), _) => slug.to_owned(),
        (None, Some(_)) => format!("org-{}-{}", slugify(name), token(6).to_lowercase()),
        (None, None) => slugify(name),
    };
    if let Some(existing) = find_role(store, organization.as_deref(), &slug)
        && existing.get("organization_id").and_then(Value::as_str) == organization.as_deref()
    {
        return Err(Failure::new(
            409,
            "role_slug_conflict",
            format!("A role with the slug '{slug}' already exists."),
        ));
    }
    let mut fields = call.body_fields();
    fields.insert("slug".to_owned(), json!(slug));
    fields.entry("description").or_insert(Value::Null);
    fields
        .entry("resource_type_slug")
        .or_insert(json!(ORGANIZATION_TYPE));
    let kind = if organization.is_some() {
        "OrganizationRole"
    } else {
        "EnvironmentRole"
    };
    fields.insert("type".to_owned(), json!(kind));
    fields.insert("permissions".to_owned(), json!([]));
    let mut role = store.create(role_model, fields)?;
    if let Some(organization) = organization {
        role["organization_id"] = json!(organization);
        store.put(role_model, &role);
    }
    emit(store, call, &role);
    Ok(Reply::json(status(call), &answer_role(&role)))
}

/// A slug made of the lowercase letters and digits of a name, joined by `-`.
fn slugify(name: &str) -> String {
    name.to_lowercase()
        .split(|character: char| !character.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Stores changed fields of a role, records the action's event and answers the role.
fn save_role(
    store: &mut Store,
    call: &Call,
    mut role: Value,
    changes: Map<String, Value>,
) -> Result<Reply, Failure> {
    let role_model = model(store, ROLE)?;
    if let Some(fields) = role.as_object_mut() {
        fields.extend(changes);
        fields.insert("updated_at".to_owned(), json!(ids::now()));
    }
    store.put(role_model, &role);
    emit(store, call, &role);
    Ok(Reply::json(status(call), &answer_role(&role)))
}

fn role_update(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let role = target_role(store, call, "slug")?;
    save_role(store, call, role, call.body_fields())
}

fn role_delete(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let role_model = model(store, ROLE)?;
    let role = target_role(store, call, "slug")?;
    let slug = role["slug"].as_str().unwrap_or_default().to_owned();
    let organization = call.str_arg("organization_id").unwrap_or_default();
    let members = memberships_of(store, organization);
    let held = members
        .iter()
        .any(|membership| membership_role_slugs(membership).contains(&slug))
        || store.all(ASSIGNMENT).iter().any(|assignment| {
            assignment["role"]["slug"] == slug.as_str()
                && members
                    .iter()
                    .any(|membership| membership["id"] == assignment["organization_membership_id"])
        })
        || store.all(GROUP_ASSIGNMENT).iter().any(|assignment| {
            assignment["role"]["slug"] == slug.as_str()
                && groups::organization_of(store, &assignment["group_id"]).as_deref()
                    == Some(organization)
        });
    if held {
        return Err(Failure::new(
            409,
            "role_in_use",
            format!("The role '{slug}' is still assigned; remove its assignments first."),
        ));
    }
    let id = role["id"].as_str().unwrap_or_default().to_owned();
    store.delete(role_model, &id)?;
    emit(store, call, &role);
    Ok(Reply::empty(status(call)))
}

/// 404 for the first slug that names no permission.
fn require_permissions(store: &Store, slugs: &[String]) -> Result<(), Failure> {
    for slug in slugs {
        if find_permission(store, slug).is_none() {
            return Err(Failure::not_found(PERMISSION, slug));
        }
    }
    Ok(())
}

fn permissions_set(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let role = target_role(store, call, "role_slug")?;
    let mut slugs: Vec<String> = Vec::new();
    for slug in call
        .arg("permissions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(slug) = slug.as_str()
            && !slugs.iter().any(|known| known == slug)
        {
            slugs.push(slug.to_owned());
        }
    }
    require_permissions(store, &slugs)?;
    let changes = Map::from_iter([("permissions".to_owned(), json!(slugs))]);
    save_role(store, call, role, changes)
}

fn permission_add(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let role = target_role(store, call, "role_slug")?;
    let slug = call.str_arg("slug").unwrap_or_default().to_owned();
    require_permissions(store, std::slice::from_ref(&slug))?;
    let mut slugs = role_slugs(&role);
    if slugs.contains(&slug) {
        return Ok(Reply::json(status(call), &answer_role(&role)));
    }
    slugs.push(slug);
    let changes = Map::from_iter([("permissions".to_owned(), json!(slugs))]);
    save_role(store, call, role, changes)
}

fn permission_remove(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let role = target_role(store, call, "role_slug")?;
    let slug = call.str_arg("permission_slug").unwrap_or_default();
    let mut slugs = role_slugs(&role);
    let before = slugs.len();
    slugs.retain(|held| held != slug);
    if slugs.len() == before {
        return Err(Failure::not_found(PERMISSION, slug));
    }
    let changes = Map::from_iter([("permissions".to_owned(), json!(slugs))]);
    save_role(store, call, role, changes)
}

// Permissions.

fn find_permission(store: &Store, slug: &str) -> Option<Value> {
    store
        .all(PERMISSION)
        .into_iter()
        .find(|permission| permission["slug"] == slug)
}

fn target_permission(store: &Store, call: &Call) -> Result<Value, Failure> {
    let slug = call.str_arg("slug").unwrap_or_default();
    find_permission(store, slug).ok_or_else(|| Failure::not_found(PERMISSION, slug))
}

fn permission_get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    Ok(Reply::json(200, &target_permission(store, call)?))
}

fn permission_create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let permission_model = model(store, PERMISSION)?;
    let slug = call.str_arg("slug").unwrap_or_default();
    if find_permission(store, slug).is_some() {
        return Err(Failure::new(
            409,
            "permission_slug_conflict",
            format!("A permission with the slug '{slug}' already exists."),
        ));
    }
    let mut fields = call.body_fields();
    fields.entry("description").or_insert(Value::Null);
    fields
        .entry("resource_type_slug")
        .or_insert(json!(ORGANIZATION_TYPE));
    fields.insert("system".to_owned(), json!(false));
    let permission = store.create(permission_model, fields)?;
    emit(store, call, &permission);
    Ok(Reply::json(status(call), &permission))
}

fn permission_update(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let permission_model = model(store, PERMISSION)?;
    let permission = target_permission(store, call)?;
    let id = permission["id"].as_str().unwrap_or_default().to_owned();
    let permission = store.update(permission_model, &id, call.body_fields())?;
    emit(store, call, &permission);
    Ok(Reply::json(status(call), &permission))
}

/// Deletes the permission and takes it out of every role.
fn permission_delete(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let permission_model = model(store, PERMISSION)?;
    let role_model = model(store, ROLE)?;
    let permission = target_permission(store, call)?;
    let slug = permission["slug"].as_str().unwrap_or_default().to_owned();
    if permission["system"] == true {
        return Err(Failure::new(
            403,
            "system_permission",
            format!("The permission '{slug}' is managed by WorkOS and cannot be deleted."),
        ));
    }
    for mut role in store.all(ROLE) {
        let mut slugs = role_slugs(&role);
        if slugs.contains(&slug) {
            slugs.retain(|held| *held != slug);
            role["permissions"] = json!(slugs);
            role["updated_at"] = json!(ids::now());
            store.put(role_model, &role);
        }
    }
    let id = permission["id"].as_str().unwrap_or_default().to_owned();
    store.delete(permission_model, &id)?;
    emit(store, call, &permission);
    Ok(Reply::empty(status(call)))
}

// Resources.

/// The resource a call names by `<prefix>id`, or by `<prefix>external_id` and
/// `<prefix>type_slug` within `organization` (`prefix` is `resource_` or `parent_resource_`);
/// `Ok(None)` when it names none.
fn named_resource(
    store: &Store,
    call: &Call,
    prefix: &str,
    organization: &str,
) -> Result<Option<Value>, Failure> {
    if let Some(id) = call.str_arg(&format!("{prefix}id")) {
        return store.require(RESOURCE, id).map(Some);
    }
    let (Some(external_id), Some(kind)) = (
        call.str_arg(&format!("{prefix}external_id")),
        call.str_arg(&format!("{prefix}type_slug")),
    ) else {
        return Ok(None);
    };
    find_resource(store, Some(organization), kind, external_id)
        .map(Some)
        .ok_or_else(|| Failure::not_found("Authorization resource", external_id))
}

fn find_resource(
    store: &Store,
    organization: Option<&str>,
    kind: &str,
    external_id: &str,
) -> Option<Value> {
    store.all(RESOURCE).into_iter().find(|resource| {
        resource["resource_type_slug"] == kind
            && resource["external_id"] == external_id
            && organization.is_none_or(|organization| resource["organization_id"] == organization)
    })
}

/// The resource of an action on one resource: by `resource_id`, or by the path's organization,
/// type and external id.
fn target_resource(store: &Store, call: &Call) -> Result<Value, Failure> {
    if let Some(id) = call.str_arg("resource_id") {
        return store.require(RESOURCE, id);
    }
    let organization = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization)?;
    let kind = call.str_arg("resource_type_slug").unwrap_or_default();
    let external_id = call.str_arg("external_id").unwrap_or_default();
    find_resource(store, Some(organization), kind, external_id)
        .ok_or_else(|| Failure::not_found("Authorization resource", external_id))
}

/// The parent a create or update names, as its id (None: the call names none).
fn parent_id(store: &Store, call: &Call, organization: &str) -> Result<Option<String>, Failure> {
    let parent = named_resource(store, call, "parent_resource_", organization)?;
    match parent {
        Some(parent) if parent["organization_id"] != organization => Err(Failure::unprocessable(
            "invalid_parent_resource",
            "The parent resource belongs to another organization.",
        )),
        Some(parent) => Ok(parent["id"].as_str().map(str::to_owned)),
        None => Ok(None),
    }
}

fn resources_list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (Some(external_id), Some(kind)) = (
        call.str_arg("parent_external_id"),
        call.str_arg("parent_resource_type_slug"),
    ) else {
        return store.perform(call);
    };
    let parent = find_resource(store, call.str_arg("organization_id"), kind, external_id)
        .ok_or_else(|| Failure::not_found("Authorization resource", external_id))?;
    let mut call = call.clone();
    call.args
        .insert("parent_resource_id".to_owned(), parent["id"].clone());
    store.perform(&call)
}

fn resource_create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let resource_model = model(store, RESOURCE)?;
    let organization = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization)?;
    let kind = call.str_arg("resource_type_slug").unwrap_or_default();
    let external_id = call.str_arg("external_id").unwrap_or_default();
    if find_resource(store, Some(organization), kind, external_id).is_some() {
        return Err(Failure::new(
            409,
            "resource_conflict",
            format!(
                "A resource of type '{kind}' with the external id '{external_id}' already exists."
            ),
        ));
    }
    let parent = parent_id(store, call, organization)?;
    let mut fields = resource_fields(call);
    fields.entry("description").or_insert(Value::Null);
    fields.insert("parent_resource_id".to_owned(), json!(parent));
    let resource = store.create(resource_model, fields)?;
    Ok(Reply::json(status(call), &resource))
}

/// The body fields that are the resource's own (the parent's external id and type are not).
fn resource_fields(call: &Call) -> Map<String, Value> {
    let mut fields = call.body_fields();
    fields.remove("parent_resource_external_id");
    fields.remove("parent_resource_type_slug");
    fields
}

fn resource_update(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let resource_model = model(store, RESOURCE)?;
    let resource = target_resource(store, call)?;
    let organization = resource["organization_id"].as_str().unwrap_or_default();
    let id = resource["id"].as_str().unwrap_or_default().to_owned();
    let mut changes = resource_fields(call);
    if let Some(parent) = parent_id(store, call, organization)? {
        if parent == id
            || ancestors(store, &parent)
                .iter()
                .any(|above| above["id"] == id.as_str())
        {
            return Err(Failure::unprocessable(
                "invalid_parent_resource",
                "A resource cannot be nested under itself or one of its descendants.",
            ));
        }
        changes.insert("parent_resource_id".to_owned(), json!(parent));
    }
    let resource = store.update(resource_model, &id, changes)?;
    Ok(Reply::json(status(call), &resource))
}

/// Refused while the resource has children or role assignments, unless `cascade_delete`: then
/// its descendants and every role assignment on them go too.
fn resource_delete(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let resource_model = model(store, RESOURCE)?;
    let resource = target_resource(store, call)?;
    let id = resource["id"].as_str().unwrap_or_default().to_owned();
    let cascade = call.arg("cascade_delete") == Some(&Value::Bool(true));
    let has_children = store
        .all(RESOURCE)
        .iter()
        .any(|other| other["parent_resource_id"] == id.as_str());
    let assigned = |store: &Store, id: &str| {
        [ASSIGNMENT, GROUP_ASSIGNMENT]
            .iter()
            .flat_map(|name| store.all(name))
            .any(|assignment| assignment["resource"]["id"] == id)
    };
    if !cascade && (has_children || assigned(store, &id)) {
        return Err(Failure::new(
            409,
            "resource_has_dependents",
            "The resource has child resources or role assignments; set `cascade_delete` to delete them too.",
        ));
    }
    let removed = store.delete(resource_model, &id)?;
    let removed_ids: BTreeSet<String> = removed
        .iter()
        .filter_map(|(_, object)| object["id"].as_str().map(str::to_owned))
        .collect();
    for name in [ASSIGNMENT, GROUP_ASSIGNMENT] {
        let assignment_model = model(store, name)?;
        for assignment in store.all(name) {
            if let Some(resource_id) = assignment["resource"]["id"].as_str()
                && removed_ids.contains(resource_id)
            {
                let assignment_id = assignment["id"].as_str().unwrap_or_default();
                store.delete(assignment_model, assignment_id)?;
            }
        }
    }
    Ok(Reply::empty(status(call)))
}

fn resource_get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    Ok(Reply::json(200, &target_resource(store, call)?))
}

/// The resource's ancestors, nearest first.
fn ancestors(store: &Store, id: &str) -> Vec<Value> {
    let mut found: Vec<Value> = Vec::new();
    let mut next = store
        .get(RESOURCE, id)
        .and_then(|resource| resource["parent_resource_id"].as_str().map(str::to_owned));
    while let Some(parent_id) = next {
        if found.iter().any(|seen| seen["id"] == parent_id.as_str()) {
            break;
        }
        let Some(parent) = store.get(RESOURCE, &parent_id) else {
            break;
        };
        next = parent["parent_resource_id"].as_str().map(str::to_owned);
        found.push(parent);
    }
    found
}

// Role assignments and checks.

/// The `resource` of an assignment: the one named, else the organization itself.
fn assignment_resource(resource: Option<&Value>, organization: &str) -> Value {
    match resource {
        Some(resource) => json!({
            "id": resource["id"],
            "external_id": resource["external_id"],
            "resource_type_slug": resource["resource_type_slug"],
        }),
        None => json!({
            "id": organization,
            "external_id": organization,
            "resource_type_slug": ORGANIZATION_TYPE,
        }),
    }
}

/// The resource and role an assignment call names, checked against the organization.
fn assignment_target(
    store: &Store,
    call: &Call,
    organization: &str,
) -> Result<(Value, Value), Failure> {
    let slug = call.str_arg("role_slug").unwrap_or_default();
    let role =
        find_role(store, Some(organization), slug).ok_or_else(|| Failure::not_found(ROLE, slug))?;
    let resource = named_resource(store, call, "resource_", organization)?;
    if let Some(resource) = &resource
        && resource["organization_id"] != organization
    {
        return Err(Failure::unprocessable(
            "invalid_resource",
            "The resource belongs to another organization.",
        ));
    }
    Ok((
        json!({ "slug": role["slug"] }),
        assignment_resource(resource.as_ref(), organization),
    ))
}

/// The membership the call's `organization_membership_id` names, and its organization.
fn membership_of(store: &Store, call: &Call) -> Result<(Value, String), Failure> {
    let membership_id = call
        .str_arg("organization_membership_id")
        .unwrap_or_default();
    let membership = store.require(MEMBERSHIP, membership_id)?;
    let organization = membership["organization_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok((membership, organization))
}

/// The assignment of `role` on `resource` that the holder (`(field, id)`: a membership or a
/// group) has, if any.
fn held_assignment(
    store: &Store,
    model: &str,
    (field, id): (&str, &Value),
    role: &Value,
    resource: &Value,
) -> Option<Value> {
    store.all(model).into_iter().find(|existing| {
        existing[field] == *id
            && existing["role"] == *role
            && existing["resource"]["id"] == resource["id"]
    })
}

fn assignment_create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let assignment_model = model(store, ASSIGNMENT)?;
    let (membership, organization) = membership_of(store, call)?;
    let (role, resource) = assignment_target(store, call, &organization)?;
    let held = (MEMBERSHIP_FIELD, &membership["id"]);
    if held_assignment(store, ASSIGNMENT, held, &role, &resource).is_some() {
        return Err(Failure::new(
            409,
            "role_assignment_conflict",
            "The membership already has this role on this resource.",
        ));
    }
    let fields = Map::from_iter([
        (
            "organization_membership_id".to_owned(),
            membership["id"].clone(),
        ),
        ("role".to_owned(), role),
        ("resource".to_owned(), resource),
        (
            "source".to_owned(),
            json!({ "type": "direct", "group_role_assignment_id": null, "group": null }),
        ),
    ]);
    let assignment = store.create(assignment_model, fields)?;
    Ok(Reply::json(status(call), &assignment))
}

/// Removes the membership's direct assignment of a role on a resource; a role held through a
/// group is not the membership's to remove.
fn assignment_delete_by_role(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let assignment_model = model(store, ASSIGNMENT)?;
    let (membership, organization) = membership_of(store, call)?;
    let (role, resource) = assignment_target(store, call, &organization)?;
    let held = (MEMBERSHIP_FIELD, &membership["id"]);
    let found = held_assignment(store, ASSIGNMENT, held, &role, &resource);
    let Some(found) = found else {
        return Err(Failure::not_found(
            "Role assignment",
            role["slug"].as_str().unwrap_or_default(),
        ));
    };
    store.delete(assignment_model, found["id"].as_str().unwrap_or_default())?;
    Ok(Reply::empty(status(call)))
}

/// Every role assignment a membership holds: its own, and those of its groups as it sees them.
fn assignments_of(store: &Store, membership_id: &str) -> Vec<Value> {
    let mut assignments: Vec<Value> = store
        .all(ASSIGNMENT)
        .into_iter()
        .filter(|assignment| assignment["organization_membership_id"] == membership_id)
        .collect();
    let groups = groups::groups_of(store, membership_id);
    for group_assignment in store.all(GROUP_ASSIGNMENT) {
        let Some(group) = groups
            .iter()
            .find(|group| group["id"] == group_assignment["group_id"])
        else {
            continue;
        };
        assignments.push(json!({
            "object": "role_assignment",
            "id": group_assignment["id"],
            "organization_membership_id": membership_id,
            "role": group_assignment["role"],
            "resource": group_assignment["resource"],
            "source": {
                "type": "group",
                "group_role_assignment_id": group_assignment["id"],
                "group": { "id": group["id"], "name": group["name"] },
            },
            "created_at": group_assignment["created_at"],
            "updated_at": group_assignment["updated_at"],
        }));
    }
    assignments
}

fn assignments_list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let membership_id = call
        .str_arg("organization_membership_id")
        .unwrap_or_default();
    store.require(MEMBERSHIP, membership_id)?;
    let mut assignments = assignments_of(store, membership_id);
    for (param, field) in [
        ("resource_id", "id"),
        ("resource_external_id", "external_id"),
        ("resource_type_slug", "resource_type_slug"),
    ] {
        if let Some(value) = call.str_arg(param) {
            assignments.retain(|assignment| assignment["resource"][field] == value);
        }
    }
    Ok(page(store, call, assignments))
}

fn membership_role_slugs(membership: &Value) -> Vec<String> {
    let mut slugs: Vec<String> = membership["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|role| role["slug"].as_str().map(str::to_owned))
        .collect();
    if let Some(slug) = membership["role"]["slug"].as_str()
        && !slugs.iter().any(|known| known == slug)
    {
        slugs.push(slug.to_owned());
    }
    slugs
}

fn memberships_of(store: &Store, organization: &str) -> Vec<Value> {
    store
        .all(MEMBERSHIP)
        .into_iter()
        .filter(|membership| membership["organization_id"] == organization)
        .collect()
}

/// The slugs of the permissions a membership holds on a resource (the organization when
/// `None`); only roles assigned on the resource itself when `direct`.
fn permissions_held(
    store: &Store,
    membership: &Value,
    resource: Option<&Value>,
    direct: bool,
) -> BTreeSet<String> {
    let organization = membership["organization_id"].as_str().unwrap_or_default();
    let membership_id = membership["id"].as_str().unwrap_or_default();
    let mut places: Vec<String> = Vec::new();
    if let Some(resource) = resource {
        places.push(resource["id"].as_str().unwrap_or_default().to_owned());
    }
    let indirect = !direct || resource.is_none();
    if indirect {
        places.push(organization.to_owned());
        if let Some(resource) = resource {
            let id = resource["id"].as_str().unwrap_or_default();
            places.extend(
                ancestors(store, id)
                    .iter()
                    .filter_map(|above| above["id"].as_str().map(str::to_owned)),
            );
        }
    }
    let mut roles: Vec<String> = if indirect {
        membership_role_slugs(membership)
    } else {
        Vec::new()
    };
    for assignment in assignments_of(store, membership_id) {
        let on = assignment["resource"]["id"].as_str().unwrap_or_default();
        if places.iter().any(|place| place == on)
            && let Some(slug) = assignment["role"]["slug"].as_str()
        {
            roles.push(slug.to_owned());
        }
    }
    roles
        .iter()
        .filter_map(|slug| find_role(store, Some(organization), slug))
        .flat_map(|role| role_slugs(&role))
        .collect()
}

/// The membership of the call and the resource it names (by id or external id), if any.
fn member_and_resource(store: &Store, call: &Call) -> Result<(Value, Option<Value>), Failure> {
    let (membership, organization) = membership_of(store, call)?;
    let resource = named_resource(store, call, "resource_", &organization)?;
    Ok((membership, resource))
}

fn check(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (membership, resource) = member_and_resource(store, call)?;
    let permission = call.str_arg("permission_slug").unwrap_or_default();
    let authorized = membership["status"] == "active"
        && permissions_held(store, &membership, resource.as_ref(), false).contains(permission);
    Ok(Reply::json(200, &json!({ "authorized": authorized })))
}

fn effective_permissions(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (membership, organization) = membership_of(store, call)?;
    let resource = match call.str_arg("resource_id") {
        Some(id) => store.require(RESOURCE, id)?,
        None => {
            let kind = call.str_arg("resource_type_slug").unwrap_or_default();
            let external_id = call.str_arg("external_id").unwrap_or_default();
            find_resource(store, Some(&organization), kind, external_id)
                .ok_or_else(|| Failure::not_found("Authorization resource", external_id))?
        }
    };
    let held = permissions_held(store, &membership, Some(&resource), false);
    let permissions = held
        .iter()
        .filter_map(|slug| find_permission(store, slug))
        .collect();
    Ok(page(store, call, permissions))
}

fn member_resources(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (membership, organization) = membership_of(store, call)?;
    let parent =
        named_resource(store, call, "parent_resource_", &organization)?.unwrap_or(Value::Null);
    let permission = call.str_arg("permission_slug").unwrap_or_default();
    let children = store
        .all(RESOURCE)
        .into_iter()
        .filter(|child| child["parent_resource_id"] == parent["id"])
        .filter(|child| {
            permissions_held(store, &membership, Some(child), false).contains(permission)
        })
        .collect();
    Ok(page(store, call, children))
}

fn resource_members(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let resource = target_resource(store, call)?;
    let organization = resource["organization_id"].as_str().unwrap_or_default();
    let permission = call.str_arg("permission_slug").unwrap_or_default();
    let direct = call.str_arg("assignment") == Some("direct");
    let members = memberships_of(store, organization)
        .into_iter()
        .filter(|membership| {
            membership["status"] == "active"
                && permissions_held(store, membership, Some(&resource), direct).contains(permission)
        })
        .collect();
    Ok(page(store, call, members))
}

fn resource_assignments(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let resource = target_resource(store, call)?;
    let role = call.str_arg("role_slug");
    let assignments = store
        .all(ASSIGNMENT)
        .into_iter()
        .filter(|assignment| {
            assignment["resource"]["id"] == resource["id"]
                && role.is_none_or(|role| assignment["role"]["slug"] == role)
        })
        .collect();
    Ok(page(store, call, assignments))
}

// Group role assignments.

fn group_and_organization(store: &Store, call: &Call) -> Result<(Value, String), Failure> {
    let group_id = call.str_arg("group_id").unwrap_or_default();
    let group = store.require("Group", group_id)?;
    let organization = group["organization_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok((group, organization))
}

fn group_assignment_create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (group, organization) = group_and_organization(store, call)?;
    let (role, resource) = assignment_target(store, call, &organization)?;
    let held = ("group_id", &group["id"]);
    if held_assignment(store, GROUP_ASSIGNMENT, held, &role, &resource).is_some() {
        return Err(Failure::new(
            409,
            "role_assignment_conflict",
            "The group already has this role on this resource.",
        ));
    }
    let assignment = create_group_assignment(store, &group, role, resource)?;
    Ok(Reply::json(status(call), &assignment))
}

fn create_group_assignment(
    store: &mut Store,
    group: &Value,
    role: Value,
    resource: Value,
) -> Result<Value, Failure> {
    let assignment_model = model(store, GROUP_ASSIGNMENT)?;
    let fields = Map::from_iter([
        ("group_id".to_owned(), group["id"].clone()),
        ("role".to_owned(), role),
        ("resource".to_owned(), resource),
    ]);
    store.create(assignment_model, fields)
}

/// Replaces the group's assignments with the list: each entry is checked before anything
/// changes, an entry the group already has keeps its id.
fn group_assignments_set(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let assignment_model = model(store, GROUP_ASSIGNMENT)?;
    let (group, organization) = group_and_organization(store, call)?;
    let mut wanted: Vec<(Value, Value)> = Vec::new();
    for entry in call
        .arg("role_assignments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let entry_call = Call {
            action: call.action,
            args: entry.as_object().cloned().unwrap_or_default(),
        };
        let target = assignment_target(store, &entry_call, &organization)?;
        if !wanted.contains(&target) {
            wanted.push(target);
        }
    }
    let mut kept = Vec::new();
    for existing in store.all(GROUP_ASSIGNMENT) {
        if existing["group_id"] != group["id"] {
            continue;
        }
        let key = (existing["role"].clone(), existing["resource"].clone());
        if let Some(position) = wanted.iter().position(|target| *target == key) {
            wanted.remove(position);
            kept.push(existing);
        } else {
            let id = existing["id"].as_str().unwrap_or_default();
            store.delete(assignment_model, id)?;
        }
    }
    for (role, resource) in wanted {
        kept.push(create_group_assignment(store, &group, role, resource)?);
    }
    kept.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    let answer = json!({
        "object": "list",
        "data": kept,
        "list_metadata": { "before": null, "after": null },
    });
    Ok(Reply::json(status(call), &answer))
}

/// Removes the group's assignments of a role: all of them, or those on the named resource.
fn group_assignments_delete_by_role(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let assignment_model = model(store, GROUP_ASSIGNMENT)?;
    let (group, organization) = group_and_organization(store, call)?;
    let slug = call.str_arg("role_slug").unwrap_or_default();
    find_role(store, Some(&organization), slug).ok_or_else(|| Failure::not_found(ROLE, slug))?;
    let resource = named_resource(store, call, "resource_", &organization)?;
    let matching: Vec<Value> = store
        .all(GROUP_ASSIGNMENT)
        .into_iter()
        .filter(|existing| {
            existing["group_id"] == group["id"]
                && existing["role"]["slug"] == slug
                && resource
                    .as_ref()
                    .is_none_or(|resource| existing["resource"]["id"] == resource["id"])
        })
        .collect();
    if matching.is_empty() {
        return Err(Failure::not_found("Group role assignment", slug));
    }
    for assignment in matching {
        store.delete(
            assignment_model,
            assignment["id"].as_str().unwrap_or_default(),
        )?;
    }
    Ok(Reply::empty(status(call)))
}

/// One page of `items` (each with an `id`), in id order: the order they were made in.
pub(super) fn page(store: &Store, call: &Call, mut items: Vec<Value>) -> Reply {
    items.sort_by_key(by_id);
    listing::page(store, call, items, by_id)
}
