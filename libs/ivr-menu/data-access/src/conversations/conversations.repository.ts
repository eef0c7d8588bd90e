import { Injectable } from '@nestjs/common';
import { CONSENT_SOURCES, type ConsentSource } from '@parley/contracts';
import { inPoolTransaction, PROCESSED_EVENTS_TABLE } from '@parley/platform/persistence';
import type pg from 'pg';
import { IvrMenuDatabase } from '../ivr-menu.database.ts';

export type StageKind = 'menu' | 'queued' | 'waiting-for-opening' | 'ended';

/** One conversation as the front door keeps it. */
export interface ConversationRecord {
  conversationId: string;
  tenantId: string;
  businessNumberId: string;
  businessNumber: string;
  customerNumber: string;
  threadId: string;
  channel: 'sms' | 'voice';
  callId: string | null;
  stage: StageKind;
  menuId: string | null;
  menuVersion: number | null;
  nodeId: string | null;
  invalidAttempts: number;
  deadline: Date | null;
  queue: string | null;
  queuedSince: Date | null;
  opensAt: Date | null;
  startedAt: Date;
  closedAt: Date | null;
}

export interface ConsentChangeRecord {
  changeId: string;
  tenantId: string;
  customerNumber: string;
  businessNumberId: string;
  action: 'opted-out' | 'opted-in';
  source: ConsentSource;
  keyword?: string | undefined;
  recordedBy?: string | undefined;
  conversationId?: string | undefined;
  at: Date;
}

interface ConversationRow {
  conversation_id: string;
  tenant_id: string;
  business_number_id: string;
  business_number: string;
  customer_number: string;
  thread_id: string;
  channel: 'sms' | 'voice';
  call_id: string | null;
  stage: StageKind;
  menu_id: string | null;
  menu_version: number | null;
  node_id: string | null;
  invalid_attempts: number;
  deadline: Date | null;
  queue: string | null;
  queued_since: Date | null;
  opens_at: Date | null;
  started_at: Date;
  closed_at: Date | null;
}

const COLUMNS = `conversation_id, tenant_id, business_number_id, business_number, customer_number, thread_id, channel, call_id,
  stage, menu_id, menu_version, node_id, invalid_attempts, deadline, queue, queued_since, opens_at, started_at, closed_at`;

function toRecord(row: ConversationRow): ConversationRecord {
  return {
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    businessNumberId: row.business_number_id,
    businessNumber: row.business_number,
    customerNumber: row.customer_number,
    threadId: row.thread_id,
    channel: row.channel,
    callId: row.call_id,
    stage: row.stage,
    menuId: row.menu_id,
    menuVersion: row.menu_version,
    nodeId: row.node_id,
    invalidAttempts: row.invalid_attempts,
    deadline: row.deadline,
    queue: row.queue,
    queuedSince: row.queued_since,
    opensAt: row.opens_at,
    startedAt: row.started_at,
    closedAt: row.closed_at,
  };
}

function stateValues(record: ConversationRecord): unknown[] {
  return [
    record.stage,
    record.menuId,
    record.menuVersion,
    record.nodeId,
    record.invalidAttempts,
    record.deadline,
    record.queue,
    record.queuedSince,
    record.opensAt,
    record.closedAt,
  ];
}

/** A stored source, checked: the ledger only ever holds the contract's sources, and a row that does not says so loudly. */
function consentSourceOf(value: string): ConsentSource {
  const source = CONSENT_SOURCES.find((candidate) => candidate === value);
  if (!source) {
    throw new Error(`consent ledger row with unknown source ${value}`);
  }
  return source;
}

