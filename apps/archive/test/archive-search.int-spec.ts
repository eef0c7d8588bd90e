import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { exportManifestSchema, type ExportManifest } from '@parley/archive-domain';
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

const ADMIN_TOKEN = 'archive-search-admin-token-0123456789';
const READER = 'user_counsel_0001';
const env = testEnvironment();
const kafka = new KafkaTestClient(env.kafkaBrokers);
const db = new pg.Pool({ connectionString: env.databaseUrl, max: 2, options: '-c search_path=archive' });
let app: NestFastifyApplication;
let url = '';
let exportDir = '';

const tenantId = `ten_${randomUUID().replaceAll('-', '')}`;
const otherTenantId = `ten_${randomUUID().replaceAll('-', '')}`;
const convA = `conv_${randomUUID()}`;
const convB = `conv_${randomUUID()}`;
const convC = `conv_${randomUUID()}`;
const convOther = `conv_${randomUUID()}`;
/** Every event of the fixture occurred on one day two days ago, a second apart, in this order. */
const base = new Date(Math.floor((Date.now() - 2 * 86_400_000) / 86_400_000) * 86_400_000);
const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);
const DAY = { from: base.toISOString(), to: new Date(base.getTime() + 86_400_000).toISOString() };

function event<T extends EventDefinition>(definition: T, payload: PayloadOf<T>, tenant: string, conversationId: string, occurredAt: Date) {
  return buildEvent(definition, payload, { tenantId: tenant, conversationId, occurredAt });
}

function started(tenant: string, conversationId: string, occurredAt: Date, customerNumber: string, businessNumber = '+14155550100') {
  return event(
    conversationStarted,
    { threadId: `thr_${randomUUID().slice(0, 12)}`, businessNumberId: 'num_archive_test', businessNumber, customerNumber, channel: 'sms', startedAt: occurredAt.toISOString() },
    tenant,
    conversationId,
    occurredAt,
  );
}

function message(tenant: string, conversationId: string, text: string, occurredAt: Date, messageId = `msg_${randomUUID().slice(0, 12)}`) {
  return event(conversationMessageReceived, { messageId, text, findings: [], parts: 1, receivedAt: occurredAt.toISOString() }, tenant, conversationId, occurredAt);
}

function closed(tenant: string, conversationId: string, occurredAt: Date, agentId: string, queue: string, disposition: string) {
  return event(conversationClosed, { agentId, queue, disposition, closedAt: occurredAt.toISOString() }, tenant, conversationId, occurredAt);
}

interface Response<T> {
  status: number;
  contentType: string;
  body: T;
}

async function call<T = Record<string, unknown>>(path: string, options: { method?: string; body?: unknown; reader?: string | null } = {}): Promise<Response<T>> {
  const reader = options.reader === undefined ? READER : options.reader;
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(reader === null ? {} : { 'x-parley-reader': reader }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (text === '' ? {} : JSON.parse(text)) as T };
}

interface Row {
  recordId: string;
  chainId: string;
  conversationId: string | null;
  eventType: string;
  occurredAt: string;
  customerNumber: string | null;
  businessNumber: string | null;
  agentId: string | null;
  queue: string | null;
  disposition: string | null;
  text: string | null;
  redacted: boolean;
}

interface Page {
  rows: Row[];
  nextCursor: string | null;
}

async function search(params: Record<string, string>, tenant = tenantId): Promise<Response<Page>> {
  return call<Page>(`/admin/tenants/${tenant}/archive/search?${new URLSearchParams({ ...DAY, ...params }).toString()}`);
}

