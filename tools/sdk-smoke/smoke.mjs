// The official Node SDK (`@workos-inc/node`, the version package.json pins) against the emulator.
//
// Starts `workos-actions emulator --seed demo` on a free loopback port, points a `WorkOS` client
// at it (apiHostname, port, https off) and calls the SDK's methods area by area in the order an
// application would (what a later call needs is created first), checking that each answer went
// through the SDK's deserializer (camelCase fields, `object` kept) with the values sent. One line
// per method (`ok`, or `error` with the SDK's message), the areas the SDK has no method for, then
// a summary.
//
// Usage: (cd tools/sdk-smoke && npm install) && node tools/sdk-smoke/smoke.mjs
//        [--bin target/debug/workos-actions] [-v]
//
// Exit status: 0 when every method ran and checked; 1 when one failed; 2 when the emulator could
// not be started.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WorkOS } from '@workos-inc/node';

const API_KEY = 'sk_test_sdk_smoke';

// The demo seed's records the calls start from (workos-actions/src/emulator/demo_seed.json).
const SEED_ORG = 'org_01KEBVB6X9EQR8C258FDS1XZXR';
const SEED_USER = 'user_01KFZF9ST34ZHT7HJHHHTFQFFX';
const SEED_SESSION = 'session_01KKS3R5A8B7C6D5E4F3G2H1J0';
const SEED_FLAG = 'advanced-audit-logs';
const SEED_EXPORT = 'audit_log_export_01KKVC00RV2J9KD1828PHWGPK8';
const SEED_VAULT_NAME = 'acme-stripe-key';
const SEED_DATA_INTEGRATION = 'github';

class Mismatch extends Error {}

/** `value` carries `fields` (deeply equal), as the SDK's deserializer names them. */
function expect(value, fields = {}) {
  if (value === null || typeof value !== 'object') {
    throw new Mismatch(`expected an object, got ${JSON.stringify(value)}`);
  }
  for (const [name, wanted] of Object.entries(fields)) {
    const got = value[name];
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      throw new Mismatch(`${name}: sent ${JSON.stringify(wanted)}, answered ${JSON.stringify(got)}`);
    }
  }
  // Snake-case keys mean the answer skipped the SDK's deserializer.
  const raw = Object.keys(value).filter((key) => key.includes('_'));
  if (raw.length > 0) throw new Mismatch(`not deserialized: ${raw.join(', ')}`);
  return value;
}

/** A list (an AutoPaginatable's or a plain one) whose items carry `key` = `contains`. */
function list(value, contains, key = 'id', object) {
  const data = value?.data;
  if (!Array.isArray(data)) throw new Mismatch(`expected a list, got ${JSON.stringify(value)}`);
  for (const item of data) {
    expect(item);
    if (object && item.object !== object) throw new Mismatch(`item object ${item.object}, wanted ${object}`);
  }
  if (contains !== undefined && !data.some((item) => item[key] === contains)) {
    throw new Mismatch(`${contains} not in the list (${data.length} items)`);
  }
  return value;
}

function nothing(value) {
  if (value !== undefined && value !== null) throw new Mismatch(`expected no answer, got ${JSON.stringify(value)}`);
}

class Smoke {
  constructor(verbose) {
    this.verbose = verbose;
    this.ok = 0;
    this.errors = [];
    this.missing = [];
    this.skipped = [];
  }

  area(title) {
    console.log(`\n${title}`);
  }

  async run(method, call, check = (v) => v) {
    let value;
    try {
      value = await call();
    } catch (error) {
      this.fail(method, `${error.name}: ${error.message}`, error);
      return undefined;
    }
    try {
      check(value);
    } catch (error) {
      this.fail(method, `answer: ${error.message}`, error);
      return undefined;
    }
    this.ok += 1;
    console.log(`  ok     ${method}`);
    return value;
  }

  fail(method, message, error) {
    this.errors.push(method);
    console.log(`  error  ${method}: ${message}`);
    if (this.verbose) console.log(error);
  }

  notInCatalog(method, why) {
    this.skipped.push(method);
    console.log(`  skip   ${method}: no catalog action (${why})`);
  }

  noMethod(what) {
    this.missing.push(what);
    console.log(`  no SDK method  ${what}`);
  }
}

