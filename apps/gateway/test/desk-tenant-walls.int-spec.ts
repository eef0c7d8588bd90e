import { randomUUID } from 'node:crypto';
import { USER_ROLES, type UserRole } from '@parley/gateway-domain';
import { waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNumber, DeskPlatform, signedIn, type DeskClient, type DeskTenant } from './desk-harness.ts';

interface Operation {
  method: string;
  path: string;
  roles: readonly UserRole[] | 'public';
  upsert: boolean;
  example: unknown;
  headers: Array<{ name: string; required: boolean }>;
}

interface OpenApi {
  paths: Record<string, Record<string, { 'x-parley-roles'?: readonly UserRole[] | 'public'; 'x-parley-upsert'?: boolean; requestBody?: { content: Record<string, { example?: unknown }> }; parameters?: Array<{ name: string; in: string; required: boolean }> }>>;
}

/** Every desk route, read from the OpenAPI document the gateway serves: a new route is walked without touching this test. */
function deskOperations(document: OpenApi): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => operation['x-parley-roles'] !== undefined && path.startsWith('/api/') && path !== '/api/live')
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        roles: operation['x-parley-roles'] ?? 'public',
        upsert: operation['x-parley-upsert'] === true,
        example: operation.requestBody?.content['application/json']?.example,
        headers: (operation.parameters ?? []).filter((parameter) => parameter.in === 'header'),
      })),
  );
}

/**
 * The tenant wall, walked route by route: each desk route called by users of another tenant with every role allowed on
 * it, naming the first tenant's ids, answers 404 (or works only on the caller's own tenant) and shows none of the
 * first tenant's data; called by a user of the first tenant whose role is not allowed, it answers 403 and no data.
 */
