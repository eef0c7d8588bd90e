import { randomUUID } from 'node:crypto';
import { waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNumber, DeskPlatform, signedIn, type DeskClient, type DeskTenant, type LiveSocket } from './desk-harness.ts';

type Offer = { conversationId: string; offerId: string };

/**
 * The desk end to end over two gateway replicas: customers text through the carrier simulator, routing offers their
 * conversations, agents accept, reply, transfer and close through the desk API and see it all on their WebSocket.
 */
describe('the desk: offers, replies, closes and reassignments over two gateway replicas', () => {
  const platform = new DeskPlatform();
  let tenant: DeskTenant;
  let ana: DeskClient;
  let ben: DeskClient;
  let supervisor: DeskClient;
  let anaLive: LiveSocket;
  let benLive: LiveSocket;
  let supervisorLive: LiveSocket;
  let anaId: string;
  let benId: string;

  /** The customer's text becomes an offer to the only available agent; the offer as it reached their desk. */
  async function offerFor(live: LiveSocket, customer: string, text: string): Promise<Offer> {
    const known = new Set(live.events().filter((event) => event.type === 'conversation.offered').map((event) => event.conversationId));
    platform.text(tenant, text, customer);
    const offered = await live.event('the offer', (event) => event.type === 'conversation.offered' && !known.has(event.conversationId));
    return { conversationId: offered.conversationId ?? '', offerId: String(offered.payload['offerId']) };
  }

  async function accepted(desk: DeskClient, offer: Offer): Promise<void> {
    const answer = await desk.request('POST', `/api/conversations/${offer.conversationId}/accept`, { offerId: offer.offerId });
    expect(answer.status).toBe(200);
  }

  beforeAll(async () => {
    await platform.start({ gateways: 2 });
    tenant = await platform.provisionTenant(['ana', 'ben']);
    [anaId, benId] = tenant.agentIds as [string, string];
    ana = platform.desk(platform.gateways[1]);
    expect((await ana.login(tenant.slug, tenant.users.agents[anaId] ?? '')).status).toBe(200);
    ben = await signedIn(platform, tenant, tenant.users.agents[benId] ?? '');
    supervisor = await signedIn(platform, tenant, tenant.users.supervisor);
    anaLive = await ana.live();
    benLive = await ben.live();
    supervisorLive = await supervisor.live();
    const presence = await ana.request('PUT', '/api/me/presence', { presence: 'available' });
    expect(presence.status).toBe(200);
    expect(presence.body).toMatchObject({ outcome: 'applied' });
  });

  afterAll(async () => {
    await Promise.all([anaLive, benLive, supervisorLive].map((live) => live?.close()));
    await platform.stop();
  });

  it('told routing the desks connected, and pushes presence changes to the agent and supervisors', async () => {
    const agentState = await anaLive.event('ana\'s state', (event) => event.type === 'agent.state.changed' && event.payload['presence'] === 'available');
    expect(agentState.payload).toMatchObject({ agentId: anaId, connected: true });
    await supervisorLive.event('ana\'s state for the supervisor', (event) => event.type === 'agent.state.changed' && event.payload['agentId'] === anaId && event.payload['presence'] === 'available');
    expect(benLive.events().filter((event) => event.type === 'agent.state.changed' && event.payload['agentId'] === anaId)).toEqual([]);
    const live = await supervisorLive.next('queue figures', (frame) => frame.type === 'live');
    const figures = live['live'] as { queues: Array<{ queue: string }> };
    expect(figures.queues.map((queue) => queue.queue)).toContain('support');
    expect(benLive.frames.filter((frame) => frame.type === 'live')).toEqual([]);
  });

  it('pushes an offer and a new message to the agent they are for, on the replica her desk uses, and to nobody else', async () => {
    const customer = customerNumber();
    const offer = await offerFor(anaLive, customer, 'Hello, my bill is wrong');
    await supervisorLive.event('the offer for the supervisor', (event) => event.type === 'conversation.offered' && event.conversationId === offer.conversationId);
    const work = await ana.request<{ presence: string; offers: Array<Record<string, unknown>> }>('GET', '/api/me/work');
    expect(work.body.presence).toBe('available');
    expect(work.body.offers).toEqual([expect.objectContaining({ conversationId: offer.conversationId, offerId: offer.offerId, customerNumber: customer, businessNumber: tenant.business, queue: 'support' })]);

    await accepted(ana, offer);
    const script = 'It says <script>alert("x")</script> & <b>bold</b>';
    platform.text(tenant, script, customer);
    const message = await anaLive.event('the customer\'s second text', (event) => event.type === 'conversation.message.received' && event.conversationId === offer.conversationId && String(event.payload['text']).includes('alert'));
    expect(message.payload['text']).toBe(script);
    expect(benLive.events().filter((event) => event.conversationId === offer.conversationId)).toEqual([]);
    expect(supervisorLive.events().filter((event) => event.conversationId === offer.conversationId && event.type === 'conversation.message.received')).toEqual([]);

    // A supervisor who subscribes sees the messages too; an unknown conversation is refused.
    supervisorLive.send({ type: 'subscribe', conversationId: offer.conversationId });
    await supervisorLive.next('subscribed', (frame) => frame.type === 'subscribed' && frame['conversationId'] === offer.conversationId);
    supervisorLive.send({ type: 'subscribe', conversationId: 'conv_does_not_exist_anywhere' });
    await supervisorLive.next('refused', (frame) => frame.type === 'error' && frame['code'] === 'not-found');
    platform.text(tenant, 'Are you there?', customer);
    await supervisorLive.event('the subscribed message', (event) => event.type === 'conversation.message.received' && event.payload['text'] === 'Are you there?');

    // The transcript returns text as data: the markup is a JSON string, never HTML.
    const transcript = await waitFor('the archived transcript', async () => {
      const answer = await ana.request<{ records: Array<{ text: string | null }> }>('GET', `/api/conversations/${offer.conversationId}/transcript`);
      return answer.status === 200 && answer.body.records.some((record) => record.text === script) ? answer : undefined;
    });
    expect(transcript.headers.get('content-type')).toContain('application/json');
    const compliance = await signedIn(platform, tenant, tenant.users.compliance);
    const views = await compliance.request<{ views: Array<{ reader: string }> }>('GET', `/api/archive/views?conversationId=${offer.conversationId}`);
    const me = await ana.request<{ user: { id: string } }>('GET', '/api/me');
    expect(views.body.views.map((view) => view.reader)).toContain(me.body.user.id);
    await closeConversation(offer.conversationId);
  });

  it('assigns once when accept is clicked twice, on one replica or two', async () => {
    const customer = customerNumber();
    const offer = await offerFor(anaLive, customer, 'Double click test');
    const anaOnOtherReplica = platform.desk(platform.gateways[0]);
    anaOnOtherReplica.cookie = ana.cookie;
    anaOnOtherReplica.csrfToken = ana.csrfToken;
    const answers = await Promise.all([
      ana.request('POST', `/api/conversations/${offer.conversationId}/accept`, { offerId: offer.offerId }),
      ana.request('POST', `/api/conversations/${offer.conversationId}/accept`, { offerId: offer.offerId }),
      anaOnOtherReplica.request('POST', `/api/conversations/${offer.conversationId}/accept`, { offerId: offer.offerId }),
    ]);
    expect(answers.map((answer) => answer.status).every((status) => status === 200 || status === 202)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body['commandId'])).size).toBe(1);
    const assigned = await platform.settledEvents(tenant.tenantId, (event) => event.type === 'conversation.assigned' && event.conversationId === offer.conversationId);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]?.causationId).toBe(answers[0]?.body['commandId']);
    expect(platform.events(tenant.tenantId, (event) => event.type === 'agent.command.rejected' && event.payload['commandId'] === answers[0]?.body['commandId'])).toEqual([]);
    // An accept of the offer after it was taken, with another command id, is refused with routing's code.
    const late = await ana.request('POST', `/api/conversations/${offer.conversationId}/decline`, { offerId: offer.offerId });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'command.not-offered-to-agent', details: { refusal: 'not-offered-to-agent' } });
    await closeConversation(offer.conversationId);
  });

  it('sends an approved reply once however often it is posted, and blocks a card number with the reasons', async () => {
    const customer = customerNumber();
    const offer = await offerFor(anaLive, customer, 'Can you help?');
    await accepted(ana, offer);
    const key = `reply-${randomUUID()}`;
    const reply = () => ana.request('POST', `/api/conversations/${offer.conversationId}/messages`, { text: 'Hi, this is Ana. Happy to help.' }, { headers: { 'idempotency-key': key } });
    const first = await reply();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'approved', text: 'Hi, this is Ana. Happy to help.' });
    const second = await reply();
    expect(second.body['messageId']).toBe(first.body['messageId']);
    await platform.phoneGets(customer, (text) => text === 'Hi, this is Ana. Happy to help.');
    await anaLive.event('the delivery', (event) => event.type === 'conversation.message.delivery-reported' && event.payload['messageId'] === first.body['messageId'] && event.payload['status'] === 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(platform.simulator.state.messages.filter((message) => message.to === customer.slice(1) && message.text === 'Hi, this is Ana. Happy to help.')).toHaveLength(1);

    const blocked = await ana.request('POST', `/api/conversations/${offer.conversationId}/messages`, { text: 'Your card 4111 1111 1111 1111 is on file' }, { headers: { 'idempotency-key': `reply-${randomUUID()}` } });
    expect(blocked.status).toBe(422);
    expect(blocked.headers.get('content-type')).toContain('application/problem+json');
    expect(blocked.body).toMatchObject({ code: 'reply.blocked', details: { reasons: [{ kind: 'sensitive-data', type: 'CREDIT_CARD', count: 1 }] } });
    await anaLive.event('the block on the desk', (event) => event.type === 'conversation.outbound.blocked' && event.conversationId === offer.conversationId);
    expect(platform.simulator.state.messages.filter((message) => message.text.includes('4111'))).toEqual([]);
    await closeConversation(offer.conversationId);
  });

  it('refuses bad replies with clear problems: too long, too large, blank, without a key, to a closed conversation', async () => {
    const customer = customerNumber();
    const offer = await offerFor(anaLive, customer, 'Bad input test');
    await accepted(ana, offer);
    const path = `/api/conversations/${offer.conversationId}/messages`;
    const headers = { 'idempotency-key': `reply-${randomUUID()}` };
    const long = await ana.request('POST', path, { text: 'x'.repeat(919) }, { headers });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'validation-failed', errors: [{ path: 'text' }] });
    const huge = await ana.request('POST', path, { text: 'y'.repeat(70_000) }, { headers });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect((await ana.request('POST', path, { text: '   ' }, { headers })).status).toBe(400);
    const noKey = await ana.request('POST', path, { text: 'Hello' });
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({ errors: [{ path: 'Idempotency-Key' }] });
    expect((await ana.request('POST', path, '{"text": "unclosed', { headers })).status).toBe(400);

    const invalidDisposition = await ana.request('POST', `/api/conversations/${offer.conversationId}/close`, { disposition: 'made-up-code' });
    expect(invalidDisposition.status).toBe(409);
    expect(invalidDisposition.body).toMatchObject({ code: 'command.invalid-disposition' });
    await closeConversation(offer.conversationId);
    const toClosed = await ana.request('POST', path, { text: 'Still there?' }, { headers: { 'idempotency-key': `reply-${randomUUID()}` } });
    expect(toClosed.status).toBe(409);
    expect(toClosed.body).toMatchObject({ code: 'conversation.closed' });
    const closeAgain = await ana.request('POST', `/api/conversations/${offer.conversationId}/close`, { disposition: 'resolved' });
    expect(closeAgain.status).toBe(409);
    // Only the front door's greeting reached the customer: none of the refused replies.
    expect(platform.simulator.state.messages.filter((message) => message.to === customer.slice(1) && /Hello|Still there|xxxx|yyyy/.test(message.text))).toEqual([]);
  });

  it('shows the customer\'s earlier conversation and its transcript to the agent of the new one', async () => {
    const customer = customerNumber();
    const first = await offerFor(anaLive, customer, 'First visit');
    await accepted(ana, first);
    await closeConversation(first.conversationId);
    const second = await waitFor('a second conversation', async () => {
      const offered = await offerFor(anaLive, customer, 'Back again').catch(() => undefined);
      return offered && offered.conversationId !== first.conversationId ? offered : undefined;
    }, { timeoutMs: 60_000 });
    await accepted(ana, second);
    const history = await waitFor('the archived history', async () => {
      const answer = await ana.request<{ conversations: Array<{ conversationId: string }> }>('GET', `/api/conversations/${second.conversationId}/history`);
      return answer.body.conversations?.some((entry) => entry.conversationId === first.conversationId) ? answer : undefined;
    });
    expect(history.body.conversations.map((entry) => entry.conversationId)).not.toContain(second.conversationId);
    const earlier = await ana.request<{ records: Array<{ text: string | null }> }>('GET', `/api/conversations/${second.conversationId}/history/${first.conversationId}/transcript`);
    expect(earlier.status).toBe(200);
    expect(earlier.body.records.map((record) => record.text)).toContain('First visit');
    // Ben holds nothing of this customer: the conversation and its history are not found for him.
    expect((await ben.request('GET', `/api/conversations/${second.conversationId}`)).status).toBe(404);
    expect((await ben.request('GET', `/api/conversations/${second.conversationId}/history`)).status).toBe(404);
    await closeConversation(second.conversationId);
  });

  it('lets a supervisor reassign an assigned conversation to another agent, recorded as theirs', async () => {
    expect((await ben.request('PUT', '/api/me/presence', { presence: 'available' })).status).toBe(200);
    const customer = customerNumber();
    const known = new Set(supervisorLive.events().map((event) => event.conversationId));
    platform.text(tenant, 'Reassign me', customer);
    const offered = await supervisorLive.event('an offer', (event) => event.type === 'conversation.offered' && !known.has(event.conversationId));
    const holder = offered.payload['agentId'] === anaId ? ana : ben;
    const other = holder === ana ? benId : anaId;
    const otherLive = holder === ana ? benLive : anaLive;
    await accepted(holder, { conversationId: offered.conversationId ?? '', offerId: String(offered.payload['offerId']) });
    expect((await ben.request('POST', `/api/conversations/${offered.conversationId}/reassign`, { target: { kind: 'queue', queue: 'sales' } })).status).toBe(403);
    const reassigned = await supervisor.request('POST', `/api/conversations/${offered.conversationId}/reassign`, { target: { kind: 'agent', agentId: other }, note: 'Over to you' });
    expect(reassigned.status).toBe(200);
    const transferred = await otherLive.event('the transfer', (event) => event.type === 'conversation.transferred' && event.conversationId === offered.conversationId);
    expect(transferred.payload).toMatchObject({ target: { kind: 'agent', agentId: other }, requestedBy: { kind: 'supervisor' } });
    await otherLive.event('the offer to the new agent', (event) => event.type === 'conversation.offered' && event.conversationId === offered.conversationId && event.payload['agentId'] === other);
    expect((await ben.request('PUT', '/api/me/presence', { presence: 'offline' })).status).toBe(200);
  });

  it('tells routing an agent\'s desk is gone only when her last WebSocket, on any replica, has closed', async () => {
    const disconnected = () => platform.events(tenant.tenantId, (event) => event.type === 'agent.connection.changed' && event.payload['agentId'] === benId && event.payload['connected'] === false);
    const benElsewhere = platform.desk(platform.gateways[1]);
    benElsewhere.cookie = ben.cookie;
    const second = await benElsewhere.live();
    await benLive.close();
    // Settles before asserting nothing was said: the close is handled as soon as the socket goes.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(disconnected()).toEqual([]);
    await second.close();
    await waitFor('the disconnection', () => disconnected().length === 1);
    const state = await waitFor('routing\'s view of ben', async () => {
      const agent = await platform.admin<{ agent: { connected: boolean } }>(`/admin/tenants/${tenant.tenantId}/agents/${benId}`);
      return agent.body.agent.connected ? undefined : agent.body.agent;
    });
    expect(state.connected).toBe(false);
  });

  it('deactivating an agent ends her sessions and makes routing put her conversations back in the queue', async () => {
    const customer = customerNumber();
    const offer = await offerFor(anaLive, customer, 'Deactivation test');
    await accepted(ana, offer);
    const admin = await signedIn(platform, tenant, tenant.users.admin);
    const me = await ana.request<{ user: { id: string } }>('GET', '/api/me');
    const deactivated = await admin.request('POST', `/api/admin/users/${me.body.user.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ user: { status: 'deactivated' } });
    const requeued = await waitFor('the re-queue', () => platform.events(tenant.tenantId, (event) => event.type === 'conversation.requeued' && event.conversationId === offer.conversationId)[0]);
    expect(requeued.payload).toMatchObject({ reason: 'agent-deactivated', fromAgentId: anaId });
    await waitFor('ana\'s desk to close', () => anaLive.closeCode === 4401);
    expect(anaLive.frames.some((frame) => frame.type === 'session-ended' && frame['reason'] === 'deactivated')).toBe(true);
    expect((await ana.request('GET', '/api/me')).status).toBe(401);
    expect((await platform.desk().login(tenant.slug, tenant.users.agents[anaId] ?? '')).status).toBe(401);
    const profile = await platform.admin<{ agent: { active: boolean } }>(`/admin/tenants/${tenant.tenantId}/agents/${anaId}`);
    expect(profile.body.agent.active).toBe(false);
  });

  async function closeConversation(conversationId: string): Promise<void> {
    const closed = await ana.request('POST', `/api/conversations/${conversationId}/close`, { disposition: 'resolved' });
    expect(closed.status).toBe(200);
    await anaLive.event('the close', (event) => event.type === 'conversation.closed' && event.conversationId === conversationId);
  }
});
