#!/usr/bin/env python3
"""Fidelity with the official Python SDK: for each action of the catalog, the request that
`workos-actions call` sends must be the request the `workos` package (10.x) sends for the
same call.

Both requests land on one loopback recorder (the SDK through `base_url`, the binary through
`WORKOS_BASE_URL`), or, with `--dry-run`, the binary's side is the request it prints without
sending. Compared: the method, the path (as sent, percent-encoding included), the query as a
multiset of decoded `(name, value)` pairs, the JSON body (parsed: key order and spacing do not
count, a boolean is not a number) and whether an `Idempotency-Key` header is present (its value
is random on both sides).

Arrays in the query are compared as the pairs on the wire: both sides send a list as one pair
whose value joins the items with commas (the catalog's `query_arrays: comma`, the SDK's
`",".join(...)`), so the items' order counts and a key repeated per item on one side is a
difference.

A browser page (the SSO and AuthKit authorization and logout URLs) is no request: the SDK's
`get_authorization_url` / `get_logout_url` answers its URL, `workos-actions call` answers
`{"url": ...}`, and the two URLs are compared as above (path, query pairs). An action withheld
from agents is refused by `workos-actions call`, `--dry-run` included, so its side is the request
the typed client builds, printed unsent by `workos-actions/examples/dry_run.rs` (`--typed`).

Usage: python3 tools/sdk-fidelity/fidelity.py [--bin target/debug/workos-actions] [--dry-run]
       [--typed target/debug/examples/dry_run] [--only CASE...] [-v]

Exit status: 0 when every case is identical or differs only as `KNOWN` declares; 1 on an
unexplained difference, a case that fails to run, or a `KNOWN` entry that no longer matches;
2 when the binary or the SDK cannot be run at all.

To add a case: one entry in `CASES` (the action's name, or `name#variant` for a second case of
one action), with the SDK call as a lambda over the client and the same arguments as the JSON
object given to `workos-actions call --json`. An available action without an entry is listed as
"no case yet"; one the SDK cannot make goes in `NO_SDK` with the reason.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from workos import WorkOSClient
from workos.agents.models.agent_admin_link_claim_attempt_to_external_user_request_user import (
    AgentAdminLinkClaimAttemptToExternalUserRequestUser,
)
from workos.audit_logs._resource import RetentionPeriodInDays
from workos.audit_logs.models import (
    AuditLogEvent,
    AuditLogSchemaActorInput,
    AuditLogSchemaTargetInput,
)
from workos.authorization._resource import (
    ParentByExternalId,
    ParentById,
    ParentResourceByExternalId,
    ParentResourceById,
    ResourceTargetByExternalId,
    ResourceTargetById,
)
from workos.authorization.models import ReplaceGroupRoleAssignmentEntry
from workos.connect.models import UserObject
from workos.organization_membership._resource import RoleMultiple, RoleSingle
from workos.organizations.models import OrganizationDomainData
from workos.sso._resource import (
    CreateProtocolOptionsOIDC,
    CreateProtocolOptionsSAML,
    PatchProtocolOptionsOIDC,
    PatchProtocolOptionsSAML,
)
from workos.sso.models import (
    CreateConnectionAttributeMaps,
    CreateConnectionOIDCOptions,
    CreateConnectionSAMLOptions,
    CreateConnectionStandardAttributes,
    PatchConnectionAttributeMaps,
    PatchConnectionOIDCOptions,
    PatchConnectionSAMLOptions,
    PatchConnectionStandardAttributes,
)
from workos.user_management._resource import PasswordHashed, PasswordPlaintext


@dataclass(frozen=True)
class Case:
    """One call made both ways: `sdk(client)` and `workos-actions call ACTION --json ARGS`.

    A browser page (`page=True`) is no request: the SDK's method (`get_authorization_url`,
    `get_logout_url`) answers its URL and `workos-actions call` answers `{"url": ...}`, neither
    sending anything; the two URLs are compared as the `GET` of their path and query."""

    sdk: Callable[[WorkOSClient], Any]
    args: dict[str, Any]
    page: bool = False


ORG = "org_01EHZNVPK3SFK441A1RGBFSHRT"
USER = "user_01E4ZCR3C56J083X43JQXF3JK5"
CONN = "conn_01E4ZCR3C56J083X43JQXF3JK5"
DIR = "directory_01ECAZ4NV9QMV47GW873HDCX74"
GROUP = "directory_group_01E1JJS84MFPPQ3G655FHTKX6Z"
DIR_USER = "directory_user_01E1JG7J09H96KYP8HM9B0G5SJ"
FACTOR = "auth_factor_01FVYZ5QM8N98T9ME5BCB2BBMJ"
CHALLENGE = "auth_challenge_01FVYZWQTZQ5VB6BC5MPG2EYC5"
MEMBERSHIP = "om_01E4ZCR3C56J083X43JQXF3JK5"
EXPORT = "audit_log_export_01GBZK5MP7TD1YCFQHFR22180V"
SDK_KEY = "sk_test_fidelity"  # the SDK client's API key, which it sends as `client_secret`
CLIENT = "client_fidelity"  # the SDK client's `client_id`, given explicitly to the CLI
API_KEY = "api_key_01H5JQDV7R7ATEYZDEG0W5PRYS"
APPLICATION = "conn_app_01HXYZ123456789ABCDEFGHIJ"
DOMAIN = "org_domain_01EHZNVPK2QXHMVWCEDQEKY69A"
EMAIL_VERIFICATION = "email_verification_01HYGGEB6FYMWQNWF3XDZG7VV3"
FLAG = "advanced-audit-logs"
INVITATION = "invitation_01E4ZCR3C56J083X43JQXF3JK5"
MAGIC_AUTH = "magic_auth_01HWZBQAY251RZ9BH6RFE08RSE"
ORG_GROUP = "group_01HXYZ123456789ABCDEFGHIJ"
PASSWORD_RESET = "password_reset_01HYGDNK5G7FZ4YJFXYXPB5JRW"
PROFILE = "prof_01DMC79VCBZ0NY2099737PSVF1"
RADAR_CHALLENGE = "radar_challenge_01HXYZ123456789ABCDEFGHIJ"
REDIRECT_URI = "ruri_01HXYZ123456789ABCDEFGHIJ"
RESOURCE = "authz_resource_01HXYZ123456789ABCDEFGHIJ"
RESOURCE_2 = "authz_resource_01HXYZ223456789ABCDEFGHIJ"
ROLE_ASSIGNMENT = "role_assignment_01HXYZ123456789ABCDEFGHIJ"
SESSION = "session_01H93ZY4F80QPBEZ1R5B2SHQG8"
APP = "conn_app_01HXYZ223456789ABCDEFGHIJ"
VAULT_OBJECT = "secret_01HXYZ123456789ABCDEFGHIJ"
WEBHOOK_ENDPOINT = "we_01HXYZ123456789ABCDEFGHIJ"
AUDIT_EVENT = {
    "action": "user.signed_in",
    "occurred_at": "2026-01-15T08:30:00.000Z",
    "version": 2,
    "actor": {"id": USER, "type": "user", "name": "Marcelina Davis", "metadata": {"role": "admin"}},
    "targets": [{"id": "team_42", "type": "team", "name": "Blue", "metadata": {"size": 7}}],
    "context": {"location": "192.0.2.1", "user_agent": "Mozilla/5.0"},
    "metadata": {"sso": True},
}

# Every available action of the catalog: its SDK call and the same arguments for the CLI.
CASES: dict[str, Case] = {
    "workos_audit_log_export_get": Case(
        lambda w: w.audit_logs.get_export(EXPORT), {"id": EXPORT}
    ),
    "workos_audit_logs_list": Case(
        lambda w: w.audit_logs.create_export(
            organization_id=ORG,
            range_start="2026-01-01T00:00:00Z",
            range_end="2026-02-01T00:00:00Z",
            actions=["user.signed_in", "user.signed_out"],
            actor_names=["Jon Smith"],
            actor_ids=[USER],
            targets=["team"],
        ),
        {
            "organization_id": ORG,
            "range_start": "2026-01-01T00:00:00Z",
            "range_end": "2026-02-01T00:00:00Z",
            "actions": ["user.signed_in", "user.signed_out"],
            "actor_names": ["Jon Smith"],
            "actor_ids": [USER],
            "targets": ["team"],
        },
    ),
    "workos_connection_create": Case(
        lambda w: w.sso.create_connection(
            organization_id=ORG,
            name="Acme SAML",
            external_id="acme-saml",
            connection_type="GenericSAML",
            attribute_maps=CreateConnectionAttributeMaps(
                standard_attributes=CreateConnectionStandardAttributes(email="mail"),
                custom_attributes={"department": "dept"},
            ),
            protocol_options=CreateProtocolOptionsSAML(
                CreateConnectionSAMLOptions(idp_metadata_url="https://idp.example.com/metadata")
            ),
        ),
        {
            "organization_id": ORG,
            "name": "Acme SAML",
            "external_id": "acme-saml",
            "connection_type": "GenericSAML",
            "attribute_maps": {
                "standard_attributes": {"email": "mail"},
                "custom_attributes": {"department": "dept"},
            },
            "saml_options": {"idp_metadata_url": "https://idp.example.com/metadata"},
        },
    ),
    "workos_connection_create#oidc": Case(
        lambda w: w.sso.create_connection(
            organization_id=ORG,
            connection_type="GenericOIDC",
            protocol_options=CreateProtocolOptionsOIDC(
                CreateConnectionOIDCOptions(
                    discovery_endpoint="https://idp.example.com/.well-known/openid-configuration",
                    client_id="client_abc",
                    client_secret="s3cret",
                    pkce=True,
                )
            ),
        ),
        {
            "organization_id": ORG,
            "connection_type": "GenericOIDC",
            "oidc_options": {
                "discovery_endpoint": "https://idp.example.com/.well-known/openid-configuration",
                "client_id": "client_abc",
                "client_secret": "s3cret",
                "pkce": True,
            },
        },
    ),
    "workos_connection_delete": Case(lambda w: w.sso.delete_connection(CONN), {"id": CONN}),
    "workos_connection_get": Case(lambda w: w.sso.get_connection(CONN), {"id": CONN}),
    "workos_connection_update": Case(
        lambda w: w.sso.update_connection(
            CONN,
            name="Acme SAML (new IdP)",
            attribute_maps=PatchConnectionAttributeMaps(
                standard_attributes=PatchConnectionStandardAttributes(first_name="givenName")
            ),
            protocol_options=PatchProtocolOptionsSAML(
                PatchConnectionSAMLOptions(idp_sso_url="https://idp.example.com/sso")
            ),
        ),
        {
            "id": CONN,
            "name": "Acme SAML (new IdP)",
            "attribute_maps": {"standard_attributes": {"first_name": "givenName"}},
            "saml_options": {"idp_sso_url": "https://idp.example.com/sso"},
        },
    ),
    "workos_connection_update#oidc": Case(
        lambda w: w.sso.update_connection(
            CONN,
            external_id="acme-oidc",
            protocol_options=PatchProtocolOptionsOIDC(
                PatchConnectionOIDCOptions(client_id="client_new", fetch_user_info=False)
            ),
        ),
        {
            "id": CONN,
            "external_id": "acme-oidc",
            "oidc_options": {"client_id": "client_new", "fetch_user_info": False},
        },
    ),
    "workos_connection_update#reset": Case(
        lambda w: w.sso.update_connection(
            CONN, protocol_options=PatchProtocolOptionsSAML(PatchConnectionSAMLOptions())
        ),
        {
            "id": CONN,
            "saml_options": {"idp_metadata_url": None, "acs_url": None, "sp_entity_id": None},
        },
    ),
    "workos_connections_list": Case(
        lambda w: w.sso.list_connections(
            limit=5, order="asc", connection_type="OktaSAML", organization_id=ORG, after=CONN
        ),
        {
            "limit": 5,
            "order": "asc",
            "connection_type": "OktaSAML",
            "organization_id": ORG,
            "after": CONN,
        },
    ),
    "workos_connections_list#defaults": Case(lambda w: w.sso.list_connections(), {}),
    "workos_directories_list": Case(
        lambda w: w.directory_sync.list_directories(
            limit=20, order="desc", organization_id=ORG, search="Acme", before=DIR
        ),
        {"limit": 20, "order": "desc", "organization_id": ORG, "search": "Acme", "before": DIR},
    ),
    "workos_directory_get": Case(lambda w: w.directory_sync.get_directory(DIR), {"id": DIR}),
    "workos_directory_group_get": Case(lambda w: w.directory_sync.get_group(GROUP), {"id": GROUP}),
    "workos_directory_sync_groups": Case(
        lambda w: w.directory_sync.list_groups(directory=DIR, user=DIR_USER, limit=3, order="asc"),
        {"directory": DIR, "user": DIR_USER, "limit": 3, "order": "asc"},
    ),
    "workos_directory_sync_users": Case(
        lambda w: w.directory_sync.list_users(
            directory=DIR, group=GROUP, email="marcelina@example.com", limit=50, order="asc"
        ),
        {
            "directory": DIR,
            "group": GROUP,
            "email": "marcelina@example.com",
            "limit": 50,
            "order": "asc",
        },
    ),
    "workos_directory_user_get": Case(
        lambda w: w.directory_sync.get_user(DIR_USER), {"id": DIR_USER}
    ),
    "workos_events_list": Case(
        lambda w: w.events.list_events(
            events=["dsync.user.created", "dsync.user.updated"],
            range_start="2026-01-01T00:00:00Z",
            organization_id=ORG,
            limit=100,
            order="asc",
        ),
        {
            "events": ["dsync.user.created", "dsync.user.updated"],
            "range_start": "2026-01-01T00:00:00Z",
            "organization_id": ORG,
            "limit": 100,
            "order": "asc",
        },
    ),
    "workos_events_list#datetime": Case(
        lambda w: w.events.list_events(
            events=["user.created"],
            range_start=datetime(2026, 1, 1, tzinfo=timezone.utc),
            range_end=datetime(2026, 1, 31, 12, 30, tzinfo=timezone.utc),
        ),
        {
            "events": ["user.created"],
            "range_start": "2026-01-01T00:00:00Z",
            "range_end": "2026-01-31T12:30:00Z",
        },
    ),
    "workos_organization_get#encoded": Case(
        lambda w: w.organizations.get_organization("org_01/ä b?c"), {"id": "org_01/ä b?c"}
    ),
    "workos_mfa_challenge_create": Case(
        lambda w: w.multi_factor_auth.challenge_factor(FACTOR, sms_template="Code: {{code}}"),
        {"id": FACTOR, "sms_template": "Code: {{code}}"},
    ),
    "workos_mfa_challenge_create#empty": Case(
        lambda w: w.multi_factor_auth.challenge_factor(FACTOR), {"id": FACTOR}
    ),
    "workos_mfa_enrollment_create": Case(
        lambda w: w.multi_factor_auth.create_user_auth_factor(
            USER, type="totp", totp_issuer="Acme", totp_user="marcelina@example.com"
        ),
        {"id": USER, "type": "totp", "totp_issuer": "Acme", "totp_user": "marcelina@example.com"},
    ),
    "workos_mfa_enrollment_delete": Case(
        lambda w: w.multi_factor_auth.delete_factor(FACTOR), {"id": FACTOR}
    ),
    "workos_mfa_enrollment_get": Case(lambda w: w.multi_factor_auth.get_factor(FACTOR), {"id": FACTOR}),
    "workos_mfa_enrollments_list": Case(
        lambda w: w.multi_factor_auth.list_user_auth_factors(USER, limit=10, order="desc"),
        {"id": USER, "limit": 10, "order": "desc"},
    ),
    "workos_mfa_verify": Case(
        lambda w: w.multi_factor_auth.verify_challenge(CHALLENGE, code="123456"),
        {"id": CHALLENGE, "code": "123456"},
    ),
    "workos_organization_create": Case(
        lambda w: w.organizations.create_organization(
            name="Acme",
            domain_data=[OrganizationDomainData(domain="acme.com", state="verified")],
            metadata={"tier": "gold"},
            external_id="acme-1",
        ),
        {
            "name": "Acme",
            "domain_data": [{"domain": "acme.com", "state": "verified"}],
            "metadata": {"tier": "gold"},
            "external_id": "acme-1",
        },
    ),
    "workos_organization_create#profiles": Case(
        lambda w: w.organizations.create_organization(
            name="Acme", allow_profiles_outside_organization=True
        ),
        {"name": "Acme", "allow_profiles_outside_organization": True},
    ),
    "workos_organization_delete": Case(
        lambda w: w.organizations.delete_organization(ORG), {"id": ORG}
    ),
    "workos_organization_get": Case(lambda w: w.organizations.get_organization(ORG), {"id": ORG}),
    "workos_organization_membership_create": Case(
        lambda w: w.organization_membership.create_organization_membership(
            user_id=USER, organization_id=ORG, role=RoleSingle("admin")
        ),
        {"user_id": USER, "organization_id": ORG, "role_slug": "admin"},
    ),
    "workos_organization_membership_create#roles": Case(
        lambda w: w.organization_membership.create_organization_membership(
            user_id=USER, organization_id=ORG, role=RoleMultiple(["admin", "billing"])
        ),
        {"user_id": USER, "organization_id": ORG, "role_slugs": ["admin", "billing"]},
    ),
    "workos_organization_membership_delete": Case(
        lambda w: w.organization_membership.delete_organization_membership(MEMBERSHIP),
        {"id": MEMBERSHIP},
    ),
    "workos_organization_membership_get": Case(
        lambda w: w.organization_membership.get_organization_membership(MEMBERSHIP),
        {"id": MEMBERSHIP},
    ),
    "workos_organization_membership_update": Case(
        lambda w: w.organization_membership.update_organization_membership(
            MEMBERSHIP, role=RoleSingle("member")
        ),
        {"id": MEMBERSHIP, "role_slug": "member"},
    ),
    "workos_organization_memberships_list": Case(
        lambda w: w.organization_membership.list_organization_memberships(
            organization_id=ORG, statuses=["active", "pending"], limit=25, order="desc"
        ),
        {"organization_id": ORG, "statuses": ["active", "pending"], "limit": 25, "order": "desc"},
    ),
    "workos_organization_update": Case(
        lambda w: w.organizations.update_organization(
            ORG,
            name="Acme Inc",
            domain_data=[OrganizationDomainData(domain="acme.io", state="pending")],
            stripe_customer_id="cus_R9qWAGMQ6nGE7V",
            metadata={"tier": "platinum"},
        ),
        {
            "id": ORG,
            "name": "Acme Inc",
            "domain_data": [{"domain": "acme.io", "state": "pending"}],
            "stripe_customer_id": "cus_R9qWAGMQ6nGE7V",
            "metadata": {"tier": "platinum"},
        },
    ),
    "workos_organizations_list": Case(
        lambda w: w.organizations.list_organizations(
            domains=["acme.com", "acme.io"], search="Acme", limit=100, order="asc"
        ),
        {"domains": ["acme.com", "acme.io"], "search": "Acme", "limit": 100, "order": "asc"},
    ),
    "workos_organizations_list#defaults": Case(
        lambda w: w.organizations.list_organizations(), {}
    ),
    "workos_portal_link_create": Case(
        lambda w: w.admin_portal.generate_link(
            organization=ORG,
            intent="sso",
            return_url="https://app.example.com/settings",
            success_url="https://app.example.com/done",
            it_contact_emails=["it@acme.com"],
        ),
        {
            "organization": ORG,
            "intent": "sso",
            "return_url": "https://app.example.com/settings",
            "success_url": "https://app.example.com/done",
            "it_contact_emails": ["it@acme.com"],
        },
    ),
    "workos_user_create": Case(
        lambda w: w.user_management.create_user(
            email="marcelina@example.com",
            first_name="Marcelina",
            last_name="Davis",
            email_verified=True,
            metadata={"team": "blue"},
            external_id="md-1",
            password=PasswordPlaintext("correct horse battery staple"),
        ),
        {
            "email": "marcelina@example.com",
            "first_name": "Marcelina",
            "last_name": "Davis",
            "email_verified": True,
            "metadata": {"team": "blue"},
            "external_id": "md-1",
            "password": "correct horse battery staple",
        },
    ),
    "workos_user_create#hashed": Case(
        lambda w: w.user_management.create_user(
            email="marcelina@example.com",
            password=PasswordHashed(
                password_hash="$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                password_hash_type="bcrypt",
            ),
        ),
        {
            "email": "marcelina@example.com",
            "password_hash": "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
            "password_hash_type": "bcrypt",
        },
    ),
    "workos_user_delete": Case(lambda w: w.user_management.delete_user(USER), {"id": USER}),
    "workos_user_get": Case(lambda w: w.user_management.get_user(USER), {"id": USER}),
    "workos_user_invite": Case(
        lambda w: w.user_management.send_invitation(
            email="marcelina@example.com",
            organization_id=ORG,
            role_slug="member",
            expires_in_days=7,
            inviter_user_id=USER,
            locale="fr",
        ),
        {
            "email": "marcelina@example.com",
            "organization_id": ORG,
            "role_slug": "member",
            "expires_in_days": 7,
            "inviter_user_id": USER,
            "locale": "fr",
        },
    ),
    "workos_user_update": Case(
        lambda w: w.user_management.update_user(
            USER,
            first_name="Marcie",
            email_verified=False,
            locale="en-US",
            external_id="md-2",
        ),
        {
            "id": USER,
            "first_name": "Marcie",
            "email_verified": False,
            "locale": "en-US",
            "external_id": "md-2",
        },
    ),
    "workos_organization_update#profiles": Case(
        lambda w: w.organizations.update_organization(ORG, allow_profiles_outside_organization=False),
        {"id": ORG, "allow_profiles_outside_organization": False},
    ),
    "workos_organization_update#clear": Case(
        lambda w: w.organizations.update_organization(ORG, metadata=None, external_id=None),
        {"id": ORG, "metadata": None, "external_id": None},
    ),
    "workos_organization_membership_update#empty": Case(
        lambda w: w.organization_membership.update_organization_membership(MEMBERSHIP),
        {"id": MEMBERSHIP},
    ),
    "workos_user_update#hashed": Case(
        lambda w: w.user_management.update_user(
            USER,
            password=PasswordHashed(
                password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
                password_hash_type="argon2",
                password_salt_position="prefix",
            ),
        ),
        {
            "id": USER,
            "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
            "password_hash_type": "argon2",
            "password_salt_position": "prefix",
        },
    ),
    "workos_user_update#empty": Case(lambda w: w.user_management.update_user(USER), {"id": USER}),
    "workos_users_list": Case(
        lambda w: w.user_management.list_users(
            organization_id=ORG, email="marcelina@example.com", limit=10, order="asc"
        ),
        {"organization_id": ORG, "email": "marcelina@example.com", "limit": 10, "order": "asc"},
    ),
    "workos_api_key_delete": Case(lambda w: w.api_keys.delete_api_key(API_KEY), {"id": API_KEY}),
    "workos_api_key_expire": Case(
        lambda w: w.api_keys.create_api_key_expire(API_KEY, expires_at="2026-03-01T00:00:00Z"),
        {"id": API_KEY, "expires_at": "2026-03-01T00:00:00Z"},
    ),
    "workos_api_key_expire#now": Case(
        lambda w: w.api_keys.create_api_key_expire(API_KEY), {"id": API_KEY}
    ),
    "workos_api_key_validate": Case(
        lambda w: w.api_keys.create_validation(value="sk_live_abc123"), {"value": "sk_live_abc123"}
    ),
    "workos_audit_log_actions_list": Case(
        lambda w: w.audit_logs.list_actions(limit=10, after="user.signed_in", order="asc"),
        {"limit": 10, "after": "user.signed_in", "order": "asc"},
    ),
    "workos_audit_log_configuration_get": Case(
        lambda w: w.organizations.get_audit_log_configuration(ORG), {"id": ORG}
    ),
    "workos_audit_log_event_create": Case(
        lambda w: w.audit_logs.create_event(
            organization_id=ORG,
            event=AuditLogEvent.from_dict(AUDIT_EVENT),
        ),
        {"organization_id": ORG, "event": AUDIT_EVENT},
    ),
    "workos_audit_log_retention_get": Case(
        lambda w: w.audit_logs.get_organization_audit_logs_retention(ORG), {"id": ORG}
    ),
    "workos_audit_log_retention_update": Case(
        lambda w: w.audit_logs.update_organization_audit_logs_retention(
            ORG, retention=RetentionPeriodInDays(365)
        ),
        {"id": ORG, "retention_period_in_days": 365},
    ),
    "workos_audit_log_schema_create": Case(
        lambda w: w.audit_logs.create_schema(
            "user.signed_in",
            actor=AuditLogSchemaActorInput(metadata={"role": "string"}),
            targets=[AuditLogSchemaTargetInput(type="team", metadata={"plan": "string"})],
            metadata={"source": "string"},
        ),
        {
            "action_name": "user.signed_in",
            "actor": {"metadata": {"role": "string"}},
            "targets": [{"type": "team", "metadata": {"plan": "string"}}],
            "metadata": {"source": "string"},
        },
    ),
    "workos_audit_log_schemas_list": Case(
        lambda w: w.audit_logs.list_action_schemas("user.signed_in", limit=5, order="desc"),
        {"action_name": "user.signed_in", "limit": 5, "order": "desc"},
    ),
    "workos_authkit_authorization_url": Case(
        lambda w: w.user_management.get_authorization_url(
            redirect_uri="https://app.example.com/callback",
            provider="authkit",
            state="xyz",
            screen_hint="sign-up",
            login_hint="marcelina@example.com",
            code_challenge="E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            code_challenge_method="S256",
            max_age=3600,
            prompt="login",
            provider_scopes=["openid", "email"],
        ),
        {
            "client_id": CLIENT,
            "redirect_uri": "https://app.example.com/callback",
            "provider": "authkit",
            "state": "xyz",
            "screen_hint": "sign-up",
            "login_hint": "marcelina@example.com",
            "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "code_challenge_method": "S256",
            "max_age": 3600,
            "prompt": "login",
            "provider_scopes": ["openid", "email"],
        },
        page=True,
    ),
    "workos_authkit_authorization_url#organization": Case(
        lambda w: w.user_management.get_authorization_url(
            redirect_uri="https://app.example.com/callback",
            organization_id=ORG,
            connection_id=CONN,
            domain_hint="acme.com",
            invitation_token="Z1uX3RbwcIl5fIGJJJCXXisdI",
        ),
        {
            "client_id": CLIENT,
            "redirect_uri": "https://app.example.com/callback",
            "organization_id": ORG,
            "connection_id": CONN,
            "domain_hint": "acme.com",
            "invitation_token": "Z1uX3RbwcIl5fIGJJJCXXisdI",
        },
        page=True,
    ),
    "workos_authkit_logout_url": Case(
        lambda w: w.user_management.get_logout_url(
            session_id=SESSION, return_to="https://app.example.com/signed-out"
        ),
        {"session_id": SESSION, "return_to": "https://app.example.com/signed-out"},
        page=True,
    ),
    "workos_authorized_application_delete": Case(
        lambda w: w.user_management.delete_user_authorized_application(APPLICATION, USER),
        {"user_id": USER, "application_id": APPLICATION},
    ),
    "workos_authorized_applications_list": Case(
        lambda w: w.user_management.list_user_authorized_applications(USER, limit=10, order="asc"),
        {"user_id": USER, "limit": 10, "order": "asc"},
    ),
    "workos_client_token_create": Case(
        lambda w: w.client_api.create_token(organization_id=ORG, user_id=USER),
        {"organization_id": ORG, "user_id": USER},
    ),
    "workos_cors_origin_create": Case(
        lambda w: w.user_management.create_cors_origin(origin="https://app.example.com"),
        {"origin": "https://app.example.com"},
    ),
    "workos_cors_origins_list": Case(
        lambda w: w.user_management.list_cors_origins(limit=20, order="desc"),
        {"limit": 20, "order": "desc"},
    ),
    "workos_device_authorization_create": Case(
        lambda w: w.user_management.create_device(client_id=CLIENT), {"client_id": CLIENT}
    ),
    "workos_directory_delete": Case(lambda w: w.directory_sync.delete_directory(DIR), {"id": DIR}),
    "workos_email_verification_get": Case(
        lambda w: w.user_management.get_email_verification(EMAIL_VERIFICATION),
        {"id": EMAIL_VERIFICATION},
    ),
    "workos_feature_flag_disable": Case(
        lambda w: w.feature_flags.disable_feature_flag(FLAG), {"slug": FLAG}
    ),
    "workos_feature_flag_enable": Case(
        lambda w: w.feature_flags.enable_feature_flag(FLAG), {"slug": FLAG}
    ),
    "workos_feature_flag_get": Case(lambda w: w.feature_flags.get_feature_flag(FLAG), {"slug": FLAG}),
    "workos_feature_flag_target_add": Case(
        lambda w: w.feature_flags.add_flag_target(ORG, FLAG), {"slug": FLAG, "resource_id": ORG}
    ),
    "workos_feature_flag_target_remove": Case(
        lambda w: w.feature_flags.remove_flag_target(USER, FLAG), {"slug": FLAG, "resource_id": USER}
    ),
    "workos_feature_flags_list": Case(
        lambda w: w.feature_flags.list_feature_flags(limit=50, before=FLAG, order="asc"),
        {"limit": 50, "before": FLAG, "order": "asc"},
    ),
    "workos_group_create": Case(
        lambda w: w.groups.create_organization_group(ORG, name="Engineering", description="Builders"),
        {"organization_id": ORG, "name": "Engineering", "description": "Builders"},
    ),
    "workos_group_delete": Case(
        lambda w: w.groups.delete_organization_group(ORG, ORG_GROUP),
        {"organization_id": ORG, "group_id": ORG_GROUP},
    ),
    "workos_group_get": Case(
        lambda w: w.groups.get_organization_group(ORG, ORG_GROUP),
        {"organization_id": ORG, "group_id": ORG_GROUP},
    ),
    "workos_group_member_add": Case(
        lambda w: w.groups.create_group_organization_membership(
            ORG, ORG_GROUP, organization_membership_id=MEMBERSHIP
        ),
        {"organization_id": ORG, "group_id": ORG_GROUP, "organization_membership_id": MEMBERSHIP},
    ),
    "workos_group_member_remove": Case(
        lambda w: w.groups.delete_group_organization_membership(ORG, ORG_GROUP, MEMBERSHIP),
        {"organization_id": ORG, "group_id": ORG_GROUP, "organization_membership_id": MEMBERSHIP},
    ),
    "workos_group_members_list": Case(
        lambda w: w.groups.list_group_organization_memberships(ORG, ORG_GROUP, limit=10, order="asc"),
        {"organization_id": ORG, "group_id": ORG_GROUP, "limit": 10, "order": "asc"},
    ),
    "workos_group_role_assignment_create": Case(
        lambda w: w.authorization.create_group_role_assignment(
            ORG_GROUP, role_slug="editor", resource_id=RESOURCE
        ),
        {"group_id": ORG_GROUP, "role_slug": "editor", "resource_id": RESOURCE},
    ),
    "workos_group_role_assignment_create#external": Case(
        lambda w: w.authorization.create_group_role_assignment(
            ORG_GROUP, role_slug="editor", resource_external_id="doc-1", resource_type_slug="document"
        ),
        {
            "group_id": ORG_GROUP,
            "role_slug": "editor",
            "resource_external_id": "doc-1",
            "resource_type_slug": "document",
        },
    ),
    "workos_group_role_assignment_delete": Case(
        lambda w: w.authorization.delete_group_role_assignment(ORG_GROUP, ROLE_ASSIGNMENT),
        {"group_id": ORG_GROUP, "role_assignment_id": ROLE_ASSIGNMENT},
    ),
    "workos_group_role_assignment_get": Case(
        lambda w: w.authorization.get_group_role_assignment(ORG_GROUP, ROLE_ASSIGNMENT),
        {"group_id": ORG_GROUP, "role_assignment_id": ROLE_ASSIGNMENT},
    ),
    "workos_group_role_assignments_delete_by_role": Case(
        lambda w: w.authorization.delete_group_role_assignments(
            ORG_GROUP, role_slug="editor", resource_id=RESOURCE
        ),
        {"group_id": ORG_GROUP, "role_slug": "editor", "resource_id": RESOURCE},
    ),
    "workos_group_role_assignments_list": Case(
        lambda w: w.authorization.list_group_role_assignments(ORG_GROUP, limit=10, order="desc"),
        {"group_id": ORG_GROUP, "limit": 10, "order": "desc"},
    ),
    "workos_group_role_assignments_set": Case(
        lambda w: w.authorization.update_group_role_assignments(
            ORG_GROUP,
            role_assignments=[
                ReplaceGroupRoleAssignmentEntry(role_slug="editor", resource_id=RESOURCE),
                ReplaceGroupRoleAssignmentEntry(
                    role_slug="viewer", resource_external_id="doc-2", resource_type_slug="document"
                ),
            ],
        ),
        {
            "group_id": ORG_GROUP,
            "role_assignments": [
                {"role_slug": "editor", "resource_id": RESOURCE},
                {
                    "role_slug": "viewer",
                    "resource_external_id": "doc-2",
                    "resource_type_slug": "document",
                },
            ],
        },
    ),
    "workos_group_update": Case(
        lambda w: w.groups.update_organization_group(ORG, ORG_GROUP, name="Platform", description=None),
        {"organization_id": ORG, "group_id": ORG_GROUP, "name": "Platform", "description": None},
    ),
    "workos_groups_list": Case(
        lambda w: w.groups.list_organization_groups(ORG, limit=25, after=ORG_GROUP, order="asc"),
        {"organization_id": ORG, "limit": 25, "after": ORG_GROUP, "order": "asc"},
    ),
    "workos_invitation_accept": Case(
        lambda w: w.user_management.accept_invitation(INVITATION), {"id": INVITATION}
    ),
    "workos_invitation_find_by_token": Case(
        lambda w: w.user_management.find_invitation_by_token("Z1uX3RbwcIl5fIGJJJCXXisdI"),
        {"token": "Z1uX3RbwcIl5fIGJJJCXXisdI"},
    ),
    "workos_invitation_get": Case(
        lambda w: w.user_management.get_invitation(INVITATION), {"id": INVITATION}
    ),
    "workos_invitation_resend": Case(
        lambda w: w.user_management.resend_invitation(INVITATION, locale="de"),
        {"id": INVITATION, "locale": "de"},
    ),
    "workos_invitation_revoke": Case(
        lambda w: w.user_management.revoke_invitation(INVITATION), {"id": INVITATION}
    ),
    "workos_invitations_list": Case(
        lambda w: w.user_management.list_invitations(
            organization_id=ORG, email="marcelina@example.com", limit=10, order="asc"
        ),
        {"organization_id": ORG, "email": "marcelina@example.com", "limit": 10, "order": "asc"},
    ),
    "workos_jwt_template_get": Case(lambda w: w.user_management.list_jwt_template(), {}),
    "workos_jwt_template_update": Case(
        lambda w: w.user_management.update_jwt_template(content='{"team": {{user.metadata.team}}}'),
        {"content": '{"team": {{user.metadata.team}}}'},
    ),
    "workos_magic_auth_create": Case(
        lambda w: w.user_management.create_magic_auth(
            email="marcelina@example.com",
            invitation_token="Z1uX3RbwcIl5fIGJJJCXXisdI",
            ip_address="192.0.2.1",
            user_agent="Mozilla/5.0",
        ),
        {
            "email": "marcelina@example.com",
            "invitation_token": "Z1uX3RbwcIl5fIGJJJCXXisdI",
            "ip_address": "192.0.2.1",
            "user_agent": "Mozilla/5.0",
        },
    ),
    "workos_magic_auth_get": Case(
        lambda w: w.user_management.get_magic_auth(MAGIC_AUTH), {"id": MAGIC_AUTH}
    ),
    "workos_mfa_factor_enroll": Case(
        lambda w: w.multi_factor_auth.enroll_factor(type="sms", phone_number="+15555550123", user_id=USER),
        {"type": "sms", "phone_number": "+15555550123", "user_id": USER},
    ),
    "workos_mfa_factor_enroll#totp": Case(
        lambda w: w.multi_factor_auth.enroll_factor(
            type="totp", totp_issuer="Acme", totp_user="marcelina@example.com"
        ),
        {"type": "totp", "totp_issuer": "Acme", "totp_user": "marcelina@example.com"},
    ),
    "workos_organization_api_key_create": Case(
        lambda w: w.api_keys.create_organization_api_key(
            ORG, name="CI", permissions=["posts:read"], expires_at="2027-01-01T00:00:00Z"
        ),
        {
            "organization_id": ORG,
            "name": "CI",
            "permissions": ["posts:read"],
            "expires_at": "2027-01-01T00:00:00Z",
        },
    ),
    "workos_organization_api_keys_list": Case(
        lambda w: w.api_keys.list_organization_api_keys(ORG, limit=10, order="asc"),
        {"organization_id": ORG, "limit": 10, "order": "asc"},
    ),
    "workos_organization_domain_create": Case(
        lambda w: w.organization_domains.create_organization_domain(domain="acme.com", organization_id=ORG),
        {"domain": "acme.com", "organization_id": ORG},
    ),
    "workos_organization_domain_delete": Case(
        lambda w: w.organization_domains.delete_organization_domain(DOMAIN), {"id": DOMAIN}
    ),
    "workos_organization_domain_get": Case(
        lambda w: w.organization_domains.get_organization_domain(DOMAIN), {"id": DOMAIN}
    ),
    "workos_organization_domain_verify": Case(
        lambda w: w.organization_domains.verify_organization_domain(DOMAIN), {"id": DOMAIN}
    ),
    "workos_organization_feature_flags_list": Case(
        lambda w: w.feature_flags.list_organization_feature_flags(ORG, limit=10, order="desc"),
        {"organization_id": ORG, "limit": 10, "order": "desc"},
    ),
    "workos_organization_get_by_external_id": Case(
        lambda w: w.organizations.get_organization_by_external_id("acme-1"), {"external_id": "acme-1"}
    ),
    "workos_organization_membership_deactivate": Case(
        lambda w: w.organization_membership.deactivate_organization_membership(MEMBERSHIP),
        {"id": MEMBERSHIP},
    ),
    "workos_organization_membership_groups_list": Case(
        lambda w: w.organization_membership.list_organization_membership_groups(
            MEMBERSHIP, limit=10, order="asc"
        ),
        {"organization_membership_id": MEMBERSHIP, "limit": 10, "order": "asc"},
    ),
    "workos_organization_membership_permissions_list": Case(
        lambda w: w.authorization.list_effective_permissions(MEMBERSHIP, RESOURCE, limit=10, order="asc"),
        {"organization_membership_id": MEMBERSHIP, "resource_id": RESOURCE, "limit": 10, "order": "asc"},
    ),
    "workos_organization_membership_permissions_list_by_external_id": Case(
        lambda w: w.authorization.list_effective_permissions_by_external_id(
            MEMBERSHIP, "document", "doc-1", limit=10, order="asc"
        ),
        {
            "organization_membership_id": MEMBERSHIP,
            "resource_type_slug": "document",
            "external_id": "doc-1",
            "limit": 10,
            "order": "asc",
        },
    ),
    "workos_organization_membership_reactivate": Case(
        lambda w: w.organization_membership.reactivate_organization_membership(MEMBERSHIP),
        {"id": MEMBERSHIP},
    ),
    "workos_organization_membership_resources_list": Case(
        lambda w: w.authorization.list_resources_for_membership(
            MEMBERSHIP,
            permission_slug="documents:read",
            parent_resource=ParentResourceById(RESOURCE),
            limit=10,
            order="asc",
        ),
        {
            "organization_membership_id": MEMBERSHIP,
            "permission_slug": "documents:read",
            "parent_resource_id": RESOURCE,
            "limit": 10,
            "order": "asc",
        },
    ),
    "workos_organization_membership_resources_list#external": Case(
        lambda w: w.authorization.list_resources_for_membership(
            MEMBERSHIP,
            permission_slug="documents:read",
            parent_resource=ParentResourceByExternalId("folder", "folder-1"),
            order="desc",
        ),
        {
            "organization_membership_id": MEMBERSHIP,
            "permission_slug": "documents:read",
            "parent_resource_type_slug": "folder",
            "parent_resource_external_id": "folder-1",
            "order": "desc",
        },
    ),
    "workos_organization_role_create": Case(
        lambda w: w.authorization.create_organization_role(
            ORG, name="Billing admin", slug="org-billing-admin", description="Pays", resource_type_slug="workspace"
        ),
        {
            "organization_id": ORG,
            "name": "Billing admin",
            "slug": "org-billing-admin",
            "description": "Pays",
            "resource_type_slug": "workspace",
        },
    ),
    "workos_organization_role_delete": Case(
        lambda w: w.authorization.delete_organization_role(ORG, "org-billing-admin"),
        {"organization_id": ORG, "slug": "org-billing-admin"},
    ),
    "workos_organization_role_get": Case(
        lambda w: w.authorization.get_organization_role(ORG, "org-billing-admin"),
        {"organization_id": ORG, "slug": "org-billing-admin"},
    ),
    "workos_organization_role_permission_add": Case(
        lambda w: w.authorization.add_organization_role_permission(
            ORG, "org-billing-admin", body_slug="invoices:read"
        ),
        {"organization_id": ORG, "role_slug": "org-billing-admin", "slug": "invoices:read"},
    ),
    "workos_organization_role_permission_remove": Case(
        lambda w: w.authorization.remove_organization_role_permission(
            ORG, "org-billing-admin", "invoices:read"
        ),
        {"organization_id": ORG, "role_slug": "org-billing-admin", "permission_slug": "invoices:read"},
    ),
    "workos_organization_role_permissions_set": Case(
        lambda w: w.authorization.set_organization_role_permissions(
            ORG, "org-billing-admin", permissions=["invoices:read", "invoices:pay"]
        ),
        {
            "organization_id": ORG,
            "role_slug": "org-billing-admin",
            "permissions": ["invoices:read", "invoices:pay"],
        },
    ),
    "workos_organization_role_update": Case(
        lambda w: w.authorization.update_organization_role(
            ORG, "org-billing-admin", name="Billing", description="Pays invoices"
        ),
        {"organization_id": ORG, "slug": "org-billing-admin", "name": "Billing", "description": "Pays invoices"},
    ),
    "workos_organization_roles_list": Case(
        lambda w: w.authorization.list_organization_roles(ORG), {"organization_id": ORG}
    ),
    "workos_password_reset_create": Case(
        lambda w: w.user_management.reset_password(email="marcelina@example.com"),
        {"email": "marcelina@example.com"},
    ),
    "workos_password_reset_get": Case(
        lambda w: w.user_management.get_password_reset(PASSWORD_RESET), {"id": PASSWORD_RESET}
    ),
    "workos_permission_check": Case(
        lambda w: w.authorization.check(
            MEMBERSHIP, permission_slug="documents:read", resource_target=ResourceTargetById(RESOURCE)
        ),
        {"organization_membership_id": MEMBERSHIP, "permission_slug": "documents:read", "resource_id": RESOURCE},
    ),
    "workos_permission_check#external": Case(
        lambda w: w.authorization.check(
            MEMBERSHIP,
            permission_slug="documents:read",
            resource_target=ResourceTargetByExternalId("doc-1", "document"),
        ),
        {
            "organization_membership_id": MEMBERSHIP,
            "permission_slug": "documents:read",
            "resource_external_id": "doc-1",
            "resource_type_slug": "document",
        },
    ),
    "workos_permission_create": Case(
        lambda w: w.authorization.create_permission(
            slug="documents:read", name="Read documents", description="View", resource_type_slug="document"
        ),
        {
            "slug": "documents:read",
            "name": "Read documents",
            "description": "View",
            "resource_type_slug": "document",
        },
    ),
    "workos_permission_delete": Case(
        lambda w: w.authorization.delete_permission("documents:read"), {"slug": "documents:read"}
    ),
    "workos_permission_get": Case(
        lambda w: w.authorization.get_permission("documents:read"), {"slug": "documents:read"}
    ),
    "workos_permission_update": Case(
        lambda w: w.authorization.update_permission("documents:read", name="Read docs", description="View them"),
        {"slug": "documents:read", "name": "Read docs", "description": "View them"},
    ),
    "workos_permissions_list": Case(
        lambda w: w.authorization.list_permissions(limit=100, order="asc"), {"limit": 100, "order": "asc"}
    ),
    "workos_radar_challenge_get": Case(
        lambda w: w.user_management.get_radar_challenge(RADAR_CHALLENGE), {"id": RADAR_CHALLENGE}
    ),
    "workos_radar_challenge_send": Case(
        lambda w: w.user_management.create_radar_challenge(
            user_id=USER,
            pending_authentication_token="pat_abc",
            phone_number="+15555550123",
            ip_address="192.0.2.1",
            user_agent="Mozilla/5.0",
        ),
        {
            "user_id": USER,
            "pending_authentication_token": "pat_abc",
            "phone_number": "+15555550123",
            "ip_address": "192.0.2.1",
            "user_agent": "Mozilla/5.0",
        },
    ),
    "workos_redirect_uri_create": Case(
        lambda w: w.user_management.create_redirect_uri(uri="https://app.example.com/callback"),
        {"uri": "https://app.example.com/callback"},
    ),
    "workos_redirect_uri_delete": Case(
        lambda w: w.user_management.delete_redirect_uris(REDIRECT_URI), {"id": REDIRECT_URI}
    ),
    "workos_redirect_uris_list": Case(
        lambda w: w.user_management.list_redirect_uris(limit=10, order="asc"), {"limit": 10, "order": "asc"}
    ),
    "workos_resource_create": Case(
        lambda w: w.authorization.create_resource(
            external_id="doc-1",
            name="Roadmap",
            description="Plans",
            resource_type_slug="document",
            organization_id=ORG,
            parent_resource=ParentResourceById(RESOURCE),
        ),
        {
            "external_id": "doc-1",
            "name": "Roadmap",
            "description": "Plans",
            "resource_type_slug": "document",
            "organization_id": ORG,
            "parent_resource_id": RESOURCE,
        },
    ),
    "workos_resource_create#external": Case(
        lambda w: w.authorization.create_resource(
            external_id="doc-2",
            name="Budget",
            resource_type_slug="document",
            organization_id=ORG,
            parent_resource=ParentResourceByExternalId("folder", "folder-1"),
        ),
        {
            "external_id": "doc-2",
            "name": "Budget",
            "resource_type_slug": "document",
            "organization_id": ORG,
            "parent_resource_type_slug": "folder",
            "parent_resource_external_id": "folder-1",
        },
    ),
    "workos_resource_delete": Case(
        lambda w: w.authorization.delete_resource(RESOURCE, cascade_delete=True),
        {"resource_id": RESOURCE, "cascade_delete": True},
    ),
    "workos_resource_delete_by_external_id": Case(
        lambda w: w.authorization.delete_resource_by_external_id(ORG, "document", "doc-1", cascade_delete=False),
        {"organization_id": ORG, "resource_type_slug": "document", "external_id": "doc-1", "cascade_delete": False},
    ),
    "workos_resource_get": Case(lambda w: w.authorization.get_resource(RESOURCE), {"resource_id": RESOURCE}),
    "workos_resource_get_by_external_id": Case(
        lambda w: w.authorization.get_resource_by_external_id(ORG, "document", "doc-1"),
        {"organization_id": ORG, "resource_type_slug": "document", "external_id": "doc-1"},
    ),
    "workos_resource_organization_memberships_list": Case(
        lambda w: w.authorization.list_memberships_for_resource(
            RESOURCE, permission_slug="documents:read", assignment="direct", limit=10, order="asc"
        ),
        {
            "resource_id": RESOURCE,
            "permission_slug": "documents:read",
            "assignment": "direct",
            "limit": 10,
            "order": "asc",
        },
    ),
    "workos_resource_organization_memberships_list_by_external_id": Case(
        lambda w: w.authorization.list_memberships_for_resource_by_external_id(
            ORG, "document", "doc-1", permission_slug="documents:read", order="desc"
        ),
        {
            "organization_id": ORG,
            "resource_type_slug": "document",
            "external_id": "doc-1",
            "permission_slug": "documents:read",
            "order": "desc",
        },
    ),
    "workos_resource_role_assignments_list": Case(
        lambda w: w.authorization.list_role_assignments_for_resource(
            RESOURCE, role_slug="editor", limit=10, order="asc"
        ),
        {"resource_id": RESOURCE, "role_slug": "editor", "limit": 10, "order": "asc"},
    ),
    "workos_resource_role_assignments_list_by_external_id": Case(
        lambda w: w.authorization.list_role_assignments_for_resource_by_external_id(
            ORG, "document", "doc-1", role_slug="editor", order="desc"
        ),
        {
            "organization_id": ORG,
            "resource_type_slug": "document",
            "external_id": "doc-1",
            "role_slug": "editor",
            "order": "desc",
        },
    ),
    "workos_resource_update": Case(
        lambda w: w.authorization.update_resource(
            RESOURCE, name="Roadmap 2027", description="Plans", parent_resource=ParentResourceById(RESOURCE_2)
        ),
        {"resource_id": RESOURCE, "name": "Roadmap 2027", "description": "Plans", "parent_resource_id": RESOURCE_2},
    ),
    "workos_resource_update_by_external_id": Case(
        lambda w: w.authorization.update_resource_by_external_id(
            ORG,
            "document",
            "doc-1",
            name="Roadmap 2027",
            parent_resource=ParentResourceByExternalId("folder", "folder-2"),
        ),
        {
            "organization_id": ORG,
            "resource_type_slug": "document",
            "external_id": "doc-1",
            "name": "Roadmap 2027",
            "parent_resource_type_slug": "folder",
            "parent_resource_external_id": "folder-2",
        },
    ),
    "workos_resources_list": Case(
        lambda w: w.authorization.list_resources(
            organization_id=ORG,
            resource_type_slug="document",
            resource_external_id="doc-1",
            parent=ParentById(RESOURCE),
            limit=10,
            order="asc",
        ),
        {
            "organization_id": ORG,
            "resource_type_slug": "document",
            "resource_external_id": "doc-1",
            "parent_resource_id": RESOURCE,
            "limit": 10,
            "order": "asc",
        },
    ),
    "workos_resources_list#external": Case(
        lambda w: w.authorization.list_resources(
            parent=ParentByExternalId("folder", "folder-1"), order="desc"
        ),
        {"parent_resource_type_slug": "folder", "parent_external_id": "folder-1", "order": "desc"},
    ),
    "workos_role_assignment_create": Case(
        lambda w: w.authorization.assign_role(
            MEMBERSHIP, role_slug="editor", resource_target=ResourceTargetById(RESOURCE)
        ),
        {"organization_membership_id": MEMBERSHIP, "role_slug": "editor", "resource_id": RESOURCE},
    ),
    "workos_role_assignment_create#external": Case(
        lambda w: w.authorization.assign_role(
            MEMBERSHIP, role_slug="editor", resource_target=ResourceTargetByExternalId("doc-1", "document")
        ),
        {
            "organization_membership_id": MEMBERSHIP,
            "role_slug": "editor",
            "resource_external_id": "doc-1",
            "resource_type_slug": "document",
        },
    ),
    "workos_role_assignment_delete": Case(
        lambda w: w.authorization.remove_role_assignment(MEMBERSHIP, ROLE_ASSIGNMENT),
        {"organization_membership_id": MEMBERSHIP, "role_assignment_id": ROLE_ASSIGNMENT},
    ),
    "workos_role_assignment_delete_by_role": Case(
        lambda w: w.authorization.remove_role(
            MEMBERSHIP, role_slug="editor", resource_target=ResourceTargetById(RESOURCE)
        ),
        {"organization_membership_id": MEMBERSHIP, "role_slug": "editor", "resource_id": RESOURCE},
    ),
    "workos_role_assignments_list": Case(
        lambda w: w.authorization.list_role_assignments(
            MEMBERSHIP, resource_external_id="doc-1", resource_type_slug="document", limit=10, order="asc"
        ),
        {
            "organization_membership_id": MEMBERSHIP,
            "resource_external_id": "doc-1",
            "resource_type_slug": "document",
            "limit": 10,
            "order": "asc",
        },
    ),
    "workos_role_create": Case(
        lambda w: w.authorization.create_environment_role(
            slug="editor", name="Editor", description="Edits", resource_type_slug="document"
        ),
        {"slug": "editor", "name": "Editor", "description": "Edits", "resource_type_slug": "document"},
    ),
    "workos_role_get": Case(lambda w: w.authorization.get_environment_role("editor"), {"slug": "editor"}),
    "workos_role_permission_add": Case(
        lambda w: w.authorization.add_environment_role_permission("editor", body_slug="documents:write"),
        {"role_slug": "editor", "slug": "documents:write"},
    ),
    "workos_role_permissions_set": Case(
        lambda w: w.authorization.set_environment_role_permissions(
            "editor", permissions=["documents:read", "documents:write"]
        ),
        {"role_slug": "editor", "permissions": ["documents:read", "documents:write"]},
    ),
    "workos_role_update": Case(
        lambda w: w.authorization.update_environment_role("editor", name="Writer", description="Writes"),
        {"slug": "editor", "name": "Writer", "description": "Writes"},
    ),
    "workos_roles_list": Case(lambda w: w.authorization.list_environment_roles(), {}),
    "workos_session_revoke": Case(
        lambda w: w.user_management.revoke_session(session_id=SESSION), {"session_id": SESSION}
    ),
    "workos_sessions_list": Case(
        lambda w: w.user_management.list_sessions(USER, limit=10, order="asc"),
        {"id": USER, "limit": 10, "order": "asc"},
    ),
    "workos_sso_authorization_url": Case(
        lambda w: w.sso.get_authorization_url(
            redirect_uri="https://app.example.com/callback",
            organization=ORG,
            state="xyz",
            domain_hint="acme.com",
            login_hint="marcelina@example.com",
            nonce="n-0S6_WzA2Mj",
            prompt="login",
        ),
        {
            "client_id": CLIENT,
            "redirect_uri": "https://app.example.com/callback",
            "organization": ORG,
            "state": "xyz",
            "domain_hint": "acme.com",
            "login_hint": "marcelina@example.com",
            "nonce": "n-0S6_WzA2Mj",
            "prompt": "login",
        },
        page=True,
    ),
    "workos_sso_authorization_url#provider": Case(
        lambda w: w.sso.get_authorization_url(
            redirect_uri="https://app.example.com/callback",
            provider="GoogleOAuth",
            provider_scopes=["openid", "profile"],
            client_id="client_other",
        ),
        {
            "client_id": "client_other",
            "redirect_uri": "https://app.example.com/callback",
            "provider": "GoogleOAuth",
            "provider_scopes": ["openid", "profile"],
        },
        page=True,
    ),
    "workos_sso_authorization_url#connection": Case(
        lambda w: w.sso.get_authorization_url(
            redirect_uri="https://app.example.com/callback?from=sso", connection=CONN
        ),
        {
            "client_id": CLIENT,
            "redirect_uri": "https://app.example.com/callback?from=sso",
            "connection": CONN,
        },
        page=True,
    ),
    "workos_sso_jwks_get": Case(lambda w: w.user_management.get_jwks(CLIENT), {"client_id": CLIENT}),
    "workos_sso_logout_authorize": Case(
        lambda w: w.sso.authorize_logout(profile_id=PROFILE), {"profile_id": PROFILE}
    ),
    "workos_sso_logout_url": Case(
        lambda w: w.sso.get_logout_url(token="eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
        {"token": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"},
        page=True,
    ),
    "workos_user_api_key_create": Case(
        lambda w: w.user_management.create_user_api_key(
            USER, name="Laptop", organization_id=ORG, permissions=["posts:read"], expires_at="2027-01-01T00:00:00Z"
        ),
        {
            "user_id": USER,
            "name": "Laptop",
            "organization_id": ORG,
            "permissions": ["posts:read"],
            "expires_at": "2027-01-01T00:00:00Z",
        },
    ),
    "workos_user_api_keys_list": Case(
        lambda w: w.user_management.list_user_api_keys(USER, organization_id=ORG, limit=10, order="asc"),
        {"user_id": USER, "organization_id": ORG, "limit": 10, "order": "asc"},
    ),
    "workos_user_email_change_send": Case(
        lambda w: w.user_management.send_email_change(USER, new_email="marcie@example.com"),
        {"id": USER, "new_email": "marcie@example.com"},
    ),
    "workos_user_email_verification_send": Case(
        lambda w: w.user_management.send_verification_email(USER), {"id": USER}
    ),
    "workos_user_feature_flags_list": Case(
        lambda w: w.feature_flags.list_user_feature_flags(USER, limit=10, order="asc"),
        {"user_id": USER, "limit": 10, "order": "asc"},
    ),
    "workos_user_get_by_external_id": Case(
        lambda w: w.user_management.get_user_by_external_id("md-1"), {"external_id": "md-1"}
    ),
    "workos_user_identities_list": Case(
        lambda w: w.user_management.get_user_identities(USER), {"id": USER}
    ),
    "workos_webhook_endpoint_create": Case(
        lambda w: w.webhooks.create_webhook_endpoint(
            endpoint_url="https://app.example.com/webhooks", events=["user.created", "dsync.user.created"]
        ),
        {"endpoint_url": "https://app.example.com/webhooks", "events": ["user.created", "dsync.user.created"]},
    ),
    "workos_webhook_endpoint_delete": Case(
        lambda w: w.webhooks.delete_webhook_endpoint(WEBHOOK_ENDPOINT), {"id": WEBHOOK_ENDPOINT}
    ),
    "workos_webhook_endpoint_update": Case(
        lambda w: w.webhooks.update_webhook_endpoint(
            WEBHOOK_ENDPOINT, endpoint_url="https://app.example.com/hooks", status="disabled", events=["user.deleted"]
        ),
        {
            "id": WEBHOOK_ENDPOINT,
            "endpoint_url": "https://app.example.com/hooks",
            "status": "disabled",
            "events": ["user.deleted"],
        },
    ),
    "workos_webhook_endpoints_list": Case(
        lambda w: w.webhooks.list_webhook_endpoints(limit=10, order="asc"), {"limit": 10, "order": "asc"}
    ),
    "workos_widget_token_create": Case(
        lambda w: w.widgets.create_token(
            organization_id=ORG, user_id=USER, scopes=["widgets:users-table:manage"]
        ),
        {"organization_id": ORG, "user_id": USER, "scopes": ["widgets:users-table:manage"]},
    ),
    "workos_authkit_login_complete": Case(
        lambda w: w.connect.complete_oauth2(
            external_auth_id="ext_auth_01HXYZ",
            user=UserObject(
                id="u-42", email="marcelina@example.com", first_name="Marcelina", metadata={"plan": "pro"}
            ),
        ),
        {
            "external_auth_id": "ext_auth_01HXYZ",
            "user": {
                "id": "u-42",
                "email": "marcelina@example.com",
                "first_name": "Marcelina",
                "metadata": {"plan": "pro"},
            },
        },
    ),
    "workos_password_reset_confirm": Case(
        lambda w: w.user_management.confirm_password_reset(
            token="stpIJ48IFJt0HhSIqjf8eppe0", new_password="i8uv6g34kd490s"
        ),
        {"token": "stpIJ48IFJt0HhSIqjf8eppe0", "new_password": "i8uv6g34kd490s"},
    ),
    "workos_sso_token_create": Case(
        lambda w: w.sso.get_profile_and_token(code="01E2RJ4C05B52KKZ8FSRDAP23J"),
        {
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "code": "01E2RJ4C05B52KKZ8FSRDAP23J",
            "grant_type": "authorization_code",
        },
    ),
    "workos_user_authenticate": Case(
        lambda w: w.user_management.authenticate_with_password(
            email="marcelina@example.com",
            password="i8uv6g34kd490s",
            ip_address="192.0.2.1",
            user_agent="Mozilla/5.0",
        ),
        {
            "grant_type": "password",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "email": "marcelina@example.com",
            "password": "i8uv6g34kd490s",
            "ip_address": "192.0.2.1",
            "user_agent": "Mozilla/5.0",
        },
    ),
    "workos_user_authenticate#code": Case(
        lambda w: w.user_management.authenticate_with_code(
            code="01E2RJ4C05B52KKZ8FSRDAP23J",
            code_verifier="dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            invitation_token="Z1uX3RbwcIl5fIGJJJCXXisdI",
        ),
        {
            "grant_type": "authorization_code",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "code": "01E2RJ4C05B52KKZ8FSRDAP23J",
            "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "invitation_token": "Z1uX3RbwcIl5fIGJJJCXXisdI",
        },
    ),
    "workos_user_authenticate#refresh_token": Case(
        lambda w: w.user_management.authenticate_with_refresh_token(
            refresh_token="yAjhKk123NLIjdrBdGZPf8pLIDvK", organization_id=ORG
        ),
        {
            "grant_type": "refresh_token",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "refresh_token": "yAjhKk123NLIjdrBdGZPf8pLIDvK",
            "organization_id": ORG,
        },
    ),
    "workos_user_authenticate#magic_auth": Case(
        lambda w: w.user_management.authenticate_with_magic_auth(
            code="123456", email="marcelina@example.com"
        ),
        {
            "grant_type": "urn:workos:oauth:grant-type:magic-auth:code",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "code": "123456",
            "email": "marcelina@example.com",
        },
    ),
    "workos_user_authenticate#email_verification": Case(
        lambda w: w.user_management.authenticate_with_email_verification(
            code="123456", pending_authentication_token="pat_abc"
        ),
        {
            "grant_type": "urn:workos:oauth:grant-type:email-verification:code",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "code": "123456",
            "pending_authentication_token": "pat_abc",
        },
    ),
    "workos_user_authenticate#totp": Case(
        lambda w: w.user_management.authenticate_with_totp(
            code="123456", pending_authentication_token="pat_abc", authentication_challenge_id=CHALLENGE
        ),
        {
            "grant_type": "urn:workos:oauth:grant-type:mfa-totp",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "code": "123456",
            "pending_authentication_token": "pat_abc",
            "authentication_challenge_id": CHALLENGE,
        },
    ),
    "workos_user_authenticate#organization_selection": Case(
        lambda w: w.user_management.authenticate_with_organization_selection(
            pending_authentication_token="pat_abc", organization_id=ORG
        ),
        {
            "grant_type": "urn:workos:oauth:grant-type:organization-selection",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "pending_authentication_token": "pat_abc",
            "organization_id": ORG,
        },
    ),
    "workos_user_authenticate#device_code": Case(
        lambda w: w.user_management.authenticate_with_device_code(device_code="ETaHpDNhfxu0HyLhp6b8HGSh26NzYJSKw3TT6aS0"),
        {
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "client_id": CLIENT,
            "device_code": "ETaHpDNhfxu0HyLhp6b8HGSh26NzYJSKw3TT6aS0",
        },
    ),
    "workos_user_authenticate#radar_email": Case(
        lambda w: w.user_management.authenticate_with_radar_email_challenge(
            code="123456", radar_challenge_id=RADAR_CHALLENGE, pending_authentication_token="pat_abc"
        ),
        {
            "grant_type": "urn:workos:oauth:grant-type:radar-email-challenge:code",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "code": "123456",
            "radar_challenge_id": RADAR_CHALLENGE,
            "pending_authentication_token": "pat_abc",
        },
    ),
    "workos_user_authenticate#radar_sms": Case(
        lambda w: w.user_management.authenticate_with_radar_sms_challenge(
            code="123456", verification_id="verif_01HXYZ", pending_authentication_token="pat_abc"
        ),
        {
            "grant_type": "urn:workos:oauth:grant-type:radar-sms-challenge:code",
            "client_id": CLIENT,
            "client_secret": SDK_KEY,
            "code": "123456",
            "verification_id": "verif_01HXYZ",
            "pending_authentication_token": "pat_abc",
        },
    ),
    "workos_user_email_change_confirm": Case(
        lambda w: w.user_management.confirm_email_change(USER, code="123456"),
        {"id": USER, "code": "123456"},
    ),
    "workos_user_email_verification_confirm": Case(
        lambda w: w.user_management.verify_email(USER, code="123456"), {"id": USER, "code": "123456"}
    ),
    "workos_agent_claim_attempt_link": Case(
        lambda w: w.agents.update_attempts(
            type="link_external_user",
            claim_attempt_token="cat_abc",
            user=AgentAdminLinkClaimAttemptToExternalUserRequestUser.from_dict(
                {"email": "marcelina@example.com", "external_id": "md-1"}
            ),
            organization_id=ORG,
        ),
        {
            "type": "link_external_user",
            "claim_attempt_token": "cat_abc",
            "user": {"email": "marcelina@example.com", "external_id": "md-1"},
            "organization_id": ORG,
        },
    ),
    "workos_agent_credential_validate": Case(
        lambda w: w.agents.create_validate(type="api_key", credential="sk_agent_abc", audience="https://api.example.com"),
        {"type": "api_key", "credential": "sk_agent_abc", "audience": "https://api.example.com"},
    ),
    "workos_connected_account_api_key_set": Case(
        lambda w: w.pipes.update_data_integration_api_key(
            "openai", user_id=USER, secret="sk-openai", organization_id=ORG
        ),
        {"slug": "openai", "user_id": USER, "secret": "sk-openai", "organization_id": ORG},
    ),
    "workos_connected_account_client_credentials_set": Case(
        lambda w: w.pipes.update_data_integration_client_credentials(
            "salesforce", user_id=USER, client_id="sf_client", client_secret="sf_secret", config={"region": "eu"}
        ),
        {
            "slug": "salesforce",
            "user_id": USER,
            "client_id": "sf_client",
            "client_secret": "sf_secret",
            "config": {"region": "eu"},
        },
    ),
    "workos_connected_account_import": Case(
        lambda w: w.pipes.create_user_connected_account(
            USER,
            "github",
            access_token="gho_abc",
            refresh_token="ghr_abc",
            expires_at="2026-06-01T00:00:00Z",
            scopes=["repo"],
            organization_id=ORG,
        ),
        {
            "user_id": USER,
            "slug": "github",
            "access_token": "gho_abc",
            "refresh_token": "ghr_abc",
            "expires_at": "2026-06-01T00:00:00Z",
            "scopes": ["repo"],
            "organization_id": ORG,
        },
    ),
    "workos_connected_account_update": Case(
        lambda w: w.pipes.update_user_connected_account(
            USER, "github", access_token="gho_def", scopes=["repo", "read:org"], organization_id=ORG
        ),
        {
            "user_id": USER,
            "slug": "github",
            "access_token": "gho_def",
            "scopes": ["repo", "read:org"],
            "organization_id": ORG,
        },
    ),
    "workos_data_integration_create": Case(
        lambda w: w.pipes.create_data_integration(
            provider="github", description="Repositories", enabled=True, scopes=["repo"], config={"org": "acme"}
        ),
        {
            "provider": "github",
            "description": "Repositories",
            "enabled": True,
            "scopes": ["repo"],
            "config": {"org": "acme"},
        },
    ),
    "workos_data_integration_update": Case(
        lambda w: w.pipes.update_data_integration("github", description="Code", enabled=False, scopes=["repo"]),
        {"slug": "github", "description": "Code", "enabled": False, "scopes": ["repo"]},
    ),
    "workos_agent_registration_get": Case(
        lambda w: w.agents.get_registration("agent_registration_01HXYZ"), {"id": "agent_registration_01HXYZ"}
    ),
    "workos_connect_application_create": Case(
        lambda w: w.connect.create_application(
            body={
                "name": "Acme CLI",
                "application_type": "oauth",
                "description": "Command line",
                "scopes": ["openid"],
                "uses_pkce": True,
                "is_first_party": False,
                "organization_id": ORG,
            }
        ),
        {
            "name": "Acme CLI",
            "application_type": "oauth",
            "description": "Command line",
            "scopes": ["openid"],
            "uses_pkce": True,
            "is_first_party": False,
            "organization_id": ORG,
        },
    ),
    "workos_connect_application_delete": Case(
        lambda w: w.connect.delete_application(APP), {"id": APP}
    ),
    "workos_connect_application_get": Case(lambda w: w.connect.get_application(APP), {"id": APP}),
    "workos_connect_application_secret_create": Case(
        lambda w: w.connect.create_application_client_secret(APP), {"id": APP}
    ),
    "workos_connect_application_secret_delete": Case(
        lambda w: w.connect.delete_client_secret("secret_01HXYZ"), {"id": "secret_01HXYZ"}
    ),
    "workos_connect_application_secrets_list": Case(
        lambda w: w.connect.list_application_client_secrets(APP), {"id": APP}
    ),
    "workos_connect_application_update": Case(
        lambda w: w.connect.update_application(
            APP, name="Acme CLI", description="Command line", scopes=["openid", "profile"]
        ),
        {"id": APP, "name": "Acme CLI", "description": "Command line", "scopes": ["openid", "profile"]},
    ),
    "workos_connect_applications_list": Case(
        lambda w: w.connect.list_applications(organization_id=ORG, limit=10, order="asc"),
        {"organization_id": ORG, "limit": 10, "order": "asc"},
    ),
    "workos_connected_account_delete": Case(
        lambda w: w.pipes.delete_user_connected_account(USER, "github", organization_id=ORG),
        {"user_id": USER, "slug": "github", "organization_id": ORG},
    ),
    "workos_connected_account_get": Case(
        lambda w: w.pipes.get_user_connected_account(USER, "github", organization_id=ORG),
        {"user_id": USER, "slug": "github", "organization_id": ORG},
    ),
    "workos_connected_account_token_get": Case(
        lambda w: w.pipes.get_access_token("github", user_id=USER, organization_id=ORG),
        {"slug": "github", "user_id": USER, "organization_id": ORG},
    ),
    "workos_connected_account_credentials_get": Case(
        lambda w: w.pipes.create_data_integration_credential("github", user_id=USER, organization_id=ORG),
        {"slug": "github", "user_id": USER, "organization_id": ORG},
    ),
    "workos_connected_account_authorize": Case(
        lambda w: w.pipes.authorize_data_integration(
            "github", user_id=USER, organization_id=ORG, return_to="https://app.example.com/done"
        ),
        {"slug": "github", "user_id": USER, "organization_id": ORG, "return_to": "https://app.example.com/done"},
    ),
    "workos_data_integration_delete": Case(
        lambda w: w.pipes.delete_data_integration("github"), {"slug": "github"}
    ),
    "workos_data_integration_get": Case(lambda w: w.pipes.get_data_integration("github"), {"slug": "github"}),
    "workos_data_integrations_list": Case(
        lambda w: w.pipes.list_data_integrations(limit=10, order="asc"), {"limit": 10, "order": "asc"}
    ),
    "workos_organization_authorized_applications_list": Case(
        lambda w: w.organizations.list_authorized_applications(ORG, limit=10, order="asc"),
        {"organization_id": ORG, "limit": 10, "order": "asc"},
    ),
    "workos_organization_data_integrations_list": Case(
        lambda w: w.pipes_provider.list_organization_data_integration_configurations(ORG),
        {"organization_id": ORG},
    ),
    "workos_organization_data_integration_set": Case(
        lambda w: w.pipes_provider.update_organization_data_integration_configuration(
            ORG, "github", enabled=True, scopes=["repo"], client_id="gh_client", client_secret="gh_secret"
        ),
        {
            "organization_id": ORG,
            "slug": "github",
            "enabled": True,
            "scopes": ["repo"],
            "client_id": "gh_client",
            "client_secret": "gh_secret",
        },
    ),
    "workos_radar_attempt_create": Case(
        lambda w: w.radar.create_attempt(
            ip_address="192.0.2.1",
            user_agent="Mozilla/5.0",
            email="marcelina@example.com",
            auth_method="Password",
            action="sign-in",
        ),
        {
            "ip_address": "192.0.2.1",
            "user_agent": "Mozilla/5.0",
            "email": "marcelina@example.com",
            "auth_method": "Password",
            "action": "sign-in",
        },
    ),
    "workos_radar_attempt_update": Case(
        lambda w: w.radar.update_attempt("radar_att_01HXYZ", challenge_status="success"),
        {"id": "radar_att_01HXYZ", "challenge_status": "success"},
    ),
    "workos_radar_list_entry_add": Case(
        lambda w: w.radar.add_list_entry("ip_address", "block", entry="198.51.100.7"),
        {"type": "ip_address", "action": "block", "entry": "198.51.100.7"},
    ),
    "workos_radar_list_entry_remove": Case(
        lambda w: w.radar.remove_list_entry("ip_address", "block", entry="198.51.100.7"),
        {"type": "ip_address", "action": "block", "entry": "198.51.100.7"},
    ),
    "workos_user_data_providers_list": Case(
        lambda w: w.pipes.list_user_data_providers(USER, organization_id=ORG),
        {"user_id": USER, "organization_id": ORG},
    ),
    "workos_vault_data_key_create": Case(
        lambda w: w.vault.create_data_key(context={"organization_id": ORG}),
        {"context": {"organization_id": ORG}},
    ),
    "workos_vault_data_key_decrypt": Case(
        lambda w: w.vault.create_decrypt(keys="ZW5jcnlwdGVk"), {"keys": "ZW5jcnlwdGVk"}
    ),
    "workos_vault_data_key_rekey": Case(
        lambda w: w.vault.create_rekey(encrypted_keys="ZW5jcnlwdGVk", context={"organization_id": ORG}),
        {"encrypted_keys": "ZW5jcnlwdGVk", "context": {"organization_id": ORG}},
    ),
    "workos_vault_object_create": Case(
        lambda w: w.vault.create_kv(name="stripe-key", value="sk_abc", key_context={"organization_id": ORG}),
        {"name": "stripe-key", "value": "sk_abc", "key_context": {"organization_id": ORG}},
    ),
    "workos_vault_object_delete": Case(
        lambda w: w.vault.delete_kv(VAULT_OBJECT, version_check="v2"),
        {"id": VAULT_OBJECT, "version_check": "v2"},
    ),
    "workos_vault_object_describe": Case(
        lambda w: w.vault.list_kv_metadata(VAULT_OBJECT), {"id": VAULT_OBJECT}
    ),
    "workos_vault_object_get": Case(lambda w: w.vault.get_kv(VAULT_OBJECT), {"id": VAULT_OBJECT}),
    "workos_vault_object_get_by_name": Case(
        lambda w: w.vault.get_name("stripe-key"), {"name": "stripe-key"}
    ),
    "workos_vault_object_update": Case(
        lambda w: w.vault.update_kv(VAULT_OBJECT, value="sk_def", version_check="v2"),
        {"id": VAULT_OBJECT, "value": "sk_def", "version_check": "v2"},
    ),
    "workos_vault_object_versions_list": Case(
        lambda w: w.vault.list_kv_versions(VAULT_OBJECT), {"id": VAULT_OBJECT}
    ),
    "workos_vault_objects_list": Case(
        lambda w: w.vault.list_kv(search="stripe", limit=10, order="asc"),
        {"search": "stripe", "limit": 10, "order": "asc"},
    ),
}

# Available actions the SDK has no method for, with the reason.
NO_SDK: dict[str, str] = {}

# Arguments of the SDK's methods above that the catalog leaves out, so no case can pass them:
# `domains` of create/update_organization (deprecated for `domain_data`), `actors` of
# audit_logs.create_export (deprecated for `actor_names`), `organization` of
# user_management.list_users (deprecated for `organization_id`), and `external_user_id` of
# admin_portal.generate_link (not in WorkOS's OpenAPI document the catalog is checked against).
# Likewise absent from that document, so from the catalog: `locale` of create_magic_auth,
# reset_password, send_email_change and send_verification_email; `search` of
# groups.list_organization_groups; `code_verifier`, `subject_token`, `subject_token_type` and
# `organization_id` of sso.get_profile_and_token. Left out on purpose (each a `drift:` entry of
# its spec): `domain` of sso.get_authorization_url (deprecated) and `provider_query_params` of
# both get_authorization_url (a map in the query; the SDK writes it as a Python dict's repr).
# The SDK also accepts enum values the document lacks: the scopes
# `widgets:user-api-keys:manage-all` and `-self` of widgets.create_token, and 20 webhook event
# types (`agent.blueprint.*`, `agent.instance.*`, `feature_flags.*`, `pipes.account_connection.*`)
# of create/update_webhook_endpoint; the CLI refuses them before any request.

# Known differences: case name -> {what differs: why}. What differs is `method`, `path`,
# `idempotency`, `query:NAME` or `body:DOTTED.PATH`, as the report prints it. A case whose every
# difference is declared is reported as "known difference"; a declaration that no longer
# matches a difference fails the run, as an undeclared difference does.
SDK_NULLS = (
    "the SDK's model writes this field as null when it is not given (its `to_dict`); the catalog "
    "sends only the fields the caller gives"
)
SDK_PATCH_NULLS = (
    SDK_NULLS + ". In this PATCH a null resets the field (to WorkOS's default, or stops tracking "
    "the metadata URL), so the SDK's request changes more than was asked; the catalog's changes "
    "only what is given, and a caller resets a field by passing null (case `#reset`)"
)
SDK_DEFAULT_ORDER = (
    "the SDK sends its default `order=desc`; the catalog sends nothing for a parameter left out, "
    "and the API's default is `desc` (the catalog's `default: desc`): the same page"
)
SDK_DATETIME = (
    "the SDK formats a `datetime` with milliseconds (`_format_datetime`); the CLI sends the "
    "timestamp as written: the same instant"
)
NO_NULL_PARAMS = (
    "the SDK clears it with null (the API takes `string | null` and `object | null` here); a "
    "parameter of the catalog cannot be nullable and a null argument is dropped, so the CLI "
    "cannot clear it"
)
EMPTY_BODY = (
    "the SDK sends no body when the action takes no body argument; the runtime sends `{}` with "
    "every POST, PUT and PATCH (`runtime/src/request.rs`: JSON endpoints take an empty object "
    "but may refuse an empty body sent as JSON): the same request to the API"
)
KNOWN: dict[str, dict[str, str]] = {
    "workos_feature_flag_disable": {"body:(whole body)": EMPTY_BODY},
    "workos_feature_flag_enable": {"body:(whole body)": EMPTY_BODY},
    "workos_feature_flag_target_add": {"body:(whole body)": EMPTY_BODY},
    "workos_invitation_accept": {"body:(whole body)": EMPTY_BODY},
    "workos_invitation_revoke": {"body:(whole body)": EMPTY_BODY},
    "workos_organization_domain_verify": {"body:(whole body)": EMPTY_BODY},
    "workos_organization_membership_deactivate": {"body:(whole body)": EMPTY_BODY},
    "workos_organization_membership_reactivate": {"body:(whole body)": EMPTY_BODY},
    "workos_group_update": {"body:description": NO_NULL_PARAMS},
    "workos_connection_create": {
        "body:attribute_maps.standard_attributes.groups": SDK_NULLS,
        "body:attribute_maps.standard_attributes.name": SDK_NULLS,
    },
    "workos_connection_update": {
        "body:attribute_maps.standard_attributes.groups": SDK_NULLS,
        "body:attribute_maps.standard_attributes.name": SDK_NULLS,
        "body:saml_options.acs_url": SDK_PATCH_NULLS,
        "body:saml_options.idp_metadata_url": SDK_PATCH_NULLS,
        "body:saml_options.sp_entity_id": SDK_PATCH_NULLS,
    },
    "workos_connection_update#oidc": {"body:oidc_options.redirect_uri": SDK_PATCH_NULLS},
    "workos_connections_list#defaults": {"query:order": SDK_DEFAULT_ORDER},
    "workos_organizations_list#defaults": {"query:order": SDK_DEFAULT_ORDER},
    "workos_events_list#datetime": {
        "query:range_start": SDK_DATETIME,
        "query:range_end": SDK_DATETIME,
    },
    "workos_organization_update#clear": {
        "body:external_id": NO_NULL_PARAMS,
        "body:metadata": NO_NULL_PARAMS,
    },
}

ASPECTS = ("method", "path", "query", "body", "idempotency")


@dataclass
class Recorded:
    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any  # parsed JSON, or None when the request has no body
    idempotency: bool

    def show(self, aspect: str) -> str:
        value = getattr(self, aspect)
        if aspect == "query":
            return "&".join(f"{k}={v}" for k, v in value) or "(none)"
        if aspect == "body":
            return "(none)" if value is None else json.dumps(value, sort_keys=True)
        if aspect == "idempotency":
            return "Idempotency-Key" if value else "no Idempotency-Key"
        return str(value)


def parse_body(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return {"<not JSON>": raw.decode("utf-8", "replace")}


def recorded(method: str, url: str, body: Any, headers: dict[str, str]) -> Recorded:
    split = urlsplit(url)
    return Recorded(
        method=method.upper(),
        path=split.path,
        query=sorted(parse_qsl(split.query, keep_blank_values=True)),
        body=body,
        idempotency=any(name.lower() == "idempotency-key" for name in headers),
    )


def same(a: Any, b: Any) -> bool:
    """JSON equality where a boolean is not a number and object key order does not count."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


