// Routing's figures with 1,000 agents and 10,000 queued conversations: how fast the backlog is taken in, how long
// assignment rounds and their planning take, how many assignments per second the router makes when a whole shift
// becomes available at once and while agents close and take the next, and how long a new conversation waits for
// its assignment when agents have room. Prints; asserts nothing.
import { randomUUID } from 'node:crypto';
import { agentCloseRequested, agentPresenceRequested, conversationQueued, conversationStarted } from '@parley/contracts';
import { DEFAULT_ROUTING_SETTINGS, PlanningSession, policyOf, type AgentSnapshot, type WaitingConversation } from '@parley/routing-domain';
import { buildEvent } from '@parley/contracts/testing';
import { KafkaTestClient } from '@parley/platform/testing';
import pg from 'pg';
import { buildAll } from '../build/build.ts';
import { startStack } from '../local-stack/stack.ts';
import { startBenchService } from './bench-service.ts';
import { percentile } from './open-loop.ts';

const repoRoot = process.cwd();
const PORT = 3993;
const AGENTS = Number(process.argv[2] ?? 1_000);
const QUEUED = Number(process.argv[3] ?? 10_000);
const QUEUES = 20;
const CAPACITY = 3;
const LIVE_CONVERSATIONS = 2_000;
const LIVE_RATE = 200;
const QUIET_CONVERSATIONS = 200;
const ADMIN_TOKEN = randomUUID();

type Envelope = { type: string; tenantId: string; conversationId?: string; payload: Record<string, unknown> };

function metricLines(metrics: string, name: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    if (line.startsWith(name)) {
      const [series, value] = [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))];
      values.set(series, value);
    }
  }
  return values;
}

/** A percentile's bucket from the difference of two scrapes of a Prometheus histogram: "≤ bound". */
function histogramPercentile(before: string, after: string, name: string, share: number): string {
  const start = metricLines(before, `${name}_bucket`);
  const end = metricLines(after, `${name}_bucket`);
  const buckets = [...end.entries()].map(([series, count]) => ({ le: /le="([^"]+)"/.exec(series)?.[1] ?? '+Inf', count: count - (start.get(series) ?? 0) }));
  const total = buckets.find((bucket) => bucket.le === '+Inf')?.count ?? 0;
  const hit = buckets.find((bucket) => bucket.count >= share * total);
  return hit ? `≤ ${hit.le === '+Inf' ? '∞' : `${Number(hit.le) * 1000} ms`}` : 'n/a';
}

function histogramSum(before: string, after: string, name: string): { sum: number; count: number } {
  const sum = (metrics: string, suffix: string) => [...metricLines(metrics, `${name}_${suffix}`).values()].reduce((total, value) => total + value, 0);
  return { sum: sum(after, 'sum') - sum(before, 'sum'), count: sum(after, 'count') - sum(before, 'count') };
}

/** The planner alone on the benchmark's shape: every single decision timed, as the service's rounds make them. */
function decisionLatency(): void {
  const now = new Date();
  const queues = Array.from({ length: QUEUES }, (_, index) => ({ key: `queue-${String(index).padStart(2, '0')}`, priority: index % 4 === 0 ? 20 : 0, serviceLevelSeconds: 60 }));
  const agents: AgentSnapshot[] = Array.from({ length: AGENTS }, (_, index) => ({
    agentId: `agent_${String(index).padStart(5, '0')}`,
    presence: 'available',
    active: true,
    queues: [...new Set([index % QUEUES, (index * 7 + 3) % QUEUES, (index * 13 + 5) % QUEUES].map((queue) => queues[queue]?.key ?? 'queue-00'))],
    capacity: CAPACITY,
    load: 0,
    lastAssignedAt: null,
  }));
  const waiting: WaitingConversation[] = Array.from({ length: QUEUED }, (_, index) => ({
    conversationId: `conv_${String(index).padStart(6, '0')}`,
    queue: queues[index % QUEUES]?.key ?? 'queue-00',
    priority: index % 50 === 0 ? 10 : 0,
    queuedSince: new Date(now.getTime() - (QUEUED - index) * 100),
    channel: 'sms',
    excludedAgents: [],
  }));
  const samples: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const session = new PlanningSession({ queues, agents, waiting, now, policy: policyOf(DEFAULT_ROUTING_SETTINGS) });
    for (;;) {
      const started = performance.now();
      const step = session.decideNext();
      const elapsed = performance.now() - started;
      if (step === 'done') {
        break;
      }
      if (run > 0) {
        samples.push(elapsed * 1000);
      }
    }
  }
  console.log(
    `decision (the planner choosing the agent for the next conversation; ${AGENTS.toLocaleString('en-US')} agents, ${QUEUED.toLocaleString('en-US')} queued, one thread, ${samples.length.toLocaleString('en-US')} decisions): ` +
      `p50 ${percentile(samples, 50).toFixed(1)} µs, p99 ${percentile(samples, 99).toFixed(1)} µs, max ${Math.max(...samples).toFixed(0)} µs`,
  );
}

