//! Roles, permissions, role assignments, permission checks, resources and groups on the main
//! emulator: a check answers from the roles of the membership, those assigned to it or to its
//! groups on the organization, and those on the resource or its ancestors.

use super::*;

/// Setup: a new organization with one `member`.
async fn organization_with_member(calls: &Calls, name: &str, domain: &str) -> (String, String) {
    let org_id = id(&calls.organization(name, domain).await);
    let user_id = id(&calls.user(&format!("member@{domain}")).await);
    let membership = calls
        .call(
            "workos_organization_membership_create",
            json!({"user_id": user_id, "organization_id": org_id, "role_slug": "member"}),
        )
        .await;
    (org_id, id(&membership))
}

async fn check(calls: &Calls, membership_id: &str, permission: &str, on: Value) -> bool {
    let mut args =
        json!({"organization_membership_id": membership_id, "permission_slug": permission});
    if let (Some(args), Some(on)) = (args.as_object_mut(), on.as_object()) {
        args.extend(on.clone());
    }
    let answer = calls.call("workos_permission_check", args).await;
    answer["authorized"]
        .as_bool()
        .expect("`authorized` is a boolean")
}

fn slugs(items: &[Value], field: &str) -> Vec<String> {
    items
        .iter()
        .map(|item| item[field].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn assert_conflict(error: Error) {
    assert!(matches!(error, Error::Conflict(_)), "{error}");
}

/// The demo's `member` of Acme holds `widgets:write` on the main workspace only, where it is
/// assigned `admin`.
const SEEDED_MEMBER: &str = "om_01KH3KNKV2ZY7JS22QJPR1905B";
const SEEDED_WORKSPACE: &str = "authz_resource_01KFCZ4J8W2E5R7T9Y3Q6M1X4B";

#[tokio::test]
async fn roles_permissions_assignments_and_checks() {
    let calls = Calls::new();

    // The seed: permissions, the `admin` and `member` roles, an assignment on a workspace.
    let roles = calls.call("workos_roles_list", json!({})).await;
    let roles = roles["data"].as_array().expect("a list of roles");
    let member = roles
        .iter()
        .find(|role| role["slug"] == "member")
        .expect("member");
    assert_eq!(member["permissions"], json!(["widgets:read"]));
    let admin = calls
        .call("workos_role_get", json!({"slug": "admin"}))
        .await;
    assert_eq!(
        admin["permissions"],
        json!(["widgets:read", "widgets:write"])
    );
    assert!(check(&calls, SEEDED_MEMBER, "widgets:read", json!({})).await);
    assert!(!check(&calls, SEEDED_MEMBER, "widgets:write", json!({})).await);
    let on_workspace = json!({"resource_id": SEEDED_WORKSPACE});
    assert!(check(&calls, SEEDED_MEMBER, "widgets:write", on_workspace).await);

    // Permissions and an environment role made of them.
    for (slug, name) in [
        ("reports:read", "Read reports"),
        ("reports:export", "Export reports"),
    ] {
        let permission = calls
            .call(
                "workos_permission_create",
                json!({"slug": slug, "name": name}),
            )
            .await;
        assert!(id(&permission).starts_with("perm_"));
        assert_eq!(permission["system"], false);
    }
    assert_conflict(
        calls
            .fails(
                "workos_permission_create",
                json!({"slug": "reports:read", "name": "Again"}),
            )
            .await,
    );
    let listed = calls
        .items("workos_permissions_list", json!({"limit": 2}))
        .await;
    let listed = slugs(&listed, "slug");
    assert!(
        listed.contains(&"reports:export".to_owned())
            && listed.contains(&"widgets:read".to_owned())
    );
    let updated = calls
        .call(
            "workos_permission_update",
            json!({"slug": "reports:read", "description": "See every report."}),
        )
        .await;
    assert_eq!(updated["name"], "Read reports");
    assert_eq!(
        calls
            .call("workos_permission_get", json!({"slug": "reports:read"}))
            .await["description"],
        "See every report."
    );
    let analyst = calls
        .call(
            "workos_role_create",
            json!({"slug": "analyst", "name": "Analyst"}),
        )
        .await;
    assert_eq!(
        (analyst["type"].as_str(), analyst["permissions"].clone()),
        (Some("EnvironmentRole"), json!([]))
    );
    calls
        .call(
            "workos_role_permissions_set",
            json!({"role_slug": "analyst", "permissions": ["reports:read"]}),
        )
        .await;
    let analyst = calls
        .call(
            "workos_role_permission_add",
            json!({"role_slug": "analyst", "slug": "reports:export"}),
        )
        .await;
    assert_eq!(
        analyst["permissions"],
        json!(["reports:read", "reports:export"])
    );
    assert_not_found(
        calls
            .fails(
                "workos_role_permission_add",
                json!({"role_slug": "analyst", "slug": "reports:nothing"}),
            )
            .await,
    );
    let renamed = calls
        .call(
            "workos_role_update",
            json!({"slug": "analyst", "name": "Report analyst"}),
        )
        .await;
    assert_eq!(renamed["name"], "Report analyst");

    // Assigning the role on the organization grants its permissions; removing it takes them away.
    let (org_id, membership_id) =
        organization_with_member(&calls, "Checks Inc", "checks.test").await;
    assert!(!check(&calls, &membership_id, "reports:read", json!({})).await);
    let assignment = calls
        .call(
            "workos_role_assignment_create",
            json!({"organization_membership_id": membership_id, "role_slug": "analyst"}),
        )
        .await;
    assert!(id(&assignment).starts_with("role_assignment_"));
    assert_eq!(assignment["resource"]["resource_type_slug"], "organization");
    // The official SDKs require every key of the source, `group` too (null when direct).
    assert_eq!(
        assignment["source"],
        json!({"type": "direct", "group_role_assignment_id": null, "group": null})
    );
    assert!(check(&calls, &membership_id, "reports:export", json!({})).await);
    let assignments = calls
        .items(
            "workos_role_assignments_list",
            json!({"organization_membership_id": membership_id}),
        )
        .await;
    assert_eq!(ids(&assignments), [id(&assignment)]);

    // Deleting a permission takes it out of every role.
    calls
        .call(
            "workos_permission_delete",
            json!({"slug": "reports:export"}),
        )
        .await;
    assert_not_found(
        calls
            .fails("workos_permission_get", json!({"slug": "reports:export"}))
            .await,
    );
    let analyst = calls
        .call("workos_role_get", json!({"slug": "analyst"}))
        .await;
    assert_eq!(analyst["permissions"], json!(["reports:read"]));
    assert!(!check(&calls, &membership_id, "reports:export", json!({})).await);

    // An organization's custom role: beside the environment roles, refused deletion while held.
    let billing = calls
        .call(
            "workos_organization_role_create",
            json!({"organization_id": org_id, "slug": "org-billing", "name": "Billing"}),
        )
        .await;
    assert_eq!(billing["type"], "OrganizationRole");
    assert!(billing.get("organization_id").is_none());
    let refused = calls
        .fails(
            "workos_organization_role_create",
            json!({"organization_id": org_id, "slug": "billing", "name": "Billing"}),
        )
        .await;
    assert!(matches!(refused, Error::Validation(_)), "{refused}");
    let generated = calls
        .call(
            "workos_organization_role_create",
            json!({"organization_id": org_id, "name": "Support Staff"}),
        )
        .await;
    assert!(
        generated["slug"]
            .as_str()
            .unwrap()
            .starts_with("org-support-staff-")
    );
    calls
        .call(
            "workos_organization_role_permissions_set",
            json!({"organization_id": org_id, "role_slug": "org-billing", "permissions": ["widgets:write"]}),
        )
        .await;
    calls
        .call(
            "workos_organization_role_permission_add",
            json!({"organization_id": org_id, "role_slug": "org-billing", "slug": "reports:read"}),
        )
        .await;
    let billing = calls
        .call(
            "workos_organization_role_permission_remove",
            json!({"organization_id": org_id, "role_slug": "org-billing", "permission_slug": "reports:read"}),
        )
        .await;
    assert_eq!(billing["permissions"], json!(["widgets:write"]));
    calls
        .call(
            "workos_organization_role_update",
            json!({"organization_id": org_id, "slug": "org-billing", "description": "Pays the bills."}),
        )
        .await;
    let read = calls
        .call(
            "workos_organization_role_get",
            json!({"organization_id": org_id, "slug": "org-billing"}),
        )
        .await;
    assert_eq!(read["description"], "Pays the bills.");
    let org_roles = calls
        .call(
            "workos_organization_roles_list",
            json!({"organization_id": org_id}),
        )
        .await;
    let org_roles = slugs(org_roles["data"].as_array().unwrap(), "slug");
    for slug in ["admin", "member", "analyst", "org-billing"] {
        assert!(
            org_roles.contains(&slug.to_owned()),
            "{slug} in {org_roles:?}"
        );
    }
    let env_roles = calls.call("workos_roles_list", json!({})).await;
    assert!(
        !slugs(env_roles["data"].as_array().unwrap(), "slug").contains(&"org-billing".to_owned())
    );
    let held = calls
        .call(
            "workos_role_assignment_create",
            json!({"organization_membership_id": membership_id, "role_slug": "org-billing"}),
        )
        .await;
    assert!(check(&calls, &membership_id, "widgets:write", json!({})).await);
    let delete_billing = json!({"organization_id": org_id, "slug": "org-billing"});
    assert_conflict(
        calls
            .fails("workos_organization_role_delete", delete_billing.clone())
            .await,
    );
    calls
        .call(
            "workos_role_assignment_delete",
            json!({"organization_membership_id": membership_id, "role_assignment_id": id(&held)}),
        )
        .await;
    assert!(!check(&calls, &membership_id, "widgets:write", json!({})).await);
    calls
        .call("workos_organization_role_delete", delete_billing.clone())
        .await;
    assert_not_found(
        calls
            .fails("workos_organization_role_get", delete_billing)
            .await,
    );
    let events = calls
        .items(
            "workos_events_list",
            json!({"events": ["organization_role.deleted", "permission.deleted", "role.created"]}),
        )
        .await;
    let kinds = slugs(&events, "event");
    for kind in [
        "organization_role.deleted",
        "permission.deleted",
        "role.created",
    ] {
        assert!(kinds.contains(&kind.to_owned()), "{kind} in {kinds:?}");
    }

    // Resources: roles on a workspace apply to its projects, not to the organization.
    let workspace = calls
        .call(
            "workos_resource_create",
            json!({"organization_id": org_id, "resource_type_slug": "workspace", "external_id": "ws-1", "name": "Workspace"}),
        )
        .await;
    let workspace_id = id(&workspace);
    assert!(workspace_id.starts_with("authz_resource_"));
    let project = calls
        .call(
            "workos_resource_create",
            json!({"organization_id": org_id, "resource_type_slug": "project", "external_id": "p-1", "name": "Project",
                   "parent_resource_external_id": "ws-1", "parent_resource_type_slug": "workspace"}),
        )
        .await;
    let project_id = id(&project);
    assert_eq!(project["parent_resource_id"], workspace_id.as_str());
    let children = calls
        .items(
            "workos_resources_list",
            json!({"parent_external_id": "ws-1", "parent_resource_type_slug": "workspace", "organization_id": org_id}),
        )
        .await;
    assert_eq!(ids(&children), [project_id.as_str()]);
    calls
        .call(
            "workos_resource_update",
            json!({"resource_id": project_id, "name": "Project one"}),
        )
        .await;
    let by_external_id =
        json!({"organization_id": org_id, "resource_type_slug": "project", "external_id": "p-1"});
    let mut update = by_external_id.clone();
    update["description"] = json!("The first project.");
    calls
        .call("workos_resource_update_by_external_id", update)
        .await;
    let read = calls
        .call("workos_resource_get_by_external_id", by_external_id.clone())
        .await;
    assert_eq!(
        (read["name"].as_str(), read["description"].as_str()),
        (Some("Project one"), Some("The first project."))
    );
    assert_eq!(
        calls
            .call("workos_resource_get", json!({"resource_id": project_id}))
            .await["id"],
        project_id.as_str()
    );

    calls
        .call(
            "workos_role_assignment_create",
            json!({"organization_membership_id": membership_id, "role_slug": "admin",
                   "resource_external_id": "ws-1", "resource_type_slug": "workspace"}),
        )
        .await;
    assert!(
        check(
            &calls,
            &membership_id,
            "widgets:write",
            json!({"resource_id": project_id})
        )
        .await
    );
    assert!(
        check(
            &calls,
            &membership_id,
            "widgets:write",
            json!({"resource_external_id": "p-1", "resource_type_slug": "project"})
        )
        .await
    );
    assert!(!check(&calls, &membership_id, "widgets:write", json!({})).await);
    let on_project = calls
        .items(
            "workos_organization_membership_permissions_list",
            json!({"organization_membership_id": membership_id, "resource_id": project_id}),
        )
        .await;
    let mut held = slugs(&on_project, "slug");
    held.sort();
    assert_eq!(held, ["reports:read", "widgets:read", "widgets:write"]);
    let on_workspace = calls
        .items(
            "workos_organization_membership_permissions_list_by_external_id",
            json!({"organization_membership_id": membership_id, "resource_type_slug": "workspace", "external_id": "ws-1"}),
        )
        .await;
    assert_eq!(on_workspace.len(), 3);
    let writable = calls
        .items(
            "workos_organization_membership_resources_list",
            json!({"organization_membership_id": membership_id, "permission_slug": "widgets:write", "parent_resource_id": workspace_id}),
        )
        .await;
    assert_eq!(ids(&writable), [project_id.as_str()]);
    let who = calls
        .items(
            "workos_resource_organization_memberships_list",
            json!({"resource_id": project_id, "permission_slug": "widgets:write"}),
        )
        .await;
    assert_eq!(ids(&who), [membership_id.as_str()]);
    let direct = calls
        .items(
            "workos_resource_organization_memberships_list",
            json!({"resource_id": project_id, "permission_slug": "widgets:write", "assignment": "direct"}),
        )
        .await;
    assert!(direct.is_empty(), "{direct:?}");
    let mut on_ws = json!({"organization_id": org_id, "resource_type_slug": "workspace", "external_id": "ws-1"});
    on_ws["permission_slug"] = json!("widgets:write");
    on_ws["assignment"] = json!("direct");
    let who = calls
        .items(
            "workos_resource_organization_memberships_list_by_external_id",
            on_ws,
        )
        .await;
    assert_eq!(ids(&who), [membership_id.as_str()]);
    let on_resource = calls
        .items(
            "workos_resource_role_assignments_list",
            json!({"resource_id": workspace_id, "role_slug": "admin"}),
        )
        .await;
    assert_eq!(on_resource.len(), 1);
    let on_resource = calls
        .items(
            "workos_resource_role_assignments_list_by_external_id",
            json!({"organization_id": org_id, "resource_type_slug": "workspace", "external_id": "ws-1"}),
        )
        .await;
    assert_eq!(
        on_resource[0]["organization_membership_id"],
        membership_id.as_str()
    );

    // Removed by role and resource, without its id: the permissions on the project go with it,
    // and a second removal finds nothing.
    let admin_on_workspace = json!({"organization_membership_id": membership_id, "role_slug": "admin",
                                    "resource_external_id": "ws-1", "resource_type_slug": "workspace"});
    calls
        .call(
            "workos_role_assignment_delete_by_role",
            admin_on_workspace.clone(),
        )
        .await;
    let on_project = json!({"resource_id": project_id});
    assert!(!check(&calls, &membership_id, "widgets:write", on_project.clone()).await);
    assert_not_found(
        calls
            .fails(
                "workos_role_assignment_delete_by_role",
                admin_on_workspace.clone(),
            )
            .await,
    );
    calls
        .call("workos_role_assignment_create", admin_on_workspace)
        .await;
    assert!(check(&calls, &membership_id, "widgets:write", on_project).await);

    // A resource with children or assignments is deleted only with `cascade_delete`.
    assert_conflict(
        calls
            .fails(
                "workos_resource_delete",
                json!({"resource_id": workspace_id}),
            )
            .await,
    );
    calls
        .call("workos_resource_delete_by_external_id", by_external_id)
        .await;
    calls
        .call(
            "workos_resource_delete",
            json!({"resource_id": workspace_id, "cascade_delete": true}),
        )
        .await;
    assert_not_found(
        calls
            .fails("workos_resource_get", json!({"resource_id": workspace_id}))
            .await,
    );
    let left = calls
        .items(
            "workos_role_assignments_list",
            json!({"organization_membership_id": membership_id, "resource_type_slug": "workspace"}),
        )
        .await;
    assert!(left.is_empty(), "{left:?}");
    calls.assert_cover("authorization");
}

#[tokio::test]
async fn groups_members_and_their_roles() {
    let calls = Calls::new();
    let (org_id, membership_id) =
        organization_with_member(&calls, "Groups Inc", "groups.test").await;
    let group = calls
        .call(
            "workos_group_create",
            json!({"organization_id": org_id, "name": "Engineering"}),
        )
        .await;
    let group_id = id(&group);
    assert!(group_id.starts_with("group_"));
    assert_eq!(group["organization_id"], org_id.as_str());
    let in_group = json!({"organization_id": org_id, "group_id": group_id});
    let mut update = in_group.clone();
    update["description"] = json!("Builds things.");
    calls.call("workos_group_update", update).await;
    assert_eq!(
        calls.call("workos_group_get", in_group.clone()).await["description"],
        "Builds things."
    );
    let listed = calls
        .items("workos_groups_list", json!({"organization_id": org_id}))
        .await;
    assert_eq!(ids(&listed), [group_id.as_str()]);
    // A group is found only in its own organization.
    let elsewhere =
        json!({"organization_id": "org_01KEVAXZS4JPV8A6MPZCK9PJ4E", "group_id": group_id});
    assert_not_found(calls.fails("workos_group_get", elsewhere).await);

    let mut add = in_group.clone();
    add["organization_membership_id"] = json!(membership_id);
    calls.call("workos_group_member_add", add.clone()).await;
    calls.call("workos_group_member_add", add.clone()).await;
    let members = calls
        .items("workos_group_members_list", in_group.clone())
        .await;
    assert_eq!(ids(&members), [membership_id.as_str()]);
    let groups = calls
        .items(
            "workos_organization_membership_groups_list",
            json!({"organization_membership_id": membership_id}),
        )
        .await;
    assert_eq!(ids(&groups), [group_id.as_str()]);
    let mut foreign = in_group.clone();
    foreign["organization_membership_id"] = json!(SEEDED_MEMBER);
    let refused = calls.fails("workos_group_member_add", foreign).await;
    assert!(matches!(refused, Error::Validation(_)), "{refused}");

    // The group's roles are its members' roles.
    assert!(!check(&calls, &membership_id, "widgets:write", json!({})).await);
    let granted = calls
        .call(
            "workos_group_role_assignment_create",
            json!({"group_id": group_id, "role_slug": "admin"}),
        )
        .await;
    let granted_id = id(&granted);
    assert!(granted_id.starts_with("gra_"));
    assert!(check(&calls, &membership_id, "widgets:write", json!({})).await);
    let seen = calls
        .items(
            "workos_role_assignments_list",
            json!({"organization_membership_id": membership_id}),
        )
        .await;
    assert_eq!(
        seen[0]["source"],
        json!({
            "type": "group",
            "group_role_assignment_id": granted_id,
            "group": {"id": group_id, "name": "Engineering"},
        })
    );
    let read = calls
        .call(
            "workos_group_role_assignment_get",
            json!({"group_id": group_id, "role_assignment_id": granted_id}),
        )
        .await;
    assert_eq!(read["role"]["slug"], "admin");
    let replaced = calls
        .call(
            "workos_group_role_assignments_set",
            json!({"group_id": group_id, "role_assignments": [{"role_slug": "member"}]}),
        )
        .await;
    let replaced = replaced["data"].as_array().unwrap();
    assert_eq!(
        slugs(
            &replaced
                .iter()
                .map(|a| a["role"].clone())
                .collect::<Vec<_>>(),
            "slug"
        ),
        ["member"]
    );
    assert!(!check(&calls, &membership_id, "widgets:write", json!({})).await);
    let listed = calls
        .items(
            "workos_group_role_assignments_list",
            json!({"group_id": group_id}),
        )
        .await;
    assert_eq!(ids(&listed), [id(&replaced[0])]);
    calls
        .call(
            "workos_group_role_assignment_delete",
            json!({"group_id": group_id, "role_assignment_id": id(&replaced[0])}),
        )
        .await;
    assert!(
        calls
            .items(
                "workos_group_role_assignments_list",
                json!({"group_id": group_id})
            )
            .await
            .is_empty()
    );

    // Removed by role: every assignment of that role to the group, and nothing else.
    for role_slug in ["admin", "member"] {
        calls
            .call(
                "workos_group_role_assignment_create",
                json!({"group_id": group_id, "role_slug": role_slug}),
            )
            .await;
    }
    let by_role = json!({"group_id": group_id, "role_slug": "admin"});
    calls
        .call(
            "workos_group_role_assignments_delete_by_role",
            by_role.clone(),
        )
        .await;
    let left = calls
        .items(
            "workos_group_role_assignments_list",
            json!({"group_id": group_id}),
        )
        .await;
    let left_roles: Vec<Value> = left.iter().map(|a| a["role"].clone()).collect();
    assert_eq!(slugs(&left_roles, "slug"), ["member"]);
    assert_not_found(
        calls
            .fails("workos_group_role_assignments_delete_by_role", by_role)
            .await,
    );
    calls
        .call(
            "workos_group_role_assignments_delete_by_role",
            json!({"group_id": group_id, "role_slug": "member"}),
        )
        .await;

    // Leaving the group, then deleting it.
    calls
        .call(
            "workos_group_role_assignment_create",
            json!({"group_id": group_id, "role_slug": "admin"}),
        )
        .await;
    let mut remove = in_group.clone();
    remove["organization_membership_id"] = json!(membership_id);
    calls
        .call("workos_group_member_remove", remove.clone())
        .await;
    assert!(!check(&calls, &membership_id, "widgets:write", json!({})).await);
    assert_not_found(calls.fails("workos_group_member_remove", remove).await);
    let events = calls
        .items(
            "workos_events_list",
            json!({"events": ["group.member_added", "group.member_removed"]}),
        )
        .await;
    let ours: Vec<&str> = events
        .iter()
        .filter(|event| event["data"]["group_id"] == group_id.as_str())
        .map(|event| event["event"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        ours.len(),
        2,
        "one member_added for two adds, then one member_removed: {ours:?}"
    );
    calls.call("workos_group_delete", in_group.clone()).await;
    assert_not_found(calls.fails("workos_group_get", in_group).await);
    assert_not_found(
        calls
            .fails(
                "workos_group_role_assignments_list",
                json!({"group_id": group_id}),
            )
            .await,
    );
    calls.assert_cover("groups");
}
