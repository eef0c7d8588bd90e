import { agentTimeFigures, type AgentTimeFigures } from '../agents/agent-timeline.ts';
import { foldConversation, type ConversationFigures, type VoiceLegSummary } from '../conversations/conversation-fold.ts';
import { compareEvents, readEnvelope, type AgentEvent, type CallEvent, type ConversationEvent } from '../intake/reported-events.ts';
import { INTERVAL_MS, intervalStartOf, toIso } from '../intervals/interval-clock.ts';
import { NO_QUEUE, rowKeyId, type ReportRow, type ReportRowKey } from '../rows/report-rows.ts';
import { type AgentContribution, type AgentSlot, type HoldSpan, type IntervalContribution, type IntervalSlot } from '../rows/row-contributions.ts';
import { foldCall, type CallFigures } from '../voice/call-fold.ts';
import { agentFigures, intervalFigures, isEmptyAgentRow, isEmptyIntervalRow, type RecordFigures } from './row-output.ts';

export interface ReportingOptions {
  /** How long after an instant events about it are still taken; the watermark trails the clock by this much. Default 900 s. */
  readonly allowedLatenessSeconds?: number;
  /** Largest accepted gap between an event's `occurredAt` and its payload time, or its lead over the latest clock reading. Default 300 s. */
  readonly maxClockSkewSeconds?: number;
  /** The service-level threshold of a queue (the service reads it from routing's queue settings). Default 60 s. */
  readonly serviceLevelSeconds?: (tenantId: string, queue: string) => number;
  /** How long a finished conversation's or call's id is remembered so that its stragglers are reported too late. Default 86,400 s. */
  readonly finishedRetentionSeconds?: number;
}

export const DEFAULT_ALLOWED_LATENESS_SECONDS = 900;
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;
export const DEFAULT_SERVICE_LEVEL_SECONDS = 60;
export const DEFAULT_FINISHED_RETENTION_SECONDS = 86_400;

export type ApplyOutcome = 'applied' | 'duplicate' | 'ignored' | 'unsupported' | 'invalid' | 'too-late';

export interface ApplyResult {
  readonly outcome: ApplyOutcome;
  /** Why an event was not applied, for the dead-letter record; absent when applied or a duplicate. */
  readonly reason?: string;
  /** Rows whose figures this event changed, in key order. */
  readonly changedRowKeys: readonly ReportRowKey[];
}

interface Published {
  readonly revision: number;
  readonly content: string;
  readonly final: boolean;
}

interface IntervalRowState {
  readonly slot: IntervalSlot;
  readonly contributions: Map<string, IntervalContribution>;
  published: Published | null;
  final: boolean;
}

interface AgentRowState {
  readonly slot: AgentSlot;
  readonly contributions: Map<string, AgentContribution>;
  time: AgentTimeFigures;
  published: Published | null;
  final: boolean;
}

interface RecordState {
  readonly tenantId: string;
  readonly conversationId: string;
  figures: RecordFigures;
  endedAt: number;
  published: Published | null;
  final: boolean;
}

interface ConversationEntity {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly events: ConversationEvent[];
  figures: ConversationFigures | null;
  voiceLeg: VoiceLegSummary | null;
}

interface CallEntity {
  readonly tenantId: string;
  readonly callId: string;
  readonly events: CallEvent[];
  figures: CallFigures | null;
}

interface AgentEntity {
  readonly tenantId: string;
  readonly agentId: string;
  readonly events: AgentEvent[];
  readonly spans: Map<string, readonly HoldSpan[]>;
}

