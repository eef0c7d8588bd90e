import pg from 'pg';
import { testEnvironment, waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_PASSWORD, DeskPlatform, LiveSocket, signedIn, type DeskTenant } from './desk-harness.ts';

const { databaseUrl } = testEnvironment();

describe('desk identity: login, sessions, CSRF, invitations', () => {
  const platform = new DeskPlatform();
  const sql = new pg.Client({ connectionString: databaseUrl });
  let tenant: DeskTenant;

  beforeAll(async () => {
    await sql.connect();
    await platform.start({ gatewayEnv: { PARLEY_LOGIN_MAX_FAILURES: '3' } });
    tenant = await platform.provisionTenant(['ana']);
  });

  afterAll(async () => {
    await platform.stop();
    await sql.end();
  });

  it('signs in with the right password: an httpOnly, SameSite=Lax session cookie and a CSRF token', async () => {
    const desk = platform.desk();
    const login = await desk.login(tenant.slug, tenant.users.supervisor);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: { email: tenant.users.supervisor, role: 'supervisor', agentId: null, status: 'active' }, tenant: { id: tenant.tenantId, slug: tenant.slug } });
    expect(String(login.body['csrfToken'])).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = login.headers.getSetCookie().find((header) => header.startsWith('parley_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    // The public URL is plain http on 127.0.0.1, the one case the cookie is not Secure.
    expect(cookie).not.toMatch(/Secure/i);
    const stored = await sql.query<{ token_hash: string }>('SELECT token_hash FROM gateway.sessions WHERE user_id = $1', [(login.body['user'] as { id: string }).id]);
    const token = desk.cookie.split('=')[1] ?? '';
    expect(stored.rows.map((row) => row.token_hash)).not.toContain(token);
    const me = await desk.request('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { role: 'supervisor' }, tenant: { id: tenant.tenantId } });
    expect(JSON.stringify(me.body)).not.toContain('password');
  });

  it('answers one 401 for a wrong password, an unknown e-mail and an unknown tenant', async () => {
    const desk = platform.desk();
    for (const [slug, email, password] of [
      [tenant.slug, tenant.users.compliance, 'not the right password'],
      [tenant.slug, 'nobody@example.test', DESK_PASSWORD],
      ['no-such-tenant', tenant.users.compliance, DESK_PASSWORD],
    ] as const) {
      const login = await desk.request('POST', '/api/session', { tenant: slug, email, password });
      expect(login.status).toBe(401);
      expect(login.headers.get('content-type')).toContain('application/problem+json');
      expect(login.body).toMatchObject({ code: 'login.invalid' });
      expect(login.headers.getSetCookie()).toEqual([]);
    }
    expect((await desk.request('GET', '/api/me')).status).toBe(401);
    // A form another site could post is not read at all.
    const form = await desk.request('POST', '/api/session', `tenant=${tenant.slug}&email=${tenant.users.compliance}&password=${DESK_PASSWORD}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.headers.getSetCookie()).toEqual([]);
  });

  it('limits failed logins per account in the database, whatever the password after, and clears on success', async () => {
    const desk = platform.desk();
    const email = tenant.users.admin;
    const attempt = (password: string) => desk.request('POST', '/api/session', { tenant: tenant.slug, email: email.toUpperCase(), password });
    for (let index = 0; index < 3; index += 1) {
      expect((await attempt('wrong password number')).status).toBe(401);
    }
    const limited = await attempt(DESK_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'login.rate-limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = await sql.query<{ count: number }>("SELECT count(*)::int AS count FROM gateway.login_attempts WHERE throttle_key = $1", [`account:${tenant.slug}:${email}`]);
    expect(rows.rows[0]?.count).toBe(3);
    // Another account of the same tenant is not affected.
    expect((await platform.desk().login(tenant.slug, tenant.users.compliance)).status).toBe(200);
    // Once the window has passed (here: the failures aged in the table), the right password works and clears the count.
    await sql.query("UPDATE gateway.login_attempts SET attempted_at = attempted_at - interval '1 hour' WHERE throttle_key = $1", [`account:${tenant.slug}:${email}`]);
    expect((await attempt(DESK_PASSWORD)).status).toBe(200);
    const after = await sql.query<{ count: number }>("SELECT count(*)::int AS count FROM gateway.login_attempts WHERE throttle_key = $1", [`account:${tenant.slug}:${email}`]);
    expect(after.rows[0]?.count).toBe(0);
  });

  it('refuses a change without the CSRF token, or with another session\'s, and from a foreign origin', async () => {
    const desk = await signedIn(platform, tenant, tenant.users.admin);
    const other = await signedIn(platform, tenant, tenant.users.admin);
    const body = { title: 'Greeting', text: 'Hello there' };
    const missing = await desk.request('POST', '/api/admin/canned-responses', body, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ code: 'csrf.token-invalid' });
    const foreign = await desk.request('POST', '/api/admin/canned-responses', body, { csrf: false, headers: { 'x-csrf-token': other.csrfToken } });
    expect(foreign.status).toBe(403);
    const origin = await desk.request('POST', '/api/admin/canned-responses', body, { headers: { origin: 'https://evil.example' } });
    expect(origin.status).toBe(403);
    expect(origin.body).toMatchObject({ code: 'origin.forbidden' });
    expect((await desk.request('GET', '/api/canned-responses')).body).toEqual({ cannedResponses: [] });
    const created = await desk.request('POST', '/api/admin/canned-responses', body);
    expect(created.status).toBe(201);
  });

  it('ends a session left idle past the idle limit, however young it is', async () => {
    const desk = await signedIn(platform, tenant, tenant.users.supervisor);
    const userId = (await desk.request<{ user: { id: string } }>('GET', '/api/me')).body.user.id;
    await sql.query("UPDATE gateway.sessions SET last_seen_at = last_seen_at - interval '2 hours' WHERE user_id = $1 AND revoked_at IS NULL", [userId]);
    const idle = await desk.request('GET', '/api/me');
    expect(idle.status).toBe(401);
    expect(idle.body).toMatchObject({ code: 'session.expired' });
  });

  it('ends an expired session with 401 session.expired, over HTTP and on the WebSocket upgrade', async () => {
    const desk = await signedIn(platform, tenant, tenant.users.compliance);
    expect((await desk.request('GET', '/api/me')).status).toBe(200);
    await sql.query("UPDATE gateway.sessions SET created_at = created_at - interval '2 days', last_seen_at = last_seen_at - interval '2 days' WHERE user_id = (SELECT id FROM gateway.users WHERE email = $1 AND tenant_id = $2)", [
      tenant.users.compliance,
      tenant.tenantId,
    ]);
    const expired = await desk.request('GET', '/api/me');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: 'session.expired' });
    const upgrade = await LiveSocket.tryOpen(`${platform.gateway.url.replace('http', 'ws')}/api/live`, { cookie: desk.cookie, origin: platform.gateway.url });
    expect(upgrade).toBe(401);
  });

  it('logs out: the session ends, the cookie is cleared and the live connection closes', async () => {
    const desk = await signedIn(platform, tenant, tenant.users.supervisor);
    const cookie = desk.cookie;
    const live = await desk.live();
    const logout = await desk.request('DELETE', '/api/session');
    expect(logout.status).toBe(204);
    expect(desk.cookie).toBe('');
    await live.next('the session-ended frame', (frame) => frame.type === 'session-ended' && frame['reason'] === 'logged-out');
    await waitFor('the socket to close', () => live.closeCode === 4401);
    const replayed = await fetch(`${platform.gateway.url}/api/me`, { headers: { cookie } });
    expect(replayed.status).toBe(401);
  });

  it('refuses the WebSocket upgrade without a session or from a foreign origin', async () => {
    const url = `${platform.gateway.url.replace('http', 'ws')}/api/live`;
    expect(await LiveSocket.tryOpen(url, { origin: platform.gateway.url })).toBe(401);
    const desk = await signedIn(platform, tenant, tenant.users.supervisor);
    expect(await LiveSocket.tryOpen(url, { cookie: desk.cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await LiveSocket.tryOpen(url, { cookie: desk.cookie })).toBe(403);
    expect(await LiveSocket.tryOpen(url, { cookie: desk.cookie, origin: platform.gateway.url })).toBe(101);
  });

  it('invites an agent: a routing profile with the user id, a single-use invitation, then login', async () => {
    const admin = await signedIn(platform, tenant, tenant.users.admin);
    const email = `carla@${tenant.slug}.test`;
    const invited = await admin.request<{ user: { id: string; agentId: string; status: string }; invitation: { token: string } }>('POST', '/api/admin/users', {
      email,
      displayName: 'Carla',
      role: 'agent',
      agentProfile: { queues: ['support'], capacity: 2 },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ status: 'invited', agentId: invited.body.user.id });
    const profile = await platform.admin<{ agent: Record<string, unknown> }>(`/admin/tenants/${tenant.tenantId}/agents/${invited.body.user.id}`);
    expect(profile.body.agent).toMatchObject({ displayName: 'Carla', queues: ['support'], capacity: 2, presence: 'offline' });

    const desk = platform.desk();
    expect((await desk.login(tenant.slug, email)).status).toBe(401);
    const token = invited.body.invitation.token;
    const inspected = await desk.request('POST', '/api/invitations/inspect', { token });
    expect(inspected.body).toMatchObject({ email, role: 'agent', tenant: { slug: tenant.slug } });
    const weak = await desk.request('POST', '/api/invitations/accept', { token, password: 'short' });
    expect(weak.status).toBe(400);
    const accepted = await desk.request('POST', '/api/invitations/accept', { token, password: 'carla chooses a long one' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ user: { status: 'active' } });
    const again = await desk.request('POST', '/api/invitations/accept', { token, password: 'someone else tries it' });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'invitation.not-found' });
    const login = await desk.login(tenant.slug, email, 'carla chooses a long one');
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: { role: 'agent', agentId: invited.body.user.id } });
    const stored = await sql.query<{ password_hash: string }>('SELECT password_hash FROM gateway.users WHERE id = $1', [invited.body.user.id]);
    expect(stored.rows[0]?.password_hash).toMatch(/^scrypt\$ln=15,r=8,p=3\$/);
  });

  it('refuses an invitation that names an unknown routing agent, or a second user with the same e-mail', async () => {
    const admin = await signedIn(platform, tenant, tenant.users.admin);
    const unknown = await admin.request('POST', '/api/admin/users', { email: `nobody@${tenant.slug}.test`, displayName: 'Nobody', role: 'agent', agentId: 'agent_nobody_here' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'user.unknown-agent' });
    const twice = await admin.request('POST', '/api/admin/users', { email: tenant.users.supervisor, displayName: 'Again', role: 'supervisor' });
    expect(twice.status).toBe(409);
    const noProfile = await admin.request('POST', '/api/admin/users', { email: `x@${tenant.slug}.test`, displayName: 'X', role: 'agent' });
    expect(noProfile.status).toBe(400);
  });
});
