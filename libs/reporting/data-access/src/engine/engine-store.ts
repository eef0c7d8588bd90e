import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { DomainError } from '@parley/contracts';
import { inPoolTransaction } from '@parley/platform/persistence';
import type { ReportRow } from '@parley/reporting-domain';
import type pg from 'pg';

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/** One thing the engine applied, in the order it applied them; replaying them in order rebuilds its state. */
export type EngineInput =
  | { readonly sequence: number; readonly kind: 'event'; readonly body: unknown }
  | { readonly sequence: number; readonly kind: 'events'; readonly body: readonly unknown[] }
  | { readonly sequence: number; readonly kind: 'tick'; readonly body: { readonly now: string; readonly reached?: string } }
  | { readonly sequence: number; readonly kind: 'thresholds'; readonly body: QueueThresholds };

/** The next offset the engine will take from one partition; earlier messages of it are already in its inputs. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: bigint;
}

/**
 * What the engine writes for one thing it did: the inputs applied (in sequence order), how far that takes the
 * partitions they came from, and for a publication tick the rows it published with their envelopes.
 */
export interface EngineWrite {
  readonly inputs: readonly EngineInput[];
  readonly offsets?: readonly PartitionOffset[];
  readonly rows?: readonly PublishedReportRow[];
  readonly envelopes?: readonly unknown[];
}

/** A tenant's service-level thresholds per queue, replacing whatever the tenant had before. */
export interface QueueThresholds {
  readonly tenantId: string;
  readonly queues: Readonly<Record<string, number>>;
}

export interface EngineSnapshot {
  readonly throughSequence: number;
  readonly format: number;
  readonly state: string;
  readonly thresholds: readonly QueueThresholds[];
}

/** A version of a report row as published, with its Kafka key. */
export interface PublishedReportRow {
  readonly reportId: string;
  readonly row: ReportRow;
  readonly publishedAt: Date;
}

/** Another instance took the engine over: this one's view is stale and it must not write. */
export class EngineFencedError extends DomainError {
  constructor(epoch: number) {
    super('unavailable', 'reporting.engine-fenced', `the reporting engine's lease moved on from epoch ${epoch}; this instance stepped down`);
  }
}

/**
 * The advisory lock that makes one instance the engine's runner, held on its own connection for as long as the
 * instance runs the engine. The epoch it was taken with fences every write (see `EngineStore`).
 */
export class EngineLease {
  readonly epoch: number;
  readonly #client: pg.PoolClient;
  readonly #lostListeners: ((reason: unknown) => void)[] = [];
  #lost: unknown = undefined;
  #released = false;

  readonly #onError = (error: Error): void => this.#lose(error);
  readonly #onEnd = (): void => this.#lose(new Error('the lease connection ended'));