/** Everything the engine knows; owned by one caller, changed only through this module's functions. */
export interface ReportingState {
  readonly lateness: number;
  readonly skew: number;
  readonly retention: number;
  readonly serviceLevelMs: (tenantId: string, queue: string) => number;
  watermark: number;
  lastNow: number | null;
  /** The start of the latest interval agent rows are computed for: that of the latest event or of the watermark. */
  horizon: number | null;
  readonly seen: Map<string, number>;
  readonly conversations: Map<string, ConversationEntity>;
  readonly calls: Map<string, CallEntity>;
  readonly agents: Map<string, AgentEntity>;
  readonly finished: Map<string, number>;
  readonly callLinks: Map<string, Set<string>>;
  readonly intervalRows: Map<string, IntervalRowState>;
  readonly agentRows: Map<string, AgentRowState>;
  readonly records: Map<string, RecordState>;
  readonly dirty: Set<string>;
}

export function createReportingState(options: ReportingOptions = {}): ReportingState {
  const threshold = options.serviceLevelSeconds ?? (() => DEFAULT_SERVICE_LEVEL_SECONDS);
  return {
    lateness: (options.allowedLatenessSeconds ?? DEFAULT_ALLOWED_LATENESS_SECONDS) * 1000,
    skew: (options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS) * 1000,
    retention: (options.finishedRetentionSeconds ?? DEFAULT_FINISHED_RETENTION_SECONDS) * 1000,
    serviceLevelMs: (tenantId, queue) => threshold(tenantId, queue) * 1000,
    watermark: Number.NEGATIVE_INFINITY,
    lastNow: null,
    horizon: null,
    seen: new Map(),
    conversations: new Map(),
    calls: new Map(),
    agents: new Map(),
    finished: new Map(),
    callLinks: new Map(),
    intervalRows: new Map(),
    agentRows: new Map(),
    records: new Map(),
    dirty: new Set(),
  };
}

const conversationKey = (tenantId: string, conversationId: string): string => `conversation/${tenantId}/${conversationId}`;
const callKey = (tenantId: string, callId: string): string => `call/${tenantId}/${callId}`;
const agentKey = (tenantId: string, agentId: string): string => `agent/${tenantId}/${agentId}`;

function intervalKeyOf(slot: IntervalSlot): ReportRowKey {
  return { kind: 'interval', tenantId: slot.tenantId, intervalStart: toIso(slot.intervalStart), queue: slot.queue, channel: slot.channel };
}

function agentKeyOf(slot: AgentSlot): ReportRowKey {
  return { kind: 'agent-interval', tenantId: slot.tenantId, intervalStart: toIso(slot.intervalStart), agentId: slot.agentId };
}

function insertSorted<TEvent extends { at: number; type: string; eventId: string }>(events: TEvent[], event: TEvent): void {
  let index = events.length;
  while (index > 0 && compareEvents(events[index - 1] as TEvent, event) > 0) {
    index -= 1;
  }
  events.splice(index, 0, event);
}

