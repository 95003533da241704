//! Rows of authorization (roles, permissions, role assignments, checks, resources) and groups.

use super::*;

const ROLE: &str = "role_01EHQMYV6MBK39QC5PZXHY59C3";
/// A permission slug as its path segment: the `:` is percent-encoded, which servers decode.
const SLUG_SEGMENT: &str = "documents%3Aread";
const PERM: &str = "perm_01HXYZ123456789ABCDEFGHIJ";
const PERM_2: &str = "perm_01HXYZ987654321KJIHGFEDCBA";
const PERM_3: &str = "perm_01EHWNCE74X7JSDV0X3SZ3KJNY";
const ASSIGNMENT: &str = "role_assignment_01HXYZ123456789ABCDEFGHIJ";
const ASSIGNMENT_2: &str = "role_assignment_01HXYZ987654321KJIHGFEDCBA";
const ASSIGNMENT_3: &str = "role_assignment_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";
const GRA: &str = "gra_01HXYZ123456789ABCDEFGHIJ";
const GRA_2: &str = "gra_01HXYZ987654321KJIHGFEDCBA";
const GRA_3: &str = "gra_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";
const RESOURCE: &str = "authz_resource_01HXYZ123456789ABCDEFGHIJ";
const RESOURCE_2: &str = "authz_resource_01HXYZ987654321KJIHGFEDCBA";
const RESOURCE_3: &str = "authz_resource_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";
const GROUP: &str = "group_01HXYZ123456789ABCDEFGHIJ";
const GROUP_2: &str = "group_01HXYZ987654321KJIHGFEDCBA";
const GROUP_3: &str = "group_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";

fn role(slug: &str, kind: &str, permissions: &[&str]) -> Value {
    json!({
        "object": "role",
        "id": ROLE,
        "slug": slug,
        "name": "Editor",
        "description": "Can edit resources",
        "type": kind,
        "resource_type_slug": "organization",
        "permissions": permissions,
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "priority": 2,
    })
}

fn role_list(roles: Vec<Value>) -> Value {
    json!({ "object": "list", "data": roles })
}

fn permission(id: &str, slug: &str) -> Value {
    json!({
        "object": "permission",
        "id": id,
        "slug": slug,
        "name": "Read documents",
        "description": null,
        "system": false,
        "resource_type_slug": "organization",
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "environment_id": "environment_01E4ZCR3C56J083X43JQXF3JK5",
    })
}

fn reference(id: &str, external_id: &str, kind: &str) -> Value {
    json!({ "id": id, "external_id": external_id, "resource_type_slug": kind })
}

fn assignment(id: &str, role: &str) -> Value {
    json!({
        "object": "role_assignment",
        "id": id,
        "organization_membership_id": MEMBERSHIP,
        "role": { "slug": role },
        "resource": reference(RESOURCE, "proj-456", "project"),
        "source": { "type": "direct", "group_role_assignment_id": null },
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "expires_at": null,
    })
}

fn group_assignment(id: &str, role: &str) -> Value {
    json!({
        "object": "group_role_assignment",
        "id": id,
        "group_id": GROUP,
        "role": { "slug": role },
        "resource": reference(RESOURCE, "proj-456", "project"),
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "granted_by": "admin",
    })
}

fn resource(id: &str, external_id: &str) -> Value {
    json!({
        "object": "authorization_resource",
        "id": id,
        "external_id": external_id,
        "name": "Website Redesign",
        "description": null,
        "resource_type_slug": "project",
        "organization_id": ORG,
        "parent_resource_id": RESOURCE_3,
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "path": ["workspace", "project"],
    })
}

fn group(id: &str, name: &str) -> Value {
    json!({
        "object": "group",
        "id": id,
        "organization_id": ORG,
        "name": name,
        "description": null,
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "member_count": 3,
    })
}

fn memberships() -> [Value; 3] {
    [
        fx::organization_membership(MEMBERSHIP, USER, ORG),
        fx::organization_membership(MEMBERSHIP_2, USER_2, ORG),
        fx::organization_membership(MEMBERSHIP_3, USER_3, ORG),
    ]
}

fn permissions() -> [Value; 3] {
    [
        permission(PERM, "documents:read"),
        permission(PERM_2, "documents:write"),
        with(permission(PERM_3, "documents:share"), |p| {
            p["system"] = json!(true)
        }),
    ]
}