  constructor(client: pg.PoolClient, epoch: number) {
    this.#client = client;
    this.epoch = epoch;
    client.on('error', this.#onError);
    client.on('end', this.#onEnd);
  }

  get isLost(): boolean {
    return this.#lost !== undefined;
  }

  /** Called once if the connection holding the lock fails: the lock is gone with it. */
  onLost(listener: (reason: unknown) => void): void {
    this.#lostListeners.push(listener);
  }

  /** Proves the lock's connection still answers; a dead one means the lock is gone. */
  async check(): Promise<void> {
    try {
      await this.#client.query('SELECT 1');
    } catch (error) {
      this.#lose(error);
      throw error;
    }
  }

  async release(): Promise<void> {
    if (this.#released) {
      return;
    }
    this.#released = true;
    if (this.#lost !== undefined) {
      this.#client.release(true);
    } else {
      try {
        await this.#client.query(`SELECT pg_advisory_unlock(${LOCK_KEY_SQL})`);
        this.#client.release();
      } catch (error) {
        this.#client.release(error instanceof Error ? error : true);
      }
    }
    // Back in the pool (which watches idle connections itself), where a later lease would add its own listeners.
    this.#client.off('error', this.#onError);
    this.#client.off('end', this.#onEnd);
  }

  #lose(reason: unknown): void {
    if (this.#lost !== undefined || this.#released) {
      return;
    }
    this.#lost = reason ?? new Error('lease lost');
    for (const listener of this.#lostListeners) {
      listener(this.#lost);
    }
  }
}

/** One lock per schema, so two deployments sharing a database server do not wait on each other. */
const LOCK_KEY_SQL = `hashtextextended('parley.reporting.engine:' || current_schema(), 0)`;

interface RowColumns {
  report_id: string;
  kind: ReportRow['kind'];
  tenant_id: string;
  interval_start: string | null;
  queue: string | null;
  channel: string | null;
  agent_id: string | null;
  conversation_id: string | null;
  ended_at: string | null;
  revision: number;
  final: boolean;
  row: unknown;
  published_at: string;
}

function columnsOf({ reportId, row, publishedAt }: PublishedReportRow): RowColumns {
  const common = { report_id: reportId, kind: row.kind, revision: row.row.revision, final: row.row.final, row: row.row, published_at: publishedAt.toISOString() };
  const none = { interval_start: null, queue: null, channel: null, agent_id: null, conversation_id: null, ended_at: null };
  switch (row.kind) {
    case 'interval':
      return { ...common, ...none, tenant_id: row.row.tenantId, interval_start: row.row.intervalStart, queue: row.row.queue, channel: row.row.channel };
    case 'agent-interval':
      return { ...common, ...none, tenant_id: row.row.tenantId, interval_start: row.row.intervalStart, agent_id: row.row.agentId };
    case 'conversation':
      return { ...common, ...none, tenant_id: row.row.tenantId, conversation_id: row.row.conversationId, ended_at: row.row.endedAt };
  }
}

/**
 * The engine's durable side: the lease, the inputs it applied since its snapshot, the snapshot, the rows it published
 * and the outbox of publications Kafka has not acknowledged yet. Every write checks the writer's lease epoch first.
 */
export class EngineStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Takes the engine's lease if no other instance holds it, with a new epoch; undefined when another does. */
  async tryLease(holder: string): Promise<EngineLease | undefined> {
    const client = await this.#pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY_SQL}) AS locked`);
      if (rows[0]?.locked !== true) {
        client.release();
        return undefined;
      }
      const taken = await client.query<{ epoch: string }>(
        'UPDATE engine_lease SET epoch = epoch + 1, holder = $1, acquired_at = now(), renewed_at = now() WHERE id = 1 RETURNING epoch',
        [holder],
      );
      const epoch = Number(taken.rows[0]?.epoch);
      if (!Number.isSafeInteger(epoch)) {
        throw new Error('the engine_lease row is missing: were the migrations applied?');
      }
      return new EngineLease(client, epoch);
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /** The latest snapshot, every input recorded after it in order, and how far each partition was taken. */
  async load(): Promise<{ snapshot: EngineSnapshot | undefined; inputs: EngineInput[]; offsets: PartitionOffset[] }> {
    const snapshots = await this.#pool.query<{ through_sequence: string; format: number; state: Buffer; thresholds: QueueThresholds[] }>(
      'SELECT through_sequence, format, state, thresholds FROM engine_snapshots WHERE id = 1',
    );
    const found = snapshots.rows[0];
    const snapshot =
      found === undefined
        ? undefined
        : { throughSequence: Number(found.through_sequence), format: found.format, state: (await gunzip(found.state)).toString('utf8'), thresholds: found.thresholds };
    const inputs = await this.#pool.query<{ sequence: string; kind: EngineInput['kind']; body: unknown }>(
      'SELECT sequence, kind, body FROM engine_inputs WHERE sequence > $1 ORDER BY sequence',
      [snapshot?.throughSequence ?? 0],
    );
    const offsets = await this.#pool.query<{ topic: string; partition: number; next_offset: string }>('SELECT topic, partition, next_offset FROM engine_offsets');
    return {
      snapshot,
      inputs: inputs.rows.map((row) => ({ sequence: Number(row.sequence), kind: row.kind, body: row.body }) as EngineInput),
      offsets: offsets.rows.map((row) => ({ topic: row.topic, partition: row.partition, nextOffset: BigInt(row.next_offset) })),
    };
  }