async function startEmulator(binary) {
  const child = spawn(binary, ['emulator', '--seed', 'demo', '--port', '0', '--api-key', API_KEY], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before announcing its URL`)));
    lines.once('line', (line) => resolve(line.trim()));
  });
  if (!url.startsWith('http://')) {
    child.kill();
    throw new Error(`the emulator announced no URL: ${url}`);
  }
  return { child, url: new URL(url) };
}

async function scenario(s, w, origin) {
  const um = w.userManagement;

  s.area('organizations');
  const org = await s.run(
    'organizations.createOrganization',
    () =>
      w.organizations.createOrganization({
        name: 'Smoke Co',
        domainData: [{ domain: 'smoke.example', state: 'verified' }],
        externalId: 'smoke-co',
        metadata: { tier: 'gold' },
      }),
    (o) => expect(o, { object: 'organization', name: 'Smoke Co', externalId: 'smoke-co', metadata: { tier: 'gold' } }),
  );
  const orgId = org?.id ?? SEED_ORG;
  await s.run('organizations.getOrganization', () => w.organizations.getOrganization(orgId), (o) =>
    expect(o, { id: orgId, name: 'Smoke Co' }),
  );
  await s.run('organizations.getOrganizationByExternalId', () => w.organizations.getOrganizationByExternalId('smoke-co'), (o) =>
    expect(o, { id: orgId }),
  );
  await s.run(
    'organizations.updateOrganization',
    () => w.organizations.updateOrganization({ organization: orgId, name: 'Smoke Company', metadata: { tier: 'platinum' } }),
    (o) => expect(o, { name: 'Smoke Company', metadata: { tier: 'platinum' } }),
  );
  await s.run('organizations.listOrganizations', () => w.organizations.listOrganizations({ domains: ['smoke.example'] }), (p) =>
    list(p, orgId, 'id', 'organization'),
  );
  // With a `limit`, the SDK's autoPagination stops at the first page; without one it follows
  // `listMetadata.after` to the end.
  await s.run(
    'organizations.listOrganizations (autoPagination)',
    async () => (await w.organizations.listOrganizations({ order: 'asc' })).autoPagination(),
    (items) => {
      if (items.length < 5 || !items.some((o) => o.id === orgId)) throw new Mismatch(`${items.length} items`);
    },
  );
  await s.run(
    'userManagement.listUsers (pages of 2)',
    async () => {
      const first = await um.listUsers({ limit: 2, order: 'asc' });
      const second = await um.listUsers({ limit: 2, order: 'asc', after: first.listMetadata.after });
      return [first, second];
    },
    ([first, second]) => {
      if (first.data.length !== 2 || second.data.length === 0) throw new Mismatch('short pages');
      if (first.data.some((a) => second.data.some((b) => a.id === b.id))) throw new Mismatch('pages overlap');
    },
  );

  s.area('users');
  const user = await s.run(
    'userManagement.createUser',
    () =>
      um.createUser({
        email: 'smoke@smoke.example',
        firstName: 'Smoke',
        lastName: 'Test',
        emailVerified: false,
        externalId: 'smoke-user',
        metadata: { team: 'qa' },
      }),
    (u) => expect(u, { object: 'user', email: 'smoke@smoke.example', firstName: 'Smoke', externalId: 'smoke-user' }),
  );
  const userId = user?.id ?? SEED_USER;
  await s.run('userManagement.getUser', () => um.getUser(userId), (u) => expect(u, { id: userId, lastName: 'Test' }));
  await s.run('userManagement.getUserByExternalId', () => um.getUserByExternalId('smoke-user'), (u) => expect(u, { id: userId }));
  await s.run('userManagement.updateUser', () => um.updateUser({ userId, firstName: 'Smoky', locale: 'en-US' }), (u) =>
    expect(u, { firstName: 'Smoky', locale: 'en-US' }),
  );
  await s.run('userManagement.listUsers', () => um.listUsers({ email: 'smoke@smoke.example' }), (p) => list(p, userId, 'id', 'user'));

  s.area('organization memberships');
  const membership = await s.run(
    'userManagement.createOrganizationMembership',
    () => um.createOrganizationMembership({ userId, organizationId: orgId, roleSlug: 'member' }),
    (m) => expect(m, { object: 'organization_membership', userId, organizationId: orgId, role: { slug: 'member' } }),
  );
  const omId = membership?.id;
  await s.run('userManagement.getOrganizationMembership', () => um.getOrganizationMembership(omId), (m) =>
    expect(m, { id: omId, userId }),
  );
  await s.run('userManagement.updateOrganizationMembership', () => um.updateOrganizationMembership(omId, { roleSlug: 'admin' }), (m) =>
    expect(m, { role: { slug: 'admin' } }),
  );
  await s.run(
    'userManagement.listOrganizationMemberships',
    () => um.listOrganizationMemberships({ organizationId: orgId, statuses: ['active'] }),
    (p) => list(p, omId),
  );
  await s.run('userManagement.deactivateOrganizationMembership', () => um.deactivateOrganizationMembership(omId), (m) =>
    expect(m, { id: omId, status: 'inactive' }),
  );
  await s.run('userManagement.reactivateOrganizationMembership', () => um.reactivateOrganizationMembership(omId), (m) =>
    expect(m, { id: omId, status: 'active' }),
  );

  s.area('organization domains');
  const domain = await s.run(
    'organizationDomains.create',
    () => w.organizationDomains.create({ domain: 'second.smoke.example', organizationId: orgId }),
    (d) => expect(d, { object: 'organization_domain', domain: 'second.smoke.example', organizationId: orgId }),
  );
  const domainId = domain?.id ?? 'org_domain_missing';
  await s.run('organizationDomains.get', () => w.organizationDomains.get(domainId), (d) =>
    expect(d, { id: domainId, domain: 'second.smoke.example' }),
  );
  await s.run('organizationDomains.verify', () => w.organizationDomains.verify(domainId), (d) => expect(d, { id: domainId }));
  await s.run('organizationDomains.delete', () => w.organizationDomains.delete(domainId), nothing);

  await authorization(s, w, orgId, omId);

  s.area('groups');
  s.noMethod('groups (create, get, update, list, members, group role assignments)');

  s.area('invitations');
  const invitation = await s.run(
    'userManagement.sendInvitation',
    () => um.sendInvitation({ email: 'invitee@smoke.example', organizationId: orgId, roleSlug: 'member', expiresInDays: 7, inviterUserId: userId }),
    (i) => expect(i, { object: 'invitation', email: 'invitee@smoke.example', organizationId: orgId, inviterUserId: userId, state: 'pending' }),
  );
  const invId = invitation?.id ?? 'invitation_missing';
  await s.run('userManagement.getInvitation', () => um.getInvitation(invId), (i) => expect(i, { id: invId, email: 'invitee@smoke.example' }));
  await s.run('userManagement.listInvitations', () => um.listInvitations({ organizationId: orgId }), (p) => list(p, invId));
  await s.run('userManagement.findInvitationByToken', () => um.findInvitationByToken(invitation?.token ?? ''), (i) =>
    expect(i, { id: invId, token: invitation?.token }),
  );
  await s.run('userManagement.resendInvitation', () => um.resendInvitation(invId), (i) => expect(i, { id: invId, state: 'pending' }));
  await s.run('userManagement.revokeInvitation', () => um.revokeInvitation(invId), (i) => expect(i, { id: invId, state: 'revoked' }));
  const second = await s.run('userManagement.sendInvitation (another)', () => um.sendInvitation({ email: 'joiner@smoke.example', organizationId: orgId }));
  if (second) {
    await s.run('userManagement.acceptInvitation', () => um.acceptInvitation(second.id), (i) => expect(i, { id: second.id, state: 'accepted' }));
  }

  s.area('sessions');
  await s.run('userManagement.listSessions', () => um.listSessions(SEED_USER), (p) => list(p, SEED_SESSION, 'id', 'session'));
  await s.run('userManagement.revokeSession', () => um.revokeSession({ sessionId: SEED_SESSION }), nothing);

  s.area('user management extras');
  await s.run('userManagement.sendVerificationEmail', () => um.sendVerificationEmail({ userId }), (r) => expect(r.user, { id: userId }));
  // The code sent is WorkOS's email to the person; its record reaches the application as an
  // `email_verification.created` event.
  const events = await s.run(
    'events.listEvents (email_verification.created)',
    () => w.events.listEvents({ events: ['email_verification.created'] }),
    (p) => {
      if (!p.data.length) throw new Mismatch('no event');
    },
  );
  const verification = events?.data.at(-1)?.data;
  if (verification) {
    const read = await s.run('userManagement.getEmailVerification', () => um.getEmailVerification(verification.id), (v) =>
      expect(v, { object: 'email_verification', id: verification.id, userId }),
    );
    if (read?.code) {
      await s.run('userManagement.verifyEmail', () => um.verifyEmail({ userId, code: read.code }), (r) =>
        expect(r.user, { id: userId, emailVerified: true }),
      );
    }
  }
  // Confirming a password reset verifies the address too: after the verification above.
  const reset = await s.run('userManagement.createPasswordReset', () => um.createPasswordReset({ email: 'smoke@smoke.example' }), (r) =>
    expect(r, { object: 'password_reset', email: 'smoke@smoke.example', userId }),
  );
  if (reset) {
    await s.run('userManagement.getPasswordReset', () => um.getPasswordReset(reset.id), (r) => expect(r, { id: reset.id, userId }));
    await s.run('userManagement.resetPassword', () => um.resetPassword({ token: reset.passwordResetToken, newPassword: 'a long new passphrase 42' }), (r) =>
      expect(r.user, { id: userId }),
    );
  }
  const magic = await s.run('userManagement.createMagicAuth', () => um.createMagicAuth({ email: 'smoke@smoke.example' }), (m) =>
    expect(m, { object: 'magic_auth', email: 'smoke@smoke.example', userId }),
  );
  if (magic) {
    await s.run('userManagement.getMagicAuth', () => um.getMagicAuth(magic.id), (m) => expect(m, { id: magic.id }));
  }
  await s.run('userManagement.getUserIdentities', () => um.getUserIdentities(SEED_USER), (items) => {
    if (!Array.isArray(items)) throw new Mismatch('expected an array');
    items.forEach((item) => expect(item));
  });
  s.noMethod('redirect URIs (create, list, delete)');
  s.noMethod('CORS origins (create, list)');
  s.noMethod('JWT template (get, update)');
  s.noMethod('authorized applications (list, delete)');
  await s.run('widgets.getToken', () => w.widgets.getToken({ organizationId: orgId, userId, scopes: ['widgets:users-table:manage'] }), (t) => {
    if (typeof t !== 'string' || t.length === 0) throw new Mismatch(`expected a token, got ${JSON.stringify(t)}`);
  });

  s.area('webhook endpoints');
  s.noMethod('webhook endpoints (list, create, update, delete)');

  s.area('API keys');
  const key = await s.run(
    'organizations.createOrganizationApiKey',
    () => w.organizations.createOrganizationApiKey({ organizationId: orgId, name: 'Smoke key', permissions: ['widgets:read'] }),
    (k) => expect(k, { object: 'api_key', name: 'Smoke key', permissions: ['widgets:read'] }),
  );
  const keyId = key?.id ?? 'api_key_missing';
  await s.run('organizations.listOrganizationApiKeys', () => w.organizations.listOrganizationApiKeys({ organizationId: orgId }), (p) =>
    list(p, keyId),
  );
  if (key) {
    await s.run('apiKeys.validateApiKey', () => w.apiKeys.validateApiKey({ value: key.value }), (v) =>
      expect(v.apiKey, { id: keyId, name: 'Smoke key' }),
    );
  }
  await s.run('apiKeys.deleteApiKey', () => w.apiKeys.deleteApiKey(keyId), nothing);

  s.area('feature flags');
  const flags = w.featureFlags;
  await s.run('featureFlags.listFeatureFlags', () => flags.listFeatureFlags(), (p) => list(p, SEED_FLAG, 'slug', 'feature_flag'));
  await s.run('featureFlags.getFeatureFlag', () => flags.getFeatureFlag(SEED_FLAG), (f) => expect(f, { slug: SEED_FLAG }));
  await s.run('featureFlags.disableFeatureFlag', () => flags.disableFeatureFlag(SEED_FLAG), (f) => expect(f, { slug: SEED_FLAG, enabled: false }));
  await s.run('featureFlags.enableFeatureFlag', () => flags.enableFeatureFlag(SEED_FLAG), (f) => expect(f, { slug: SEED_FLAG, enabled: true }));
  await s.run('featureFlags.addFlagTarget', () => flags.addFlagTarget({ slug: SEED_FLAG, targetId: orgId }), nothing);
  await s.run('organizations.listOrganizationFeatureFlags', () => w.organizations.listOrganizationFeatureFlags({ organizationId: orgId }), (p) =>
    list(p, SEED_FLAG, 'slug'),
  );
  await s.run('featureFlags.addFlagTarget (user)', () => flags.addFlagTarget({ slug: SEED_FLAG, targetId: userId }), nothing);
  await s.run('userManagement.listUserFeatureFlags', () => um.listUserFeatureFlags({ userId }), (p) => list(p, SEED_FLAG, 'slug'));
  await s.run('featureFlags.removeFlagTarget', () => flags.removeFlagTarget({ slug: SEED_FLAG, targetId: orgId }), nothing);

  s.area('audit logs');
  await s.run(
    'auditLogs.createSchema',
    () => w.auditLogs.createSchema({ action: 'smoke.ran', targets: [{ type: 'report' }] }),
    (sc) => expect(sc, { object: 'audit_log_schema' }),
  );
  await s.run('auditLogs.createEvent', () =>
    w.auditLogs.createEvent(orgId, {
      action: 'smoke.ran',
      occurredAt: new Date('2026-03-01T00:00:00.000Z'),
      actor: { type: 'user', id: userId },
      targets: [{ type: 'report', id: 'report_1' }],
      context: { location: '192.0.2.1' },
    }),
    nothing,
  );
  const exported = await s.run(
    'auditLogs.createExport',
    () => w.auditLogs.createExport({ organizationId: orgId, rangeStart: new Date('2026-01-01T00:00:00Z'), rangeEnd: new Date('2026-12-01T00:00:00Z') }),
    (e) => expect(e, { object: 'audit_log_export' }),
  );
  await s.run('auditLogs.getExport', () => w.auditLogs.getExport(exported?.id ?? SEED_EXPORT), (e) => expect(e, { object: 'audit_log_export' }));
  s.noMethod('audit log retention (get, update), actions and their schemas (list)');

  s.area('connections');
  const conns = await s.run('sso.listConnections', () => w.sso.listConnections({ organizationId: SEED_ORG }), (p) => list(p, undefined, 'id', 'connection'));
  if (conns?.data.length) {
    const connId = conns.data[0].id;
    await s.run('sso.getConnection', () => w.sso.getConnection(connId), (c) => expect(c, { id: connId }));
  }

  s.area('directories');
  const dirs = await s.run('directorySync.listDirectories', () => w.directorySync.listDirectories(), (p) => list(p, undefined, 'id', 'directory'));
  if (dirs?.data.length) {
    const dirId = dirs.data[0].id;
    await s.run('directorySync.getDirectory', () => w.directorySync.getDirectory(dirId), (d) => expect(d, { id: dirId }));
    const users = await s.run('directorySync.listUsers', () => w.directorySync.listUsers({ directory: dirId }), (p) => list(p));
    const groups = await s.run('directorySync.listGroups', () => w.directorySync.listGroups({ directory: dirId }), (p) => list(p));
    if (users?.data.length) {
      const id = users.data[0].id;
      await s.run('directorySync.getUser', () => w.directorySync.getUser(id), (u) => expect(u, { id }));
    }
    if (groups?.data.length) {
      const id = groups.data[0].id;
      await s.run('directorySync.getGroup', () => w.directorySync.getGroup(id), (g) => expect(g, { id }));
    }
  }

  s.area('events');
  await s.run('events.listEvents', () => w.events.listEvents({ events: ['organization.created'], organizationId: orgId }), (p) => {
    list(p);
    if (!p.data.some((event) => event.event === 'organization.created')) throw new Mismatch('no organization.created');
  });

  s.area('MFA');
  const factor = await s.run('mfa.enrollFactor', () => w.mfa.enrollFactor({ type: 'totp', issuer: 'Smoke', user: 'smoke@smoke.example' }), (f) =>
    expect(f, { object: 'authentication_factor', type: 'totp' }),
  );
  if (factor) {
    await s.run('mfa.getFactor', () => w.mfa.getFactor(factor.id), (f) => expect(f, { id: factor.id }));
    await s.run('mfa.challengeFactor', () => w.mfa.challengeFactor({ authenticationFactorId: factor.id }), (c) =>
      expect(c, { object: 'authentication_challenge', authenticationFactorId: factor.id }),
    );
    await s.run('mfa.deleteFactor', () => w.mfa.deleteFactor(factor.id), nothing);
  }
  const enrolled = await s.run('userManagement.enrollAuthFactor', () => um.enrollAuthFactor({ userId, type: 'totp', totpIssuer: 'Smoke' }), (r) =>
    expect(r.authenticationFactor, { type: 'totp', userId }),
  );
  await s.run('userManagement.listAuthFactors', () => um.listAuthFactors({ userId }), (p) => list(p, enrolled?.authenticationFactor.id));

  s.area('portal links');
  await s.run('portal.generateLink', () => w.portal.generateLink({ organization: orgId, intent: 'sso', returnUrl: 'https://app.example/settings' }), (l) =>
    expect(l, {}),
  );

  await vault(s, w, orgId);

  s.area('Radar');
  s.noMethod('Radar (attempts: create, update; list entries: add, remove)');

  s.area('agents');
  s.noMethod('agents (registrations, claim attempts, credential validation)');

  s.area('Connect');
  s.noMethod('Connect (applications, client secrets, an organization\'s authorized applications)');

  await dataIntegrations(s, w, origin, userId);

  s.area('clean-up');
  if (omId) await s.run('userManagement.deleteOrganizationMembership', () => um.deleteOrganizationMembership(omId), nothing);
  await s.run('userManagement.deleteUser', () => um.deleteUser(userId), nothing);
  await s.run('organizations.deleteOrganization', () => w.organizations.deleteOrganization(orgId), nothing);
}

async function vault(s, w, orgId) {
  const v = w.vault;
  const context = { organization_id: orgId };
  s.area('Vault: objects');
  await s.run('vault.readObjectByName (seed)', () => v.readObjectByName(SEED_VAULT_NAME), (o) => expect(o, { name: SEED_VAULT_NAME }));
  const created = await s.run('vault.createObject', () => v.createObject({ name: 'smoke-db-password', value: 'first value', context }), (m) =>
    expect(m, { context }),
  );
  const id = created?.id ?? 'vault_object_missing';
  await s.run('vault.readObject', () => v.readObject({ id }), (o) => expect(o, { id, name: 'smoke-db-password', value: 'first value' }));
  await s.run('vault.readObjectByName', () => v.readObjectByName('smoke-db-password'), (o) => expect(o, { id, value: 'first value' }));
  await s.run('vault.describeObject', () => v.describeObject({ id }), (o) => {
    expect(o, { id, name: 'smoke-db-password' });
    expect(o.metadata, { versionId: created?.versionId });
    if ('value' in o) throw new Mismatch('a description carries no value');
  });
  await s.run('vault.listObjects', () => v.listObjects({ limit: 100 }), (p) => list(p, id));
  const updated = await s.run('vault.updateObject', () => v.updateObject({ id, value: 'second value', versionCheck: created?.versionId }), (o) =>
    expect(o, { id, name: 'smoke-db-password' }),
  );
  await s.run('vault.listObjectVersions', () => v.listObjectVersions({ id }), (versions) => {
    const current = versions.map((version) => version.currentVersion);
    if (JSON.stringify(current) !== '[true,false]') throw new Mismatch(`versions ${JSON.stringify(current)}`);
    if (versions[0].id !== updated?.metadata.versionId) throw new Mismatch('the current version is not the update');
  });
  await s.run('vault.readObject (updated)', () => v.readObject({ id }), (o) => expect(o, { value: 'second value' }));
  await s.run('vault.deleteObject', () => v.deleteObject({ id }));
  await s.run(
    'vault.readObject (deleted)',
    () => v.readObject({ id }).then(() => 'found', (error) => error.name),
    (name) => {
      if (name !== 'NotFoundException') throw new Mismatch(`read after the delete: ${name}`);
    },
  );

  s.area('Vault: data keys');
  const pair = await s.run('vault.createDataKey', () => v.createDataKey({ context }), (k) => expect(k, { context }));
  if (pair) {
    await s.run('vault.decryptDataKey', () => v.decryptDataKey({ keys: pair.encryptedKeys }), (k) => expect(k, { id: pair.dataKey.id, key: pair.dataKey.key }));
  }
  const sealed = await s.run('vault.encrypt (local, with a data key)', () => v.encrypt('card 4242', context, 'smoke'), (t) => {
    if (typeof t !== 'string' || t.includes('card')) throw new Mismatch('not a ciphertext');
  });
  if (sealed) {
    await s.run('vault.decrypt (local, with the data key decrypted)', () => v.decrypt(sealed, 'smoke'), (t) => {
      if (t !== 'card 4242') throw new Mismatch(`decrypted ${JSON.stringify(t)}`);
    });
  }
  s.noMethod('Vault: objects searched by name, data keys re-encrypted (rekey)');
}

async function dataIntegrations(s, w, origin, userId) {
  s.area('data integrations (pipes)');
  const provider = SEED_DATA_INTEGRATION;
  await s.run('pipes.getAccessToken (not connected)', () => w.pipes.getAccessToken({ provider, userId }), (t) =>
    expect(t, { active: false, error: 'not_installed' }),
  );
  // The SDK cannot connect an account: the API's import does, called directly.
  const account = `${origin}/user_management/users/${userId}/connected_accounts/${provider}`;
  const headers = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
  const imported = await fetch(account, {
    method: 'POST',
    headers,
    body: JSON.stringify({ access_token: 'gho_smoke', refresh_token: 'ghr_smoke', scopes: ['repo'] }),
  });
  if (imported.ok) {
    await s.run('pipes.getAccessToken', () => w.pipes.getAccessToken({ provider, userId }), (t) => {
      expect(t, { active: true });
      expect(t.accessToken, { object: 'access_token', scopes: ['repo'], missingScopes: ['read:org'] });
    });
    await fetch(account, { method: 'DELETE', headers });
  } else {
    s.fail('pipes.getAccessToken', `the account could not be imported: ${imported.status}`);
  }
  s.noMethod('data integrations (list, create, get, update, delete), connected accounts, credentials, data providers, organizations\' settings');
}

async function authorization(s, w, orgId, omId) {
  const a = w.authorization;
  s.area('authorization: permissions and roles');
  await s.run('authorization.createPermission', () => a.createPermission({ slug: 'reports:read', name: 'Read reports', description: 'See reports' }), (p) =>
    expect(p, { object: 'permission', slug: 'reports:read', name: 'Read reports' }),
  );
  await s.run('authorization.getPermission', () => a.getPermission('reports:read'), (p) => expect(p, { slug: 'reports:read', description: 'See reports' }));
  await s.run('authorization.updatePermission', () => a.updatePermission('reports:read', { name: 'Read all reports' }), (p) =>
    expect(p, { name: 'Read all reports' }),
  );
  await s.run('authorization.listPermissions', () => a.listPermissions({ limit: 100 }), (p) => list(p, 'reports:read', 'slug', 'permission'));
  await s.run('authorization.createEnvironmentRole', () => a.createEnvironmentRole({ slug: 'auditor', name: 'Auditor', description: 'Reads' }), (r) =>
    expect(r, { object: 'role', slug: 'auditor', name: 'Auditor' }),
  );
  await s.run('authorization.getEnvironmentRole', () => a.getEnvironmentRole('auditor'), (r) => expect(r, { slug: 'auditor' }));
  await s.run('authorization.updateEnvironmentRole', () => a.updateEnvironmentRole('auditor', { name: 'Auditors' }), (r) => expect(r, { name: 'Auditors' }));
  await s.run('authorization.listEnvironmentRoles', () => a.listEnvironmentRoles(), (r) => list(r, 'auditor', 'slug', 'role'));
  await s.run('authorization.setEnvironmentRolePermissions', () => a.setEnvironmentRolePermissions('auditor', { permissions: ['widgets:read'] }), (r) =>
    expect(r, { permissions: ['widgets:read'] }),
  );
  await s.run('authorization.addEnvironmentRolePermission', () => a.addEnvironmentRolePermission('auditor', { permissionSlug: 'reports:read' }), (r) =>
    expect(r, { permissions: ['widgets:read', 'reports:read'] }),
  );
  await s.run('authorization.createOrganizationRole', () => a.createOrganizationRole(orgId, { name: 'Org auditor', slug: 'org-auditor' }), (r) =>
    expect(r, { object: 'role', name: 'Org auditor', slug: 'org-auditor' }),
  );
  await s.run('authorization.getOrganizationRole', () => a.getOrganizationRole(orgId, 'org-auditor'), (r) => expect(r, { slug: 'org-auditor' }));
  await s.run('authorization.updateOrganizationRole', () => a.updateOrganizationRole(orgId, 'org-auditor', { description: 'Reads all' }), (r) =>
    expect(r, { description: 'Reads all' }),
  );
  await s.run('authorization.listOrganizationRoles', () => a.listOrganizationRoles(orgId), (r) => list(r, 'org-auditor', 'slug'));
  s.notInCatalog('organizations.listOrganizationRoles', 'GET /organizations/{id}/roles is not in WorkOS\'s OpenAPI document; authorization.listOrganizationRoles is');
  await s.run(
    'authorization.setOrganizationRolePermissions',
    () => a.setOrganizationRolePermissions(orgId, 'org-auditor', { permissions: ['reports:read'] }),
    (r) => expect(r, { permissions: ['reports:read'] }),
  );
  await s.run(
    'authorization.addOrganizationRolePermission',
    () => a.addOrganizationRolePermission(orgId, 'org-auditor', { permissionSlug: 'widgets:read' }),
    (r) => expect(r, { permissions: ['reports:read', 'widgets:read'] }),
  );
  await s.run(
    'authorization.removeOrganizationRolePermission',
    () => a.removeOrganizationRolePermission(orgId, 'org-auditor', { permissionSlug: 'widgets:read' }),
    nothing,
  );

  s.area('authorization: resources');
  const resource = await s.run(
    'authorization.createResource',
    () => a.createResource({ externalId: 'smoke-ws', name: 'Smoke workspace', resourceTypeSlug: 'workspace', organizationId: orgId }),
    (r) => expect(r, { object: 'authorization_resource', externalId: 'smoke-ws', name: 'Smoke workspace', organizationId: orgId }),
  );
  const resId = resource?.id ?? 'authz_resource_missing';
  await s.run('authorization.getResource', () => a.getResource(resId), (r) => expect(r, { id: resId }));
  const byExternal = { organizationId: orgId, resourceTypeSlug: 'workspace', externalId: 'smoke-ws' };
  await s.run('authorization.getResourceByExternalId', () => a.getResourceByExternalId(byExternal), (r) => expect(r, { id: resId }));
  await s.run('authorization.updateResource', () => a.updateResource({ resourceId: resId, description: 'For smoke' }), (r) =>
    expect(r, { description: 'For smoke' }),
  );
  await s.run('authorization.updateResourceByExternalId', () => a.updateResourceByExternalId({ ...byExternal, name: 'Smoke space' }), (r) =>
    expect(r, { name: 'Smoke space' }),
  );
  await s.run('authorization.listResources', () => a.listResources({ organizationId: orgId }), (p) => list(p, resId));

  s.area('authorization: role assignments and checks');
  const assignment = await s.run(
    'authorization.assignRole',
    () => a.assignRole({ organizationMembershipId: omId, roleSlug: 'auditor', resourceId: resId }),
    (r) => expect(r, { object: 'role_assignment', role: { slug: 'auditor' } }),
  );
  await s.run('authorization.listRoleAssignments', () => a.listRoleAssignments({ organizationMembershipId: omId }), (p) => list(p, assignment?.id));
  await s.run('authorization.check', () => a.check({ organizationMembershipId: omId, permissionSlug: 'reports:read', resourceId: resId }), (c) =>
    expect(c, { authorized: true }),
  );
  await s.run(
    'authorization.listResourcesForMembership',
    () => a.listResourcesForMembership({ organizationMembershipId: omId, permissionSlug: 'reports:read', parentResourceId: resId }),
    (p) => list(p),
  );
  await s.run(
    'authorization.listMembershipsForResource',
    () => a.listMembershipsForResource({ resourceId: resId, permissionSlug: 'reports:read' }),
    (p) => list(p, omId),
  );
  await s.run(
    'authorization.listMembershipsForResourceByExternalId',
    () => a.listMembershipsForResourceByExternalId({ ...byExternal, permissionSlug: 'reports:read' }),
    (p) => list(p, omId),
  );
  await s.run('authorization.removeRole', () => a.removeRole({ organizationMembershipId: omId, roleSlug: 'auditor', resourceId: resId }), nothing);
  await s.run(
    'authorization.check (role removed)',
    () => a.check({ organizationMembershipId: omId, permissionSlug: 'reports:read', resourceId: resId }),
    (c) => expect(c, { authorized: false }),
  );
  const again = await s.run('authorization.assignRole (again)', () =>
    a.assignRole({ organizationMembershipId: omId, roleSlug: 'auditor', resourceExternalId: 'smoke-ws', resourceTypeSlug: 'workspace' }),
  );
  if (again) {
    await s.run(
      'authorization.removeRoleAssignment',
      () => a.removeRoleAssignment({ organizationMembershipId: omId, roleAssignmentId: again.id }),
      nothing,
    );
  }
  await s.run('authorization.deleteOrganizationRole', () => a.deleteOrganizationRole(orgId, 'org-auditor'), nothing);
  const child = await s.run(
    'authorization.createResource (child)',
    () =>
      a.createResource({
        externalId: 'smoke-child',
        name: 'Child',
        resourceTypeSlug: 'workspace',
        organizationId: orgId,
        parentResourceId: resId,
      }),
    (r) => expect(r, { parentResourceId: resId }),
  );
  if (child) {
    await s.run(
      'authorization.deleteResourceByExternalId',
      () => a.deleteResourceByExternalId({ organizationId: orgId, resourceTypeSlug: 'workspace', externalId: 'smoke-child' }),
      nothing,
    );
  }
  await s.run('authorization.deleteResource', () => a.deleteResource({ resourceId: resId, cascadeDelete: true }), nothing);
  await s.run('authorization.deletePermission', () => a.deletePermission('reports:read'), nothing);
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('-v') || args.includes('--verbose');
  const at = args.indexOf('--bin');
  const binary = at >= 0 ? args[at + 1] : 'target/debug/workos-actions';
  if (!existsSync(binary)) {
    console.error(`smoke.mjs: no binary at ${binary}: run \`cargo build -p workos-actions\` first`);
    return 2;
  }
  let emulator;
  try {
    emulator = await startEmulator(binary);
  } catch (error) {
    console.error(`smoke.mjs: could not start the emulator: ${error.message}`);
    return 2;
  }
  const sdkVersion = JSON.parse(
    readFileSync(new URL('./node_modules/@workos-inc/node/package.json', import.meta.url), 'utf8'),
  ).version;
  console.log(`@workos-inc/node ${sdkVersion} against the emulator at ${emulator.url.origin}`);
  const smoke = new Smoke(verbose);
  try {
    const workos = new WorkOS(API_KEY, {
      apiHostname: emulator.url.hostname,
      port: Number(emulator.url.port),
      https: false,
      clientId: 'client_sdk_smoke',
    });
    await scenario(smoke, workos, emulator.url.origin);
  } finally {
    emulator.child.kill();
  }
  console.log(
    `\n${smoke.ok} ok, ${smoke.errors.length} errors, ${smoke.missing.length} areas without an SDK method, ` +
      `${smoke.skipped.length} SDK methods without a catalog action`,
  );
  for (const method of smoke.errors) console.log(`  error: ${method}`);
  return smoke.errors.length ? 1 : 0;
}

process.exitCode = await main();
