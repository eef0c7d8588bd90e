import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { DomainError, opaqueIdSchema } from '@parley/contracts';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { ReportRowsRepository, type RowPage } from '@parley/reporting-data-access';
import { reportChannelSchema, reportQueueSchema, type AgentIntervalRow, type ConversationRecord, type IntervalRow } from '@parley/reporting-domain';
import { z } from 'zod';
import { ReportingEngine, type LiveView } from '../engine/reporting-engine.service.ts';
import { queueTotals, type QueueTotals } from './today-figures.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The widest range one query reads; longer periods are BI's, from the report topics. */
const MAX_RANGE_DAYS = 31;
export const MAX_ROWS = 5_000;
/** Enough for every interval of a day for a few hundred queue and channel pairs. */
const TODAY_ROWS = 50_000;

const tenantIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a tenant id');
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const rangeFields = {
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ROWS).default(1_000),
};
const intervalsQuerySchema = z.strictObject({ ...rangeFields, queue: reportQueueSchema.optional(), channel: reportChannelSchema.optional() });
const agentsQuerySchema = z.strictObject({ ...rangeFields, agentId: opaqueIdSchema.optional() });
const conversationsQuerySchema = z.strictObject(rangeFields);

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** [from, to): today (UTC) unless given; refuses an empty, backwards or too long range. */
function rangeOf(query: { from?: Date | undefined; to?: Date | undefined }, now = new Date()): { from: Date; to: Date } {
  const from = query.from ?? (query.to ? new Date(query.to.getTime() - DAY_MS) : startOfUtcDay(now));
  const to = query.to ?? new Date(from.getTime() + DAY_MS);
  if (to <= from) {
    throw new DomainError('invalid', 'reports.range-empty', '`to` must be after `from`.');
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new DomainError('invalid', 'reports.range-too-long', `A query covers at most ${MAX_RANGE_DAYS} days; BI reads longer periods from the report topics.`);
  }
  return { from, to };
}

function pageOf<TRow>(range: { from: Date; to: Date }, page: RowPage<TRow>): { from: string; to: string; rows: TRow[]; truncated: boolean } {
  return { from: range.from.toISOString(), to: range.to.toISOString(), rows: page.rows, truncated: page.truncated };
}

/**
 * A tenant's reports for the gateway's admin API (admin token): the live view from the engine, and the rows as last
 * published (the latest revision of each, final or not) for a range of at most 31 days.
 */
@Controller('admin/tenants/:tenantId/reports')
@UseGuards(AdminTokenGuard)
export class ReportsController {
  constructor(
    private readonly engine: ReportingEngine,
    private readonly rows: ReportRowsRepository,
  ) {}

  /** Who waits and what agents hold now, and today's totals per queue and channel from today's published rows. */
  @Get('live')
  async live(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<LiveView & { today: { from: string; queues: QueueTotals[] } }> {
    const now = new Date();
    const live = this.engine.live(tenantId, now);
    const from = startOfUtcDay(now);
    const today = await this.rows.intervalRows(tenantId, from, new Date(from.getTime() + DAY_MS), {}, TODAY_ROWS);
    return { ...live, today: { from: from.toISOString(), queues: queueTotals(today.rows) } };
  }

  @Get('intervals')
  async intervals(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Query(new ZodValidationPipe(intervalsQuerySchema)) query: z.infer<typeof intervalsQuerySchema>,
  ): Promise<ReturnType<typeof pageOf<IntervalRow>>> {
    const range = rangeOf(query);
    const filter = { ...(query.queue === undefined ? {} : { queue: query.queue }), ...(query.channel === undefined ? {} : { channel: query.channel }) };
    return pageOf(range, await this.rows.intervalRows(tenantId, range.from, range.to, filter, query.limit));
  }

  @Get('agents')
  async agents(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Query(new ZodValidationPipe(agentsQuerySchema)) query: z.infer<typeof agentsQuerySchema>,
  ): Promise<ReturnType<typeof pageOf<AgentIntervalRow>>> {
    const range = rangeOf(query);
    return pageOf(range, await this.rows.agentIntervalRows(tenantId, range.from, range.to, query.agentId, query.limit));
  }

  /** Records of conversations that ended in the range. */
  @Get('conversations')
  async conversations(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Query(new ZodValidationPipe(conversationsQuerySchema)) query: z.infer<typeof conversationsQuerySchema>,
  ): Promise<ReturnType<typeof pageOf<ConversationRecord>>> {
    const range = rangeOf(query);
    return pageOf(range, await this.rows.conversationRecords(tenantId, range.from, range.to, query.limit));
  }

  @Get('conversations/:conversationId')
  async conversation(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('conversationId', new ZodValidationPipe(opaqueIdSchema)) conversationId: string,
  ): Promise<{ record: ConversationRecord }> {
    const record = await this.rows.conversationRecord(tenantId, conversationId);
    if (!record) {
      throw new DomainError('not-found', 'reports.conversation-not-found', `No record of conversation ${conversationId}: it has not ended, or not been published yet.`);
    }
    return { record };
  }
}
