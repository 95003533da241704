#!/usr/bin/env python3
"""The official Python SDK (`workos` 10.x) against the emulator.

Starts `workos-actions emulator --seed demo` on a free loopback port, points a `WorkOSClient`
at it and calls the SDK's methods area by area in the order an application would (what a later
call needs is created first), checking that each answer decoded into the SDK's own type and
carries the values sent. One line per method (`ok`; `known` when the SDK's models require what
WorkOS's published document has not, a difference of the SDK; or `error` with the SDK's message),
areas the SDK has no method for, then a summary.

Usage: python3 tools/sdk-smoke/smoke.py [--bin target/debug/workos-actions] [--only AREA...] [-v]

`--only` runs, besides organizations, users and memberships (which every area needs), the areas
named: organization_domains, authorization, groups, invitations, sessions, user_management,
webhook_endpoints, api_keys, feature_flags, audit_logs, older, vault, radar, agents, connect,
data_integrations.

Exit status: 0 when every method ran and checked (or failed as a known SDK difference); 1 when
one failed; 2 when the emulator could not be started.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import traceback
from importlib.metadata import version
from typing import Any, Callable, NamedTuple
from urllib.parse import parse_qs, urlsplit

from workos import WorkOSClient

API_KEY = "sk_test_sdk_smoke"

# The demo seed's records the calls start from (workos-actions/src/emulator/demo_seed.json).
SEED_ORG = "org_01KEBVB6X9EQR8C258FDS1XZXR"
SEED_USER = "user_01KFZF9ST34ZHT7HJHHHTFQFFX"
SEED_SESSION = "session_01KKS3R5A8B7C6D5E4F3G2H1J0"
SEED_FLAG = "advanced-audit-logs"
SEED_APPLICATION = "conn_app_01KKS8Y0F3G2H1J0K9M8N7P6Q5"
SEED_EXPORT = "audit_log_export_01KKVC00RV2J9KD1828PHWGPK8"
SEED_INVITATION_TOKEN = "Qm7XcV2pLr9TzK4nWb8YhE3dA"
SEED_VAULT_NAME = "acme-stripe-key"
SEED_DATA_INTEGRATION = "github"
SEED_AGENT_REGISTRATION = "agent_reg_01KKX3E5R8DF1V3Y6J9W2A0C4S"
# The emulator derives an agent's API key and claim attempt token from its registration and
# claim ids (workos-actions/src/emulator/agents.rs): the agent's side is outside the API.
SEED_AGENT_API_KEY = "sk_agent_01KKX3E5R8DF1V3Y6J9W2A0C4S"
SEED_AGENT_CLAIM_TOKEN = "cla_tkn_01KKX3F6S9EG2W4Z7K0X3B1D5T"


class Mismatch(AssertionError):
    """An answer that decoded but does not say what was sent."""


def expect(value: Any, type_name: str | None = None, /, **fields: Any) -> Any:
    """`value` is a model of the SDK (its `type_name`, or an alias) whose fields equal `fields`."""
    if type_name is not None:
        # The SDK's annotations name aliases (`UserInvite` is `Invitation`), so the check is that
        # the answer became one of the package's models, not which.
        module = type(value).__module__
        if not module.startswith("workos"):
            raise Mismatch(f"expected the SDK's {type_name}, got {type(value).__name__} ({module})")
    for name, wanted in fields.items():
        got = getattr(value, name)
        if hasattr(got, "value") and not isinstance(wanted, type(got)):
            got = got.value  # an SDK enum against the string sent
        if got != wanted:
            raise Mismatch(f"{name}: sent {wanted!r}, answered {got!r}")
    return value


def page(value: Any, type_name: str, contains: str | None = None, key: str = "id") -> Any:
    """A page of the SDK's `type_name` items, holding the item whose `key` is `contains`."""
    expect(value, "SyncPage")
    for item in value.data:
        expect(item, type_name)
    if contains is not None and contains not in [getattr(item, key) for item in value.data]:
        raise Mismatch(f"{contains} not in the page ({len(value.data)} items)")
    return value


def require(condition: Any, message: str) -> None:
    if not condition:
        raise Mismatch(message)


def nothing(value: Any) -> None:
    if value is not None:
        raise Mismatch(f"expected no answer, got {type(value).__name__}")


class Known(NamedTuple):
    """A difference of the SDK from WorkOS's published document: `marker` is in its message."""

    marker: str
    why: str


class Smoke:
    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.ok = 0
        self.errors: list[str] = []
        self.missing: list[str] = []
        self.skipped: list[str] = []
        self.known: list[str] = []

    def area(self, title: str) -> None:
        print(f"\n{title}")

    def run(
        self,
        method: str,
        call: Callable[[], Any],
        check: Callable[[Any], Any] = lambda v: v,
        known: Known | None = None,
    ) -> Any:
        """Calls `method` and checks its answer; `None` when either fails.

        `known` is a difference of the SDK from WorkOS's published document that makes the call
        fail against the emulator: a failure saying its `marker` is reported as `known`, any
        other as an error.
        """
        try:
            value = call()
        except Exception as error:  # the SDK's own exceptions, reported with their message
            self.fail(method, f"{type(error).__name__}: {error}", known)
            return None
        try:
            check(value)
        except Exception as error:
            self.fail(method, f"answer: {type(error).__name__}: {error}", known)
            return None
        self.ok += 1
        print(f"  ok     {method}" + (f" (the known SDK difference did not show: {known.why})" if known else ""))
        return value

    def fail(self, method: str, message: str, known: Known | None = None) -> None:
        if known and known.marker in message:
            self.known.append(method)
            print(f"  known  {method}: {known.why} ({message})")
            return
        self.errors.append(method)
        print(f"  error  {method}: {message}")
        if self.verbose:
            traceback.print_exc()

    def not_in_catalog(self, method: str, why: str) -> None:
        self.skipped.append(method)
        print(f"  skip   {method}: no catalog action ({why})")

    def no_method(self, what: str) -> None:
        self.missing.append(what)
        print(f"  no SDK method  {what}")