ABSENT = object()


def show_json(value: Any) -> str:
    return "absent" if value is ABSENT else json.dumps(value, sort_keys=True)


def body_paths(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Where two JSON values differ: (dotted path, SDK's value, ours), objects key by key."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b)):
            sub = f"{path}.{key}" if path else key
            found += body_paths(a.get(key, ABSENT), b.get(key, ABSENT), sub)
        return found
    if a is not ABSENT and b is not ABSENT and same(a, b):
        return []
    return [(path or "(whole body)", a, b)]


def differences(sdk: Recorded, ours: Recorded) -> list[tuple[str, str]]:
    """Each difference as (key, description); the key is what `KNOWN` declares: `method`,
    `path`, `idempotency`, `query:NAME` or `body:DOTTED.PATH` (`body:(whole body)` when one
    side sends no body or a body that is not an object)."""
    found = []
    for aspect in ("method", "path", "idempotency"):
        if getattr(sdk, aspect) != getattr(ours, aspect):
            found.append((aspect, f"SDK {sdk.show(aspect)} / ours {ours.show(aspect)}"))
    for name in sorted({k for k, _ in sdk.query} | {k for k, _ in ours.query}):
        theirs = sorted(v for k, v in sdk.query if k == name)
        mine = sorted(v for k, v in ours.query if k == name)
        if theirs != mine:
            found.append((f"query:{name}", f"SDK {theirs or 'absent'} / ours {mine or 'absent'}"))
    sdk_body = ABSENT if sdk.body is None else sdk.body
    our_body = ABSENT if ours.body is None else ours.body
    if not (sdk_body is ABSENT and our_body is ABSENT):
        for path, a, b in body_paths(sdk_body, our_body):
            found.append((f"body:{path}", f"SDK {show_json(a)} / ours {show_json(b)}"))
    return found


class Recorder:
    """A loopback HTTP server that keeps every request and answers a small JSON body."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                with recorder.lock:
                    recorder.requests.append(
                        recorded(self.command, self.path, parse_body(raw), dict(self.headers))
                    )
                if self.command == "DELETE":
                    self.send_response(204)
                    self.end_headers()
                    return
                # An empty list page: decodes for list calls; other calls may fail to decode
                # it, after the request is recorded, and that failure is ignored.
                answer = b'{"object":"list","data":[],"list_metadata":{"before":null,"after":null}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_one

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self) -> list[Recorded]:
        with self.lock:
            taken, self.requests = self.requests, []
        return taken


def only_one(requests: list[Recorded], who: str) -> Recorded:
    if len(requests) != 1:
        raise RuntimeError(f"{who} sent {len(requests)} requests, expected 1")
    return requests[0]


def run_sdk(client: WorkOSClient, recorder: Recorder, case: Case) -> Recorded:
    recorder.take()
    if case.page:
        url = case.sdk(client)
        if recorder.take():
            raise RuntimeError("the SDK sent a request for a browser page")
        if not isinstance(url, str):
            raise RuntimeError(f"the SDK answered {type(url).__name__}, not a URL")
        return recorded("GET", url, None, {})
    try:
        case.sdk(client)
    except Exception as error:  # the answer may not decode into the SDK's model
        if not recorder.requests:
            raise RuntimeError(f"the SDK sent nothing: {type(error).__name__}: {error}")
    return only_one(recorder.take(), "the SDK")


def run_binary(
    binary: str, typed: str, recorder: Recorder, action: str, case: Case, dry_run: bool, withheld: bool
) -> Recorded:
    recorder.take()
    env = dict(os.environ, WORKOS_API_KEY="sk_test_fidelity", WORKOS_BASE_URL=recorder.url)
    if withheld:
        # `call` refuses it, `--dry-run` included: the typed client's dry run builds it.
        command = [typed, action, json.dumps(case.args)]
        dry_run = True
    else:
        command = [binary, "call", action, "--json", json.dumps(case.args)]
        command += ["--dry-run"] if dry_run else ["--yes"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    if case.page:
        if done.returncode != 0:
            raise RuntimeError(f"exit {done.returncode}: {done.stderr.strip()}")
        if recorder.take():
            raise RuntimeError("sent a request for a browser page")
        return recorded("GET", json.loads(done.stdout)["url"], None, {})
    if dry_run:
        if done.returncode != 0:
            raise RuntimeError(f"exit {done.returncode}: {done.stderr.strip()}")
        printed = json.loads(done.stdout)
        return recorded(printed["method"], printed["url"], printed["body"], printed["headers"])
    if not recorder.requests:
        raise RuntimeError(f"sent nothing (exit {done.returncode}): {done.stderr.strip()}")
    return only_one(recorder.take(), "the binary")


def available_actions(binary: str) -> tuple[list[str], set[str]]:
    """The available actions of the catalog, and those of them withheld from agents."""
    done = subprocess.run(
        [binary, "list", "--all", "--json"],
        env=dict(os.environ, WORKOS_API_KEY="sk_test_fidelity"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        raise SystemExit(f"{binary} list --json failed: {done.stderr.strip()}")
    rows = [row for row in json.loads(done.stdout) if row["available"]]
    withheld = {row["name"] for row in rows if row.get("for_agents") is False}
    return sorted(row["name"] for row in rows), withheld


def sdk_methods(client: WorkOSClient) -> dict[str, str]:
    """Every public method of the client's services: `service.method` -> qualified name."""
    methods: dict[str, str] = {}
    seen: set[int] = set()
    for name, attribute in vars(type(client)).items():
        if not isinstance(attribute, functools.cached_property) or name.startswith("_"):
            continue
        service = getattr(client, name)
        if id(service) in seen:  # an alias (`mfa`) of an accessor defined before it
            continue
        seen.add(id(service))
        for method, function in inspect.getmembers(type(service), inspect.isfunction):
            if not method.startswith("_"):
                methods[f"{name}.{method}"] = function.__qualname__
    return methods


def trace_calls(client: WorkOSClient, methods: dict[str, str]) -> set[str]:
    """Wraps each service method so that the methods the cases call are known."""
    called: set[str] = set()
    for key in sorted(methods):
        service_name, method = key.split(".")
        service = getattr(client, service_name)
        original = getattr(service, method)

        def traced(*args: Any, __key: str = key, __original: Any = original, **kwargs: Any) -> Any:
            called.add(__key)
            return __original(*args, **kwargs)

        setattr(service, method, traced)
    return called


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="target/debug/workos-actions", help="the workos-actions binary")
    parser.add_argument(
        "--typed",
        default="target/debug/examples/dry_run",
        help="the typed client's dry run (`cargo build -p workos-actions --example dry_run`), for "
        "the actions withheld from agents, which `call` refuses",
    )
    parser.add_argument("--dry-run", action="store_true", help="take the binary's request from --dry-run")
    parser.add_argument("--only", nargs="*", help="run these cases only")
    parser.add_argument("-v", "--verbose", action="store_true", help="print both requests of a difference")
    options = parser.parse_args()
    if not os.access(options.bin, os.X_OK):
        print(f"{options.bin}: not an executable; build it with `cargo build -p workos-actions`", file=sys.stderr)
        return 2

    actions, withheld = available_actions(options.bin)
    recorder = Recorder()
    client = WorkOSClient(
        api_key=SDK_KEY, client_id=CLIENT, base_url=recorder.url, max_retries=0
    )
    methods = sdk_methods(client)
    called = trace_calls(client, methods)

    problems = 0
    identical = known = 0
    names = [n for n in CASES if not options.only or n in options.only or n.split("#")[0] in options.only]
    for name in names:
        action = name.split("#")[0]
        case = CASES[name]
        declared = KNOWN.get(name, {})
        if action not in actions:
            print(f"{name}: not an available action of the catalog")
            problems += 1
            continue
        try:
            sdk = run_sdk(client, recorder, case)
            if action in withheld and not os.access(options.typed, os.X_OK):
                raise RuntimeError(
                    f"withheld from agents, and {options.typed} is not an executable: build it "
                    "with `cargo build -p workos-actions --example dry_run`"
                )
            ours = run_binary(
                options.bin, options.typed, recorder, action, case, options.dry_run, action in withheld
            )
        except Exception as error:
            print(f"{name}: failed: {error}")
            problems += 1
            continue
        found = differences(sdk, ours)
        unexplained = [(key, what) for key, what in found if key not in declared]
        stale = [key for key in declared if key not in {k for k, _ in found}]
        if not found and not stale:
            identical += 1
            print(f"{name}: identical")
            continue
        parts = [f"{key}: {what}" for key, what in unexplained]
        parts += [f"{key}: declared in KNOWN, identical now" for key in stale]
        if parts:
            problems += 1
            print(f"{name}: differs: " + "; ".join(parts))
        else:
            known += 1
            print(f"{name}: known difference:")
        reasons: dict[str, list[str]] = {}
        for key, what in found:
            if key in declared:
                reasons.setdefault(declared[key], []).append(f"{key}: {what}")
        for reason, lines in reasons.items():
            for line in lines:
                print(f"    {line}")
            print(f"      why: {reason}")
        if options.verbose:
            for aspect in ASPECTS:
                print(f"    SDK  {aspect}: {sdk.show(aspect)}\n    ours {aspect}: {ours.show(aspect)}")

    for name in KNOWN:
        if name not in CASES:
            print(f"{name}: declared in KNOWN but there is no such case")
            problems += 1

    covered = {name.split("#")[0] for name in CASES}
    for action in sorted(covered & set(NO_SDK)):
        print(f"{action}: in NO_SDK but it has a case")
        problems += 1
    no_case = [a for a in actions if a not in covered and a not in NO_SDK]
    print()
    print(f"workos {version('workos')} against {options.bin}"
          f" ({'dry run' if options.dry_run else 'on the wire'})")
    print(f"{identical} identical of {len(names)} cases; {known} known differences; "
          f"{len(names) - identical - known} unexplained or failed")
    print(f"{len(actions)} available actions: {len(covered & set(actions))} with a case, "
          f"{len(NO_SDK)} with no SDK method, {len(no_case)} with no case yet; "
          f"{len(withheld)} withheld from agents, built by the typed client's dry run "
          f"({options.typed})")
    for action, reason in sorted(NO_SDK.items()):
        print(f"  no SDK method: {action}: {reason}")
    for action in no_case:
        print(f"  no case yet: {action}")
    uncovered = sorted(set(methods) - called)
    if not options.only:
        print(f"{len(methods)} SDK methods, {len(called)} called by a case, {len(uncovered)} with no case:")
        by_service: dict[str, list[str]] = {}
        for key in uncovered:
            service, method = key.split(".")
            by_service.setdefault(service, []).append(method)
        for service, listed in sorted(by_service.items()):
            print(f"  {service}: {', '.join(listed)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