fn assignments() -> [Value; 3] {
    [
        assignment(ASSIGNMENT, "admin"),
        with(assignment(ASSIGNMENT_2, "editor"), |a| {
            a["source"] = json!({ "type": "group", "group_role_assignment_id": GRA });
        }),
        with(assignment(ASSIGNMENT_3, "viewer"), |a| {
            a["source"]["type"] = json!("inherited");
        }),
    ]
}

/// Every row of the area.
pub(super) fn rows() -> Vec<Case> {
    [
        roles(),
        permission_rows(),
        assignment_rows(),
        resources(),
        groups(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn roles() -> Vec<Case> {
    vec![
        row("workos_roles_list", &[])
            .answers(role_list(vec![
                role("admin", "EnvironmentRole", &["documents:read"]),
                role("member", "EnvironmentRole", &[]),
            ]))
            .typed(
                |client| client.roles_list(params::RolesListParams::new()),
                |roles| {
                    assert_eq!(roles.object, "list");
                    assert_eq!(roles.data[0].slug, "admin");
                    assert_eq!(roles.data[0].permissions, ["documents:read"]);
                    assert_eq!(roles.data[1].r#type, RoleType::EnvironmentRole);
                },
            ),
        row("workos_role_get", &["admin"])
            .answers(role("admin", "EnvironmentRole", &["documents:read"]))
            .typed(
                |client| client.role_get(params::RoleGetParams::new("admin")),
                |role| {
                    assert_eq!(role.id, ROLE);
                    assert_eq!(role.description.as_deref(), Some("Can edit resources"));
                },
            ),
        row("workos_role_create", &[])
            .body(json!({ "slug": "editor", "name": "Editor", "description": "Can edit resources" }))
            .answers(role("editor", "EnvironmentRole", &[]))
            .typed(
                |client| {
                    client.role_create(
                        params::RoleCreateParams::new("editor", "Editor")
                            .description("Can edit resources"),
                    )
                },
                |role| assert!(role.permissions.is_empty()),
            ),
        row("workos_role_update", &["editor"])
            .body(json!({ "name": "Writer" }))
            .answers(with(role("editor", "EnvironmentRole", &[]), |r| {
                r["name"] = json!("Writer")
            }))
            .typed(
                |client| client.role_update(params::RoleUpdateParams::new("editor").name("Writer")),
                |role| assert_eq!(role.name, "Writer"),
            ),
        row("workos_role_permissions_set", &["editor"])
            .body(json!({ "permissions": ["documents:read", "documents:write"] }))
            .answers(role("editor", "EnvironmentRole", &["documents:read", "documents:write"]))
            .typed(
                |client| {
                    client.role_permissions_set(params::RolePermissionsSetParams::new(
                        "editor",
                        strings(&["documents:read", "documents:write"]),
                    ))
                },
                |role| assert_eq!(role.permissions.len(), 2),
            ),
        row("workos_role_permission_add", &["editor"])
            .body(json!({ "slug": "documents:read" }))
            .answers(role("editor", "EnvironmentRole", &["documents:read"]))
            .typed(
                |client| {
                    client.role_permission_add(params::RolePermissionAddParams::new(
                        "editor",
                        "documents:read",
                    ))
                },
                |role| assert_eq!(role.permissions, ["documents:read"]),
            ),
        row("workos_organization_roles_list", &[ORG])
            .answers(role_list(vec![
                role("admin", "EnvironmentRole", &[]),
                with(role("org-billing", "OrganizationRole", &[]), |r| {
                    r["type"] = json!("TeamRole")
                }),
            ]))
            .typed(
                |client| {
                    client.organization_roles_list(params::OrganizationRolesListParams::new(ORG))
                },
                |roles| {
                    assert_eq!(roles.data[1].slug, "org-billing");
                    assert_eq!(roles.data[1].r#type, RoleType::Other("TeamRole".to_owned()));
                },
            ),
        row("workos_organization_role_get", &[ORG, "org-billing"])
            .answers(role("org-billing", "OrganizationRole", &[]))
            .typed(
                |client| {
                    client.organization_role_get(params::OrganizationRoleGetParams::new(
                        ORG,
                        "org-billing",
                    ))
                },
                |role| assert_eq!(role.r#type, RoleType::OrganizationRole),
            ),
        row("workos_organization_role_create", &[ORG])
            .body(json!({ "slug": "org-billing", "name": "Billing", "resource_type_slug": "organization" }))
            .answers(role("org-billing", "OrganizationRole", &[]))
            .typed(
                |client| {
                    client.organization_role_create(
                        params::OrganizationRoleCreateParams::new(ORG, "Billing")
                            .slug("org-billing")
                            .resource_type_slug("organization"),
                    )
                },
                |role| assert_eq!(role.slug, "org-billing"),
            ),
        row("workos_organization_role_update", &[ORG, "org-billing"])
            .body(json!({ "description": "Pays the bills." }))
            .answers(with(role("org-billing", "OrganizationRole", &[]), |r| {
                r["description"] = json!("Pays the bills.")
            }))
            .typed(
                |client| {
                    client.organization_role_update(
                        params::OrganizationRoleUpdateParams::new(ORG, "org-billing")
                            .description("Pays the bills."),
                    )
                },
                |role| assert_eq!(role.description.as_deref(), Some("Pays the bills.")),
            ),
        row("workos_organization_role_delete", &[ORG, "org-billing"]).deletes(204, |client| {
            client.organization_role_delete(params::OrganizationRoleDeleteParams::new(
                ORG,
                "org-billing",
            ))
        }),
        row("workos_organization_role_permissions_set", &[ORG, "org-billing"])
            .body(json!({ "permissions": [] }))
            .answers(role("org-billing", "OrganizationRole", &[]))
            .typed(
                |client| {
                    client.organization_role_permissions_set(
                        params::OrganizationRolePermissionsSetParams::new(ORG, "org-billing", vec![]),
                    )
                },
                |role| assert!(role.permissions.is_empty()),
            ),
        row("workos_organization_role_permission_add", &[ORG, "org-billing"])
            .body(json!({ "slug": "documents:write" }))
            .answers(role("org-billing", "OrganizationRole", &["documents:write"]))
            .typed(
                |client| {
                    client.organization_role_permission_add(
                        params::OrganizationRolePermissionAddParams::new(
                            ORG,
                            "org-billing",
                            "documents:write",
                        ),
                    )
                },
                |role| assert_eq!(role.permissions, ["documents:write"]),
            ),
        row(
            "workos_organization_role_permission_remove",
            &[ORG, "org-billing", "documents%3Awrite"],
        )
        .answers(role("org-billing", "OrganizationRole", &[]))
        .typed(
            |client| {
                client.organization_role_permission_remove(
                    params::OrganizationRolePermissionRemoveParams::new(
                        ORG,
                        "org-billing",
                        "documents:write",
                    ),
                )
            },
            |role| assert!(role.permissions.is_empty()),
        ),
    ]
}

fn permission_rows() -> Vec<Case> {
    vec![
        row("workos_permissions_list", &[])
            .query(&[("limit", "2"), ("order", "asc")])
            .items(permissions())
            .typed(
                params::PermissionsListParams::new()
                    .limit(2)
                    .order(PaginationOrder::Asc),
                |client, params| client.permissions_list(params),
                |client, params| client.permissions_list_stream(params),
                |page| assert_eq!(page.items[1].slug, "documents:write"),
                |items| assert!(items[2].system),
            ),
        row("workos_permission_get", &[SLUG_SEGMENT])
            .answers(permission(PERM, "documents:read"))
            .typed(
                |client| client.permission_get(params::PermissionGetParams::new("documents:read")),
                |permission| {
                    assert_eq!(permission.id, PERM);
                    assert_eq!(permission.description, None);
                },
            ),
        row("workos_permission_create", &[])
            .body(json!({ "slug": "documents:read", "name": "Read documents", "resource_type_slug": "document" }))
            .answers(with(permission(PERM, "documents:read"), |p| {
                p["resource_type_slug"] = json!("document")
            }))
            .typed(
                |client| {
                    client.permission_create(
                        params::PermissionCreateParams::new("documents:read", "Read documents")
                            .resource_type_slug("document"),
                    )
                },
                |permission| assert_eq!(permission.resource_type_slug, "document"),
            ),
        row("workos_permission_update", &[SLUG_SEGMENT])
            .body(json!({ "description": "See documents." }))
            .answers(with(permission(PERM, "documents:read"), |p| {
                p["description"] = json!("See documents.")
            }))
            .typed(
                |client| {
                    client.permission_update(
                        params::PermissionUpdateParams::new("documents:read")
                            .description("See documents."),
                    )
                },
                |permission| assert_eq!(permission.description.as_deref(), Some("See documents.")),
            ),
        row("workos_permission_delete", &[SLUG_SEGMENT]).deletes(204, |client| {
            client.permission_delete(params::PermissionDeleteParams::new("documents:read"))
        }),
    ]
}

fn assignment_rows() -> Vec<Case> {
    vec![
        row("workos_role_assignments_list", &[MEMBERSHIP])
            .query(&[
                ("resource_external_id", "proj-456"),
                ("resource_type_slug", "project"),
            ])
            .items(assignments())
            .typed(
                params::RoleAssignmentsListParams::new(MEMBERSHIP)
                    .resource_external_id("proj-456")
                    .resource_type_slug("project"),
                |client, params| client.role_assignments_list(params),
                |client, params| client.role_assignments_list_stream(params),
                |page| {
                    assert_eq!(
                        page.items[0].source.r#type,
                        RoleAssignmentSourceType::Direct
                    );
                    assert_eq!(
                        page.items[1].source.group_role_assignment_id.as_deref(),
                        Some(GRA)
                    );
                },
                |items| {
                    assert_eq!(
                        items[2].source.r#type,
                        RoleAssignmentSourceType::Other("inherited".to_owned())
                    )
                },
            ),
        row("workos_role_assignment_create", &[MEMBERSHIP])
            .body(json!({ "role_slug": "admin", "resource_id": RESOURCE }))
            .answers(assignment(ASSIGNMENT, "admin"))
            .typed(
                |client| {
                    client.role_assignment_create(
                        params::RoleAssignmentCreateParams::new(MEMBERSHIP, "admin")
                            .resource_id(RESOURCE),
                    )
                },
                |assignment| {
                    assert_eq!(assignment.role.slug, "admin");
                    assert_eq!(assignment.resource.external_id, "proj-456");
                },
            ),
        row("workos_role_assignment_delete", &[MEMBERSHIP, ASSIGNMENT]).deletes(204, |client| {
            client.role_assignment_delete(params::RoleAssignmentDeleteParams::new(
                MEMBERSHIP, ASSIGNMENT,
            ))
        }),
        row("workos_role_assignment_delete_by_role", &[MEMBERSHIP])
            .body(json!({
                "role_slug": "editor",
                "resource_external_id": "proj-456",
                "resource_type_slug": "project",
            }))
            .deletes(204, |client| {
                client.role_assignment_delete_by_role(
                    params::RoleAssignmentDeleteByRoleParams::new(MEMBERSHIP, "editor")
                        .resource_external_id("proj-456")
                        .resource_type_slug("project"),
                )
            }),
        row("workos_permission_check", &[MEMBERSHIP])
            .body(json!({
                "permission_slug": "documents:write",
                "resource_external_id": "proj-456",
                "resource_type_slug": "project",
            }))
            .answers(json!({ "authorized": true }))
            .typed(
                |client| {
                    client.permission_check(
                        params::PermissionCheckParams::new(MEMBERSHIP, "documents:write")
                            .resource_external_id("proj-456")
                            .resource_type_slug("project"),
                    )
                },
                |check| assert!(check.authorized),
            ),
        row(
            "workos_organization_membership_permissions_list",
            &[MEMBERSHIP, RESOURCE],
        )
        .items(permissions())
        .typed(
            params::OrganizationMembershipPermissionsListParams::new(MEMBERSHIP, RESOURCE),
            |client, params| client.organization_membership_permissions_list(params),
            |client, params| client.organization_membership_permissions_list_stream(params),
            |page| assert_eq!(page.items[0].slug, "documents:read"),
            |_| {},
        ),
        row(
            "workos_organization_membership_permissions_list_by_external_id",
            &[MEMBERSHIP, "project", "proj-456"],
        )
        .items(permissions())
        .typed(
            params::OrganizationMembershipPermissionsListByExternalIdParams::new(
                MEMBERSHIP, "project", "proj-456",
            ),
            |client, params| client.organization_membership_permissions_list_by_external_id(params),
            |client, params| {
                client.organization_membership_permissions_list_by_external_id_stream(params)
            },
            |page| assert_eq!(page.items.len(), 2),
            |_| {},
        ),
        row(
            "workos_organization_membership_resources_list",
            &[MEMBERSHIP],
        )
        .query(&[
            ("permission_slug", "documents:read"),
            ("parent_resource_id", RESOURCE_3),
        ])
        .items([
            resource(RESOURCE, "proj-456"),
            resource(RESOURCE_2, "proj-457"),
            resource(RESOURCE_3, "proj-458"),
        ])
        .typed(
            params::OrganizationMembershipResourcesListParams::new(MEMBERSHIP, "documents:read")
                .parent_resource_id(RESOURCE_3),
            |client, params| client.organization_membership_resources_list(params),
            |client, params| client.organization_membership_resources_list_stream(params),
            |page| assert_eq!(page.items[1].external_id, "proj-457"),
            |_| {},
        ),
    ]
}

fn resources() -> Vec<Case> {
    let by_external_id: &'static [&'static str] = &[ORG, "project", "proj-456"];
    vec![
        row("workos_resources_list", &[])
            .query(&[
                ("organization_id", ORG),
                ("parent_resource_type_slug", "workspace"),
                ("parent_external_id", "ws-1"),
            ])
            .items([
                resource(RESOURCE, "proj-456"),
                with(resource(RESOURCE_2, "proj-457"), |r| {
                    r["parent_resource_id"] = json!(null)
                }),
                resource(RESOURCE_3, "proj-458"),
            ])
            .typed(
                params::ResourcesListParams::new()
                    .organization_id(ORG)
                    .parent_resource_type_slug("workspace")
                    .parent_external_id("ws-1"),
                |client, params| client.resources_list(params),
                |client, params| client.resources_list_stream(params),
                |page| {
                    assert_eq!(
                        page.items[0].parent_resource_id.as_deref(),
                        Some(RESOURCE_3)
                    );
                    assert_eq!(page.items[1].parent_resource_id, None);
                },
                |_| {},
            ),
        row("workos_resource_get", &[RESOURCE])
            .answers(resource(RESOURCE, "proj-456"))
            .typed(
                |client| client.resource_get(params::ResourceGetParams::new(RESOURCE)),
                |resource| {
                    assert_eq!(resource.object, "authorization_resource");
                    assert_eq!(resource.organization_id, ORG);
                },
            ),
        row("workos_resource_create", &[])
            .body(json!({
                "external_id": "proj-456",
                "name": "Website Redesign",
                "resource_type_slug": "project",
                "organization_id": ORG,
                "parent_resource_external_id": "ws-1",
                "parent_resource_type_slug": "workspace",
            }))
            .answers(resource(RESOURCE, "proj-456"))
            .typed(
                |client| {
                    client.resource_create(
                        params::ResourceCreateParams::new(
                            "proj-456",
                            "Website Redesign",
                            "project",
                            ORG,
                        )
                        .parent_resource_external_id("ws-1")
                        .parent_resource_type_slug("workspace"),
                    )
                },
                |resource| assert_eq!(resource.id, RESOURCE),
            ),
        row("workos_resource_update", &[RESOURCE])
            .body(json!({ "name": "Website", "parent_resource_id": RESOURCE_3 }))
            .answers(with(resource(RESOURCE, "proj-456"), |r| {
                r["name"] = json!("Website")
            }))
            .typed(
                |client| {
                    client.resource_update(
                        params::ResourceUpdateParams::new(RESOURCE)
                            .name("Website")
                            .parent_resource_id(RESOURCE_3),
                    )
                },
                |resource| assert_eq!(resource.name, "Website"),
            ),
        row("workos_resource_delete", &[RESOURCE])
            .query(&[("cascade_delete", "true")])
            .deletes(204, |client| {
                client.resource_delete(
                    params::ResourceDeleteParams::new(RESOURCE).cascade_delete(true),
                )
            }),
        row("workos_resource_get_by_external_id", by_external_id)
            .answers(resource(RESOURCE, "proj-456"))
            .typed(
                |client| {
                    client.resource_get_by_external_id(params::ResourceGetByExternalIdParams::new(
                        ORG, "project", "proj-456",
                    ))
                },
                |resource| assert_eq!(resource.external_id, "proj-456"),
            ),
        row("workos_resource_update_by_external_id", by_external_id)
            .body(json!({ "description": "The new website." }))
            .answers(with(resource(RESOURCE, "proj-456"), |r| {
                r["description"] = json!("The new website.")
            }))
            .typed(
                |client| {
                    client.resource_update_by_external_id(
                        params::ResourceUpdateByExternalIdParams::new(ORG, "project", "proj-456")
                            .description("The new website."),
                    )
                },
                |resource| assert_eq!(resource.description.as_deref(), Some("The new website.")),
            ),
        row("workos_resource_delete_by_external_id", by_external_id).deletes(204, |client| {
            client.resource_delete_by_external_id(params::ResourceDeleteByExternalIdParams::new(
                ORG, "project", "proj-456",
            ))
        }),
        row("workos_resource_organization_memberships_list", &[RESOURCE])
            .query(&[
                ("permission_slug", "documents:write"),
                ("assignment", "direct"),
            ])
            .items(memberships())
            .typed(
                params::ResourceOrganizationMembershipsListParams::new(RESOURCE, "documents:write")
                    .assignment(RoleAssignmentKind::Direct),
                |client, params| client.resource_organization_memberships_list(params),
                |client, params| client.resource_organization_memberships_list_stream(params),
                |page| assert_eq!(page.items[1].user_id, USER_2),
                |_| {},
            ),
        row(
            "workos_resource_organization_memberships_list_by_external_id",
            by_external_id,
        )
        .query(&[("permission_slug", "documents:read")])
        .items(memberships())
        .typed(
            params::ResourceOrganizationMembershipsListByExternalIdParams::new(
                ORG,
                "project",
                "proj-456",
                "documents:read",
            ),
            |client, params| client.resource_organization_memberships_list_by_external_id(params),
            |client, params| {
                client.resource_organization_memberships_list_by_external_id_stream(params)
            },
            |page| assert_eq!(page.items[0].status, OrganizationMembershipStatus::Active),
            |_| {},
        ),
        row("workos_resource_role_assignments_list", &[RESOURCE])
            .query(&[("role_slug", "admin")])
            .items(assignments())
            .typed(
                params::ResourceRoleAssignmentsListParams::new(RESOURCE).role_slug("admin"),
                |client, params| client.resource_role_assignments_list(params),
                |client, params| client.resource_role_assignments_list_stream(params),
                |page| assert_eq!(page.items[0].organization_membership_id, MEMBERSHIP),
                |_| {},
            ),
        row(
            "workos_resource_role_assignments_list_by_external_id",
            by_external_id,
        )
        .items(assignments())
        .typed(
            params::ResourceRoleAssignmentsListByExternalIdParams::new(ORG, "project", "proj-456"),
            |client, params| client.resource_role_assignments_list_by_external_id(params),
            |client, params| client.resource_role_assignments_list_by_external_id_stream(params),
            |page| assert_eq!(page.items[1].role.slug, "editor"),
            |_| {},
        ),
    ]
}

fn groups() -> Vec<Case> {
    vec![
        row("workos_group_role_assignments_list", &[GROUP])
            .items([
                group_assignment(GRA, "admin"),
                group_assignment(GRA_2, "editor"),
                group_assignment(GRA_3, "viewer"),
            ])
            .typed(
                params::GroupRoleAssignmentsListParams::new(GROUP),
                |client, params| client.group_role_assignments_list(params),
                |client, params| client.group_role_assignments_list_stream(params),
                |page| assert_eq!(page.items[0].group_id, GROUP),
                |_| {},
            ),
        row("workos_group_role_assignment_get", &[GROUP, GRA])
            .answers(group_assignment(GRA, "admin"))
            .typed(
                |client| {
                    client.group_role_assignment_get(params::GroupRoleAssignmentGetParams::new(
                        GROUP, GRA,
                    ))
                },
                |assignment| assert_eq!(assignment.resource.id, RESOURCE),
            ),
        row("workos_group_role_assignment_create", &[GROUP])
            .body(json!({ "role_slug": "admin" }))
            .answers(group_assignment(GRA, "admin"))
            .typed(
                |client| {
                    client.group_role_assignment_create(
                        params::GroupRoleAssignmentCreateParams::new(GROUP, "admin"),
                    )
                },
                |assignment| assert_eq!(assignment.role.slug, "admin"),
            ),
        row("workos_group_role_assignments_set", &[GROUP])
            .body(json!({ "role_assignments": [
                { "role_slug": "admin" },
                { "role_slug": "editor", "resource_external_id": "proj-456", "resource_type_slug": "project" },
            ] }))
            .answers(fx::list(
                vec![group_assignment(GRA, "admin"), group_assignment(GRA_2, "editor")],
                None,
                None,
            ))
            .typed(
                |client| {
                    let mut on_project = GroupRoleAssignmentInput::new("editor");
                    on_project.resource_external_id = Some("proj-456".to_owned());
                    on_project.resource_type_slug = Some("project".to_owned());
                    client.group_role_assignments_set(params::GroupRoleAssignmentsSetParams::new(
                        GROUP,
                        vec![GroupRoleAssignmentInput::new("admin"), on_project],
                    ))
                },
                |assignments| {
                    assert_eq!(assignments.data.len(), 2);
                    assert_eq!(assignments.list_metadata.after, None);
                },
            ),
        row("workos_group_role_assignment_delete", &[GROUP, GRA]).deletes(204, |client| {
            client.group_role_assignment_delete(params::GroupRoleAssignmentDeleteParams::new(
                GROUP, GRA,
            ))
        }),
        row("workos_group_role_assignments_delete_by_role", &[GROUP])
            .body(json!({ "role_slug": "admin" }))
            .deletes(204, |client| {
                client.group_role_assignments_delete_by_role(
                    params::GroupRoleAssignmentsDeleteByRoleParams::new(GROUP, "admin"),
                )
            }),
        row("workos_groups_list", &[ORG])
            .items([
                group(GROUP, "Engineering"),
                group(GROUP_2, "Design"),
                group(GROUP_3, "Sales"),
            ])
            .typed(
                params::GroupsListParams::new(ORG),
                |client, params| client.groups_list(params),
                |client, params| client.groups_list_stream(params),
                |page| assert_eq!(page.items[1].name, "Design"),
                |items| assert_eq!(items[2].name, "Sales"),
            ),
        row("workos_group_get", &[ORG, GROUP])
            .answers(group(GROUP, "Engineering"))
            .typed(
                |client| client.group_get(params::GroupGetParams::new(ORG, GROUP)),
                |group| {
                    assert_eq!(group.object, "group");
                    assert_eq!(group.organization_id, ORG);
                    assert_eq!(group.description, None);
                },
            ),
        row("workos_group_create", &[ORG])
            .body(json!({ "name": "Engineering", "description": "Builds things." }))
            .answers(with(group(GROUP, "Engineering"), |g| {
                g["description"] = json!("Builds things.")
            }))
            .typed(
                |client| {
                    client.group_create(
                        params::GroupCreateParams::new(ORG, "Engineering").description("Builds things."),
                    )
                },
                |group| assert_eq!(group.description.as_deref(), Some("Builds things.")),
            ),
        row("workos_group_update", &[ORG, GROUP])
            .body(json!({ "name": "Platform" }))
            .answers(group(GROUP, "Platform"))
            .typed(
                |client| client.group_update(params::GroupUpdateParams::new(ORG, GROUP).name("Platform")),
                |group| assert_eq!(group.name, "Platform"),
            ),
        row("workos_group_delete", &[ORG, GROUP]).deletes(204, |client| {
            client.group_delete(params::GroupDeleteParams::new(ORG, GROUP))
        }),
        row("workos_group_members_list", &[ORG, GROUP])
            .items(memberships())
            .typed(
                params::GroupMembersListParams::new(ORG, GROUP),
                |client, params| client.group_members_list(params),
                |client, params| client.group_members_list_stream(params),
                |page| assert_eq!(page.items[0].id, MEMBERSHIP),
                |items| assert_eq!(items[2].user_id, USER_3),
            ),
        row("workos_group_member_add", &[ORG, GROUP])
            .body(json!({ "organization_membership_id": MEMBERSHIP }))
            .answers(group(GROUP, "Engineering"))
            .typed(
                |client| {
                    client.group_member_add(params::GroupMemberAddParams::new(ORG, GROUP, MEMBERSHIP))
                },
                |group| assert_eq!(group.id, GROUP),
            ),
        row("workos_group_member_remove", &[ORG, GROUP, MEMBERSHIP]).deletes(204, |client| {
            client.group_member_remove(params::GroupMemberRemoveParams::new(ORG, GROUP, MEMBERSHIP))
        }),
        row("workos_organization_membership_groups_list", &[MEMBERSHIP])
            .items([
                group(GROUP, "Engineering"),
                group(GROUP_2, "Design"),
                group(GROUP_3, "Sales"),
            ])
            .typed(
                params::OrganizationMembershipGroupsListParams::new(MEMBERSHIP),
                |client, params| client.organization_membership_groups_list(params),
                |client, params| client.organization_membership_groups_list_stream(params),
                |page| assert_eq!(page.items[0].name, "Engineering"),
                |_| {},
            ),
    ]
}
