import { testEnvironment, waitFor } from '@parley/platform/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutingMetrics } from '../src/routing/routing.metrics.ts';
import { RoutingHarness, type Envelope } from './routing-harness.ts';

const CONVERSATIONS = 300;
const AGENTS = 12;

/**
 * Two routing instances share one tenant's burst of conversations while simulated desks accept, decline, ignore and
 * close offers and agents step away and back. The database is sampled throughout for overloaded agents, and the
 * published log is checked afterwards for conversations assigned twice or lost.
 */
describe('two routing instances under a burst', () => {
  const routing = new RoutingHarness();
  const log: Envelope[] = [];
  const overloads: string[] = [];
  let stopFollowing: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    await routing.start(2, { ROUTING_SWEEP_INTERVAL_MS: '100' });
    stopFollowing = await routing.kafka.follow(['conversation.events', 'agent.events'], (message) => {
      const event = JSON.parse(message.value ?? '{}') as Envelope & { producer: string };
      if (event.tenantId === routing.tenantId && event.producer === 'routing') {
        log.push(event);
      }
    });
  });

  afterAll(async () => {
    await stopFollowing?.();
    await routing.stop();
  });

  it('never assigns a conversation twice, never overloads an agent, and loses nobody', async () => {
    await routing.put('/routing-settings', { offerTimeoutSeconds: 2, unavailableGraceSeconds: 0 });
    await routing.put('/queues/alpha', { priority: 0, serviceLevelSeconds: 60 });
    await routing.put('/queues/beta', { priority: 20, serviceLevelSeconds: 60 });
    const capacities = new Map<string, number>();
    for (let index = 0; index < AGENTS; index += 1) {
      const agentId = `agent_burst_${String(index).padStart(2, '0')}`;
      const capacity = 1 + (index % 3);
      capacities.set(agentId, capacity);
      await routing.agent(agentId, { queues: index % 4 === 0 ? ['beta'] : ['alpha', 'beta'], capacity, autoAccept: index % 2 === 0 });
    }

    const { databaseUrl } = testEnvironment();
    const sampler = new pg.Client({ connectionString: databaseUrl });
    await sampler.connect();
    let sampling = true;
    const samples = (async () => {
      while (sampling) {
        // One statement, so one snapshot: every agent's offered and held conversations against their capacity.
        const { rows } = await sampler.query<{ agent_id: string; capacity: number; held: string }>(
          `SELECT a.agent_id, a.capacity, count(c.conversation_id) AS held FROM routing.agents a
           LEFT JOIN routing.conversations c ON c.tenant_id = a.tenant_id AND c.agent_id = a.agent_id AND c.stage IN ('offered', 'assigned')
           WHERE a.tenant_id = $1 GROUP BY a.agent_id, a.capacity`,
          [routing.tenantId],
        );
        for (const row of rows) {
          if (Number(row.held) > row.capacity) {
            overloads.push(`${row.agent_id} held ${row.held} of ${row.capacity}`);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    const conversations = await Promise.all(
      Array.from({ length: CONVERSATIONS }, (_, index) => routing.queue({ queue: index % 3 === 0 ? 'beta' : 'alpha', priority: index % 10 === 0 ? 10 : 0 })),
    );

    // The desks: answer each offer once (most accepted, some declined, some left to time out), close what they hold,
    // and now and then step away and come back.
    const answered = new Set<string>();
    const closing = new Set<string>();
    let turn = 0;
    await waitFor(
      'every conversation closed',
      async () => {
        turn += 1;
        for (const event of log.slice()) {
          const conversationId = event.conversationId ?? '';
          const agentId = String(event.payload['agentId']);
          if (event.type === 'conversation.offered' && !answered.has(String(event.payload['offerId']))) {
            answered.add(String(event.payload['offerId']));
            const roll = Math.random();
            if (roll < 0.75) {
              await routing.accept(agentId, conversationId, String(event.payload['offerId']));
            } else if (roll < 0.9) {
              await routing.decline(agentId, conversationId, String(event.payload['offerId']));
            }
          } else if (event.type === 'conversation.assigned' && !closing.has(conversationId)) {
            closing.add(conversationId);
            await routing.close(agentId, conversationId);
          }
        }
        if (turn % 10 === 0) {
          const agentId = `agent_burst_${String(turn % AGENTS).padStart(2, '0')}`;
          await routing.presence(agentId, 'away');
          await routing.presence(agentId, 'available');
        }
        const closed = new Set(log.filter((event) => event.type === 'conversation.closed').map((event) => event.conversationId));
        return conversations.every((conversationId) => closed.has(conversationId)) ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    sampling = false;
    await samples;
    await sampler.end();

    expect(overloads).toEqual([]);
    for (const conversationId of conversations) {
      const own = log.filter((event) => event.conversationId === conversationId);
      const assignments = own.filter((event) => event.type === 'conversation.assigned');
      const closes = own.filter((event) => event.type === 'conversation.closed');
      expect(assignments.length, `${conversationId} assigned ${assignments.length} times`).toBe(1);
      expect(closes.length).toBe(1);
      expect(closes[0]?.payload['agentId']).toBe(assignments[0]?.payload['agentId']);
      const offerIds = own.filter((event) => event.type === 'conversation.offered').map((event) => event.payload['offerId']);
      expect(new Set(offerIds).size).toBe(offerIds.length);
    }
    // Both instances did assignment rounds, so the invariants held with them racing, not taking turns by luck of partitions.
    for (const app of routing.apps) {
      const counted = await app.get(RoutingMetrics).assignments.get();
      expect(counted.values.reduce((sum, value) => sum + value.value, 0)).toBeGreaterThan(0);
    }
    const live = (await routing.admin('/live')).body as { totals: Record<string, unknown> };
    expect(live.totals['waiting']).toBe(0);
    expect([...capacities.keys()].length).toBe(AGENTS);
  });
});