/** Classifies an envelope and, when it is a new, timely fact reports use, folds it into the rows it changes. */
export function applyEvent(state: ReportingState, envelope: unknown): ApplyResult {
  const intake = readEnvelope(envelope, state.skew);
  switch (intake.kind) {
    case 'ignored':
      return { outcome: 'ignored', changedRowKeys: [] };
    case 'unsupported':
    case 'invalid':
      return { outcome: intake.kind, reason: intake.reason, changedRowKeys: [] };
    case 'conversation':
    case 'call':
    case 'agent':
      break;
  }
  const { event, tenantId } = intake;
  if (state.seen.has(event.eventId)) {
    return { outcome: 'duplicate', changedRowKeys: [] };
  }
  if (state.lastNow !== null && event.at > state.lastNow + state.skew) {
    return { outcome: 'invalid', reason: `clock-skew: occurredAt is more than ${state.skew} ms ahead of the latest clock reading`, changedRowKeys: [] };
  }
  const subjectKey =
    intake.kind === 'conversation'
      ? conversationKey(tenantId, intake.conversationId)
      : intake.kind === 'call'
        ? callKey(tenantId, intake.callId)
        : agentKey(tenantId, intake.agentId);
  if (event.at < state.watermark) {
    return { outcome: 'too-late', reason: `event time ${toIso(event.at)} is before the watermark ${toIso(state.watermark)}`, changedRowKeys: [] };
  }
  if (state.finished.has(subjectKey)) {
    return { outcome: 'too-late', reason: `the ${intake.kind}'s report is already final`, changedRowKeys: [] };
  }
  state.seen.set(event.eventId, event.at);
  const changed = new Map<string, ReportRowKey>();
  extendHorizon(state, event.at, changed);
  switch (intake.kind) {
    case 'conversation': {
      const entity = state.conversations.get(subjectKey) ?? { tenantId, conversationId: intake.conversationId, events: [], figures: null, voiceLeg: null };
      state.conversations.set(subjectKey, entity);
      insertSorted(entity.events, intake.event);
      refreshConversation(state, subjectKey, entity, changed);
      break;
    }
    case 'call': {
      const entity = state.calls.get(subjectKey) ?? { tenantId, callId: intake.callId, events: [], figures: null };
      state.calls.set(subjectKey, entity);
      insertSorted(entity.events, intake.event);
      refreshCall(state, subjectKey, entity, changed);
      break;
    }
    case 'agent': {
      const entity = agentEntity(state, tenantId, intake.agentId);
      insertSorted(entity.events, intake.event);
      refreshAgentRows(state, entity, intake.event.at, changed);
      break;
    }
  }
  const changedRowKeys = [...changed.entries()].sort(([left], [right]) => (left < right ? -1 : 1)).map(([, key]) => key);
  return { outcome: 'applied', changedRowKeys };
}

function agentEntity(state: ReportingState, tenantId: string, agentId: string): AgentEntity {
  const key = agentKey(tenantId, agentId);
  let entity = state.agents.get(key);
  if (!entity) {
    entity = { tenantId, agentId, events: [], spans: new Map() };
    state.agents.set(key, entity);
  }
  return entity;
}

function markChanged(state: ReportingState, changed: Map<string, ReportRowKey>, key: ReportRowKey): void {
  const id = rowKeyId(key);
  state.dirty.add(id);
  changed.set(id, key);
}

function applyIntervalContributions(
  state: ReportingState,
  contributor: string,
  before: ReadonlyMap<string, { slot: IntervalSlot; contribution: IntervalContribution }> | undefined,
  after: ReadonlyMap<string, { slot: IntervalSlot; contribution: IntervalContribution }>,
  changed: Map<string, ReportRowKey>,
): void {
  const ids = new Set([...(before?.keys() ?? []), ...after.keys()]);
  for (const id of ids) {
    const previous = before?.get(id);
    const next = after.get(id);
    if (previous && next && JSON.stringify(previous.contribution) === JSON.stringify(next.contribution)) {
      continue;
    }
    const slot = (next ?? previous)?.slot;
    if (!slot || slot.intervalStart + INTERVAL_MS <= state.watermark) {
      continue;
    }
    const key = intervalKeyOf(slot);
    const rowId = rowKeyId(key);
    let row = state.intervalRows.get(rowId);
    if (!row) {
      row = { slot, contributions: new Map(), published: null, final: false };
      state.intervalRows.set(rowId, row);
    }
    if (next) {
      row.contributions.set(contributor, next.contribution);
    } else {
      row.contributions.delete(contributor);
    }
    markChanged(state, changed, key);
  }
}

function applyAgentContributions(
  state: ReportingState,
  contributor: string,
  before: ReadonlyMap<string, { slot: AgentSlot; contribution: AgentContribution }> | undefined,
  after: ReadonlyMap<string, { slot: AgentSlot; contribution: AgentContribution }>,
  changed: Map<string, ReportRowKey>,
): void {
  const ids = new Set([...(before?.keys() ?? []), ...after.keys()]);
  for (const id of ids) {
    const previous = before?.get(id);
    const next = after.get(id);
    if (previous && next && JSON.stringify(previous.contribution) === JSON.stringify(next.contribution)) {
      continue;
    }
    const slot = (next ?? previous)?.slot;
    if (!slot || slot.intervalStart + INTERVAL_MS <= state.watermark) {
      continue;
    }
    const row = agentRow(state, slot);
    if (next) {
      row.contributions.set(contributor, next.contribution);
    } else {
      row.contributions.delete(contributor);
    }
    markChanged(state, changed, agentKeyOf(slot));
  }
}