describe('tenant walls on every desk route', () => {
  const platform = new DeskPlatform();
  let alpha: DeskTenant;
  let beta: DeskTenant;
  let operations: Operation[];
  /** The first tenant's ids, by the path parameter that names them. */
  const alphaIds: Record<string, string> = {};
  /** What of the first tenant must never reach a user of the other one. */
  let alphaMarkers: string[] = [];
  const desks = new Map<string, DeskClient>();

  async function deskOf(tenant: DeskTenant, role: UserRole): Promise<DeskClient> {
    const key = `${tenant.tenantId}:${role}`;
    let desk = desks.get(key);
    if (!desk) {
      const email = role === 'agent' ? (Object.values(tenant.users.agents)[0] ?? '') : tenant.users[role];
      desk = await signedIn(platform, tenant, email);
      desks.set(key, desk);
    }
    return desk;
  }

  function pathWith(path: string, ids: Record<string, string>): string {
    return path.replace(/\{([A-Za-z]+)\}/g, (_match, name: string) => {
      const id = ids[name];
      if (id === undefined) {
        throw new Error(`the walk has no id for {${name}} in ${path}: add one to the first tenant's resources`);
      }
      return id;
    });
  }

  async function call(desk: DeskClient, operation: Operation, path: string) {
    const headers = Object.fromEntries(operation.headers.filter((header) => header.required).map((header) => [header.name.toLowerCase(), `walk-${randomUUID()}`]));
    const answer = await desk.request(operation.method, path, operation.method === 'GET' || operation.method === 'DELETE' ? undefined : (operation.example ?? {}), { headers });
    if (operation.method === 'DELETE' && operation.path === '/api/session') {
      desks.clear();
    }
    return answer;
  }

  function leaked(body: unknown, request: string): string[] {
    const text = JSON.stringify(body);
    return alphaMarkers.filter((marker) => !request.includes(marker) && text.includes(marker));
  }

  beforeAll(async () => {
    await platform.start();
    alpha = await platform.provisionTenant(['alpha-agent']);
    beta = await platform.provisionTenant(['beta-agent']);
    const agentId = alpha.agentIds[0] ?? '';

    // The first tenant's resources: a conversation its agent holds, a queue, its hours, a menu, a canned response, a hold, an export.
    await platform.admin(`/admin/tenants/${alpha.tenantId}/queues/alpha-only`, 'PUT', { priority: 7, serviceLevelSeconds: 77 });
    await platform.admin(`/admin/tenants/${alpha.tenantId}/queues/alpha-only/schedule`, 'PUT', { hours: { timeZone: 'UTC', weekly: { mon: [{ open: '08:00', close: '18:00' }] }, holidays: [] }, closedReply: 'Alpha is closed.', takesMessages: true });
    const menu = await platform.admin(`/admin/tenants/${alpha.tenantId}/menus/alphamenu`, 'PUT', {
      name: 'Alpha menu',
      rootNodeId: 'root',
      fallbackQueue: 'support',
      nodes: [{ id: 'root', prompt: 'Alpha: reply 1.', options: [{ key: '1', label: 'Support', keywords: ['support'], action: { type: 'queue', queue: 'support' } }] }],
    });
    expect(menu.status).toBe(200);
    const agent = await signedIn(platform, alpha, alpha.users.agents[agentId] ?? '');
    const agentLive = await agent.live();
    expect((await agent.request('PUT', '/api/me/presence', { presence: 'available' })).status).toBe(200);
    const customer = customerNumber();
    platform.text(alpha, 'Alpha customer secret question', customer);
    const offered = await agentLive.event('the offer', (event) => event.type === 'conversation.offered');
    const conversationId = offered.conversationId ?? '';
    expect((await agent.request('POST', `/api/conversations/${conversationId}/accept`, { offerId: offered.payload['offerId'] })).status).toBe(200);
    await agentLive.close();
    const admin = await deskOf(alpha, 'admin');
    const canned = await admin.request<{ cannedResponse: { id: string } }>('POST', '/api/admin/canned-responses', { title: 'Alpha canned title', text: 'Alpha canned text' });
    const compliance = await deskOf(alpha, 'compliance');
    const hold = await compliance.request<{ hold: { holdId: string } }>('POST', '/api/archive/holds', { scope: 'customer', customerNumber: customer, reason: 'Alpha hold reason' });
    expect(hold.status).toBe(201);
    const exported = await compliance.request<{ exportId: string }>('POST', '/api/archive/exports', { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' });
    expect(exported.status).toBe(202);
    await waitFor('the first tenant\'s transcript in the archive', async () => (await compliance.request('GET', `/api/conversations/${conversationId}/transcript`)).status === 200);
    const users = await admin.request<{ users: Array<{ id: string }> }>('GET', '/api/admin/users');
    Object.assign(alphaIds, {
      conversationId,
      earlierConversationId: conversationId,
      userId: users.body.users[0]?.id ?? '',
      numberId: alpha.numberId,
      queue: 'alpha-only',
      menuId: 'alphamenu',
      agentId,
      cannedResponseId: canned.body.cannedResponse.id,
      holdId: hold.body.hold.holdId,
      exportId: exported.body.exportId,
      name: 'manifest.json',
    });
    alphaMarkers = [
      alpha.tenantId,
      alpha.slug,
      alpha.business,
      customer,
      conversationId,
      agentId,
      alpha.numberId,
      'Alpha customer secret question',
      'Alpha canned title',
      'Alpha hold reason',
      hold.body.hold.holdId,
      exported.body.exportId,
      ...users.body.users.map((user) => user.id),
      alpha.users.admin,
      alpha.users.supervisor,
    ];
    const document = await fetch(`${platform.gateway.url}/docs/openapi.json`).then((response) => response.json() as Promise<OpenApi>);
    operations = deskOperations(document);
  });

  afterAll(async () => {
    await platform.stop();
  });

  it('finds the desk routes in the OpenAPI document, every one with its roles', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual(
      expect.arrayContaining(['POST /api/conversations/{conversationId}/messages', 'GET /api/conversations/{conversationId}/transcript', 'POST /api/admin/users', 'GET /api/archive/search']),
    );
  });

  it('answers another tenant\'s users 404 for the first tenant\'s ids, and shows them none of its data', async () => {
    const breaches: string[] = [];
    // Upserts last: a PUT naming the first tenant's key makes the caller's own resource by that key, which later
    // answers to the caller would then rightly show.
    const walk = operations.filter((candidate) => candidate.roles !== 'public').sort((a, b) => Number(a.upsert) - Number(b.upsert));
    let walked = 0;
    for (const operation of walk) {
      for (const role of operation.roles as readonly UserRole[]) {
        const path = pathWith(operation.path, alphaIds);
        const answer = await call(await deskOf(beta, role), operation, path);
        walked += 1;
        const request = `${path} ${JSON.stringify(operation.example ?? '')}`;
        const hasIds = operation.path.includes('{');
        if (hasIds && !operation.upsert && answer.status !== 404) {
          breaches.push(`${role} ${operation.method} ${path} answered ${answer.status}, not 404`);
        }
        if (hasIds && operation.upsert && answer.status >= 500) {
          breaches.push(`${role} ${operation.method} ${path} failed with ${answer.status}`);
        }
        const leaks = leaked(answer.body, request);
        if (leaks.length > 0) {
          breaches.push(`${role} ${operation.method} ${path} showed ${leaks.join(', ')}`);
        }
      }
    }
    expect(walked).toBeGreaterThan(60);
    expect(breaches).toEqual([]);
  });

  it('answers users whose role is not allowed 403 on every route, with none of the tenant\'s data', async () => {
    const breaches: string[] = [];
    let checked = 0;
    for (const operation of operations.filter((candidate) => candidate.roles !== 'public')) {
      for (const role of USER_ROLES.filter((candidate) => !(operation.roles as readonly UserRole[]).includes(candidate))) {
        const path = pathWith(operation.path, alphaIds);
        const answer = await call(await deskOf(alpha, role), operation, path);
        checked += 1;
        if (answer.status !== 403 || answer.body['code'] !== 'role.forbidden') {
          breaches.push(`${role} ${operation.method} ${path} answered ${answer.status} ${String(answer.body['code'])}`);
        }
        const leaks = leaked(answer.body, path);
        if (leaks.length > 0) {
          breaches.push(`${role} ${operation.method} ${path} showed ${leaks.join(', ')}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(breaches).toEqual([]);
  });

  it('left the first tenant\'s resources as they were', async () => {
    const queue = await platform.admin<{ queue: Record<string, unknown> }>(`/admin/tenants/${alpha.tenantId}/queues/alpha-only`);
    expect(queue.body.queue).toMatchObject({ priority: 7, serviceLevelSeconds: 77 });
    const schedule = await platform.admin(`/admin/tenants/${alpha.tenantId}/queues/alpha-only/schedule`);
    expect(schedule.status).toBe(200);
    const menu = await platform.admin<{ menu: { name: string } }>(`/admin/tenants/${alpha.tenantId}/menus/alphamenu`);
    expect(menu.body.menu.name).toBe('Alpha menu');
    const canned = await (await deskOf(alpha, 'admin')).request<{ cannedResponses: Array<{ title: string; text: string }> }>('GET', '/api/canned-responses');
    expect(canned.body.cannedResponses).toEqual([expect.objectContaining({ title: 'Alpha canned title', text: 'Alpha canned text' })]);
    const conversation = await platform.admin<{ conversation: { stage: string; agentId: string } }>(`/admin/tenants/${alpha.tenantId}/conversations/${alphaIds['conversationId']}/routing`);
    expect(conversation.body.conversation).toMatchObject({ stage: 'assigned', agentId: alphaIds['agentId'] });
    const users = await (await deskOf(alpha, 'admin')).request<{ users: Array<{ status: string }> }>('GET', '/api/admin/users');
    expect(users.body.users.every((user) => user.status === 'active')).toBe(true);
  });

  it('keeps WebSocket subscriptions inside the tenant: another tenant\'s conversation is not found', async () => {
    const live = await (await deskOf(beta, 'supervisor')).live();
    live.send({ type: 'subscribe', conversationId: alphaIds['conversationId'] });
    const refused = await live.next('the refusal', (frame) => frame.type === 'error');
    expect(refused).toMatchObject({ code: 'not-found' });
    expect(live.frames.filter((frame) => frame.type === 'subscribed')).toEqual([]);
    platform.text(alpha, 'Another alpha message');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // The refusal names the id the desk sent; the agent id is also the key the walk's upserts gave an agent of the caller's.
    expect(leaked(live.frames, `${alphaIds['conversationId']} ${alphaIds['agentId']}`)).toEqual([]);
    await live.close();
  });
});