async function main(): Promise<void> {
  buildAll(repoRoot);
  const stack = await startStack({ profile: 'test', repoRoot, env: process.env, brokerTuning: 'throughput' });
  const kafka = new KafkaTestClient(stack.kafkaBrokers);
  const sql = new pg.Client({ connectionString: stack.databaseUrl });
  const service = await startBenchService(repoRoot, 'routing', {
    port: PORT,
    kafkaBrokers: stack.kafkaBrokers,
    databaseUrl: stack.databaseUrl,
    env: { PARLEY_ADMIN_TOKEN: ADMIN_TOKEN, ROUTING_SWEEP_INTERVAL_MS: '250' },
  });
  const scrape = async () => (await fetch(`${service.url}/metrics`)).text();
  let stopFollowing: (() => Promise<void>) | undefined;
  let stopClosing: (() => Promise<void>) | undefined;
  try {
    await Promise.all([kafka.connect(), sql.connect()]);
    const tenantId = `ten_${randomUUID().replaceAll('-', '')}`;
    const admin = async (path: string, body: unknown) => {
      const response = await fetch(`${service.url}/admin/tenants/${tenantId}${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
      }
    };
    await admin('/routing-settings', { offerTimeoutSeconds: 60 });
    const queues = Array.from({ length: QUEUES }, (_, index) => `queue-${String(index).padStart(2, '0')}`);
    for (const [index, queue] of queues.entries()) {
      await admin(`/queues/${queue}`, { priority: index % 4 === 0 ? 20 : 0, serviceLevelSeconds: 60 });
    }
    for (let index = 0; index < AGENTS; index += 1) {
      const served = [queues[index % QUEUES], queues[(index * 7 + 3) % QUEUES], queues[(index * 13 + 5) % QUEUES]];
      await admin(`/agents/agent_${String(index).padStart(5, '0')}`, {
        displayName: `Agent ${index}`,
        queues: [...new Set(served)],
        capacity: CAPACITY,
        autoAccept: true,
      });
    }

    const assignedAt = new Map<string, number>();
    const queuedAt = new Map<string, number>();
    const closes: Array<{ key: string; value: string }> = [];
    stopFollowing = await kafka.follow(['conversation.events'], (message) => {
      const event = JSON.parse(message.value ?? '{}') as Envelope;
      if (event.tenantId !== tenantId || event.type !== 'conversation.assigned' || !event.conversationId) {
        return;
      }
      assignedAt.set(event.conversationId, performance.now());
      const agentId = String(event.payload['agentId']);
      const close = buildEvent(agentCloseRequested, { agentId, disposition: 'resolved', requestedAt: new Date().toISOString() }, { tenantId, conversationId: event.conversationId, producer: 'gateway' });
      closes.push({ key: agentId, value: JSON.stringify(close) });
    });
    let closing = false;
    let running = true;
    const closer = (async () => {
      while (running) {
        if (closing && closes.length > 0) {
          await kafka.produce('agent.commands', closes.splice(0, 500));
        } else {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    })();
    stopClosing = async () => {
      running = false;
      await closer;
    };

    const conversationMessages = (count: number) =>
      Array.from({ length: count }, (_, index) => {
        const conversationId = `conv_${randomUUID().replaceAll('-', '')}`;
        const common = { tenantId, conversationId, producer: 'ivr-menu' as const };
        const now = new Date().toISOString();
        const started = buildEvent(
          conversationStarted,
          { threadId: `thr_${randomUUID().slice(0, 12)}`, businessNumberId: 'num_bench_000', businessNumber: '+14155550100', customerNumber: `+1415${String(2_000_000 + index).padStart(7, '0')}`, channel: 'sms', startedAt: now },
          common,
        );
        const queued = buildEvent(conversationQueued, { queue: queues[index % QUEUES] ?? 'queue-00', priority: index % 50 === 0 ? 10 : 0, queuedSince: now, reason: 'menu', queuedAt: now }, common);
        return { conversationId, messages: [{ key: conversationId, value: JSON.stringify(started) }, { key: conversationId, value: JSON.stringify(queued) }] };
      });

    // 1. The backlog: 10,000 conversations queued while every agent is offline.
    const backlog = conversationMessages(QUEUED);
    const ingestStarted = performance.now();
    const all = backlog.flatMap((conversation) => conversation.messages);
    for (let from = 0; from < all.length; from += 1_000) {
      await kafka.produce('conversation.events', all.slice(from, from + 1_000));
    }
    const waitingCount = async () => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM routing.conversations WHERE tenant_id = $1 AND stage = 'waiting'`, [tenantId])).rows[0]?.n ?? 0);
    while ((await waitingCount()) < QUEUED && performance.now() - ingestStarted < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    console.log(`backlog: ${QUEUED.toLocaleString('en-US')} conversations queued (started + queued events) in ${ingestSeconds.toFixed(1)} s = ${(QUEUED / ingestSeconds).toFixed(0)} conversations/s`);

    // 2. A shift starts: all agents available at once (set in one statement, standing in for 1,000 desks).
    const before = await scrape();
    const shiftStarted = performance.now();
    await sql.query(`UPDATE routing.agents SET presence = 'available' WHERE tenant_id = $1`, [tenantId]);
    // One agent's presence command asks for a round at once, as the first desk to go available would.
    const kickoff = buildEvent(agentPresenceRequested, { agentId: 'agent_00000', presence: 'available', requestedAt: new Date().toISOString() }, { tenantId, producer: 'gateway' });
    await kafka.produce('agent.commands', [{ key: 'agent_00000', value: JSON.stringify(kickoff) }]);
    const fill = AGENTS * CAPACITY;
    while (assignedAt.size < fill && performance.now() - shiftStarted < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const fillSeconds = (performance.now() - shiftStarted) / 1000;
    const afterFill = await scrape();
    console.log(
      `shift start: ${assignedAt.size.toLocaleString('en-US')} assignments (${AGENTS} agents × ${CAPACITY}) from ${QUEUED.toLocaleString('en-US')} queued in ${fillSeconds.toFixed(2)} s = ${(assignedAt.size / fillSeconds).toFixed(0)} assignments/s (wall clock, from the agents becoming available to the last assignment event read back from Kafka)`,
    );
    const fillRounds = histogramSum(before, afterFill, 'parley_routing_round_duration_seconds');
    console.log(`  rounds: ${fillRounds.count}, ${(fillRounds.sum * 1000).toFixed(0)} ms in rounds = ${(fill / fillRounds.sum).toFixed(0)} assignments per second of round time`);

    // 3. Agents close each conversation as it is assigned, and take the next, until the backlog is gone.
    closing = true;
    const drainStarted = performance.now();
    while (assignedAt.size < QUEUED && performance.now() - drainStarted < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const afterDrain = await scrape();
    const drained = assignedAt.size - fill;
    console.log(`drain: ${drained.toLocaleString('en-US')} more assignments as agents closed conversations, in ${drainSeconds.toFixed(1)} s = ${(drained / drainSeconds).toFixed(0)} assignments/s (each close a command through Kafka: close, free capacity, round, publish)`);

    // 4. With room to spare, new conversations arrive at a steady rate; how long from queued to assigned?
    while (closes.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const live = conversationMessages(LIVE_CONVERSATIONS);
    const liveStarted = performance.now();
    for (const [index, conversation] of live.entries()) {
      const due = liveStarted + (index * 1000) / LIVE_RATE;
      const wait = due - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      queuedAt.set(conversation.conversationId, performance.now());
      await kafka.produce('conversation.events', conversation.messages);
    }
    while (live.some((conversation) => !assignedAt.has(conversation.conversationId)) && performance.now() - liveStarted < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const latencies = live
      .map((conversation) => (assignedAt.get(conversation.conversationId) ?? Number.NaN) - (queuedAt.get(conversation.conversationId) ?? Number.NaN))
      .filter((value) => Number.isFinite(value))
      .sort((a, b) => a - b);
    const afterLive = await scrape();
    console.log(
      `live: ${latencies.length.toLocaleString('en-US')} of ${LIVE_CONVERSATIONS.toLocaleString('en-US')} new conversations at ${LIVE_RATE}/s, queued → assigned through Kafka (consume, round, commit, publish, read back): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    // 5. One conversation at a time on a quiet system: the latency a customer sees when nothing else is going on.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const quiet: number[] = [];
    for (const conversation of conversationMessages(QUIET_CONVERSATIONS)) {
      const started = performance.now();
      await kafka.produce('conversation.events', conversation.messages);
      while (!assignedAt.has(conversation.conversationId) && performance.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      quiet.push((assignedAt.get(conversation.conversationId) ?? Number.NaN) - started);
    }
    const afterQuiet = await scrape();
    console.log(`quiet: ${QUIET_CONVERSATIONS} conversations one at a time, queued → assigned through Kafka: p50 ${percentile(quiet, 50).toFixed(1)} ms, p99 ${percentile(quiet, 99).toFixed(1)} ms`);
    for (const [phase, from, to] of [
      ['shift start', before, afterFill],
      ['drain', afterFill, afterDrain],
      ['live', afterDrain, afterLive],
      ['quiet', afterLive, afterQuiet],
    ] as const) {
      const rounds = histogramSum(from, to, 'parley_routing_round_duration_seconds');
      const plans = histogramSum(from, to, 'parley_routing_plan_duration_seconds');
      console.log(
        `  ${phase}: ${rounds.count} rounds, round (lock, snapshot of ${AGENTS} agents and the head of each queue, plan, write, commit) mean ${((rounds.sum / Math.max(1, rounds.count)) * 1000).toFixed(2)} ms, p50 ${histogramPercentile(from, to, 'parley_routing_round_duration_seconds', 0.5)}, p99 ${histogramPercentile(from, to, 'parley_routing_round_duration_seconds', 0.99)}; planning mean ${((plans.sum / Math.max(1, plans.count)) * 1000).toFixed(3)} ms, p99 ${histogramPercentile(from, to, 'parley_routing_plan_duration_seconds', 0.99)}`,
      );
    }
  } finally {
    await stopClosing?.();
    await stopFollowing?.();
    await Promise.allSettled([kafka.disconnect(), sql.end()]);
    await service.stop();
    await stack.stop();
  }
}

decisionLatency();
await main();