function agentRow(state: ReportingState, slot: AgentSlot): AgentRowState {
  const id = rowKeyId(agentKeyOf(slot));
  let row = state.agentRows.get(id);
  if (!row) {
    const entity = state.agents.get(agentKey(slot.tenantId, slot.agentId));
    const time = entity ? agentTimeFigures(entity.events, allSpans(entity), slot.intervalStart, slot.intervalStart + INTERVAL_MS) : idleTime();
    row = { slot, contributions: new Map(), time, published: null, final: false };
    state.agentRows.set(id, row);
  }
  return row;
}

function idleTime(): AgentTimeFigures {
  return { staffedMs: 0, availableMs: 0, conversationMs: 0, occupiedMs: 0 };
}

function allSpans(entity: AgentEntity): HoldSpan[] {
  return [...entity.spans.values()].flat();
}

function refreshConversation(state: ReportingState, key: string, entity: ConversationEntity, changed: Map<string, ReportRowKey>): void {
  const linkedCall = entity.figures?.callId ?? null;
  const call = linkedCall === null ? undefined : state.calls.get(callKey(entity.tenantId, linkedCall));
  if (call?.figures) {
    entity.voiceLeg = call.figures.voiceLeg;
  }
  let figures = foldConversation({
    tenantId: entity.tenantId,
    conversationId: entity.conversationId,
    events: entity.events,
    voiceLeg: entity.voiceLeg,
    serviceLevelMs: (queue) => state.serviceLevelMs(entity.tenantId, queue),
  });
  if (figures.callId !== null && figures.callId !== linkedCall) {
    const link = callKey(entity.tenantId, figures.callId);
    const links = state.callLinks.get(link) ?? new Set<string>();
    links.add(key);
    state.callLinks.set(link, links);
    const linked = state.calls.get(link);
    if (linked?.figures) {
      entity.voiceLeg = linked.figures.voiceLeg;
      figures = foldConversation({
        tenantId: entity.tenantId,
        conversationId: entity.conversationId,
        events: entity.events,
        voiceLeg: entity.voiceLeg,
        serviceLevelMs: (queue) => state.serviceLevelMs(entity.tenantId, queue),
      });
    }
  }
  const before = entity.figures;
  entity.figures = figures;
  applyIntervalContributions(state, key, before?.intervals, figures.intervals, changed);
  applyAgentContributions(state, key, before?.agentIntervals, figures.agentIntervals, changed);
  refreshSpans(state, key, entity.tenantId, before?.spans ?? [], figures.spans, changed);
  if (figures.record) {
    const recordKey: ReportRowKey = { kind: 'conversation', tenantId: entity.tenantId, conversationId: entity.conversationId };
    const recordId = rowKeyId(recordKey);
    const existing = state.records.get(recordId);
    if (!existing) {
      state.records.set(recordId, {
        tenantId: entity.tenantId,
        conversationId: entity.conversationId,
        figures: figures.record,
        endedAt: figures.endedAt ?? 0,
        published: null,
        final: false,
      });
      markChanged(state, changed, recordKey);
    } else if (JSON.stringify(existing.figures) !== JSON.stringify(figures.record)) {
      existing.figures = figures.record;
      existing.endedAt = figures.endedAt ?? existing.endedAt;
      markChanged(state, changed, recordKey);
    }
  }
}

