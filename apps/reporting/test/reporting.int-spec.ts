import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineLeadership } from '../src/engine/engine-leadership.service.ts';
import { ReportingEngine } from '../src/engine/reporting-engine.service.ts';
import { EventScript, INTERVAL, ReportingHarness } from './reporting-harness.ts';

const harness = new ReportingHarness();
const T0 = new Date(Math.floor(Date.now() / INTERVAL) * INTERVAL);
const script = new EventScript(harness.tenantId, T0);
const ANA = `agt_${randomUUID().slice(0, 12)}`;
const SECOND = 1_000;
let first: NestFastifyApplication;

beforeAll(async () => {
  await harness.setUp();
  first = await harness.startInstance();
});

afterAll(async () => {
  await harness.tearDown();
});

/** A sample of the instance's /metrics: the first line of `name` carrying every given label. */
async function metric(app: NestFastifyApplication, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const text = await (await fetch(`${await app.getUrl()}/metrics`)).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && Object.entries(labels).every(([label, value]) => candidate.includes(`${label}="${value}"`)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('reporting', () => {
  const handled = `conv_${randomUUID()}`;
  const abandoned = `conv_${randomUUID()}`;
  const call = `call_${randomUUID().slice(0, 12)}`;

  it('publishes provisional rows for a handled and an abandoned conversation and an abandoned call, then finishes them', async () => {
    const settings = script.queueSettings({ sales: 30 }, 0);
    await harness.publish([settings]);
    await harness.untilHandled([settings]);
    const events = [
      script.agentAvailable(ANA, 0),
      ...script.arrives(handled, 1, 'sales'),
      ...script.answered(handled, 1.2, ANA, 'sales', 0.1),
      ...script.arrives(abandoned, 2, 'sales'),
      script.optedOut(abandoned, 4),
      ...script.abandonedCall(call, 3, 'sales'),
      script.closed(handled, 8, ANA, 'sales'),
    ];
    await harness.publish(events);
    await harness.untilHandled(events);
    await harness.tick(script.at(10));

    const text = await harness.untilReport('the provisional text row', 'report.intervals', (row) => row['queue'] === 'sales' && row['channel'] === 'sms');
    expect(text).toMatchObject({
      tenantId: harness.tenantId,
      intervalStart: T0.toISOString(),
      revision: 1,
      final: false,
      offered: 2,
      answered: 1,
      answeredWithinThreshold: 1,
      handled: 1,
      abandoned: 1,
      averageWaitSeconds: 18,
      serviceLevelThresholdSeconds: 30,
      serviceLevel: 0.5,
      messagesSent: 1,
    });
    const voice = await harness.untilReport('the provisional voice row', 'report.intervals', (row) => row['queue'] === 'sales' && row['channel'] === 'voice');
    expect(voice).toMatchObject({ revision: 1, final: false, offered: 1, abandoned: 1, answered: 0 });
    const record = await harness.untilReport('the handled record', 'report.conversations', (row) => row['conversationId'] === handled);
    expect(record).toMatchObject({ revision: 1, final: false, outcome: 'handled', endedBy: 'agent', agents: [ANA], queues: ['sales'], waitSeconds: 18, messagesSent: 1 });
    expect(JSON.stringify(record)).not.toContain('+1415555');
    await harness.untilReport('the abandoned record', 'report.conversations', (row) => row['conversationId'] === abandoned && row['outcome'] === 'abandoned');
    const agent = await harness.untilReport("the agent's row", 'report.agent-intervals', (row) => row['agentId'] === ANA && row['intervalStart'] === T0.toISOString());
    expect(agent).toMatchObject({ revision: 1, final: false, handled: 1, firstResponses: 1 });
    for (const report of harness.reports) {
      expect(report.key).toBe(report.envelope.payload.reportId);
    }

    // The watermark passes the interval's end: every row of it is published once more, final.
    await harness.tick(new Date(T0.getTime() + 2 * INTERVAL + SECOND));
    const finalText = await harness.untilReport('the final text row', 'report.intervals', (row) => row['reportId'] === text.reportId && row.final);
    expect(finalText).toEqual({ ...text, revision: 2, final: true });
    await harness.untilReport('the final record', 'report.conversations', (row) => row['conversationId'] === handled && row.final && row.revision === 2);
    await harness.untilReport("the agent's final row", 'report.agent-intervals', (row) => row['reportId'] === agent.reportId && row.final);

    const stored = await harness.admin(first, `/intervals?from=${T0.toISOString()}&to=${new Date(T0.getTime() + INTERVAL).toISOString()}&queue=sales`);
    expect(stored.status).toBe(200);
    expect(stored.body['rows']).toEqual([
      expect.objectContaining({ channel: 'sms', revision: 2, final: true, offered: 2 }),
      expect.objectContaining({ channel: 'voice', revision: 2, final: true, offered: 1 }),
    ]);
    expect((await harness.admin(first, `/conversations/${handled}`)).body['record']).toMatchObject({ outcome: 'handled', final: true, revision: 2 });
    expect((await harness.admin(first, `/conversations/${randomUUID()}`)).status).toBe(404);
    expect((await harness.admin(first, '/intervals?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z')).status).toBe(400);
  });

  it('dead-letters an event from before the watermark and counts nothing from it', async () => {
    const late = script.arrives(`conv_${randomUUID()}`, 5, 'sales');
    await harness.publish(late);
    const letter = await waitFor('the late events dead-lettered', async () => (harness.deadLetters.length >= late.length ? harness.deadLetters : undefined), {
      timeoutMs: 30_000,
    });
    expect(letter.map((message) => message.topic)).toEqual(late.map(() => 'conversation.events.dlq'));
    expect(letter[0]?.headers['parley-dlq-error']).toContain('reporting.too-late');
    expect(await metric(first, 'parley_reporting_events_total', { outcome: 'too-late' })).toBe(late.length);
  });

  it('hands the engine to a standby when the leader loses its lease, which replays what came after the snapshot', async () => {
    const second = await harness.startInstance();
    const leader = await harness.leader();
    const standby = leader === first ? second : first;
    expect(standby.get(EngineLeadership).role).toBe('standby');
    expect((await harness.admin(standby, '/live')).status).toBe(503);
    expect((await harness.admin(standby, `/conversations/${handled}`)).status).toBe(200);

    const later = `conv_${randomUUID()}`;
    const arrival = script.arrives(later, 16, 'sales');
    await harness.publish(arrival);
    await harness.untilHandled(arrival);
    await harness.tick(script.at(16.5));
    const before = await harness.untilReport('the second interval', 'report.intervals', (row) => row['intervalStart'] === script.at(15).toISOString() && row['queue'] === 'sales' && row['channel'] === 'sms');
    expect(before).toMatchObject({ revision: 1, offered: 1, answered: 0 });
    await leader.get(ReportingEngine).snapshot();
    const answer = script.answered(later, 17, ANA, 'sales', 0.5);
    await harness.publish(answer);
    await harness.untilHandled(answer);

    // The lease's connection dies, as with a network cut: the leader must stop and another instance take over.
    const epoch = await harness.leaseEpoch();
    await harness.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND granted
         AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('parley.reporting.engine:' || $1, 0)`,
      [harness.schema],
    );
    await waitFor('a new term', async () => ((await harness.leaseEpoch()) > epoch ? true : undefined), { timeoutMs: 30_000 });
    const next = await harness.leader();
    expect(await metric(next, 'parley_reporting_replayed_inputs')).toBe(answer.length);
    const live = await harness.admin(next, '/live');
    expect(live.status).toBe(200);
    expect(live.body['agents']).toEqual([expect.objectContaining({ agentId: ANA, presence: 'available', conversations: 1 })]);

    const close = script.closed(later, 20, ANA, 'sales');
    await harness.publish([close]);
    await harness.untilHandled([close]);
    await harness.tick(script.at(21));
    const after = await harness.untilReport('the revised second interval', 'report.intervals', (row) => row['reportId'] === before.reportId && row.revision === 2);
    expect(after).toMatchObject({ final: false, offered: 1, answered: 1, handled: 1 });
  });

  it('leaves a last snapshot on a graceful stop, so the next leader replays nothing', async () => {
    const leader = await harness.leader();
    await harness.stopInstance(leader);
    const next = await harness.leader();
    expect(next).not.toBe(leader);
    expect(await metric(next, 'parley_reporting_replayed_inputs')).toBe(0);
    // Today's totals add up today's published rows: both intervals, unless the second began after midnight (UTC).
    const day = new Date().toISOString().slice(0, 10);
    const handledToday = [T0, script.at(15)].filter((start) => start.toISOString().startsWith(day)).length;
    const live = await harness.admin(next, '/live');
    const today = live.body['today'] as { queues: { queue: string; channel: string; handled: number }[] };
    expect(today.queues.find((total) => total.queue === 'sales' && total.channel === 'sms')?.handled).toBe(handledToday);
  });

  it('skips what its group delivers again after a rewind, counting nothing twice', async () => {
    const leader = await harness.leader();
    const record = await harness.admin(leader, `/conversations/${handled}`);
    const eventIdOf = (message: { value: string | null }) => (JSON.parse(message.value ?? '{}') as { eventId?: string }).eventId;
    const rejectedBefore = new Set(harness.deadLetters.map(eventIdOf));
    // The last instance stops (leaving a snapshot), the group is set back to where the tests began, and a new one starts.
    await harness.stopInstance(leader);
    await harness.rewindGroup();
    const next = await harness.startInstance();
    await harness.leader();
    await harness.untilCaughtUp();

    expect(await metric(next, 'parley_reporting_events_total', { outcome: 'already-handled' })).toBeGreaterThan(0);
    expect(await metric(next, 'parley_reporting_events_total', { outcome: 'applied' })).toBeUndefined();
    expect(await metric(next, 'parley_reporting_events_total', { outcome: 'duplicate' })).toBeUndefined();
    expect((await harness.admin(next, `/conversations/${handled}`)).body).toEqual(record.body);
    // Only events rejected before can be rejected again: their offsets were never recorded as taken.
    expect(harness.deadLetters.every((message) => rejectedBefore.has(eventIdOf(message)))).toBe(true);
  });

  it('published only rows that match their report schema', () => {
    expect(harness.reports.length).toBeGreaterThan(0);
    expect(new Set(harness.reports.map((report) => report.topic))).toEqual(new Set(['report.intervals', 'report.agent-intervals', 'report.conversations']));
    expect(harness.invalidReports).toEqual([]);
  });
});
