import { agentCallChanged, agentCloseRequested, agentDeactivated } from '@parley/contracts';
import { waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutingSweeper } from '../src/routing/routing.sweeper.ts';
import { ADMIN_TOKEN, customerNumber, RoutingHarness, type Envelope } from './routing-harness.ts';

/** Each rule gets its own queues and agents in the one tenant, so the cases cannot take each other's work. */
describe('routing through Kafka', () => {
  const routing = new RoutingHarness();

  const offered = (event: Envelope) => ({ agentId: event.payload['agentId'], offerId: String(event.payload['offerId']) });
  const typesOf = async (conversationId: string) => (await routing.events()).filter((event) => event.conversationId === conversationId).map((event) => event.type);

  beforeAll(async () => {
    await routing.start();
    await routing.put('/routing-settings', {
      offerTimeoutSeconds: 2,
      waitingOnCustomerWeight: 0.5,
      waitingOnCustomerAfterSeconds: 1,
      stickyWindowSeconds: 3600,
      unavailableGraceSeconds: 1,
      dispositions: ['resolved', 'sale', 'no-answer'],
    });
    for (const [queue, priority] of [
      ['first', 0],
      ['order', 0],
      ['order-vip', 50],
      ['cap', 0],
      ['decline', 0],
      ['timeout', 0],
      ['auto', 0],
      ['sticky', 0],
      ['xfer-from', 0],
      ['xfer-to', 0],
      ['grace', 0],
      ['gone', 0],
      ['quiet', 0],
      ['spill', 0],
      ['bad', 0],
      ['call', 0],
      ['live', 0],
    ] as const) {
      await routing.put(`/queues/${queue}`, { priority, serviceLevelSeconds: 60 });
    }
    await routing.put('/queues/overflow-from', { priority: 0, serviceLevelSeconds: 30, overflow: { afterSeconds: 1, toQueue: 'spill' } });
  });

  afterAll(async () => {
    await routing.stop();
  });

  it('offers a queued conversation to the available agent who has been idle longest, and an accept assigns it', async () => {
    await routing.agent('agent_first_busy', { queues: ['first'], capacity: 3 });
    await routing.agent('agent_first_idle', { queues: ['first'], capacity: 3 });
    // Give the first agent a conversation, so the second is now the one idle longest.
    const warmUp = await routing.queue({ queue: 'first' });
    expect(offered(await routing.offerOf(warmUp)).agentId).toBe('agent_first_busy');

    const conversationId = await routing.queue({ queue: 'first' });
    const offer = await routing.offerOf(conversationId);
    expect(offer.payload).toMatchObject({ agentId: 'agent_first_idle', queue: 'first', reason: 'longest-idle', attempt: 1 });
    await routing.accept('agent_first_idle', conversationId, offered(offer).offerId);
    const assigned = await routing.until('assigned', (event) => event.type === 'conversation.assigned' && event.conversationId === conversationId);
    expect(assigned.payload).toMatchObject({ agentId: 'agent_first_idle', autoAccepted: false, offerId: offered(offer).offerId });
    expect(await routing.routingOf(conversationId)).toMatchObject({ stage: 'assigned', agentId: 'agent_first_idle' });
  });

  it('serves the highest priority first, then the longest waiting', async () => {
    await routing.agent('agent_order', { queues: ['order', 'order-vip'], capacity: 1, autoAccept: true }, 'away');
    const young = await routing.queue({ queue: 'order', queuedSince: new Date(Date.now() - 10_000) });
    const old = await routing.queue({ queue: 'order', queuedSince: new Date(Date.now() - 120_000) });
    const vip = await routing.queue({ queue: 'order-vip', queuedSince: new Date(Date.now() - 1_000) });
    const flagged = await routing.queue({ queue: 'order', priority: 60 });
    for (const conversationId of [young, old, vip, flagged]) {
      await waitFor('waiting', async () => (await routing.routingOf(conversationId))['stage'] === 'waiting');
    }
    await routing.presence('agent_order', 'available');
    // Capacity 1: each close frees the agent for exactly the next conversation in line.
    const served: string[] = [];
    for (let turn = 1; turn <= 4; turn += 1) {
      const assigned = await routing.until(`assignment ${turn}`, (event) => event.type === 'conversation.assigned' && event.payload['agentId'] === 'agent_order' && !served.includes(event.conversationId ?? ''));
      served.push(assigned.conversationId ?? '');
      await routing.close('agent_order', assigned.conversationId ?? '');
    }
    // flagged ranks 60 and vip 50 (its queue's priority); the plain ones go oldest first.
    expect(served).toEqual([flagged, vip, old, young]);
  });

  it('never offers an agent more than their capacity, and offers the next conversation when one closes', async () => {
    await routing.agent('agent_cap', { queues: ['cap'], capacity: 2 }, 'away');
    const conversations = [
      await routing.queue({ queue: 'cap', queuedSince: new Date(Date.now() - 30_000) }),
      await routing.queue({ queue: 'cap', queuedSince: new Date(Date.now() - 20_000) }),
      await routing.queue({ queue: 'cap', queuedSince: new Date(Date.now() - 10_000) }),
    ];
    for (const conversationId of conversations) {
      await waitFor('waiting', async () => (await routing.routingOf(conversationId))['stage'] === 'waiting');
    }
    await routing.presence('agent_cap', 'available');
    const first = await routing.offerOf(conversations[0] ?? '');
    const second = await routing.offerOf(conversations[1] ?? '');
    await routing.accept('agent_cap', conversations[0] ?? '', offered(first).offerId);
    await routing.accept('agent_cap', conversations[1] ?? '', offered(second).offerId);
    await waitFor('both assigned', async () => (await routing.routingOf(conversations[1] ?? ''))['stage'] === 'assigned');
    const live = await routing.admin('/live');
    const agent = (live.body['agents'] as Array<Record<string, unknown>>).find((candidate) => candidate['agentId'] === 'agent_cap');
    expect(agent).toMatchObject({ load: 2, capacity: 2, conversations: 2, offers: 0 });
    expect((await routing.routingOf(conversations[2] ?? ''))['stage']).toBe('waiting');

    await routing.close('agent_cap', conversations[0] ?? '', 'sale');
    const closed = await routing.until('closed', (event) => event.type === 'conversation.closed' && event.conversationId === conversations[0]);
    expect(closed.payload).toMatchObject({ agentId: 'agent_cap', disposition: 'sale', queue: 'cap' });
    expect((await routing.offerOf(conversations[2] ?? '')).payload['agentId']).toBe('agent_cap');
  });

  it('gives a declined conversation to the next agent and never back to the one who declined', async () => {
    await routing.agent('agent_decline_a', { queues: ['decline'], capacity: 1 });
    await routing.agent('agent_decline_b', { queues: ['decline'], capacity: 1 }, 'away');
    const conversationId = await routing.queue({ queue: 'decline' });
    const first = await routing.offerOf(conversationId);
    expect(first.payload['agentId']).toBe('agent_decline_a');
    await routing.decline('agent_decline_a', conversationId, offered(first).offerId);
    await routing.until('lapsed', (event) => event.type === 'conversation.offer.lapsed' && event.conversationId === conversationId);
    expect((await routing.routingOf(conversationId))['excludedAgents']).toEqual(['agent_decline_a']);
    await routing.presence('agent_decline_b', 'available');
    const second = await routing.offerOf(conversationId, 2);
    expect(second.payload).toMatchObject({ agentId: 'agent_decline_b', attempt: 2 });
  });

  it('moves an offer nobody answers on to the next agent when it times out', async () => {
    await routing.agent('agent_timeout_a', { queues: ['timeout'], capacity: 1 });
    const conversationId = await routing.queue({ queue: 'timeout' });
    const first = await routing.offerOf(conversationId);
    await routing.agent('agent_timeout_b', { queues: ['timeout'], capacity: 1 });
    const lapsed = await routing.until('timed out', (event) => event.type === 'conversation.offer.lapsed' && event.conversationId === conversationId, 15_000);
    expect(lapsed.payload).toMatchObject({ outcome: 'timed-out', agentId: 'agent_timeout_a', offerId: offered(first).offerId });
    expect((await routing.offerOf(conversationId, 2)).payload['agentId']).toBe('agent_timeout_b');
    // The late accept of the lapsed offer is refused and changes nothing.
    const late = await routing.accept('agent_timeout_a', conversationId, offered(first).offerId);
    expect((await routing.rejection(late)).payload['code']).toBe('not-offered-to-agent');
  });

  it('assigns at once to an agent whose profile accepts automatically', async () => {
    await routing.agent('agent_auto', { queues: ['auto'], capacity: 2, autoAccept: true });
    const conversationId = await routing.queue({ queue: 'auto' });
    const assigned = await routing.offerOf(conversationId);
    expect(assigned.type).toBe('conversation.assigned');
    expect(assigned.payload).toMatchObject({ agentId: 'agent_auto', autoAccepted: true });
    expect(await typesOf(conversationId)).not.toContain('conversation.offered');
  });

  it('sends a returning customer to the agent they last spoke with, within the sticky window', async () => {
    await routing.agent('agent_sticky_a', { queues: ['sticky'], capacity: 3, autoAccept: true });
    const customer = customerNumber();
    const first = await routing.queue({ queue: 'sticky', customer });
    expect((await routing.offerOf(first)).payload['agentId']).toBe('agent_sticky_a');
    await routing.close('agent_sticky_a', first, 'resolved');
    await routing.until('closed', (event) => event.type === 'conversation.closed' && event.conversationId === first);
    // A second agent who has never had work is idler, yet the returning customer goes to the first one.
    await routing.agent('agent_sticky_b', { queues: ['sticky'], capacity: 3, autoAccept: true });
    const again = await routing.queue({ queue: 'sticky', customer });
    expect((await routing.offerOf(again)).payload).toMatchObject({ agentId: 'agent_sticky_a', autoAccepted: true });
    const stranger = await routing.queue({ queue: 'sticky' });
    expect((await routing.offerOf(stranger)).payload['agentId']).toBe('agent_sticky_b');
  });

  it('transfers to a queue at the front, and to a named agent as an offer with the note', async () => {
    await routing.agent('agent_xfer_a', { queues: ['xfer-from'], capacity: 3, autoAccept: true });
    await routing.agent('agent_xfer_b', { queues: ['xfer-to'], capacity: 1 }, 'away');
    await routing.agent('agent_xfer_c', { queues: ['xfer-to'], capacity: 3 });
    const waitingLong = await routing.queue({ queue: 'xfer-to', queuedSince: new Date(Date.now() - 600_000) });
    await routing.offerOf(waitingLong);
    const conversationId = await routing.queue({ queue: 'xfer-from' });
    await routing.offerOf(conversationId);

    await routing.transfer('agent_xfer_a', conversationId, { kind: 'agent', agentId: 'agent_xfer_c' }, 'Billing question, customer is in a hurry');
    const transferred = await routing.until('transferred', (event) => event.type === 'conversation.transferred' && event.conversationId === conversationId);
    expect(transferred.payload).toMatchObject({ fromAgentId: 'agent_xfer_a', target: { kind: 'agent', agentId: 'agent_xfer_c' }, note: 'Billing question, customer is in a hurry' });
    const toC = await routing.offerOf(conversationId, 2);
    expect(toC.payload).toMatchObject({ agentId: 'agent_xfer_c', reason: 'transfer' });
    await routing.accept('agent_xfer_c', conversationId, offered(toC).offerId);
    await waitFor('held by c', async () => (await routing.routingOf(conversationId))['agentId'] === 'agent_xfer_c' && (await routing.routingOf(conversationId))['stage'] === 'assigned');

    // Agent c sends it on to the queue: it waits at the front, ahead of a conversation queued ten minutes ago.
    await routing.presence('agent_xfer_c', 'away');
    await routing.until('c away', (event) => event.type === 'agent.state.changed' && event.payload['agentId'] === 'agent_xfer_c' && event.payload['presence'] === 'away');
    const behind = await routing.queue({ queue: 'xfer-to', queuedSince: new Date(Date.now() - 600_000) });
    await waitFor('behind waiting', async () => (await routing.routingOf(behind))['stage'] === 'waiting');
    await routing.transfer('agent_xfer_c', conversationId, { kind: 'queue', queue: 'xfer-to' });
    const requeued = await routing.until('requeued', (event) => event.type === 'conversation.requeued' && event.conversationId === conversationId);
    expect(requeued.payload).toMatchObject({ queue: 'xfer-to', reason: 'transfer', fromAgentId: 'agent_xfer_c' });
    expect(await routing.routingOf(conversationId)).toMatchObject({ stage: 'waiting', atFront: true, queue: 'xfer-to' });
    await routing.presence('agent_xfer_b', 'available');
    const next = await routing.until('b offered', (event) => event.type === 'conversation.offered' && event.payload['agentId'] === 'agent_xfer_b');
    expect(next.conversationId).toBe(conversationId);
    expect((await routing.routingOf(behind))['stage']).toBe('waiting');
  });

  it('re-queues the conversations of an agent offline past the grace period at the front, and keeps them for one back in time', async () => {
    await routing.agent('agent_grace', { queues: ['grace'], capacity: 3, autoAccept: true });
    const conversationId = await routing.queue({ queue: 'grace' });
    await routing.offerOf(conversationId);

    // Back within the grace period: nothing moves.
    await routing.connection('agent_grace', false);
    await routing.until('disconnected', (event) => event.type === 'agent.state.changed' && event.payload['agentId'] === 'agent_grace' && event.payload['connected'] === false);
    await routing.connection('agent_grace', true);
    await routing.until('reconnected', (event) => event.type === 'agent.state.changed' && event.payload['agentId'] === 'agent_grace' && event.payload['cause'] === 'connection' && event.payload['connected'] === true);
    await routing.apps[0]?.get(RoutingSweeper).sweep(new Date(Date.now() + 5_000));
    expect(await routing.routingOf(conversationId)).toMatchObject({ stage: 'assigned', agentId: 'agent_grace' });

    await routing.presence('agent_grace', 'offline', 'end of shift');
    await routing.until('offline', (event) => event.type === 'agent.state.changed' && event.payload['agentId'] === 'agent_grace' && event.payload['presence'] === 'offline');
    const requeued = await routing.until('requeued', (event) => event.type === 'conversation.requeued' && event.conversationId === conversationId, 15_000);
    expect(requeued.payload).toMatchObject({ reason: 'agent-offline', fromAgentId: 'agent_grace', queue: 'grace' });
    expect(await routing.routingOf(conversationId)).toMatchObject({ stage: 'waiting', atFront: true });
  });

  it('re-queues everything of a deactivated agent at once and gives them nothing more', async () => {
    await routing.agent('agent_gone', { queues: ['gone'], capacity: 3, autoAccept: true });
    const held = [await routing.queue({ queue: 'gone' }), await routing.queue({ queue: 'gone' })];
    await routing.offerOf(held[0] ?? '');
    await routing.offerOf(held[1] ?? '');
    await routing.command(agentDeactivated, { agentId: 'agent_gone', deactivatedBy: 'admin@example.com', at: new Date().toISOString() });
    for (const conversationId of held) {
      const requeued = await routing.until('requeued', (event) => event.type === 'conversation.requeued' && event.conversationId === conversationId);
      expect(requeued.payload).toMatchObject({ reason: 'agent-deactivated', fromAgentId: 'agent_gone' });
    }
    const refused = await routing.presence('agent_gone', 'available');
    expect((await routing.rejection(refused)).payload['code']).toBe('agent-inactive');
    await routing.agent('agent_gone_successor', { queues: ['gone'], capacity: 3, autoAccept: true });
    for (const conversationId of held) {
      expect((await routing.offerOf(conversationId, 2)).payload['agentId']).toBe('agent_gone_successor');
    }
  });

  it('weighs conversations whose customer went quiet less, and fully again when the customer writes', async () => {
    await routing.agent('agent_quiet', { queues: ['quiet'], capacity: 2, autoAccept: true }, 'away');
    const since = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000);
    const [a, b, c] = [
      await routing.queue({ queue: 'quiet', queuedSince: since(30) }),
      await routing.queue({ queue: 'quiet', queuedSince: since(20) }),
      await routing.queue({ queue: 'quiet', queuedSince: since(10) }),
    ];
    for (const conversationId of [a, b, c]) {
      await waitFor('waiting', async () => (await routing.routingOf(conversationId))['stage'] === 'waiting');
    }
    await routing.presence('agent_quiet', 'available');
    await routing.offerOf(a);
    await routing.offerOf(b);
    expect((await routing.routingOf(c))['stage']).toBe('waiting');
    await routing.agentReplies(a, 'agent_quiet');
    await routing.agentReplies(b, 'agent_quiet');
    // After a second of silence both weigh 0.5: a load of 1 leaves room for the third.
    expect((await routing.offerOf(c)).payload['agentId']).toBe('agent_quiet');
    await routing.customerWrites(a);
    await waitFor('a wakes', async () => (await routing.routingOf(a))['waitingOnCustomerSince'] === null);
    const agent = ((await routing.admin('/live')).body['agents'] as Array<Record<string, unknown>>).find((candidate) => candidate['agentId'] === 'agent_quiet');
    expect(agent).toMatchObject({ load: 2.5, conversations: 3 });
  });

  it('overflows a conversation waiting past its queue threshold into the overflow queue', async () => {
    await routing.agent('agent_spill', { queues: ['spill'], capacity: 1 });
    const conversationId = await routing.queue({ queue: 'overflow-from' });
    const overflowed = await routing.until('overflowed', (event) => event.type === 'conversation.overflowed' && event.conversationId === conversationId, 15_000);
    expect(overflowed.payload).toMatchObject({ fromQueue: 'overflow-from', toQueue: 'spill' });
    expect((await routing.offerOf(conversationId)).payload).toMatchObject({ agentId: 'agent_spill', queue: 'spill' });
  });

  it('offers no text conversation to an agent on a call, whose call takes their whole capacity', async () => {
    await routing.agent('agent_call', { queues: ['call'], capacity: 3 }, 'available');
    await routing.command(agentCallChanged, { agentId: 'agent_call', callId: 'call_0000001', onCall: true, at: new Date().toISOString() });
    await routing.until('on call', (event) => event.type === 'agent.state.changed' && event.payload['agentId'] === 'agent_call' && event.payload['onCall'] === true);
    const conversationId = await routing.queue({ queue: 'call' });
    await waitFor('waiting', async () => (await routing.routingOf(conversationId))['stage'] === 'waiting');
    await routing.apps[0]?.get(RoutingSweeper).sweep();
    expect((await routing.routingOf(conversationId))['stage']).toBe('waiting');
    await routing.command(agentCallChanged, { agentId: 'agent_call', callId: 'call_0000001', onCall: false, at: new Date().toISOString() });
    expect((await routing.offerOf(conversationId)).payload['agentId']).toBe('agent_call');
  });

  describe('bad input', () => {
    let held = '';
    let offerId = '';

    beforeAll(async () => {
      await routing.agent('agent_bad', { queues: ['bad'], capacity: 3 });
      held = await routing.queue({ queue: 'bad' });
      offerId = offered(await routing.offerOf(held)).offerId;
      await routing.accept('agent_bad', held, offerId);
      await waitFor('held', async () => (await routing.routingOf(held))['stage'] === 'assigned');
    });

    async function refusedWithoutChange(commandId: Promise<string>, code: string): Promise<void> {
      const before = await routing.routingOf(held);
      expect((await routing.rejection(await commandId)).payload['code']).toBe(code);
      expect(await routing.routingOf(held)).toEqual(before);
    }

    it('refuses a duplicate accept', async () => {
      await refusedWithoutChange(routing.accept('agent_bad', held, offerId), 'already-accepted');
    });

    it('refuses a transfer to a queue that does not exist', async () => {
      await refusedWithoutChange(routing.transfer('agent_bad', held, { kind: 'queue', queue: 'no-such-queue' }), 'unknown-queue');
    });

    it('refuses a close with a code the tenant does not use', async () => {
      await refusedWithoutChange(routing.close('agent_bad', held, 'made-up'), 'invalid-disposition');
    });

    it("refuses commands for another tenant's conversation or agent as unknown", async () => {
      const otherTenant = `ten_other_${Date.now()}`;
      const otherAdmin = (path: string, body: unknown) =>
        fetch(`${routing.url}/admin/tenants/${otherTenant}${path}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await otherAdmin('/queues/bad', { priority: 0, serviceLevelSeconds: 60 })).status).toBe(200);
      expect((await otherAdmin('/agents/agent_bad', { displayName: 'Namesake', queues: ['bad'], capacity: 3 })).status).toBe(200);
      const rejectionFor = async (commandId: string) =>
        waitFor(
          'the rejection',
          async () =>
            (await routing.kafka.readAll('agent.events'))
              .map((message) => JSON.parse(message.value ?? '{}') as Envelope)
              .find((event) => event.type === 'agent.command.rejected' && event.payload['commandId'] === commandId),
          { timeoutMs: 20_000, intervalMs: 200 },
        );
      const before = await routing.routingOf(held);
      // The other tenant's agent of the same name closing this tenant's conversation: unknown there.
      const foreignClose = await routing.command(agentCloseRequested, { agentId: 'agent_bad', disposition: 'resolved', requestedAt: new Date().toISOString() }, { conversationId: held, tenantId: otherTenant });
      const foreign = await rejectionFor(foreignClose);
      expect([foreign.tenantId, foreign.payload['code']]).toEqual([otherTenant, 'unknown-conversation']);
      // Deactivating an agent id that only this tenant has, from the other tenant: unknown agent, nothing changes here.
      const foreignDeactivate = await routing.command(agentDeactivated, { agentId: 'agent_only_here', at: new Date().toISOString() }, { tenantId: otherTenant });
      expect((await rejectionFor(foreignDeactivate)).payload['code']).toBe('unknown-agent');
      expect(await routing.routingOf(held)).toEqual(before);
      await refusedWithoutChange(routing.close('agent_not_here', held), 'unknown-agent');
      await refusedWithoutChange(routing.close('agent_bad', 'conv_of_nobody_00000000'), 'unknown-conversation');
    });

    it('refuses anything on a closed conversation', async () => {
      await routing.close('agent_bad', held, 'resolved');
      await waitFor('closed', async () => (await routing.routingOf(held))['stage'] === 'closed');
      await refusedWithoutChange(routing.close('agent_bad', held), 'conversation-closed');
      await refusedWithoutChange(routing.accept('agent_bad', held, offerId), 'conversation-closed');
    });

    it('refuses queues and profiles that make no sense with a problem naming the fault', async () => {
      const cycle = await routing.admin('/queues/spill', 'PUT', { priority: 0, serviceLevelSeconds: 60, overflow: { afterSeconds: 10, toQueue: 'overflow-from' } });
      expect(cycle.status).toBe(400);
      expect(cycle.body['code']).toBe('queue.overflow-cycle');
      const badPriority = await routing.admin('/queues/bad', 'PUT', { priority: 500, serviceLevelSeconds: 60 });
      expect([badPriority.status, badPriority.body['code']]).toEqual([400, 'queue.invalid']);
      const unknownQueue = await routing.admin('/agents/agent_nowhere', 'PUT', { displayName: 'Nowhere', queues: ['ghost'], capacity: 3 });
      expect([unknownQueue.status, unknownQueue.body['code']]).toEqual([400, 'agent.unknown-queue']);
      const inUse = await routing.admin('/queues/spill', 'DELETE');
      expect([inUse.status, inUse.body['code']]).toEqual([409, 'queue.in-use']);
    });
  });

  it('shows queue depth, longest wait and agents by state and load', async () => {
    await routing.agent('agent_live', { queues: ['live'], capacity: 3 }, 'away');
    const oldest = await routing.queue({ queue: 'live', queuedSince: new Date(Date.now() - 90_000) });
    const newest = await routing.queue({ queue: 'live' });
    for (const conversationId of [oldest, newest]) {
      await waitFor('waiting', async () => (await routing.routingOf(conversationId))['stage'] === 'waiting');
    }
    const live = (await routing.admin('/live')).body as { queues: Array<Record<string, unknown>>; agents: Array<Record<string, unknown>>; totals: Record<string, unknown> };
    const queue = live.queues.find((candidate) => candidate['queue'] === 'live');
    expect(queue).toMatchObject({ waiting: 2, offered: 0, assigned: 0, defined: true, agents: { available: 0, away: 1, offline: 0, withRoom: 0 } });
    expect(Number(queue?.['longestWaitSeconds'])).toBeGreaterThanOrEqual(90);
    expect(live.agents.find((agent) => agent['agentId'] === 'agent_live')).toMatchObject({ presence: 'away', load: 0, capacity: 3 });
    expect(Number(live.totals['waiting'])).toBeGreaterThanOrEqual(2);
  });
});