function refreshSpans(state: ReportingState, contributor: string, tenantId: string, before: readonly HoldSpan[], after: readonly HoldSpan[], changed: Map<string, ReportRowKey>): void {
  const describe = (span: HoldSpan): string => `${span.agentId}/${span.from}/${span.to ?? 'open'}`;
  const beforeSet = new Set(before.map(describe));
  const afterSet = new Set(after.map(describe));
  const earliestChange = new Map<string, number>();
  const note = (span: HoldSpan, at: number): void => {
    earliestChange.set(span.agentId, Math.min(earliestChange.get(span.agentId) ?? Number.POSITIVE_INFINITY, at));
  };
  for (const span of before) {
    if (!afterSet.has(describe(span))) {
      const sameStart = after.find((other) => other.agentId === span.agentId && other.from === span.from);
      note(span, sameStart ? Math.min(span.to ?? Number.POSITIVE_INFINITY, sameStart.to ?? Number.POSITIVE_INFINITY) : span.from);
    }
  }
  for (const span of after) {
    if (!beforeSet.has(describe(span))) {
      const sameStart = before.find((other) => other.agentId === span.agentId && other.from === span.from);
      note(span, sameStart ? Math.min(span.to ?? Number.POSITIVE_INFINITY, sameStart.to ?? Number.POSITIVE_INFINITY) : span.from);
    }
  }
  for (const [agentId, from] of earliestChange) {
    const entity = agentEntity(state, tenantId, agentId);
    const spans = after.filter((span) => span.agentId === agentId);
    if (spans.length > 0) {
      entity.spans.set(contributor, spans);
    } else {
      entity.spans.delete(contributor);
    }
    refreshAgentRows(state, entity, from, changed);
  }
}

/** Recomputes an agent's time-weighted figures for every open interval from `from` to the horizon. */
function refreshAgentRows(state: ReportingState, entity: AgentEntity, from: number, changed: Map<string, ReportRowKey>): void {
  if (state.horizon === null || !Number.isFinite(from)) {
    return;
  }
  const firstOpen = Number.isFinite(state.watermark) ? intervalStartOf(state.watermark) : Number.NEGATIVE_INFINITY;
  const spans = allSpans(entity);
  for (let start = Math.max(intervalStartOf(from), firstOpen); start <= state.horizon; start += INTERVAL_MS) {
    const slot: AgentSlot = { tenantId: entity.tenantId, intervalStart: start, agentId: entity.agentId };
    const time = agentTimeFigures(entity.events, spans, start, start + INTERVAL_MS);
    const id = rowKeyId(agentKeyOf(slot));
    const row = state.agentRows.get(id);
    if (!row) {
      if (time.staffedMs === 0 && time.conversationMs === 0) {
        continue;
      }
      state.agentRows.set(id, { slot, contributions: new Map(), time, published: null, final: false });
      markChanged(state, changed, agentKeyOf(slot));
    } else if (JSON.stringify(row.time) !== JSON.stringify(time)) {
      row.time = time;
      markChanged(state, changed, agentKeyOf(slot));
    }
  }
}

function refreshCall(state: ReportingState, key: string, entity: CallEntity, changed: Map<string, ReportRowKey>): void {
  const figures = foldCall({ tenantId: entity.tenantId, events: entity.events, serviceLevelMs: (queue) => state.serviceLevelMs(entity.tenantId, queue) });
  const before = entity.figures;
  entity.figures = figures;
  applyIntervalContributions(state, key, before?.intervals, figures.intervals, changed);
  for (const linked of state.callLinks.get(key) ?? []) {
    const conversation = state.conversations.get(linked);
    if (conversation) {
      conversation.voiceLeg = figures.voiceLeg;
      refreshConversation(state, linked, conversation, changed);
    }
  }
}

/** Agent rows exist for every interval up to the horizon: moving it computes the new intervals for every agent. */
function extendHorizon(state: ReportingState, at: number, changed: Map<string, ReportRowKey>): void {
  const target = intervalStartOf(at);
  if (state.horizon !== null && target <= state.horizon) {
    return;
  }
  const previous = state.horizon;
  state.horizon = target;
  if (previous === null) {
    return;
  }
  for (const entity of state.agents.values()) {
    refreshAgentRows(state, entity, previous + INTERVAL_MS, changed);
  }
}