/** The front door's reads and writes inside one database transaction, in plain SQL on the service's pool. */
export class FrontDoorTransaction {
  readonly #client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  /** Records that this consumer handled the event; false when it already had (a redelivery). */
  async claim(consumer: string, eventId: string): Promise<boolean> {
    const result = await this.#client.query({
      name: 'ivr-claim-event',
      text: `INSERT INTO ${PROCESSED_EVENTS_TABLE} (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
      values: [consumer, eventId],
    });
    return result.rowCount === 1;
  }

  /** The customer's open conversation on this number, locked until the transaction ends. */
  async lockOpen(tenantId: string, businessNumberId: string, customerNumber: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.#client.query<ConversationRow>({
      name: 'ivr-lock-open-conversation',
      text: `SELECT ${COLUMNS} FROM conversations
             WHERE tenant_id = $1 AND business_number_id = $2 AND customer_number = $3 AND closed_at IS NULL
             FOR UPDATE`,
      values: [tenantId, businessNumberId, customerNumber],
    });
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async lockById(conversationId: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.#client.query<ConversationRow>({
      name: 'ivr-lock-conversation',
      text: `SELECT ${COLUMNS} FROM conversations WHERE conversation_id = $1 FOR UPDATE`,
      values: [conversationId],
    });
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /**
   * Opens a conversation unless the customer already has one open on this number; a concurrent opener waits on the
   * unique index and then gets false, and reads the winner's row with `lockOpen`.
   */
  async insertOpen(record: ConversationRecord): Promise<boolean> {
    const result = await this.#client.query({
      name: 'ivr-insert-conversation',
      text: `INSERT INTO conversations (conversation_id, tenant_id, business_number_id, business_number, customer_number, thread_id,
               channel, call_id, started_at, updated_at, stage, menu_id, menu_version, node_id, invalid_attempts, deadline, queue,
               queued_since, opens_at, closed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
             ON CONFLICT DO NOTHING`,
      values: [
        record.conversationId,
        record.tenantId,
        record.businessNumberId,
        record.businessNumber,
        record.customerNumber,
        record.threadId,
        record.channel,
        record.callId,
        record.startedAt,
        ...stateValues(record),
      ],
    });
    return result.rowCount === 1;
  }

  async updateState(record: ConversationRecord, now: Date): Promise<void> {
    await this.#client.query({
      name: 'ivr-update-conversation',
      text: `UPDATE conversations SET stage = $2, menu_id = $3, menu_version = $4, node_id = $5, invalid_attempts = $6, deadline = $7,
               queue = $8, queued_since = $9, opens_at = $10, closed_at = $11, updated_at = $12
             WHERE conversation_id = $1`,
      values: [record.conversationId, ...stateValues(record), now],
    });
  }

  async recordMessage(messageId: string, conversationId: string, tenantId: string, receivedAt: Date): Promise<void> {
    await this.#client.query({
      name: 'ivr-record-message',
      text: `INSERT INTO conversation_messages (message_id, conversation_id, tenant_id, received_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING`,
      values: [messageId, conversationId, tenantId, receivedAt],
    });
  }

  async isOptedOut(tenantId: string, customerNumber: string): Promise<boolean> {
    const { rows } = await this.#client.query<{ opted_out: boolean }>({
      name: 'ivr-consent-state',
      text: 'SELECT opted_out FROM consent_states WHERE tenant_id = $1 AND customer_number = $2 FOR UPDATE',
      values: [tenantId, customerNumber],
    });
    return rows[0]?.opted_out ?? false;
  }

  /** Appends to the consent ledger and moves the customer's current state, unless the change is older than it. */
  async recordConsent(change: ConsentChangeRecord): Promise<void> {
    await this.#client.query({
      name: 'ivr-consent-ledger',
      text: `INSERT INTO consent_changes (change_id, tenant_id, customer_number, business_number_id, action, source, keyword, recorded_by,
               conversation_id, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      values: [
        change.changeId,
        change.tenantId,
        change.customerNumber,
        change.businessNumberId,
        change.action,
        change.source,
        change.keyword ?? null,
        change.recordedBy ?? null,
        change.conversationId ?? null,
        change.at,
      ],
    });
    await this.#client.query({
      name: 'ivr-consent-state-upsert',
      text: `INSERT INTO consent_states (tenant_id, customer_number, opted_out, changed_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, customer_number) DO UPDATE SET opted_out = EXCLUDED.opted_out, changed_at = EXCLUDED.changed_at
             WHERE consent_states.changed_at <= EXCLUDED.changed_at`,
      values: [change.tenantId, change.customerNumber, change.action === 'opted-out', change.at],
    });
  }

  /** Menu steps whose customer went silent, locked and skipped by any other instance sweeping at the same time. */
  async lockDueMenuTimeouts(now: Date, limit: number): Promise<ConversationRecord[]> {
    const { rows } = await this.#client.query<ConversationRow>({
      name: 'ivr-due-menu-timeouts',
      text: `SELECT ${COLUMNS} FROM conversations WHERE stage = 'menu' AND deadline <= $1 AND closed_at IS NULL
             ORDER BY deadline LIMIT $2 FOR UPDATE SKIP LOCKED`,
      values: [now, limit],
    });
    return rows.map(toRecord);
  }

  /** Conversations waiting for a queue that has opened, locked the same way. */
  async lockDueOpenings(now: Date, limit: number): Promise<ConversationRecord[]> {
    const { rows } = await this.#client.query<ConversationRow>({
      name: 'ivr-due-openings',
      text: `SELECT ${COLUMNS} FROM conversations WHERE stage = 'waiting-for-opening' AND opens_at <= $1 AND closed_at IS NULL
             ORDER BY opens_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      values: [now, limit],
    });
    return rows.map(toRecord);
  }
}

/** Conversations and consent, read and changed only inside transactions that also record the event handled. */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly db: IvrMenuDatabase) {}

  async inTransaction<R>(work: (transaction: FrontDoorTransaction) => Promise<R>): Promise<R> {
    return inPoolTransaction(this.db.pool, (client) => work(new FrontDoorTransaction(client)));
  }

  async conversationOfMessage(messageId: string): Promise<{ conversationId: string; tenantId: string } | undefined> {
    const { rows } = await this.db.pool.query<{ conversation_id: string; tenant_id: string }>({
      name: 'ivr-conversation-of-message',
      text: 'SELECT conversation_id, tenant_id FROM conversation_messages WHERE message_id = $1',
      values: [messageId],
    });
    return rows[0] ? { conversationId: rows[0].conversation_id, tenantId: rows[0].tenant_id } : undefined;
  }

  async consentOf(tenantId: string, customerNumber: string): Promise<{ optedOut: boolean; changedAt: Date } | undefined> {
    const { rows } = await this.db.pool.query<{ opted_out: boolean; changed_at: Date }>({
      name: 'ivr-consent-of',
      text: 'SELECT opted_out, changed_at FROM consent_states WHERE tenant_id = $1 AND customer_number = $2',
      values: [tenantId, customerNumber],
    });
    return rows[0] ? { optedOut: rows[0].opted_out, changedAt: rows[0].changed_at } : undefined;
  }

  async consentHistory(tenantId: string, customerNumber: string): Promise<ConsentChangeRecord[]> {
    const rows = await this.db.consentChange.findMany({ where: { tenantId, customerNumber }, orderBy: { at: 'asc' } });
    return rows.map((row) => ({
      changeId: row.changeId,
      tenantId: row.tenantId,
      customerNumber: row.customerNumber,
      businessNumberId: row.businessNumberId,
      action: row.action === 'opted-in' ? 'opted-in' : 'opted-out',
      source: consentSourceOf(row.source),
      keyword: row.keyword ?? undefined,
      recordedBy: row.recordedBy ?? undefined,
      conversationId: row.conversationId ?? undefined,
      at: row.at,
    }));
  }
}