def start_emulator(binary: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [binary, "emulator", "--seed", "demo", "--port", "0", "--api-key", API_KEY],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.kill()
        raise RuntimeError(f"the emulator announced no URL (exit {process.wait()})")
    return process, url


def scenario(s: Smoke, w: WorkOSClient, only: set[str] | None) -> None:
    def want(area: str) -> bool:
        return only is None or area in only

    from workos.organization_membership._resource import RoleSingle
    from workos.organizations.models import OrganizationDomainData

    ctx: dict[str, Any] = {}

    # Every area needs an organization, a user and a membership of their own.
    s.area("organizations")
    org = s.run(
        "organizations.create_organization",
        lambda: w.organizations.create_organization(
            name="Smoke Co",
            domain_data=[OrganizationDomainData(domain="smoke.example", state="verified")],
            metadata={"tier": "gold"},
            external_id="smoke-co",
        ),
        lambda o: expect(o, "Organization", name="Smoke Co", external_id="smoke-co", metadata={"tier": "gold"}),
    )
    org_id = org.id if org else SEED_ORG
    s.run("organizations.get_organization", lambda: w.organizations.get_organization(org_id),
          lambda o: expect(o, "Organization", id=org_id, name="Smoke Co"))
    s.run("organizations.get_organization_by_external_id",
          lambda: w.organizations.get_organization_by_external_id("smoke-co"),
          lambda o: expect(o, "Organization", id=org_id))
    s.run("organizations.update_organization",
          lambda: w.organizations.update_organization(org_id, name="Smoke Company", metadata={"tier": "platinum"}),
          lambda o: expect(o, "Organization", name="Smoke Company", metadata={"tier": "platinum"}))
    s.run("organizations.list_organizations",
          lambda: w.organizations.list_organizations(domains=["smoke.example"], limit=10),
          lambda p: page(p, "Organization", org_id))
    s.run("organizations.list_organizations (auto-pagination)",
          lambda: list(w.organizations.list_organizations(limit=1).auto_paging_iter()),
          lambda items: require(len(items) >= 5, f"{len(items)} items"))

    s.area("users")
    user = s.run(
        "user_management.create_user",
        lambda: w.user_management.create_user(
            email="smoke@smoke.example", first_name="Smoke", last_name="Test",
            email_verified=False, external_id="smoke-user", metadata={"team": "qa"},
        ),
        lambda u: expect(u, "User", email="smoke@smoke.example", first_name="Smoke", external_id="smoke-user"),
    )
    user_id = user.id if user else SEED_USER
    s.run("user_management.get_user", lambda: w.user_management.get_user(user_id),
          lambda u: expect(u, "User", id=user_id, last_name="Test"))
    s.run("user_management.get_user_by_external_id",
          lambda: w.user_management.get_user_by_external_id("smoke-user"),
          lambda u: expect(u, "User", id=user_id))
    s.run("user_management.update_user",
          lambda: w.user_management.update_user(user_id, first_name="Smoky", locale="en-US"),
          lambda u: expect(u, "User", first_name="Smoky", locale="en-US"))
    s.run("user_management.list_users",
          lambda: w.user_management.list_users(email="smoke@smoke.example"),
          lambda p: page(p, "User", user_id))

    s.area("organization memberships")
    membership = s.run(
        "organization_membership.create_organization_membership",
        lambda: w.organization_membership.create_organization_membership(
            user_id=user_id, organization_id=org_id, role=RoleSingle("member")),
        lambda m: expect(m, "OrganizationMembership", user_id=user_id, organization_id=org_id),
    )
    om_id = membership.id if membership else None
    ctx["om"] = om_id
    s.run("organization_membership.get_organization_membership",
          lambda: w.organization_membership.get_organization_membership(om_id),
          lambda m: expect(m, "UserOrganizationMembership", id=om_id, user_id=user_id))
    s.run("organization_membership.update_organization_membership",
          lambda: w.organization_membership.update_organization_membership(om_id, role=RoleSingle("admin")),
          lambda m: expect(m.role, None, slug="admin"))
    s.run("organization_membership.list_organization_memberships",
          lambda: w.organization_membership.list_organization_memberships(organization_id=org_id, statuses=["active"]),
          lambda p: page(p, "OrganizationMembership", om_id))
    s.run("organization_membership.deactivate_organization_membership",
          lambda: w.organization_membership.deactivate_organization_membership(om_id),
          lambda m: expect(m, "UserOrganizationMembership", id=om_id, status="inactive"))
    s.run("organization_membership.reactivate_organization_membership",
          lambda: w.organization_membership.reactivate_organization_membership(om_id),
          lambda m: expect(m, "UserOrganizationMembership", id=om_id, status="active"))

    if want("organization_domains"):
        s.area("organization domains")
        domain = s.run(
            "organization_domains.create_organization_domain",
            lambda: w.organization_domains.create_organization_domain(domain="second.smoke.example", organization_id=org_id),
            lambda d: expect(d, "OrganizationDomain", domain="second.smoke.example", organization_id=org_id),
        )
        domain_id = domain.id if domain else "org_domain_missing"
        s.run("organization_domains.get_organization_domain",
              lambda: w.organization_domains.get_organization_domain(domain_id),
              lambda d: expect(d, "OrganizationDomain", id=domain_id, domain="second.smoke.example"))
        s.run("organization_domains.verify_organization_domain",
              lambda: w.organization_domains.verify_organization_domain(domain_id),
              lambda d: expect(d, "OrganizationDomain", id=domain_id))
        s.run("organization_domains.delete_organization_domain",
              lambda: w.organization_domains.delete_organization_domain(domain_id), nothing)

    if want("authorization"):
        authorization(s, w, org_id, om_id)

    if want("groups"):
        s.area("groups")
        group = s.run(
            "groups.create_organization_group",
            lambda: w.groups.create_organization_group(org_id, name="Smokers", description="Those who test"),
            lambda g: expect(g, "Group", name="Smokers", description="Those who test", organization_id=org_id),
        )
        group_id = group.id if group else "group_missing"
        s.run("groups.get_organization_group", lambda: w.groups.get_organization_group(org_id, group_id),
              lambda g: expect(g, "Group", id=group_id, name="Smokers"))
        s.run("groups.update_organization_group",
              lambda: w.groups.update_organization_group(org_id, group_id, name="Smoke testers"),
              lambda g: expect(g, "Group", id=group_id, name="Smoke testers"))
        s.run("groups.list_organization_groups", lambda: w.groups.list_organization_groups(org_id),
              lambda p: page(p, "Group", group_id))
        s.run("groups.create_group_organization_membership",
              lambda: w.groups.create_group_organization_membership(org_id, group_id, organization_membership_id=om_id),
              lambda g: expect(g, "Group", id=group_id))
        s.run("groups.list_group_organization_memberships",
              lambda: w.groups.list_group_organization_memberships(org_id, group_id),
              lambda p: page(p, "UserOrganizationMembershipBaseListData", om_id))
        s.run("organization_membership.list_organization_membership_groups",
              lambda: w.organization_membership.list_organization_membership_groups(om_id),
              lambda p: page(p, "Group", group_id))
        s.run("groups.delete_group_organization_membership",
              lambda: w.groups.delete_group_organization_membership(org_id, group_id, om_id), nothing)
        s.not_in_catalog("groups.update_group_organization_memberships",
                         "PATCH of a group's members (add, remove) is not in WorkOS's OpenAPI document")
        from workos.authorization.models.assign_role import AssignRole

        assignment = s.run(
            "authorization.create_group_role_assignment",
            lambda: w.authorization.create_group_role_assignment(group_id, role_slug="member",
                                                                 resource_id=ctx.get("resource")),
            lambda a: expect(a, "GroupRoleAssignment"),
        )
        s.run("authorization.list_group_role_assignments",
              lambda: w.authorization.list_group_role_assignments(group_id),
              lambda p: page(p, "GroupRoleAssignment", assignment.id if assignment else None))
        if assignment:
            s.run("authorization.get_group_role_assignment",
                  lambda: w.authorization.get_group_role_assignment(group_id, assignment.id),
                  lambda a: expect(a, "GroupRoleAssignment", id=assignment.id))
            s.run("authorization.delete_group_role_assignment",
                  lambda: w.authorization.delete_group_role_assignment(group_id, assignment.id), nothing)
        s.run("authorization.update_group_role_assignments (replace them all)",
              lambda: w.authorization.update_group_role_assignments(
                  group_id, role_assignments=[AssignRole(role_slug="admin")]),
              lambda l: require(l.data and all(a.role.slug == "admin" for a in l.data), "no admin assignment"))
        s.run("authorization.delete_group_role_assignments (by role)",
              lambda: w.authorization.delete_group_role_assignments(group_id, role_slug="admin"), nothing)
        s.run("authorization.list_group_role_assignments (none left)",
              lambda: w.authorization.list_group_role_assignments(group_id),
              lambda p: require(not p.data, f"{len(p.data)} left"))
        s.run("groups.delete_organization_group", lambda: w.groups.delete_organization_group(org_id, group_id), nothing)

    if want("invitations"):
        s.area("invitations")
        invitation = s.run(
            "user_management.send_invitation",
            lambda: w.user_management.send_invitation(
                email="invitee@smoke.example", organization_id=org_id, role_slug="member",
                expires_in_days=7, inviter_user_id=user_id),
            lambda i: expect(i, "UserInvite", email="invitee@smoke.example", organization_id=org_id,
                             inviter_user_id=user_id, state="pending"),
        )
        inv_id = invitation.id if invitation else "invitation_missing"
        s.run("user_management.get_invitation", lambda: w.user_management.get_invitation(inv_id),
              lambda i: expect(i, "UserInvite", id=inv_id, email="invitee@smoke.example"))
        s.run("user_management.list_invitations",
              lambda: w.user_management.list_invitations(organization_id=org_id),
              lambda p: page(p, "UserInvite", inv_id))
        token = invitation.token if invitation else SEED_INVITATION_TOKEN
        s.run("user_management.find_invitation_by_token",
              lambda: w.user_management.find_invitation_by_token(token),
              lambda i: expect(i, "UserInvite", id=inv_id, token=token))
        s.run("user_management.resend_invitation", lambda: w.user_management.resend_invitation(inv_id),
              lambda i: expect(i, "UserInvite", id=inv_id, state="pending"))
        s.run("user_management.revoke_invitation", lambda: w.user_management.revoke_invitation(inv_id),
              lambda i: expect(i, "Invitation", id=inv_id, state="revoked"))
        second = s.run("user_management.send_invitation (another)",
                       lambda: w.user_management.send_invitation(email="joiner@smoke.example", organization_id=org_id))
        if second:
            s.run("user_management.accept_invitation", lambda: w.user_management.accept_invitation(second.id),
                  lambda i: expect(i, "Invitation", id=second.id, state="accepted"))

    if want("sessions"):
        s.area("sessions")
        s.run("user_management.list_sessions", lambda: w.user_management.list_sessions(SEED_USER),
              lambda p: page(p, "UserSessionsListItem", SEED_SESSION))
        s.run("user_management.revoke_session",
              lambda: w.user_management.revoke_session(session_id=SEED_SESSION), nothing)

    if want("user_management"):
        user_management_extras(s, w, org_id, user_id, om_id)

    if want("webhook_endpoints"):
        s.area("webhook endpoints")
        endpoint = s.run(
            "webhooks.create_webhook_endpoint",
            lambda: w.webhooks.create_webhook_endpoint(endpoint_url="http://127.0.0.1:9/smoke",
                                                       events=["user.created", "user.deleted"]),
            lambda e: expect(e, "WebhookEndpoint", endpoint_url="http://127.0.0.1:9/smoke",
                             events=["user.created", "user.deleted"]),
        )
        we_id = endpoint.id if endpoint else "we_missing"
        s.run("webhooks.list_webhook_endpoints", lambda: w.webhooks.list_webhook_endpoints(),
              lambda p: page(p, "WebhookEndpoint", we_id))
        s.run("webhooks.update_webhook_endpoint",
              lambda: w.webhooks.update_webhook_endpoint(we_id, status="disabled", events=["user.updated"]),
              lambda e: expect(e, "WebhookEndpoint", id=we_id, status="disabled", events=["user.updated"]))
        s.run("webhooks.delete_webhook_endpoint", lambda: w.webhooks.delete_webhook_endpoint(we_id), nothing)

    if want("api_keys"):
        s.area("API keys")
        key = s.run(
            "api_keys.create_organization_api_key",
            lambda: w.api_keys.create_organization_api_key(org_id, name="Smoke key", permissions=["widgets:read"]),
            lambda k: expect(k, "OrganizationApiKeyWithValue", name="Smoke key", permissions=["widgets:read"]),
        )
        key_id = key.id if key else "api_key_missing"
        s.run("api_keys.list_organization_api_keys", lambda: w.api_keys.list_organization_api_keys(org_id),
              lambda p: page(p, "OrganizationApiKey", key_id))
        if key:
            s.run("api_keys.create_validation", lambda: w.api_keys.create_validation(value=key.value),
                  lambda v: expect(v.api_key, None, id=key_id, name="Smoke key"))
        s.run("api_keys.create_api_key_expire", lambda: w.api_keys.create_api_key_expire(key_id),
              lambda k: expect(k, "ApiKey", id=key_id))
        s.run("api_keys.delete_api_key", lambda: w.api_keys.delete_api_key(key_id), nothing)
        user_key = s.run(
            "user_management.create_user_api_key",
            lambda: w.user_management.create_user_api_key(user_id, name="Smoke user key", organization_id=org_id),
            lambda k: expect(k, "UserApiKeyWithValue", name="Smoke user key"),
        )
        s.run("user_management.list_user_api_keys", lambda: w.user_management.list_user_api_keys(user_id),
              lambda p: page(p, "UserApiKey", user_key.id if user_key else None))

    if want("feature_flags"):
        s.area("feature flags")
        s.run("feature_flags.list_feature_flags", lambda: w.feature_flags.list_feature_flags(),
              lambda p: page(p, "Flag", SEED_FLAG, key="slug"))
        s.run("feature_flags.get_feature_flag", lambda: w.feature_flags.get_feature_flag(SEED_FLAG),
              lambda f: expect(f, "Flag", slug=SEED_FLAG))
        s.run("feature_flags.disable_feature_flag", lambda: w.feature_flags.disable_feature_flag(SEED_FLAG),
              lambda f: expect(f, "FeatureFlag", slug=SEED_FLAG, enabled=False))
        s.run("feature_flags.enable_feature_flag", lambda: w.feature_flags.enable_feature_flag(SEED_FLAG),
              lambda f: expect(f, "FeatureFlag", slug=SEED_FLAG, enabled=True))
        s.run("feature_flags.add_flag_target", lambda: w.feature_flags.add_flag_target(org_id, SEED_FLAG), nothing)
        s.run("feature_flags.list_organization_feature_flags",
              lambda: w.feature_flags.list_organization_feature_flags(org_id),
              lambda p: page(p, "Flag", SEED_FLAG, key="slug"))
        s.run("feature_flags.add_flag_target (user)",
              lambda: w.feature_flags.add_flag_target(user_id, SEED_FLAG), nothing)
        s.run("feature_flags.list_user_feature_flags", lambda: w.feature_flags.list_user_feature_flags(user_id),
              lambda p: page(p, "Flag", SEED_FLAG, key="slug"))
        s.run("feature_flags.remove_flag_target",
              lambda: w.feature_flags.remove_flag_target(org_id, SEED_FLAG), nothing)

    if want("audit_logs"):
        audit_logs(s, w, org_id, user_id)

    if want("older"):
        older_areas(s, w, org_id, user_id)

    if want("vault"):
        vault(s, w, org_id)

    if want("radar"):
        radar(s, w)

    if want("agents"):
        agents(s, w)

    if want("connect"):
        connect(s, w, org_id)

    if want("data_integrations"):
        data_integrations(s, w, org_id, user_id)

    # Last: what was created goes.
    s.area("clean-up")
    if om_id:
        s.run("organization_membership.delete_organization_membership",
              lambda: w.organization_membership.delete_organization_membership(om_id), nothing)
    s.run("user_management.delete_user", lambda: w.user_management.delete_user(user_id), nothing)
    s.run("organizations.delete_organization", lambda: w.organizations.delete_organization(org_id), nothing)


def authorization(s: Smoke, w: WorkOSClient, org_id: str, om_id: str | None) -> None:
    from workos.authorization._resource import ResourceTargetById  # type: ignore[attr-defined]

    s.area("authorization: permissions and roles")
    s.run("authorization.create_permission",
          lambda: w.authorization.create_permission(slug="reports:read", name="Read reports",
                                                    description="See reports"),
          lambda p: expect(p, "Permission", slug="reports:read", name="Read reports"))
    s.run("authorization.get_permission", lambda: w.authorization.get_permission("reports:read"),
          lambda p: expect(p, "AuthorizationPermission", slug="reports:read", description="See reports"))
    s.run("authorization.update_permission",
          lambda: w.authorization.update_permission("reports:read", name="Read all reports"),
          lambda p: expect(p, "AuthorizationPermission", name="Read all reports"))
    s.run("authorization.list_permissions", lambda: w.authorization.list_permissions(limit=100),
          lambda p: page(p, "AuthorizationPermission", "reports:read", key="slug"))
    s.run("authorization.create_environment_role",
          lambda: w.authorization.create_environment_role(slug="auditor", name="Auditor", description="Reads"),
          lambda r: expect(r, "Role", slug="auditor", name="Auditor"))
    s.run("authorization.get_environment_role", lambda: w.authorization.get_environment_role("auditor"),
          lambda r: expect(r, "Role", slug="auditor"))
    s.run("authorization.update_environment_role",
          lambda: w.authorization.update_environment_role("auditor", name="Auditors"),
          lambda r: expect(r, "Role", name="Auditors"))
    s.run("authorization.list_environment_roles", lambda: w.authorization.list_environment_roles(),
          lambda r: require("auditor" in [x.slug for x in r.data], "auditor missing"))
    s.run("authorization.set_environment_role_permissions",
          lambda: w.authorization.set_environment_role_permissions("auditor", permissions=["widgets:read"]),
          lambda r: expect(r, "Role", permissions=["widgets:read"]))
    s.run("authorization.add_environment_role_permission",
          lambda: w.authorization.add_environment_role_permission("auditor", body_slug="reports:read"),
          lambda r: expect(r, "Role", permissions=["widgets:read", "reports:read"]))
    s.run("authorization.create_organization_role",
          lambda: w.authorization.create_organization_role(org_id, name="Org auditor", slug="org-auditor"),
          lambda r: expect(r, "Role", name="Org auditor", slug="org-auditor"))
    s.run("authorization.get_organization_role",
          lambda: w.authorization.get_organization_role(org_id, "org-auditor"),
          lambda r: expect(r, "Role", slug="org-auditor"))
    s.run("authorization.update_organization_role",
          lambda: w.authorization.update_organization_role(org_id, "org-auditor", description="Reads all"),
          lambda r: expect(r, "Role", description="Reads all"))
    s.run("authorization.list_organization_roles", lambda: w.authorization.list_organization_roles(org_id),
          lambda r: require("org-auditor" in [x.slug for x in r.data], "org-auditor missing"))
    s.run("authorization.set_organization_role_permissions",
          lambda: w.authorization.set_organization_role_permissions(org_id, "org-auditor", permissions=["reports:read"]),
          lambda r: expect(r, "Role", permissions=["reports:read"]))
    s.run("authorization.add_organization_role_permission",
          lambda: w.authorization.add_organization_role_permission(org_id, "org-auditor", body_slug="widgets:read"),
          lambda r: expect(r, "Role", permissions=["reports:read", "widgets:read"]))
    s.run("authorization.remove_organization_role_permission",
          lambda: w.authorization.remove_organization_role_permission(org_id, "org-auditor", "widgets:read"), nothing)

    s.area("authorization: resources")
    resource = s.run(
        "authorization.create_resource",
        lambda: w.authorization.create_resource(external_id="smoke-ws", name="Smoke workspace",
                                                resource_type_slug="workspace", organization_id=org_id),
        lambda r: expect(r, "AuthorizationResource", external_id="smoke-ws", name="Smoke workspace",
                         organization_id=org_id),
    )
    res_id = resource.id if resource else "authz_resource_missing"
    s.run("authorization.get_resource", lambda: w.authorization.get_resource(res_id),
          lambda r: expect(r, "AuthorizationResource", id=res_id))
    s.run("authorization.get_resource_by_external_id",
          lambda: w.authorization.get_resource_by_external_id(org_id, "workspace", "smoke-ws"),
          lambda r: expect(r, "AuthorizationResource", id=res_id))
    s.run("authorization.update_resource",
          lambda: w.authorization.update_resource(res_id, description="For smoke"),
          lambda r: expect(r, "AuthorizationResource", description="For smoke"))
    s.run("authorization.update_resource_by_external_id",
          lambda: w.authorization.update_resource_by_external_id(org_id, "workspace", "smoke-ws", name="Smoke space"),
          lambda r: expect(r, "AuthorizationResource", name="Smoke space"))
    s.run("authorization.list_resources", lambda: w.authorization.list_resources(organization_id=org_id),
          lambda p: page(p, "AuthorizationResource", res_id))

    s.area("authorization: role assignments and checks")
    target = ResourceTargetById(resource_id=res_id)
    assignment = s.run(
        "authorization.assign_role",
        lambda: w.authorization.assign_role(om_id, role_slug="auditor", resource_target=target),
        lambda a: expect(a.role, None, slug="auditor"),
    )
    s.run("authorization.list_role_assignments", lambda: w.authorization.list_role_assignments(om_id),
          lambda p: page(p, "UserRoleAssignment", assignment.id if assignment else None))
    s.run("authorization.list_role_assignments_for_resource",
          lambda: w.authorization.list_role_assignments_for_resource(res_id),
          lambda p: page(p, "UserRoleAssignment", assignment.id if assignment else None))
    s.run("authorization.list_role_assignments_for_resource_by_external_id",
          lambda: w.authorization.list_role_assignments_for_resource_by_external_id(org_id, "workspace", "smoke-ws"),
          lambda p: page(p, "UserRoleAssignment", assignment.id if assignment else None))
    s.run("authorization.check",
          lambda: w.authorization.check(om_id, permission_slug="reports:read", resource_target=target),
          lambda c: expect(c, "AuthorizationCheck", authorized=True))
    s.run("authorization.list_effective_permissions",
          lambda: w.authorization.list_effective_permissions(om_id, res_id),
          lambda p: page(p, "AuthorizationPermission", "reports:read", key="slug"))
    s.run("authorization.list_effective_permissions_by_external_id",
          lambda: w.authorization.list_effective_permissions_by_external_id(om_id, "workspace", "smoke-ws"),
          lambda p: page(p, "AuthorizationPermission", "reports:read", key="slug"))
    s.run("authorization.list_memberships_for_resource",
          lambda: w.authorization.list_memberships_for_resource(res_id, permission_slug="reports:read"),
          lambda p: page(p, "UserOrganizationMembershipBaseListData", om_id))
    s.run("authorization.list_memberships_for_resource_by_external_id",
          lambda: w.authorization.list_memberships_for_resource_by_external_id(
              org_id, "workspace", "smoke-ws", permission_slug="reports:read"),
          lambda p: page(p, "UserOrganizationMembershipBaseListData", om_id))
    s.run("authorization.remove_role",
          lambda: w.authorization.remove_role(om_id, role_slug="auditor", resource_target=target), nothing)
    s.run("authorization.check (role removed)",
          lambda: w.authorization.check(om_id, permission_slug="reports:read", resource_target=target),
          lambda c: expect(c, "AuthorizationCheck", authorized=False))
    again = s.run("authorization.assign_role (again)",
                  lambda: w.authorization.assign_role(om_id, role_slug="auditor", resource_target=target))
    if again:
        s.run("authorization.remove_role_assignment",
              lambda: w.authorization.remove_role_assignment(om_id, again.id), nothing)
    s.run("authorization.delete_organization_role",
          lambda: w.authorization.delete_organization_role(org_id, "org-auditor"), nothing)

    # Groups' role assignments need a resource: kept for them, then deleted by its external id.
    from workos.authorization._resource import ParentResourceById  # type: ignore[attr-defined]  # noqa: F401

    child = s.run(
        "authorization.create_resource (child)",
        lambda: w.authorization.create_resource(external_id="smoke-child", name="Child", resource_type_slug="workspace",
                                                organization_id=org_id, parent_resource=ParentResourceById(parent_resource_id=res_id)),
        lambda r: expect(r, "AuthorizationResource", parent_resource_id=res_id),
    )
    if child:
        s.run("authorization.delete_resource_by_external_id",
              lambda: w.authorization.delete_resource_by_external_id(org_id, "workspace", "smoke-child"), nothing)
    s.run("authorization.delete_resource", lambda: w.authorization.delete_resource(res_id, cascade_delete=True), nothing)
    s.run("authorization.delete_permission", lambda: w.authorization.delete_permission("reports:read"), nothing)


def user_management_extras(s: Smoke, w: WorkOSClient, org_id: str, user_id: str, om_id: str | None) -> None:
    s.area("user management extras")
    sent = s.run("user_management.send_verification_email",
                 lambda: w.user_management.send_verification_email(user_id),
                 lambda r: expect(r.user, "User", id=user_id))
    del sent
    # The code sent is WorkOS's email to the person; its record reaches the application as an
    # `email_verification.created` event.
    events = s.run("events.list_events (email_verification.created)",
                   lambda: w.events.list_events(events=["email_verification.created"]),
                   lambda p: require(bool(p.data), "no event"))
    if events and events.data:
        verification = events.data[-1].data
        read = s.run("user_management.get_email_verification",
                     lambda: w.user_management.get_email_verification(verification.id),
                     lambda v: expect(v, "EmailVerification", id=verification.id, user_id=user_id))
        code = getattr(read, "code", None)
        if code:
            s.run("user_management.verify_email", lambda: w.user_management.verify_email(user_id, code=code),
                  lambda r: expect(r.user, "User", id=user_id, email_verified=True))
    # Confirming a password reset verifies the address too: after the verification above.
    reset = s.run("user_management.reset_password (create a password reset)",
                  lambda: w.user_management.reset_password(email="smoke@smoke.example"),
                  lambda r: expect(r, "PasswordReset", email="smoke@smoke.example", user_id=user_id))
    if reset:
        s.run("user_management.get_password_reset", lambda: w.user_management.get_password_reset(reset.id),
              lambda r: expect(r, "PasswordReset", id=reset.id, email="smoke@smoke.example"))
        s.run("user_management.confirm_password_reset",
              lambda: w.user_management.confirm_password_reset(token=reset.password_reset_token,
                                                                new_password="a long new passphrase 42"),
              lambda r: expect(r.user, "User", id=user_id))
    magic = s.run("user_management.create_magic_auth",
                  lambda: w.user_management.create_magic_auth(email="smoke@smoke.example"),
                  lambda m: expect(m, "MagicAuth", email="smoke@smoke.example", user_id=user_id))
    if magic:
        s.run("user_management.get_magic_auth", lambda: w.user_management.get_magic_auth(magic.id),
              lambda m: expect(m, "MagicAuth", id=magic.id))
    s.run("user_management.get_user_identities", lambda: w.user_management.get_user_identities(SEED_USER),
          lambda items: [expect(i, "UserIdentitiesGetItem") for i in items])
    uri = s.run("user_management.create_redirect_uri",
                lambda: w.user_management.create_redirect_uri(uri="http://localhost:4000/smoke"),
                lambda r: expect(r, "RedirectUri", uri="http://localhost:4000/smoke"))
    s.run("user_management.list_redirect_uris", lambda: w.user_management.list_redirect_uris(),
          lambda p: page(p, "RedirectUri", uri.id if uri else None))
    if uri:
        s.run("user_management.delete_redirect_uris", lambda: w.user_management.delete_redirect_uris(uri.id), nothing)
    origin = s.run("user_management.create_cors_origin",
                   lambda: w.user_management.create_cors_origin(origin="http://localhost:4000"),
                   lambda o: expect(o, "CORSOriginResponse", origin="http://localhost:4000"))
    s.run("user_management.list_cors_origins", lambda: w.user_management.list_cors_origins(),
          lambda p: page(p, "CORSOriginResponse", origin.id if origin else None))
    s.run("user_management.update_jwt_template",
          lambda: w.user_management.update_jwt_template(content='{"team": {{user.metadata.team}}}'),
          lambda t: expect(t, "JWTTemplateResponse", content='{"team": {{user.metadata.team}}}'))
    s.run("user_management.list_jwt_template (get)", lambda: w.user_management.list_jwt_template(),
          lambda t: expect(t, "JWTTemplateResponse", content='{"team": {{user.metadata.team}}}'))
    s.run("widgets.create_token",
          lambda: w.widgets.create_token(organization_id=org_id, user_id=user_id, scopes=["widgets:users-table:manage"]),
          lambda t: expect(t, "WidgetSessionTokenResponse"))
    s.run("user_management.list_user_authorized_applications",
          lambda: w.user_management.list_user_authorized_applications(SEED_USER),
          lambda p: page(p, "AuthorizedConnectApplicationListData"))
    s.run("user_management.delete_user_authorized_application",
          lambda: w.user_management.delete_user_authorized_application(SEED_APPLICATION, SEED_USER), nothing)


def audit_logs(s: Smoke, w: WorkOSClient, org_id: str, user_id: str) -> None:
    from workos.audit_logs import RetentionPeriodInDays
    from workos.audit_logs.models import AuditLogEvent, AuditLogSchemaTargetInput

    s.area("audit logs")
    s.run("audit_logs.create_schema",
          lambda: w.audit_logs.create_schema("smoke.ran", targets=[AuditLogSchemaTargetInput(type="report")]),
          lambda sc: expect(sc, "AuditLogSchema"))
    s.run("audit_logs.list_actions", lambda: w.audit_logs.list_actions(),
          lambda p: page(p, "AuditLogAction", "smoke.ran", key="name"))
    s.run("audit_logs.list_action_schemas", lambda: w.audit_logs.list_action_schemas("smoke.ran"),
          lambda p: page(p, "AuditLogSchema"))
    event = AuditLogEvent.from_dict({
        "action": "smoke.ran", "occurred_at": "2026-03-01T00:00:00.000Z",
        "actor": {"type": "user", "id": user_id},
        "targets": [{"type": "report", "id": "report_1"}],
        "context": {"location": "192.0.2.1"}})
    s.run("audit_logs.create_event",
          lambda: w.audit_logs.create_event(organization_id=org_id, event=event),
          lambda r: expect(r, "AuditLogEventCreateResponse", success=True))
    s.run("audit_logs.get_organization_audit_logs_retention",
          lambda: w.audit_logs.get_organization_audit_logs_retention(org_id),
          lambda r: expect(r, "AuditLogsRetention", retention_period_in_days=30))
    s.run("audit_logs.update_organization_audit_logs_retention",
          lambda: w.audit_logs.update_organization_audit_logs_retention(
              org_id, retention=RetentionPeriodInDays(retention_period_in_days=365)),
          lambda r: expect(r, "AuditLogsRetention", retention_period_in_days=365))
    s.run("organizations.get_audit_log_configuration",
          lambda: w.organizations.get_audit_log_configuration(org_id),
          lambda c: expect(c, "AuditLogConfiguration", retention_period_in_days=365))
    export = s.run("audit_logs.create_export",
                   lambda: w.audit_logs.create_export(organization_id=org_id, range_start="2026-01-01T00:00:00Z",
                                                      range_end="2026-12-01T00:00:00Z"),
                   lambda e: expect(e, "AuditLogExport"))
    s.run("audit_logs.get_export", lambda: w.audit_logs.get_export(export.id if export else SEED_EXPORT),
          lambda e: expect(e, "AuditLogExport"))


def older_areas(s: Smoke, w: WorkOSClient, org_id: str, user_id: str) -> None:
    s.area("connections")
    conns = s.run("sso.list_connections", lambda: w.sso.list_connections(organization_id=SEED_ORG),
                  lambda p: page(p, "Connection"))
    if conns and conns.data:
        conn_id = conns.data[0].id
        s.run("sso.get_connection", lambda: w.sso.get_connection(conn_id),
              lambda c: expect(c, "Connection", id=conn_id))
    s.area("directories")
    dirs = s.run("directory_sync.list_directories", lambda: w.directory_sync.list_directories(),
                 lambda p: page(p, "Directory"))
    if dirs and dirs.data:
        dir_id = dirs.data[0].id
        s.run("directory_sync.get_directory", lambda: w.directory_sync.get_directory(dir_id),
              lambda d: expect(d, "Directory", id=dir_id))
        users = s.run("directory_sync.list_users", lambda: w.directory_sync.list_users(directory=dir_id),
                      lambda p: page(p, "DirectoryUser"))
        groups = s.run("directory_sync.list_groups", lambda: w.directory_sync.list_groups(directory=dir_id),
                       lambda p: page(p, "DirectoryGroup"))
        if users and users.data:
            s.run("directory_sync.get_user", lambda: w.directory_sync.get_user(users.data[0].id),
                  lambda u: expect(u, "DirectoryUser", id=users.data[0].id))
        if groups and groups.data:
            s.run("directory_sync.get_group", lambda: w.directory_sync.get_group(groups.data[0].id),
                  lambda g: expect(g, "DirectoryGroup", id=groups.data[0].id))
    s.area("events")
    s.run("events.list_events", lambda: w.events.list_events(events=["organization.created"], organization_id=org_id),
          lambda p: require(any(e.event == "organization.created" for e in p.data), "no organization.created"))
    s.area("MFA")
    factor = s.run("multi_factor_auth.enroll_factor",
                   lambda: w.multi_factor_auth.enroll_factor(type="totp", totp_issuer="Smoke", totp_user="smoke@smoke.example"),
                   lambda f: expect(f, "AuthenticationFactorEnrolled"))
    if factor:
        s.run("multi_factor_auth.get_factor", lambda: w.multi_factor_auth.get_factor(factor.id),
              lambda f: expect(f, "AuthenticationFactor", id=factor.id))
        s.run("multi_factor_auth.challenge_factor", lambda: w.multi_factor_auth.challenge_factor(factor.id),
              lambda c: expect(c, "AuthenticationChallenge", authentication_factor_id=factor.id))
        s.run("multi_factor_auth.delete_factor", lambda: w.multi_factor_auth.delete_factor(factor.id), nothing)
    user_factor = s.run("multi_factor_auth.create_user_auth_factor",
                        lambda: w.multi_factor_auth.create_user_auth_factor(user_id, type="totp", totp_issuer="Smoke"),
                        lambda f: expect(f, "UserAuthenticationFactorEnrollResponse"))
    s.run("multi_factor_auth.list_user_auth_factors", lambda: w.multi_factor_auth.list_user_auth_factors(user_id),
          lambda p: page(p, "AuthenticationFactor", user_factor.authentication_factor.id if user_factor else None))
    s.area("portal links")
    s.run("admin_portal.generate_link",
          lambda: w.admin_portal.generate_link(organization=org_id, intent="sso", return_url="https://app.example/settings"),
          lambda l: expect(l, "PortalLinkResponse"))


def vault(s: Smoke, w: WorkOSClient, org_id: str) -> None:
    s.area("Vault: objects")
    context = {"organization_id": org_id}
    s.run("vault.get_name (seed)", lambda: w.vault.get_name(SEED_VAULT_NAME),
          lambda o: expect(o, "VaultObject", name=SEED_VAULT_NAME))
    created = s.run("vault.create_kv",
                    lambda: w.vault.create_kv(name="smoke-db-password", value="first value", key_context=context),
                    lambda m: expect(m, "ObjectMetadata", context=context))
    obj_id = created.id if created else "vault_object_missing"
    first_version = created.version_id if created else None
    s.run("vault.get_kv", lambda: w.vault.get_kv(obj_id),
          lambda o: expect(o, "VaultObject", id=obj_id, name="smoke-db-password", value="first value"))
    s.run("vault.get_name", lambda: w.vault.get_name("smoke-db-password"),
          lambda o: expect(o, "VaultObject", id=obj_id, value="first value"))
    s.run("vault.list_kv_metadata (describe)", lambda: w.vault.list_kv_metadata(obj_id),
          lambda o: expect(o.metadata, "ObjectMetadata", id=obj_id, version_id=first_version))
    s.run("vault.list_kv", lambda: w.vault.list_kv(search="smoke-db"),
          lambda p: page(p, "ObjectSummary", obj_id))
    updated = s.run("vault.update_kv",
                    lambda: w.vault.update_kv(obj_id, value="second value", version_check=first_version),
                    lambda o: expect(o, "ObjectWithoutValue", id=obj_id, name="smoke-db-password"))
    s.run("vault.list_kv_versions", lambda: w.vault.list_kv_versions(obj_id),
          lambda v: require([x.current_version for x in v.data] == [True, False], f"{len(v.data)} versions"))
    s.run("vault.get_kv (updated)", lambda: w.vault.get_kv(obj_id),
          lambda o: expect(o, "VaultObject", value="second value"))
    current = updated.metadata.version_id if updated else None
    s.run("vault.delete_kv", lambda: w.vault.delete_kv(obj_id, version_check=current), nothing)

    s.area("Vault: data keys")
    key = s.run("vault.create_data_key", lambda: w.vault.create_data_key(context=context),
                lambda k: expect(k, "CreateDataKeyResponse", context=context))
    if key:
        s.run("vault.create_decrypt", lambda: w.vault.create_decrypt(keys=key.encrypted_keys),
              lambda d: expect(d, "DecryptResponse", id=key.id, data_key=key.data_key))
        other = {"organization_id": SEED_ORG}
        s.run("vault.create_rekey",
              lambda: w.vault.create_rekey(context=other, encrypted_keys=key.encrypted_keys),
              lambda k: expect(k, "CreateDataKeyResponse", id=key.id, data_key=key.data_key, context=other))
    sealed = s.run("vault.encrypt (local, with a data key)",
                   lambda: w.vault.encrypt(data="card 4242", key_context=context, associated_data="smoke"),
                   lambda t: require(isinstance(t, str) and "card" not in t, "not a ciphertext"))
    if sealed:
        s.run("vault.decrypt (local, with the data key decrypted)",
              lambda: w.vault.decrypt(encrypted_data=sealed, associated_data="smoke"),
              lambda t: require(t == "card 4242", f"decrypted {t!r}"))


def radar(s: Smoke, w: WorkOSClient) -> None:
    s.area("Radar")
    attempt = {"user_agent": "smoke/1.0", "email": "smoke@smoke.example", "auth_method": "Password",
               "action": "sign-in"}
    s.run("radar.add_list_entry", lambda: w.radar.add_list_entry("ip_address", "block", entry="203.0.113.9"),
          nothing)
    s.run("radar.create_attempt (blocked)",
          lambda: w.radar.create_attempt(ip_address="203.0.113.9", **attempt),
          lambda a: expect(a, "RadarStandaloneResponse", verdict="block", control="restriction",
                           blocklist_type="ip_address"))
    s.run("radar.add_list_entry (already present)",
          lambda: w.radar.add_list_entry("ip_address", "block", entry="203.0.113.9"),
          lambda r: expect(r, "RadarListEntryAlreadyPresentResponse"))
    s.run("radar.remove_list_entry", lambda: w.radar.remove_list_entry("ip_address", "block", entry="203.0.113.9"),
          nothing)
    allowed = s.run("radar.create_attempt",
                    lambda: w.radar.create_attempt(ip_address="203.0.113.9", signals_id="sig_smoke", **attempt),
                    lambda a: expect(a, "RadarStandaloneResponse", verdict="allow"))
    if allowed:
        s.run("radar.update_attempt",
              lambda: w.radar.update_attempt(allowed.attempt_id, attempt_status="success"), nothing)


def agents(s: Smoke, w: WorkOSClient) -> None:
    from workos.agents.models import AgentAdminLinkClaimAttemptToExternalUserRequestUser as ClaimUser

    s.area("agents")
    s.run("agents.get_registration", lambda: w.agents.get_registration(SEED_AGENT_REGISTRATION),
          lambda r: expect(r, "AgentRegistration", id=SEED_AGENT_REGISTRATION, organization_id=SEED_ORG,
                           status="verified", revoked_at=None))
    s.run("agents.create_validate",
          lambda: w.agents.create_validate(type="api_key", credential=SEED_AGENT_API_KEY),
          lambda v: expect(v, "AgentCredentialValidation", valid=True, registration_id=SEED_AGENT_REGISTRATION))
    s.run("agents.create_validate (an unknown key)",
          lambda: w.agents.create_validate(type="api_key", credential="sk_agent_unknown"),
          lambda v: expect(v, "AgentCredentialValidation", valid=False, registration_id=None))
    s.run("agents.update_attempts (link_external_user)",
          lambda: w.agents.update_attempts(
              type="link_external_user", claim_attempt_token=SEED_AGENT_CLAIM_TOKEN,
              user=ClaimUser(email="claimer@smoke.example", external_id="smoke-claimer")),
          lambda c: expect(c, "ClaimViewResponse", id=SEED_AGENT_REGISTRATION, organizations=[]))
    absent = "not in WorkOS's OpenAPI document"
    for method in ("list_blueprints", "create_blueprint", "get_blueprint", "update_blueprint", "delete_blueprint",
                   "create_blueprint_token", "validate_blueprint_token"):
        s.not_in_catalog(f"agents.{method}", f"/agents/blueprints is {absent}")
    s.not_in_catalog("agents.revoke_registration", f"POST /agents/registrations/{{id}}/revoke is {absent}")
    for method in ("list_instances", "get_instance", "delete_instance"):
        s.not_in_catalog(f"agents.{method}", f"/agents/instances is {absent}")
    for method in ("list_sessions", "get_session", "revoke_session"):
        s.not_in_catalog(f"agents.{method}", f"/agents/sessions is {absent}")


def connect(s: Smoke, w: WorkOSClient, org_id: str) -> None:
    from workos.connect.models import UserObject

    s.area("Connect: applications and client secrets")
    s.run("connect.list_applications", lambda: w.connect.list_applications(organization_id=SEED_ORG),
          lambda p: page(p, "ConnectApplication", SEED_APPLICATION))
    oauth = s.run(
        "connect.create_oauth_application",
        lambda: w.connect.create_oauth_application(
            name="Smoke reports", is_first_party=False, organization_id=org_id, description="Reads reports",
            # As dicts: the SDK sends its own `RedirectUriInput` unserialized ("not JSON serializable").
            scopes=["openid", "profile"], redirect_uris=[{"uri": "https://smoke.example/callback", "default": True}]),
        lambda a: expect(a, "ConnectApplication", name="Smoke reports", application_type="oauth",
                         is_first_party=False, organization_id=org_id, scopes=["openid", "profile"]),
    )
    app_id = oauth.id if oauth else "conn_app_missing"
    m2m = s.run("connect.create_m2m_application",
                lambda: w.connect.create_m2m_application(name="Smoke worker", organization_id=org_id),
                lambda a: expect(a, "ConnectApplication", name="Smoke worker", application_type="m2m",
                                 organization_id=org_id))
    first_party = s.run(
        "connect.create_application (first-party OAuth)",
        lambda: w.connect.create_application(body={"application_type": "oauth", "name": "Smoke console",
                                                   "is_first_party": True, "uses_pkce": True}),
        lambda a: expect(a, "ConnectApplication", name="Smoke console", is_first_party=True, uses_pkce=True),
    )
    s.run("connect.get_application", lambda: w.connect.get_application(app_id),
          lambda a: expect(a, "ConnectApplication", id=app_id, description="Reads reports"))
    s.run("connect.get_application (by client id)",
          lambda: w.connect.get_application(oauth.client_id if oauth else "client_missing"),
          lambda a: expect(a, "ConnectApplication", id=app_id))
    s.run("connect.update_application",
          lambda: w.connect.update_application(app_id, name="Smoke reporting", scopes=["openid"]),
          lambda a: expect(a, "ConnectApplication", id=app_id, name="Smoke reporting", scopes=["openid"]))
    s.run("connect.list_applications (organization)", lambda: w.connect.list_applications(organization_id=org_id),
          lambda p: page(p, "ConnectApplication", app_id))
    secret = s.run("connect.create_application_client_secret",
                   lambda: w.connect.create_application_client_secret(app_id),
                   lambda c: require(c.secret.endswith(c.secret_hint), "the hint is not the secret's end"))
    s.run("connect.list_application_client_secrets", lambda: w.connect.list_application_client_secrets(app_id),
          lambda items: require(secret is None or [i.id for i in items] == [secret.id], f"{len(items)} secrets"))
    if secret:
        s.run("connect.delete_client_secret", lambda: w.connect.delete_client_secret(secret.id), nothing)
    for created in (oauth, m2m, first_party):
        if created:
            s.run(f"connect.delete_application ({created.application_type})",
                  lambda: w.connect.delete_application(created.id), nothing)
    s.run("connect.complete_oauth2",
          lambda: w.connect.complete_oauth2(external_auth_id="ext_auth_smoke",
                                            user=UserObject(id="smoke-ext-user", email="ext@smoke.example")),
          lambda r: require(r.redirect_uri.startswith("http"), r.redirect_uri))
    s.no_method("an organization's authorized applications (list)")


def data_integrations(s: Smoke, w: WorkOSClient, org_id: str, user_id: str) -> None:
    from workos.pipes.models import DataIntegrationCredentialsInput

    pipes = w.pipes
    # The SDK's `pipes` models follow a later revision of the API than WorkOS's published document
    # (several connections per user, connection roles, organization-owned integrations): the
    # catalog answers the fields they require with what they mean for the one user-owned account
    # per user the document describes.

    def user_owned(integration: Any, **fields: Any) -> Any:
        return expect(integration, "DataIntegration", ownership="user", **fields)

    def only_account(account: Any, **fields: Any) -> Any:
        return expect(account, "ConnectedAccount", connection_role="compatibility", account_identifier=None,
                      account_display_name=None, **fields)

    def carries_state(answer: Any) -> None:
        sent = parse_qs(urlsplit(answer.url).query).get("state")
        require(answer.url.startswith("http") and answer.state and sent == [answer.state],
                f"state {answer.state!r}, the URL's {sent!r}")

    def oauth_credential(answer: Any) -> None:
        expect(answer, "DataIntegrationCredentialsResponse", active=True)
        expect(answer.credential, "OAuthDataIntegrationVendedCredential", auth_method="oauth", metadata={},
               config={}, scopes=["read", "write"], missing_scopes=[])

    def linear_row(providers: Any) -> None:
        row = next((p for p in providers.data if p.slug == "linear"), None)
        require(row is not None, "linear missing")
        expect(row, "DataIntegrationsListResponseData", connection_owner="user", ownership="userland_user")
        only_account(row.connected_account, user_id=user_id)
        require([a.id for a in row.connected_accounts] == [row.connected_account.id],
                f"connected_accounts {[a.id for a in row.connected_accounts]}")

    s.area("data integrations (pipes)")
    s.run("pipes.list_data_integrations", lambda: pipes.list_data_integrations(),
          lambda p: [user_owned(d) for d in page(p, "DataIntegration", SEED_DATA_INTEGRATION, key="slug").data])
    s.run("pipes.get_data_integration", lambda: pipes.get_data_integration(SEED_DATA_INTEGRATION),
          lambda d: user_owned(d, slug=SEED_DATA_INTEGRATION))
    s.run("pipes.create_data_integration",
          lambda: pipes.create_data_integration(
              provider="linear", description="Smoke issues", enabled=True, scopes=["read"],
              credentials=DataIntegrationCredentialsInput(type="custom", client_id="lin_client",
                                                          client_secret="lin_secret_1234")),
          lambda d: user_owned(d, slug="linear", description="Smoke issues", enabled=True))
    s.run("pipes.update_data_integration",
          lambda: pipes.update_data_integration("linear", description="Smoke tickets"),
          lambda d: user_owned(d, slug="linear", description="Smoke tickets"))
    s.run("pipes.authorize_data_integration",
          lambda: pipes.authorize_data_integration("linear", user_id=user_id, return_to="https://smoke.example/done"),
          carries_state)
    s.run("pipes.create_user_connected_account",
          lambda: pipes.create_user_connected_account(user_id, "linear", access_token="lin_at_smoke",
                                                      refresh_token="lin_rt_smoke", scopes=["read"]),
          lambda a: only_account(a, user_id=user_id, scopes=["read"], state="connected"))
    s.run("pipes.get_user_connected_account", lambda: pipes.get_user_connected_account(user_id, "linear"),
          lambda a: only_account(a, user_id=user_id, state="connected"))
    s.run("pipes.update_user_connected_account",
          lambda: pipes.update_user_connected_account(user_id, "linear", scopes=["read", "write"]),
          lambda a: only_account(a, scopes=["read", "write"]))
    s.run("pipes.get_access_token", lambda: pipes.get_access_token("linear", user_id=user_id),
          lambda t: expect(t.access_token, "DataIntegrationAccessTokenResponseAccessToken", scopes=["read", "write"]))
    s.run("pipes.create_data_integration_credential",
          lambda: pipes.create_data_integration_credential("linear", user_id=user_id), oauth_credential)
    s.run("pipes.list_user_data_providers", lambda: pipes.list_user_data_providers(user_id), linear_row)
    s.run("pipes.delete_user_connected_account",
          lambda: pipes.delete_user_connected_account(user_id, "linear"), nothing)
    s.run("pipes.get_access_token (disconnected)", lambda: pipes.get_access_token("linear", user_id=user_id),
          lambda t: expect(t, "DataIntegrationAccessTokenResponse", active=False, error="not_installed"))
    s.run("pipes.create_data_integration (API key)",
          lambda: pipes.create_data_integration(provider="smoke-keys", auth_methods=["api_key"], enabled=True),
          lambda d: user_owned(d, slug="smoke-keys"))
    s.run("pipes.update_data_integration_api_key",
          lambda: pipes.update_data_integration_api_key("smoke-keys", user_id=user_id, secret="key_smoke_9876"),
          lambda a: only_account(a, user_id=user_id, api_key_last_4="9876"))
    s.run("pipes.create_data_integration (client credentials)",
          lambda: pipes.create_data_integration(provider="smoke-m2m", auth_methods=["client_credentials"],
                                                enabled=True),
          lambda d: user_owned(d, slug="smoke-m2m"))
    s.run("pipes.update_data_integration_client_credentials",
          lambda: pipes.update_data_integration_client_credentials(
              "smoke-m2m", user_id=user_id, client_id="m2m_client", client_secret="m2m_secret_5555"),
          lambda a: only_account(a, client_id="m2m_client", client_secret_last_4="5555"))

    s.area("data integrations: organizations (pipes_provider)")
    provider = w.pipes_provider
    s.run("pipes_provider.update_organization_data_integration_configuration",
          lambda: provider.update_organization_data_integration_configuration(org_id, "linear", enabled=False),
          lambda c: expect(c, "DataIntegrationConfigurationResponse", organization_id=org_id, slug="linear",
                           enabled=False))
    s.run("pipes_provider.list_organization_data_integration_configurations",
          lambda: provider.list_organization_data_integration_configurations(org_id),
          lambda l: require("linear" in [c.slug for c in l.data], "linear missing"))
    for slug in ("linear", "smoke-keys", "smoke-m2m"):
        s.run(f"pipes.delete_data_integration ({slug})", lambda: pipes.delete_data_integration(slug), nothing)

    absent = "not in WorkOS's OpenAPI document"
    s.not_in_catalog("pipes.finish_connection", f"POST /data-integrations/finish is {absent}")
    s.not_in_catalog("pipes.create_data_integration_api_key", f"POST /data-integrations/{{slug}}/api-key is {absent}")
    s.not_in_catalog("pipes.create_data_integration_client_credential",
                     f"POST /data-integrations/{{slug}}/client-credentials is {absent}")
    for method in ("list_data_integration_organization", "update_data_integration_organization",
                   "delete_data_integration_organization"):
        s.not_in_catalog(f"pipes.{method}", f"/data-integrations/{{slug}}/organization is {absent}")
    for method in ("get_organization_connected_account", "create_organization_connected_account",
                   "update_organization_connected_account", "delete_organization_connected_account"):
        s.not_in_catalog(f"pipes.{method}", f"/organizations/{{id}}/connected_accounts is {absent}")
    s.not_in_catalog("pipes.list_organization_data_providers", f"/organizations/{{id}}/data_providers is {absent}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/debug/workos-actions")
    parser.add_argument("--only", nargs="*", help="areas to run beyond the base ones")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        print(f"smoke.py: no binary at {args.bin}: run `cargo build -p workos-actions` first", file=sys.stderr)
        return 2
    try:
        process, url = start_emulator(args.bin)
    except (OSError, RuntimeError) as error:
        print(f"smoke.py: could not start the emulator: {error}", file=sys.stderr)
        return 2
    print(f"workos {version('workos')} (Python) against the emulator at {url}")
    smoke = Smoke(args.verbose)
    try:
        client = WorkOSClient(api_key=API_KEY, client_id="client_sdk_smoke", base_url=url, max_retries=0)
        scenario(smoke, client, set(args.only) if args.only else None)
    finally:
        process.terminate()
        process.wait()
    print(
        f"\n{smoke.ok} ok, {len(smoke.errors)} errors, {len(smoke.missing)} areas without an SDK method, "
        f"{len(smoke.skipped)} SDK methods without a catalog action, {len(smoke.known)} known SDK differences"
    )
    for method in smoke.errors:
        print(f"  error: {method}")
    return 1 if smoke.errors else 0


if __name__ == "__main__":
    sys.exit(main())