export interface WatermarkAdvance {
  /** The new watermark: event time before which every row is final. */
  readonly watermark: string | null;
  /** Every row changed since the last publication, in key order; rows that became final carry `final: true`. */
  readonly rows: readonly ReportRow[];
}

/**
 * Moves the watermark to `now` minus the allowed lateness (never back), makes final every interval that ended at or
 * before it and every conversation record that ended before it, returns the rows to publish, and forgets what can no
 * longer change. `reached`, when earlier than `now`, is the event time the caller's input has certainly got to (a
 * consumer catching up on a backlog): the watermark then trails it instead, so the backlog is not too late.
 */
export function advanceWatermark(state: ReportingState, now: Date, reached?: Date): WatermarkAdvance {
  const nowMs = now.getTime();
  state.lastNow = Math.max(state.lastNow ?? nowMs, nowMs);
  state.watermark = Math.max(state.watermark, Math.min(nowMs, reached?.getTime() ?? nowMs) - state.lateness);
  const watermark = state.watermark;
  const changed = new Map<string, ReportRowKey>();
  extendHorizon(state, watermark, changed);
  for (const [id, row] of state.intervalRows) {
    if (!row.final && row.slot.intervalStart + INTERVAL_MS <= watermark) {
      row.final = true;
      state.dirty.add(id);
    }
  }
  for (const [id, row] of state.agentRows) {
    if (!row.final && row.slot.intervalStart + INTERVAL_MS <= watermark) {
      row.final = true;
      state.dirty.add(id);
    }
  }
  for (const [id, record] of state.records) {
    if (!record.final && record.endedAt < watermark) {
      record.final = true;
      state.dirty.add(id);
    }
  }
  const rows = flushRows(state);
  forget(state);
  return { watermark: Number.isFinite(watermark) ? toIso(watermark) : null, rows };
}

interface Candidate {
  readonly key: ReportRowKey;
  readonly content: string;
  readonly isEmpty: boolean;
  readonly final: boolean;
  readonly published: Published | null;
  readonly build: (revision: number) => ReportRow;
}

function candidateFor(state: ReportingState, id: string): Candidate | null {
  const interval = state.intervalRows.get(id);
  if (interval) {
    const figures = intervalFigures(interval.slot, interval.contributions, interval.slot.queue === NO_QUEUE ? 0 : state.serviceLevelMs(interval.slot.tenantId, interval.slot.queue));
    return {
      key: intervalKeyOf(interval.slot),
      content: JSON.stringify(figures),
      isEmpty: isEmptyIntervalRow(figures),
      final: interval.final,
      published: interval.published,
      build: (revision) => ({ kind: 'interval', row: { ...figures, revision, final: interval.final } }),
    };
  }
  const agent = state.agentRows.get(id);
  if (agent) {
    const figures = agentFigures(agent.slot, agent.contributions, agent.time);
    return {
      key: agentKeyOf(agent.slot),
      content: JSON.stringify(figures),
      isEmpty: isEmptyAgentRow(figures),
      final: agent.final,
      published: agent.published,
      build: (revision) => ({ kind: 'agent-interval', row: { ...figures, revision, final: agent.final } }),
    };
  }
  const record = state.records.get(id);
  if (record) {
    const figures = record.figures;
    return {
      key: { kind: 'conversation', tenantId: record.tenantId, conversationId: record.conversationId },
      content: JSON.stringify(figures),
      isEmpty: false,
      final: record.final,
      published: record.published,
      build: (revision) => ({ kind: 'conversation', row: { ...figures, revision, final: record.final } }),
    };
  }
  return null;
}

function nextRevision(candidate: Candidate): number | null {
  const published = candidate.published;
  if (!published) {
    return candidate.isEmpty ? null : 1;
  }
  return published.content === candidate.content && published.final === candidate.final ? null : published.revision + 1;
}