beforeAll(async () => {
  exportDir = await mkdtemp(join(tmpdir(), 'archive-exports-test-'));
  await kafka.connect();
  const config = loadConfig('archive', archiveConfigSchema, {
    KAFKA_BROKERS: env.kafkaBrokers,
    DATABASE_URL: env.databaseUrl,
    PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
    KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
    ARCHIVE_EXPORT_DIR: exportDir,
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

  const redactedMessageId = `msg_${randomUUID().slice(0, 12)}`;
  const events = [
    started(tenantId, convA, at(1), '+14155550123'),
    message(tenantId, convA, 'I want a refund for my order', at(2)),
    message(tenantId, convA, 'thanks a lot', at(3)),
    closed(tenantId, convA, at(4), 'agent_alpha_01', 'sales', 'resolved'),
    started(tenantId, convB, at(11), '+14155550124', '+14155550199'),
    message(tenantId, convB, 'where is my parcel', at(12)),
    closed(tenantId, convB, at(13), 'agent_bravo_01', 'billing', 'callback-requested'),
    started(tenantId, convC, at(21), '+14155550125'),
    // The first half of a card split across two texts: screened text, redacted once the second half arrives.
    message(tenantId, convC, 'my card is 4111 1111', at(22), redactedMessageId),
    event(
      conversationMessageRedacted,
      { messageId: redactedMessageId, text: 'my card is [card]', findings: [], causedBy: `msg_${randomUUID().slice(0, 12)}`, redactedAt: at(23).toISOString() },
      tenantId,
      convC,
      at(23),
    ),
    started(otherTenantId, convOther, at(2), '+14155550123'),
    message(otherTenantId, convOther, 'refund refund refund', at(3)),
  ];
  for (const envelope of events) {
    await kafka.produce('conversation.events', [{ key: envelope.conversationId ?? envelope.tenantId, value: JSON.stringify(envelope) }]);
  }
  await waitFor('the fixture archived', async () => {
    const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM records WHERE tenant_id = ANY($1)', [[tenantId, otherTenantId]]);
    return Number(rows[0]?.count) >= events.length ? true : undefined;
  }, { timeoutMs: 60_000 });
});

afterAll(async () => {
  await app?.close();
  await kafka.disconnect();
  await db.end();
  await rm(exportDir, { recursive: true, force: true });
});

describe('archive search', () => {
  it('returns the tenant records of the range in time order, with their conversation facts and current text', async () => {
    const page = await search({});
    expect(page.status).toBe(200);
    expect(page.body.rows.map((row) => row.eventType)).toEqual([
      'conversation.started',
      'conversation.message.received',
      'conversation.message.received',
      'conversation.closed',
      'conversation.started',
      'conversation.message.received',
      'conversation.closed',
      'conversation.started',
      'conversation.message.received',
      'conversation.message.redacted',
    ]);
    expect(page.body.nextCursor).toBeNull();
    const refund = page.body.rows[1];
    expect(refund).toMatchObject({
      chainId: convA,
      conversationId: convA,
      occurredAt: at(2).toISOString(),
      customerNumber: '+14155550123',
      businessNumber: '+14155550100',
      agentId: 'agent_alpha_01',
      queue: 'sales',
      disposition: 'resolved',
      text: 'I want a refund for my order',
      redacted: false,
    });
    // The card number's message shows the redacted text and says so; the original text is gone.
    expect(page.body.rows.slice(8).map((row) => [row.text, row.redacted])).toEqual([
      ['my card is [card]', true],
      ['my card is [card]', true],
    ]);
    expect(JSON.stringify(page.body)).not.toContain('4111');
  });

  it.each([
    ['customerNumber', '+14155550124', convB],
    ['businessNumber', '+14155550199', convB],
    ['agentId', 'agent_alpha_01', convA],
    ['queue', 'billing', convB],
    ['disposition', 'resolved', convA],
  ])('filters by %s at the conversation level', async (filter, value, conversationId) => {
    const page = await search({ [filter]: value });
    expect(page.status).toBe(200);
    expect(page.body.rows.length).toBeGreaterThan(0);
    expect(new Set(page.body.rows.map((row) => row.chainId))).toEqual(new Set([conversationId]));
    expect(page.body.rows.length).toBe(conversationId === convA ? 4 : 3);
  });

  it('narrows by time range, [from, to)', async () => {
    const page = await search({ from: at(11).toISOString(), to: at(13).toISOString() });
    expect(page.body.rows.map((row) => row.occurredAt)).toEqual([at(11).toISOString(), at(12).toISOString()]);
  });

  it('finds messages by their words, never another tenant\'s, and combines text with filters', async () => {
    const refund = await search({ text: 'REFUND order' });
    expect(refund.body.rows.map((row) => [row.chainId, row.text])).toEqual([[convA, 'I want a refund for my order']]);
    expect((await search({ text: 'refund', customerNumber: '+14155550124' })).body.rows).toEqual([]);
    const card = await search({ text: 'card' });
    expect(card.body.rows.map((row) => row.eventType)).toEqual(['conversation.message.redacted']);
    expect((await search({ text: '4111' })).body.rows).toEqual([]);
  });

  it('pages with the cursor through the same rows a single page returns', async () => {
    const all = (await search({ pageSize: '100' })).body.rows.map((row) => row.recordId);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Response<Page> = await search({ pageSize: '3', ...(cursor === null ? {} : { cursor }) });
      expect(page.status).toBe(200);
      expect(page.body.rows.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.rows.map((row) => row.recordId));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(10);
  });

  it('refuses a bad cursor, an absurd range and a page size that is not a number with stable codes', async () => {
    const badCursor = await search({ cursor: 'eyJub3QiOiJhIGN1cnNvciJ9' });
    expect(badCursor.status).toBe(400);
    expect(badCursor.contentType).toContain('application/problem+json');
    expect(badCursor.body).toMatchObject({ code: 'archive.cursor-invalid' });
    const absurd = await search({ from: '0001-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' });
    expect(absurd.status).toBe(400);
    expect(absurd.contentType).toContain('application/problem+json');
    expect(absurd.body).toMatchObject({ code: 'archive.search-invalid' });
    expect((await search({ pageSize: 'ten' })).body).toMatchObject({ code: 'archive.search-invalid' });
    expect((await search({ tenantId: otherTenantId })).status).toBe(400);
  });

  it('treats injection attempts as words or refuses them, and harms nothing', async () => {
    const before = await db.query<{ count: string }>('SELECT count(*) AS count FROM records WHERE tenant_id = $1', [tenantId]);
    const words = await search({ text: "'; DROP TABLE records; -- ' OR '1'='1" });
    expect(words.status).toBe(200);
    expect(words.body.rows).toEqual([]);
    const operators = await search({ text: 'refund | thanks & !card:*' });
    expect(operators.status).toBe(200);
    expect(operators.body.rows).toEqual([]);
    const field = await search({ customerNumber: "+1415' OR '1'='1" });
    expect(field.status).toBe(400);
    expect(field.body).toMatchObject({ code: 'archive.search-invalid' });
    const after = await db.query<{ count: string }>('SELECT count(*) AS count FROM records WHERE tenant_id = $1', [tenantId]);
    expect(after.rows[0]?.count).toBe(before.rows[0]?.count);
  });
});

describe('transcripts', () => {
  it('shows every record in chain order with redacted texts marked, and records who read it', async () => {
    const refused = await call(`/admin/tenants/${tenantId}/archive/conversations/${convC}/transcript`, { reader: null });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'archive.reader-required' });

    const transcript = await call<{ records: { sequence: number; eventType: string; kind: string; text: string | null; redacted: boolean }[]; view: { viewId: string } }>(
      `/admin/tenants/${tenantId}/archive/conversations/${convC}/transcript`,
    );
    expect(transcript.status).toBe(200);
    expect(transcript.body.records.map((record) => [record.sequence, record.kind, record.text, record.redacted])).toEqual([
      [1, 'event', null, false],
      [2, 'event', 'my card is [card]', true],
      [3, 'redaction', 'my card is [card]', true],
    ]);
    expect(JSON.stringify(transcript.body)).not.toContain('4111');

    // Another tenant cannot read it, and a read that found nothing is not logged.
    expect((await call(`/admin/tenants/${otherTenantId}/archive/conversations/${convC}/transcript`)).status).toBe(404);

    const views = await call<{ views: { viewId: string; conversationId: string; reader: string; records: number }[] }>(`/admin/tenants/${tenantId}/archive/views`);
    expect(views.body.views).toEqual([expect.objectContaining({ viewId: transcript.body.view.viewId, conversationId: convC, reader: READER, records: 3 })]);
    expect((await call<{ views: unknown[] }>(`/admin/tenants/${otherTenantId}/archive/views`)).body.views).toEqual([]);
    await expect(db.query('UPDATE transcript_views SET reader = $2 WHERE tenant_id = $1', [tenantId, 'someone_else'])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM transcript_views WHERE tenant_id = $1', [tenantId])).rejects.toThrow(/append-only/);
  });
});

describe('eDiscovery export', () => {
  interface Job {
    exportId: string;
    status: string;
    rowsWritten: number;
    rowsTotal: number | null;
    manifest: ExportManifest | null;
  }

  async function exportOf(body: Record<string, unknown>): Promise<Job> {
    const requested = await call<{ exportId: string; status: string }>(`/admin/tenants/${tenantId}/archive/exports`, { method: 'POST', body });
    expect(requested.status).toBe(202);
    expect(requested.body.status).toBe('queued');
    return waitFor('the export to finish', async () => {
      const job = await call<Job>(`/admin/tenants/${tenantId}/archive/exports/${requested.body.exportId}`);
      return job.body.status === 'completed' || job.body.status === 'failed' ? job.body : undefined;
    }, { timeoutMs: 30_000 });
  }

  async function download(exportId: string, name: string): Promise<{ status: number; bytes: Buffer }> {
    const response = await fetch(`${url}/admin/tenants/${tenantId}/archive/exports/${exportId}/files/${name}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-parley-reader': READER },
    });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('writes JSON lines and CSV whose bytes, rows and sha256 match the manifest', async () => {
    const job = await exportOf({ ...DAY, customerNumber: '+14155550123' });
    expect(job.status).toBe('completed');
    expect(job.rowsWritten).toBe(4);
    const manifest = exportManifestSchema.parse(job.manifest);
    expect(manifest.totals).toEqual({ files: 2, rows: 4, bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0) });
    expect(manifest.timeRange).toEqual({ from: at(1).toISOString(), to: at(4).toISOString() });
    expect(manifest.query).toMatchObject({ customerNumber: '+14155550123', from: DAY.from });
    for (const file of manifest.files) {
      const { status, bytes } = await download(job.exportId, file.name);
      expect(status).toBe(200);
      expect(bytes.length).toBe(file.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      const lines = bytes.toString('utf8').trimEnd().split('\n');
      expect(lines.length).toBe(file.format === 'csv' ? file.rows + 1 : file.rows);
    }
    const jsonl = await download(job.exportId, 'records.jsonl');
    const rows = jsonl.bytes.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { conversationId: string; text: string | null });
    expect(new Set(rows.map((row) => row.conversationId))).toEqual(new Set([convA]));
    expect(rows.map((row) => row.text)).toContain('I want a refund for my order');
    const manifestFile = await download(job.exportId, 'manifest.json');
    expect(JSON.parse(manifestFile.bytes.toString('utf8'))).toEqual(manifest);
    expect((await download(job.exportId, 'other.txt')).status).toBe(404);

    const { rows: audit } = await db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_log WHERE tenant_id = $1 AND details->>'exportId' = $2 ORDER BY audit_id`,
      [tenantId, job.exportId],
    );
    expect(audit.map((row) => row.action).slice(0, 2)).toEqual(['export.requested', 'export.completed']);
    expect(audit.every((row) => row.actor === READER)).toBe(true);
  });

  it('answers an empty search with a valid manifest of zero rows', async () => {
    const job = await exportOf({ ...DAY, customerNumber: '+14155559999' });
    expect(job.status).toBe('completed');
    const manifest = exportManifestSchema.parse(job.manifest);
    expect(manifest.totals.rows).toBe(0);
    expect(manifest.timeRange).toBeNull();
    const csv = await download(job.exportId, 'records.csv');
    expect(createHash('sha256').update(csv.bytes).digest('hex')).toBe(manifest.files.find((file) => file.name === 'records.csv')?.sha256);
    expect(csv.bytes.toString('utf8').trimEnd().split('\n')).toHaveLength(1);
    expect((await download(job.exportId, 'records.jsonl')).bytes.length).toBe(0);
  });

  it('refuses an export without a requester or with an invalid search', async () => {
    expect((await call(`/admin/tenants/${tenantId}/archive/exports`, { method: 'POST', body: DAY, reader: null })).body).toMatchObject({ code: 'archive.reader-required' });
    const absurd = await call(`/admin/tenants/${tenantId}/archive/exports`, { method: 'POST', body: { from: '0001-01-01T00:00:00Z', to: '9999-01-01T00:00:00Z' } });
    expect(absurd.status).toBe(400);
    expect(absurd.body).toMatchObject({ code: 'archive.search-invalid' });
    expect((await call(`/admin/tenants/${otherTenantId}/archive/exports/exp_${randomUUID().replaceAll('-', '')}`)).status).toBe(404);
  });
});
