import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  conversationClosed,
  conversationMessageReceived,
  conversationMessageRedacted,
  conversationStarted,
  type EventDefinition,
  type PayloadOf,
} from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { createServiceApp } from '@parley/platform/bootstrap';
import { loadConfig } from '@parley/platform/config';
import { createLogger, MetricsRegistry } from '@parley/platform/observability';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveConfigSchema } from '../src/config.ts';

const ADMIN_TOKEN = 'archive-test-admin-token-0123456789';
const env = testEnvironment();
const kafka = new KafkaTestClient(env.kafkaBrokers);
/** The same role the service connects as; the archive's triggers, not a missing grant, are what must refuse. */
const db = new pg.Pool({ connectionString: env.databaseUrl, max: 2, options: '-c search_path=archive' });
let app: NestFastifyApplication;
let url = '';

beforeAll(async () => {
  await kafka.connect();
  const config = loadConfig('archive', archiveConfigSchema, {
    KAFKA_BROKERS: env.kafkaBrokers,
    DATABASE_URL: env.databaseUrl,
    PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
    KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
    ARCHIVE_CHECKPOINT_INTERVAL_MS: '200',
    LOG_LEVEL: 'warn',
  });
  const { AppModule } = await import('../src/app.module.ts');
  app = await createServiceApp({
    service: 'archive',
    config,
    appModule: AppModule,
    logger: createLogger({ service: 'archive', level: 'warn' }),
    metrics: new MetricsRegistry('archive', { collectProcessMetrics: false }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = await app.getUrl();
  await waitFor('readiness', async () => (await fetch(`${url}/readyz`)).status === 200, { timeoutMs: 60_000 });
});

afterAll(async () => {
  await app?.close();
  await kafka.disconnect();
  await db.end();
});

function newTenant(): string {
  return `ten_${randomUUID().replaceAll('-', '')}`;
}

async function publish(envelope: { conversationId?: string; tenantId: string }, topic = 'conversation.events'): Promise<void> {
  await kafka.produce(topic, [{ key: envelope.conversationId ?? envelope.tenantId, value: JSON.stringify(envelope) }]);
}

function event<T extends EventDefinition>(definition: T, payload: PayloadOf<T>, tenantId: string, conversationId: string, occurredAt = new Date()) {
  return buildEvent(definition, payload, { tenantId, conversationId, occurredAt });
}

function started(tenantId: string, conversationId: string, occurredAt = new Date(), customerNumber = '+14155550123') {
  return event(
    conversationStarted,
    {
      threadId: `thr_${randomUUID().slice(0, 12)}`,
      businessNumberId: 'num_archive_test',
      businessNumber: '+14155550100',
      customerNumber,
      channel: 'sms',
      startedAt: occurredAt.toISOString(),
    },
    tenantId,
    conversationId,
    occurredAt,
  );
}

function message(tenantId: string, conversationId: string, text: string, messageId = `msg_${randomUUID().slice(0, 12)}`, occurredAt = new Date()) {
  return event(conversationMessageReceived, { messageId, text, findings: [], parts: 1, receivedAt: occurredAt.toISOString() }, tenantId, conversationId, occurredAt);
}

interface StoredRow {
  sequence: number;
  event_id: string;
  event_type: string;
  kind: string;
  occurred_at: Date;
  record_id: string;
}

async function records(tenantId: string, chainId: string): Promise<StoredRow[]> {
  const { rows } = await db.query<StoredRow>(
    'SELECT sequence, event_id, event_type, kind, occurred_at, record_id FROM records WHERE tenant_id = $1 AND chain_id = $2 ORDER BY sequence',
    [tenantId, chainId],
  );
  return rows;
}

async function untilRecords(tenantId: string, chainId: string, count: number): Promise<Awaited<ReturnType<typeof records>>> {
  return waitFor(`${count} records in ${chainId}`, async () => {
    const found = await records(tenantId, chainId);
    return found.length >= count ? found : undefined;
  }, { timeoutMs: 30_000 });
}

async function admin(path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

describe('archive ingest', () => {
  it('stores a redelivered event once and keeps late events in arrival order with their occurredAt', async () => {
    const tenantId = newTenant();
    const conversationId = `conv_${randomUUID()}`;
    const first = started(tenantId, conversationId);
    const hello = message(tenantId, conversationId, 'hello');
    const late = message(tenantId, conversationId, 'written before hello', undefined, new Date(Date.now() - 60_000));
    await publish(first);
    await publish(hello);
    await publish(hello);
    await publish(first);
    await publish(late);
    const stored = await untilRecords(tenantId, conversationId, 3);
    // The late event went after the duplicates in the partition, so once it is stored the duplicates were handled.
    expect(stored.map((row) => row.event_id)).toEqual([first.eventId, hello.eventId, late.eventId]);
    expect(stored.map((row) => row.sequence)).toEqual([1, 2, 3]);
    expect(stored[2]?.occurred_at.toISOString()).toBe(late.occurredAt);
    const verified = await admin(`/admin/tenants/${tenantId}/archive/conversations/${conversationId}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, chains: { verified: 1, records: 3, broken: [] } });
  });
});

describe('tamper evidence', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of records, texts and checkpoints to the service role', async () => {
    const tenantId = newTenant();
    const conversationId = `conv_${randomUUID()}`;
    await publish(started(tenantId, conversationId));
    await publish(message(tenantId, conversationId, 'keep me'));
    await untilRecords(tenantId, conversationId, 2);
    await waitFor('a checkpoint', async () => ((await db.query('SELECT 1 FROM checkpoints WHERE tenant_id = $1', [tenantId])).rowCount ?? 0) > 0, { timeoutMs: 30_000 });
    const attempts = [
      `UPDATE records SET event_type = 'conversation.closed' WHERE tenant_id = '${tenantId}'`,
      `DELETE FROM records WHERE tenant_id = '${tenantId}'`,
      `UPDATE texts SET text = 'rewritten' WHERE tenant_id = '${tenantId}'`,
      `DELETE FROM texts WHERE tenant_id = '${tenantId}'`,
      `DELETE FROM record_keys WHERE tenant_id = '${tenantId}'`,
      `UPDATE checkpoints SET hash = 'x' WHERE tenant_id = '${tenantId}'`,
      `DELETE FROM checkpoints WHERE tenant_id = '${tenantId}'`,
      'TRUNCATE records',
      `SELECT erase_superseded_text('${tenantId}', 'rec_nothing_supersedes_it')`,
    ];
    for (const sql of attempts) {
      await expect(db.query(sql), sql).rejects.toThrow(/append-only|no redaction supersedes/);
    }
    expect(await records(tenantId, conversationId)).toHaveLength(2);
  });

  it('names the first broken link when a record is altered behind the service, and a checkpoint catches a removed tail', async () => {
    const tenantId = newTenant();
    const conversationId = `conv_${randomUUID()}`;
    await publish(started(tenantId, conversationId));
    await publish(message(tenantId, conversationId, 'first'));
    await publish(message(tenantId, conversationId, 'second'));
    const stored = await untilRecords(tenantId, conversationId, 3);
    await waitFor('a checkpoint of the whole chain', async () => {
      const { rows } = await db.query<{ heads: { sequence: number }[] }>('SELECT heads FROM checkpoints WHERE tenant_id = $1', [tenantId]);
      return rows.some((row) => row.heads.some((head) => head.sequence === 3));
    }, { timeoutMs: 30_000 });
    expect((await admin(`/admin/tenants/${tenantId}/archive/verify`)).body).toMatchObject({ ok: true });

    // A superuser skipping the triggers, as someone with the database's keys could.
    const superuser = await db.connect();
    try {
      await superuser.query('BEGIN');
      await superuser.query('SET LOCAL session_replication_role = replica');
      await superuser.query(`UPDATE records SET attributes = jsonb_set(attributes, '{payload,parts}', '2') WHERE tenant_id = $1 AND chain_id = $2 AND sequence = 2`, [tenantId, conversationId]);
      await superuser.query('COMMIT');
    } finally {
      superuser.release();
    }
    const afterEdit = await admin(`/admin/tenants/${tenantId}/archive/verify`);
    expect(afterEdit.body).toMatchObject({
      ok: false,
      chains: { broken: [{ chainId: conversationId, sequence: 2, recordId: stored[1]?.record_id, reason: 'hash-mismatch' }] },
    });
    expect(afterEdit.body['firstBroken']).toContain(`chain ${conversationId}: record 2`);
  });
});

describe('redaction', () => {
  it('adds a redaction link, deletes the old text and keeps the chain valid', async () => {
    const tenantId = newTenant();
    const conversationId = `conv_${randomUUID()}`;
    const messageId = `msg_${randomUUID().slice(0, 12)}`;
    await publish(started(tenantId, conversationId));
    const original = message(tenantId, conversationId, 'my card starts 4111 1111', messageId);
    await publish(original);
    await publish(
      event(
        conversationMessageRedacted,
        { messageId, text: 'my card starts [card]', findings: [], causedBy: `msg_${randomUUID().slice(0, 12)}`, redactedAt: new Date().toISOString() },
        tenantId,
        conversationId,
      ),
    );
    const stored = await untilRecords(tenantId, conversationId, 3);
    expect(stored.map((row) => row.kind)).toEqual(['event', 'event', 'redaction']);
    const { rows: texts } = await db.query<{ record_id: string; text: string }>('SELECT record_id, text FROM texts WHERE tenant_id = $1 ORDER BY record_id', [tenantId]);
    expect(texts.map((row) => row.text)).toEqual(['my card starts [card]']);
    expect(texts[0]?.record_id).toBe(stored[2]?.record_id);
    const verified = await admin(`/admin/tenants/${tenantId}/archive/conversations/${conversationId}/verify`);
    expect(verified.body).toMatchObject({ ok: true, chains: { records: 3, broken: [] } });
  });
});

describe('retention and legal holds', () => {
  it('keeps a held conversation past its retention, purges it once released and leaves a purge record', async () => {
    const tenantId = newTenant();
    const conversationId = `conv_${randomUUID()}`;
    const longAgo = new Date(Date.now() - 3 * 86_400_000);
    await publish(started(tenantId, conversationId, longAgo));
    await publish(message(tenantId, conversationId, 'old news', undefined, longAgo));
    await publish(event(conversationClosed, { agentId: 'agent_archive_1', queue: 'sales', disposition: 'resolved', closedAt: longAgo.toISOString() }, tenantId, conversationId, longAgo));
    await untilRecords(tenantId, conversationId, 3);
    await waitFor('a checkpoint', async () => ((await db.query('SELECT 1 FROM checkpoints WHERE tenant_id = $1', [tenantId])).rowCount ?? 0) > 0, { timeoutMs: 30_000 });

    expect((await admin(`/admin/tenants/${tenantId}/archive/retention`)).body).toEqual({ policy: { years: 7 }, isDefault: true });
    expect((await admin(`/admin/tenants/${tenantId}/archive/retention`, 'PUT', { days: 1, updatedBy: 'user_counsel1' })).status).toBe(200);
    const placed = await admin(`/admin/tenants/${tenantId}/archive/holds`, 'POST', {
      scope: 'customer',
      customerNumber: '+14155550123',
      reason: 'Matter 2026-4: preserve',
      placedBy: 'user_counsel1',
    });
    expect(placed.status).toBe(201);
    const holdId = (placed.body['hold'] as { holdId: string }).holdId;

    const blocked = await admin(`/admin/tenants/${tenantId}/archive/purge`, 'POST', { requestedBy: 'user_counsel1' });
    expect(blocked.body).toMatchObject({ purgeIds: [], held: [{ chainId: conversationId, holdIds: [holdId] }] });
    expect(await records(tenantId, conversationId)).toHaveLength(3);

    expect((await admin(`/admin/tenants/${tenantId}/archive/holds/${holdId}/release`, 'POST', { releasedBy: 'user_counsel1' })).status).toBe(200);
    expect((await admin(`/admin/tenants/${tenantId}/archive/holds/${holdId}/release`, 'POST', { releasedBy: 'user_counsel1' })).status).toBe(409);
    const purged = await admin(`/admin/tenants/${tenantId}/archive/purge`, 'POST', { requestedBy: 'user_counsel1' });
    expect(purged.body).toMatchObject({ purged: { conversations: 1, records: 3, texts: 1 }, held: [] });
    const purgeId = (purged.body['purgeIds'] as string[])[0];

    expect(await records(tenantId, conversationId)).toHaveLength(0);
    expect((await db.query('SELECT 1 FROM texts WHERE tenant_id = $1', [tenantId])).rowCount).toBe(0);
    const { rows: purgeRecords } = await db.query<{ record: { conversations: { conversationId: string; records: number }[] } }>(
      'SELECT record FROM purge_records WHERE tenant_id = $1 AND purge_id = $2',
      [tenantId, purgeId],
    );
    expect(purgeRecords[0]?.record.conversations).toMatchObject([{ conversationId, records: 3, headSequence: 3 }]);
    expect(JSON.stringify(purgeRecords[0]?.record)).not.toContain('+1415');
    // The checkpoint still names the purged chain's head; the purge record accounts for it.
    expect((await admin(`/admin/tenants/${tenantId}/archive/verify`)).body).toMatchObject({ ok: true });
    const { rows: audit } = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE tenant_id = $1 ORDER BY audit_id', [tenantId]);
    expect(audit.map((row) => row.action)).toEqual(['retention.changed', 'hold.placed', 'purge.blocked', 'hold.released', 'purge.completed']);
  });
});