/**
 * The rows as they stand, in the shape the next publication would give them (a row with unpublished changes shows
 * the revision it will be published with). Keys of unknown, empty or already published final rows are left out.
 */
export function rowsFor(state: ReportingState, keys: readonly ReportRowKey[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const key of keys) {
    const candidate = candidateFor(state, rowKeyId(key));
    if (!candidate) {
      continue;
    }
    const revision = nextRevision(candidate) ?? candidate.published?.revision;
    if (revision !== undefined) {
      rows.push(candidate.build(revision));
    }
  }
  return rows;
}

/**
 * Returns every row whose figures or finality changed since the last publication, each with its next revision, and
 * records them as published. A row whose figures came back to what was last published is not republished.
 */
export function flushRows(state: ReportingState): ReportRow[] {
  const ids = [...state.dirty].sort();
  state.dirty.clear();
  const rows: ReportRow[] = [];
  for (const id of ids) {
    const candidate = candidateFor(state, id);
    if (!candidate) {
      continue;
    }
    const revision = nextRevision(candidate);
    if (revision !== null) {
      rows.push(candidate.build(revision));
      setPublished(state, id, { revision, content: candidate.content, final: candidate.final });
    }
    if (candidate.final) {
      // A final row never changes again: keep nothing of it.
      state.intervalRows.delete(id);
      state.agentRows.delete(id);
      state.records.delete(id);
    }
  }
  return rows;
}

function setPublished(state: ReportingState, id: string, published: Published): void {
  const row = state.intervalRows.get(id) ?? state.agentRows.get(id) ?? state.records.get(id);
  if (row) {
    row.published = published;
  }
}

/** Drops what the watermark has passed: finished conversations and calls, old event ids, idle agents' history. */
function forget(state: ReportingState): void {
  const watermark = state.watermark;
  for (const [id, at] of state.seen) {
    if (at < watermark - state.lateness) {
      state.seen.delete(id);
    }
  }
  for (const [key, entity] of state.conversations) {
    const endedAt = entity.figures?.endedAt ?? null;
    if (endedAt !== null && endedAt < watermark) {
      state.conversations.delete(key);
      state.finished.set(key, endedAt);
      for (const agent of state.agents.values()) {
        agent.spans.delete(key);
      }
      const linkedCall = entity.figures?.callId;
      if (linkedCall) {
        state.callLinks.get(callKey(entity.tenantId, linkedCall))?.delete(key);
      }
    }
  }
  for (const [key, entity] of state.calls) {
    const completedAt = entity.figures?.completedAt ?? null;
    if (completedAt !== null && completedAt < watermark) {
      state.calls.delete(key);
      state.finished.set(key, completedAt);
      const links = state.callLinks.get(key);
      if (links && links.size === 0) {
        state.callLinks.delete(key);
      }
    }
  }
  for (const [key, endedAt] of state.finished) {
    if (endedAt < watermark - state.retention) {
      state.finished.delete(key);
    }
  }
  const firstOpen = intervalStartOf(watermark);
  for (const [key, agent] of state.agents) {
    // Keep the last state before the first open interval: it is that interval's starting state.
    let keepFrom = 0;
    agent.events.forEach((event, index) => {
      if (event.at <= firstOpen) {
        keepFrom = index;
      }
    });
    agent.events.splice(0, keepFrom);
    const last = agent.events[agent.events.length - 1];
    const loggedOut = !last || !last.payload.active || last.payload.presence === 'offline';
    if (loggedOut && agent.spans.size === 0 && (!last || last.at < firstOpen)) {
      state.agents.delete(key);
    }
  }
}

/** How many conversations, calls and agents the engine holds, for the service's memory metrics. */
export function stateSize(state: ReportingState): { conversations: number; calls: number; agents: number; rows: number; eventIds: number } {
  return {
    conversations: state.conversations.size,
    calls: state.calls.size,
    agents: state.agents.size,
    rows: state.intervalRows.size + state.agentRows.size + state.records.size,
    eventIds: state.seen.size,
  };
}