  /**
   * Records, in one transaction and in the order given, what the engine did: the inputs it applied, how far they
   * take each partition, and for a publication the rows' latest versions and their envelopes in the outbox. A crash
   * after it loses nothing and a crash before it decided nothing.
   */
  async record(epoch: number, writes: readonly EngineWrite[]): Promise<void> {
    const inputs = writes.flatMap((write) => write.inputs);
    // One row per partition: a statement may not update the same row twice.
    const furthest = new Map<string, PartitionOffset>();
    for (const offset of writes.flatMap((write) => write.offsets ?? [])) {
      const key = `${offset.topic}/${offset.partition}`;
      const known = furthest.get(key);
      if (!known || known.nextOffset < offset.nextOffset) {
        furthest.set(key, offset);
      }
    }
    const offsets = [...furthest.values()];
    const rows = writes.flatMap((write) => write.rows ?? []);
    const envelopes = writes.flatMap((write) => write.envelopes ?? []);
    await inPoolTransaction(this.#pool, async (client) => {
      await fence(client, epoch);
      await insertInputs(client, inputs);
      if (offsets.length > 0) {
        await client.query({
          name: 'reporting-advance-offsets',
          text: `INSERT INTO engine_offsets (topic, partition, next_offset)
                 SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
                 ON CONFLICT (topic, partition) DO UPDATE SET next_offset = GREATEST(engine_offsets.next_offset, EXCLUDED.next_offset)`,
          values: [offsets.map((offset) => offset.topic), offsets.map((offset) => offset.partition), offsets.map((offset) => offset.nextOffset.toString())],
        });
      }
      if (rows.length > 0) {
        await client.query({
          name: 'reporting-upsert-rows',
          text: `INSERT INTO report_rows (report_id, kind, tenant_id, interval_start, queue, channel, agent_id, conversation_id, ended_at, revision, final, row, published_at)
                 SELECT DISTINCT ON (report_id) report_id, kind, tenant_id, interval_start, queue, channel, agent_id, conversation_id, ended_at, revision, final, row, published_at
                 FROM jsonb_to_recordset($1::jsonb) AS r(report_id text, kind text, tenant_id text, interval_start timestamptz, queue text, channel text,
                   agent_id text, conversation_id text, ended_at timestamptz, revision int, final boolean, row jsonb, published_at timestamptz)
                 ORDER BY report_id, revision DESC
                 ON CONFLICT (report_id) DO UPDATE SET revision = EXCLUDED.revision, final = EXCLUDED.final, row = EXCLUDED.row,
                   ended_at = EXCLUDED.ended_at, published_at = EXCLUDED.published_at
                 WHERE report_rows.revision < EXCLUDED.revision`,
          values: [JSON.stringify(rows.map(columnsOf))],
        });
      }
      if (envelopes.length > 0) {
        await client.query({
          name: 'reporting-outbox-add',
          text: `INSERT INTO report_outbox (envelope)
                 SELECT value FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, position) ORDER BY position`,
          values: [JSON.stringify(envelopes)],
        });
      }
    });
  }

  /** Stores the state after input `throughSequence` and drops the inputs it covers. */
  async saveSnapshot(epoch: number, snapshot: EngineSnapshot): Promise<{ bytes: number }> {
    const state = await gzip(Buffer.from(snapshot.state, 'utf8'));
    await inPoolTransaction(this.#pool, async (client) => {
      await fence(client, epoch);
      await client.query(
        `INSERT INTO engine_snapshots (id, through_sequence, format, state, thresholds, taken_at) VALUES (1, $1, $2, $3, $4::jsonb, now())
         ON CONFLICT (id) DO UPDATE SET through_sequence = EXCLUDED.through_sequence, format = EXCLUDED.format, state = EXCLUDED.state,
           thresholds = EXCLUDED.thresholds, taken_at = EXCLUDED.taken_at`,
        [snapshot.throughSequence, snapshot.format, state, JSON.stringify(snapshot.thresholds)],
      );
      await client.query('DELETE FROM engine_inputs WHERE sequence <= $1', [snapshot.throughSequence]);
    });
    return { bytes: state.length };
  }

  /** The oldest publications not yet acknowledged by Kafka, in the order they were decided. */
  async outbox(limit: number): Promise<{ sequence: string; envelope: { type: string; schemaVersion: number } }[]> {
    const { rows } = await this.#pool.query<{ sequence: string; envelope: { type: string; schemaVersion: number } }>({
      name: 'reporting-outbox',
      text: 'SELECT sequence, envelope FROM report_outbox ORDER BY sequence LIMIT $1',
      values: [limit],
    });
    return rows;
  }

  async removeFromOutbox(sequences: readonly string[]): Promise<void> {
    await this.#pool.query({ name: 'reporting-outbox-remove', text: 'DELETE FROM report_outbox WHERE sequence = ANY($1::bigint[])', values: [sequences] });
  }

  /** Deletes final rows whose interval began (or conversation ended) before `olderThan`, a batch at a time. */
  async pruneRows(olderThan: Date, batchSize = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.#pool.query({
        name: 'reporting-prune-rows',
        text: `DELETE FROM report_rows WHERE report_id IN (
                 SELECT report_id FROM report_rows WHERE final AND COALESCE(interval_start, ended_at) < $1 LIMIT $2)`,
        values: [olderThan, batchSize],
      });
      total += deleted.rowCount ?? 0;
      if ((deleted.rowCount ?? 0) < batchSize) {
        return total;
      }
    }
  }
}

async function fence(client: pg.PoolClient, epoch: number): Promise<void> {
  const renewed = await client.query({
    name: 'reporting-fence',
    text: 'UPDATE engine_lease SET renewed_at = now() WHERE id = 1 AND epoch = $1',
    values: [epoch],
  });
  if (renewed.rowCount !== 1) {
    throw new EngineFencedError(epoch);
  }
}

async function insertInputs(client: pg.PoolClient, inputs: readonly EngineInput[]): Promise<void> {
  if (inputs.length === 0) {
    return;
  }
  // One JSON document rather than a text array: pg escapes every element of an array parameter, which for event
  // bodies cost more garbage than everything else the engine does with them.
  await client.query({
    name: 'reporting-record-inputs',
    text: `INSERT INTO engine_inputs (sequence, kind, body) SELECT sequence, kind, body FROM jsonb_to_recordset($1::jsonb) AS i(sequence bigint, kind text, body jsonb)`,
    values: [JSON.stringify(inputs)],
  });
}
