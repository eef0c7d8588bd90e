import { agentTimeFigures, sameAgentTime, type AgentTimeFigures } from '../agents/agent-timeline.ts';
import { ConversationFold, UNFOLDED_EVENT_TYPES, type ConversationFigures, type VoiceLegSummary } from '../conversations/conversation-fold.ts';
import { compareEvents, readEnvelope, type AgentEvent, type CallEvent, type ConversationEvent } from '../intake/reported-events.ts';
import { INTERVAL_MS, intervalStartOf, toIso } from '../intervals/interval-clock.ts';
import { NO_QUEUE, rowKeyId, type ReportRow, type ReportRowKey } from '../rows/report-rows.ts';
import {
  sameAgentContribution,
  sameIntervalContribution,
  type AgentContribution,
  type AgentSlot,
  type HoldSpan,
  type IntervalContribution,
  type IntervalSlot,
} from '../rows/row-contributions.ts';
import { foldCall, type CallFigures } from '../voice/call-fold.ts';
import { agentFigures, isEmptyAgentRow, isEmptyIntervalRow, type RecordFigures } from './row-output.ts';
import { BoundedMemo } from './bounded-memo.ts';
import { inContributorOrder, IntervalSums } from './row-sums.ts';
import { TimeBuckets, TimeIndex } from './time-index.ts';

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

/**
 * Indexes over the state's maps, so that each watermark advance visits only what it finalises or forgets. They are
 * derived from the maps, kept out of snapshots, and rebuilt from the maps when a snapshot is decoded.
 */
export interface StateIndexes {
  /** The ids in `seen` by their event time. */
  readonly seenIds: TimeBuckets;
  /** The subjects in `finished` by the time they ended. */
  readonly finishedSubjects: TimeBuckets;
  /** Conversations and calls by their end (none while open), in the order they were first seen. */
  readonly conversationEnds: TimeIndex;
  readonly callEnds: TimeIndex;
  /** Interval and agent rows not final yet, by their interval's end. */
  readonly rowEnds: TimeIndex;
  /** Records not final yet, by their conversation's end. */
  readonly recordEnds: TimeIndex;
  /** Open conversations folded so far, by key, so a new last event is folded on its own; dropped when one ends. */
  readonly folds: Map<string, ConversationFold>;
  /** Running totals of the open interval rows, by row id; made from a decoded row's contributions when first needed. */
  readonly intervalSums: Map<string, IntervalSums>;
  /** Agents whose events or spans changed since they were last trimmed. */
  readonly touchedAgents: Set<string>;
  /** The first open interval every agent was last trimmed to; null when they all need trimming. */
  agentsTrimmedTo: number | null;
  /** Interval boundaries printed, and row keys by the slot id of the contributions naming them. */
  readonly boundaries: BoundedMemo<number, string>;
  readonly intervalRowKeys: BoundedMemo<string, RowKeyOf>;
  readonly agentRowKeys: BoundedMemo<string, RowKeyOf>;
}

interface RowKeyOf {
  readonly key: ReportRowKey;
  readonly id: string;
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
  readonly indexes: StateIndexes;
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
    indexes: emptyIndexes(),
  };
}

function emptyIndexes(): StateIndexes {
  return {
    seenIds: new TimeBuckets(),
    // Finished subjects are kept a day by default: minutes keep the number of buckets down.
    finishedSubjects: new TimeBuckets(60_000),
    conversationEnds: new TimeIndex(),
    callEnds: new TimeIndex(),
    rowEnds: new TimeIndex(INTERVAL_MS),
    recordEnds: new TimeIndex(),
    folds: new Map(),
    intervalSums: new Map(),
    touchedAgents: new Set(),
    agentsTrimmedTo: null,
    boundaries: new BoundedMemo(),
    intervalRowKeys: new BoundedMemo(),
    agentRowKeys: new BoundedMemo(),
  };
}

/** The indexes of a state whose maps were filled without them (a decoded snapshot), in the maps' own order. */
export function indexesOf(state: ReportingState): StateIndexes {
  const indexes = emptyIndexes();
  for (const [id, at] of state.seen) {
    indexes.seenIds.add(id, at);
  }
  for (const [key, endedAt] of state.finished) {
    indexes.finishedSubjects.add(key, endedAt);
  }
  for (const [key, entity] of state.conversations) {
    indexes.conversationEnds.file(key, entity.figures?.endedAt ?? null);
  }
  for (const [key, entity] of state.calls) {
    indexes.callEnds.file(key, entity.figures?.completedAt ?? null);
  }
  for (const rows of [state.intervalRows, state.agentRows]) {
    for (const [id, row] of rows) {
      if (!row.final) {
        indexes.rowEnds.file(id, row.slot.intervalStart + INTERVAL_MS);
      }
    }
  }
  for (const [id, record] of state.records) {
    if (!record.final) {
      indexes.recordEnds.file(id, record.endedAt);
    }
  }
  return indexes;
}

const conversationKey = (tenantId: string, conversationId: string): string => `conversation/${tenantId}/${conversationId}`;
const callKey = (tenantId: string, callId: string): string => `call/${tenantId}/${callId}`;
const agentKey = (tenantId: string, agentId: string): string => `agent/${tenantId}/${agentId}`;

/** An interval boundary as printed in row keys and rows. */
function boundaryIso(state: ReportingState, epochMs: number): string {
  let text = state.indexes.boundaries.get(epochMs);
  if (text === undefined) {
    text = toIso(epochMs);
    state.indexes.boundaries.set(epochMs, text);
  }
  return text;
}

function intervalKeyOf(state: ReportingState, slot: IntervalSlot): ReportRowKey {
  return { kind: 'interval', tenantId: slot.tenantId, intervalStart: boundaryIso(state, slot.intervalStart), queue: slot.queue, channel: slot.channel };
}

function agentKeyOf(state: ReportingState, slot: AgentSlot): ReportRowKey {
  return { kind: 'agent-interval', tenantId: slot.tenantId, intervalStart: boundaryIso(state, slot.intervalStart), agentId: slot.agentId };
}

/** The key of the row a contribution's slot names, remembered by the slot's id. */
function rowKeyOfSlot<TSlot>(memo: BoundedMemo<string, RowKeyOf>, slotId: string, slot: TSlot, keyOf: (slot: TSlot) => ReportRowKey): RowKeyOf {
  let known = memo.get(slotId);
  if (!known) {
    const key = keyOf(slot);
    known = { key, id: rowKeyId(key) };
    memo.set(slotId, known);
  }
  return known;
}

/** Inserts an event in `compareEvents` order and says where. */
function insertSorted<TEvent extends { at: number; type: string; eventId: string }>(events: TEvent[], event: TEvent): number {
  let index = events.length;
  while (index > 0 && compareEvents(events[index - 1] as TEvent, event) > 0) {
    index -= 1;
  }
  events.splice(index, 0, event);
  return index;
}

/** Classifies an envelope and, when it is a new, timely fact reports use, folds it into the rows it changes. */
export function applyEvent(state: ReportingState, envelope: unknown, options: { readonly validated?: boolean } = {}): ApplyResult {
  const intake = readEnvelope(envelope, state.skew, options.validated ?? false);
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
  // A conversation or call still held is not finished, and agents never are: only the others need looking up.
  const live = intake.kind === 'conversation' ? state.conversations.get(subjectKey) : intake.kind === 'call' ? state.calls.get(subjectKey) : undefined;
  if (intake.kind !== 'agent' && live === undefined && state.finished.has(subjectKey)) {
    return { outcome: 'too-late', reason: `the ${intake.kind}'s report is already final`, changedRowKeys: [] };
  }
  state.seen.set(event.eventId, event.at);
  state.indexes.seenIds.add(event.eventId, event.at);
  const changed = new Map<string, ReportRowKey>();
  extendHorizon(state, event.at, changed);
  switch (intake.kind) {
    case 'conversation': {
      let entity = live as ConversationEntity | undefined;
      if (!entity) {
        entity = { tenantId, conversationId: intake.conversationId, events: [], figures: null, voiceLeg: null };
        state.conversations.set(subjectKey, entity);
        state.indexes.conversationEnds.file(subjectKey, null);
      }
      const place = insertSorted(entity.events, intake.event);
      if (place < (state.indexes.folds.get(subjectKey)?.events ?? 0)) {
        // An event before those folded already: the conversation is folded again from its first event.
        state.indexes.folds.delete(subjectKey);
      }
      if (!isUnfolded(state, subjectKey, entity, intake.event)) {
        refreshConversation(state, subjectKey, entity, changed);
      }
      break;
    }
    case 'call': {
      let entity = live as CallEntity | undefined;
      if (!entity) {
        entity = { tenantId, callId: intake.callId, events: [], figures: null };
        state.calls.set(subjectKey, entity);
        state.indexes.callEnds.file(subjectKey, null);
      }
      insertSorted(entity.events, intake.event);
      refreshCall(state, subjectKey, entity, changed);
      break;
    }
    case 'agent': {
      const entity = agentEntity(state, tenantId, intake.agentId);
      insertSorted(entity.events, intake.event);
      state.indexes.touchedAgents.add(subjectKey);
      refreshAgentRows(state, entity, intake.event.at, changed);
      break;
    }
  }
  const changedRowKeys = changed.size < 2 ? [...changed.values()] : [...changed.entries()].sort(([left], [right]) => (left < right ? -1 : 1)).map(([, key]) => key);
  return { outcome: 'applied', changedRowKeys };
}

function agentEntity(state: ReportingState, tenantId: string, agentId: string): AgentEntity {
  const key = agentKey(tenantId, agentId);
  let entity = state.agents.get(key);
  if (!entity) {
    entity = { tenantId, agentId, events: [], spans: new Map() };
    state.agents.set(key, entity);
    state.indexes.touchedAgents.add(key);
  }
  return entity;
}

function markChanged(state: ReportingState, changed: Map<string, ReportRowKey>, key: ReportRowKey, id: string = rowKeyId(key)): void {
  state.dirty.add(id);
  changed.set(id, key);
}

function intervalSumsOf(state: ReportingState, id: string, contributions: ReadonlyMap<string, IntervalContribution>): IntervalSums {
  let sums = state.indexes.intervalSums.get(id);
  if (!sums) {
    sums = new IntervalSums();
    for (const contribution of contributions.values()) {
      sums.replace(undefined, contribution);
    }
    state.indexes.intervalSums.set(id, sums);
  }
  return sums;
}

function putContribution<TContribution>(contributions: Map<string, TContribution>, contributor: string, contribution: TContribution | undefined): void {
  if (contribution === undefined) {
    contributions.delete(contributor);
  } else {
    contributions.set(contributor, contribution);
  }
}

type Contributions<TSlot, TContribution> = ReadonlyMap<string, { slot: TSlot; contribution: TContribution }>;

/**
 * Calls `apply` for each slot whose contribution differs between `before` and `after` (added, removed or changed), in
 * the order of `before` then of the slots new in `after`, which is the order new rows are created in.
 */
function forEachChange<TSlot, TContribution>(
  before: Contributions<TSlot, TContribution> | undefined,
  after: Contributions<TSlot, TContribution>,
  same: (left: TContribution, right: TContribution) => boolean,
  apply: (slotId: string, slot: TSlot, contribution: TContribution | undefined) => void,
): void {
  if (before === after) {
    // A fold gives out the same map again only when nothing in it changed.
    return;
  }
  if (before) {
    for (const [id, previous] of before) {
      const next = after.get(id);
      if (!next) {
        apply(id, previous.slot, undefined);
      } else if (previous !== next && !same(previous.contribution, next.contribution)) {
        apply(id, next.slot, next.contribution);
      }
    }
  }
  for (const [id, next] of after) {
    if (!before?.has(id)) {
      apply(id, next.slot, next.contribution);
    }
  }
}

function applyIntervalContributions(
  state: ReportingState,
  contributor: string,
  before: Contributions<IntervalSlot, IntervalContribution> | undefined,
  after: Contributions<IntervalSlot, IntervalContribution>,
  changed: Map<string, ReportRowKey>,
): void {
  forEachChange(before, after, sameIntervalContribution, (slotId, slot, contribution) => {
    if (slot.intervalStart + INTERVAL_MS <= state.watermark) {
      return;
    }
    const { key, id: rowId } = rowKeyOfSlot(state.indexes.intervalRowKeys, slotId, slot, (named) => intervalKeyOf(state, named));
    let row = state.intervalRows.get(rowId);
    if (!row) {
      row = { slot, contributions: new Map(), published: null, final: false };
      state.intervalRows.set(rowId, row);
      state.indexes.rowEnds.file(rowId, slot.intervalStart + INTERVAL_MS);
      state.indexes.intervalSums.set(rowId, new IntervalSums());
    }
    intervalSumsOf(state, rowId, row.contributions).replace(row.contributions.get(contributor), contribution);
    putContribution(row.contributions, contributor, contribution);
    markChanged(state, changed, key, rowId);
  });
}

function applyAgentContributions(
  state: ReportingState,
  contributor: string,
  before: Contributions<AgentSlot, AgentContribution> | undefined,
  after: Contributions<AgentSlot, AgentContribution>,
  changed: Map<string, ReportRowKey>,
): void {
  forEachChange(before, after, sameAgentContribution, (slotId, slot, contribution) => {
    if (slot.intervalStart + INTERVAL_MS <= state.watermark) {
      return;
    }
    const { key, id: rowId } = rowKeyOfSlot(state.indexes.agentRowKeys, slotId, slot, (named) => agentKeyOf(state, named));
    const row = agentRow(state, rowId, slot);
    putContribution(row.contributions, contributor, contribution);
    markChanged(state, changed, key, rowId);
  });
}

function agentRow(state: ReportingState, id: string, slot: AgentSlot): AgentRowState {
  let row = state.agentRows.get(id);
  if (!row) {
    const entity = state.agents.get(agentKey(slot.tenantId, slot.agentId));
    const time = entity ? agentTimeFigures(entity.events, allSpans(entity), slot.intervalStart, slot.intervalStart + INTERVAL_MS) : idleTime();
    row = newAgentRow(state, id, slot, time);
  }
  return row;
}

function newAgentRow(state: ReportingState, id: string, slot: AgentSlot, time: AgentTimeFigures): AgentRowState {
  const row: AgentRowState = { slot, contributions: new Map(), time, published: null, final: false };
  state.agentRows.set(id, row);
  state.indexes.rowEnds.file(id, slot.intervalStart + INTERVAL_MS);
  return row;
}

function idleTime(): AgentTimeFigures {
  return { staffedMs: 0, availableMs: 0, conversationMs: 0, occupiedMs: 0 };
}

function allSpans(entity: AgentEntity): HoldSpan[] {
  const spans: HoldSpan[] = [];
  for (const held of entity.spans.values()) {
    for (const span of held) {
      spans.push(span);
    }
  }
  return spans;
}

function refreshConversation(state: ReportingState, key: string, entity: ConversationEntity, changed: Map<string, ReportRowKey>): void {
  const linkedCall = entity.figures?.callId ?? null;
  const call = linkedCall === null ? undefined : state.calls.get(callKey(entity.tenantId, linkedCall));
  if (call?.figures) {
    entity.voiceLeg = call.figures.voiceLeg;
  }
  const fold = foldOf(state, key, entity);
  let figures = fold.figures(entity.voiceLeg);
  if (figures.endedAt !== null) {
    // Little follows an end (deliveries of the last replies), so its fold is not worth keeping.
    state.indexes.folds.delete(key);
  }
  if (figures.callId !== null && figures.callId !== linkedCall) {
    const link = callKey(entity.tenantId, figures.callId);
    const links = state.callLinks.get(link) ?? new Set<string>();
    links.add(key);
    state.callLinks.set(link, links);
    const linked = state.calls.get(link);
    if (linked?.figures) {
      entity.voiceLeg = linked.figures.voiceLeg;
      figures = fold.figures(entity.voiceLeg);
    }
  }
  const before = entity.figures;
  entity.figures = figures;
  state.indexes.conversationEnds.file(key, figures.endedAt);
  applyIntervalContributions(state, key, before?.intervals, figures.intervals, changed);
  applyAgentContributions(state, key, before?.agentIntervals, figures.agentIntervals, changed);
  refreshSpans(state, key, entity.tenantId, before?.spans ?? [], figures.spans, changed);
  if (figures.record) {
    const recordKey: ReportRowKey = { kind: 'conversation', tenantId: entity.tenantId, conversationId: entity.conversationId };
    const recordId = rowKeyId(recordKey);
    const existing = state.records.get(recordId);
    if (!existing) {
      const endedAt = figures.endedAt ?? 0;
      state.records.set(recordId, {
        tenantId: entity.tenantId,
        conversationId: entity.conversationId,
        figures: figures.record,
        endedAt,
        published: null,
        final: false,
      });
      state.indexes.recordEnds.file(recordId, endedAt);
      markChanged(state, changed, recordKey, recordId);
    } else if (JSON.stringify(existing.figures) !== JSON.stringify(figures.record)) {
      existing.figures = figures.record;
      existing.endedAt = figures.endedAt ?? existing.endedAt;
      state.indexes.recordEnds.file(recordId, existing.endedAt);
      markChanged(state, changed, recordKey, recordId);
    }
  }
}

/**
 * Whether an event leaves a conversation's figures as they are: an offer changes no figure, so a conversation whose
 * fold is kept, with the thresholds it was made with, keeps its figures (those of its call are kept current).
 */
function isUnfolded(state: ReportingState, key: string, entity: ConversationEntity, event: ConversationEvent): boolean {
  const fold = state.indexes.folds.get(key);
  return entity.figures !== null && UNFOLDED_EVENT_TYPES.has(event.type) && fold !== undefined && fold.hasCurrentThresholds();
}

/** The conversation's fold with all its events folded: the kept one carried on, or a new one. */
function foldOf(state: ReportingState, key: string, entity: ConversationEntity): ConversationFold {
  let fold = state.indexes.folds.get(key);
  if (!fold || fold.events > entity.events.length || !fold.hasCurrentThresholds()) {
    const serviceLevelMs = (queue: string): number => state.serviceLevelMs(entity.tenantId, queue);
    fold = new ConversationFold({ tenantId: entity.tenantId, conversationId: entity.conversationId, serviceLevelMs });
    state.indexes.folds.set(key, fold);
  }
  for (let index = fold.events; index < entity.events.length; index += 1) {
    fold.add(entity.events[index] as ConversationEvent);
  }
  return fold;
}

function sameSpans(left: readonly HoldSpan[], right: readonly HoldSpan[]): boolean {
  if (left.length !== right.length) {
    return false;
  }
  return left.every((span, index) => {
    const other = right[index] as HoldSpan;
    return span.agentId === other.agentId && span.from === other.from && span.to === other.to;
  });
}

function refreshSpans(state: ReportingState, contributor: string, tenantId: string, before: readonly HoldSpan[], after: readonly HoldSpan[], changed: Map<string, ReportRowKey>): void {
  if (sameSpans(before, after)) {
    // Most events leave who held the conversation, and when, as it was.
    return;
  }
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
    state.indexes.touchedAgents.add(agentKey(tenantId, agentId));
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
    const key = agentKeyOf(state, slot);
    const id = rowKeyId(key);
    const row = state.agentRows.get(id);
    if (!row) {
      if (time.staffedMs === 0 && time.conversationMs === 0) {
        continue;
      }
      newAgentRow(state, id, slot, time);
      markChanged(state, changed, key, id);
    } else if (!sameAgentTime(row.time, time)) {
      row.time = time;
      markChanged(state, changed, key, id);
    }
  }
}

function refreshCall(state: ReportingState, key: string, entity: CallEntity, changed: Map<string, ReportRowKey>): void {
  const figures = foldCall({ tenantId: entity.tenantId, events: entity.events, serviceLevelMs: (queue) => state.serviceLevelMs(entity.tenantId, queue) });
  const before = entity.figures;
  entity.figures = figures;
  state.indexes.callEnds.file(key, figures.completedAt);
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
  for (const id of state.indexes.rowEnds.takeDue(watermark, true)) {
    const row = state.intervalRows.get(id) ?? state.agentRows.get(id);
    if (row && !row.final) {
      row.final = true;
      state.dirty.add(id);
    }
  }
  for (const id of state.indexes.recordEnds.takeDue(watermark)) {
    const record = state.records.get(id);
    if (record && !record.final) {
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
  /** The figures as JSON, to compare with the last publication: written only when asked for. */
  readonly content: () => string;
  readonly isEmpty: boolean;
  readonly final: boolean;
  readonly published: Published | null;
  readonly build: (revision: number) => ReportRow;
}

/** `value` as JSON, written when first asked for. */
function jsonOf(value: unknown): () => string {
  let text: string | undefined;
  return () => (text ??= JSON.stringify(value));
}

function candidateFor(state: ReportingState, id: string): Candidate | null {
  const iso = (epochMs: number): string => boundaryIso(state, epochMs);
  const interval = state.intervalRows.get(id);
  if (interval) {
    const { slot } = interval;
    const thresholdMs = slot.queue === NO_QUEUE ? 0 : state.serviceLevelMs(slot.tenantId, slot.queue);
    const figures = intervalSumsOf(state, id, interval.contributions).figures(slot, interval.contributions, thresholdMs, iso);
    return {
      key: intervalKeyOf(state, slot),
      content: jsonOf(figures),
      isEmpty: isEmptyIntervalRow(figures),
      final: interval.final,
      published: interval.published,
      build: (revision) => ({ kind: 'interval', row: { ...figures, revision, final: interval.final } }),
    };
  }
  const agent = state.agentRows.get(id);
  if (agent) {
    const figures = agentFigures(agent.slot, inContributorOrder(agent.contributions), agent.time, iso);
    return {
      key: agentKeyOf(state, agent.slot),
      content: jsonOf(figures),
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
      content: jsonOf(figures),
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
  return published.final === candidate.final && published.content === candidate.content() ? null : published.revision + 1;
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
    }
    if (revision !== null && !candidate.final) {
      setPublished(state, id, { revision, content: candidate.content(), final: candidate.final });
    }
    if (candidate.final) {
      // A final row never changes again: keep nothing of it, not even what was published.
      state.intervalRows.delete(id);
      state.agentRows.delete(id);
      state.records.delete(id);
      state.indexes.intervalSums.delete(id);
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

/**
 * Drops what the watermark has passed: finished conversations and calls, old event ids, idle agents' history. Each
 * part visits only what its index says is due, and agents only when they changed or the first open interval moved.
 */
function forget(state: ReportingState): void {
  const watermark = state.watermark;
  const { indexes } = state;
  indexes.seenIds.expire(state.seen, watermark - state.lateness);
  for (const key of indexes.conversationEnds.takeDue(watermark)) {
    const entity = state.conversations.get(key);
    const endedAt = entity?.figures?.endedAt ?? null;
    if (!entity || endedAt === null) {
      continue;
    }
    state.conversations.delete(key);
    indexes.folds.delete(key);
    state.finished.set(key, endedAt);
    indexes.finishedSubjects.add(key, endedAt);
    // The agents holding spans of a conversation are those its figures' spans name: each one's spans are kept in step.
    for (const span of entity.figures?.spans ?? []) {
      const holder = agentKey(entity.tenantId, span.agentId);
      state.agents.get(holder)?.spans.delete(key);
      indexes.touchedAgents.add(holder);
    }
    const linkedCall = entity.figures?.callId;
    if (linkedCall) {
      state.callLinks.get(callKey(entity.tenantId, linkedCall))?.delete(key);
    }
  }
  for (const key of indexes.callEnds.takeDue(watermark)) {
    const completedAt = state.calls.get(key)?.figures?.completedAt ?? null;
    if (completedAt === null) {
      continue;
    }
    state.calls.delete(key);
    state.finished.set(key, completedAt);
    indexes.finishedSubjects.add(key, completedAt);
    const links = state.callLinks.get(key);
    if (links && links.size === 0) {
      state.callLinks.delete(key);
    }
  }
  indexes.finishedSubjects.expire(state.finished, watermark - state.retention);
  const firstOpen = intervalStartOf(watermark);
  // An agent untouched since it was trimmed to this same interval has nothing more to drop.
  const candidates = indexes.agentsTrimmedTo === firstOpen ? [...indexes.touchedAgents] : [...state.agents.keys()];
  indexes.touchedAgents.clear();
  indexes.agentsTrimmedTo = firstOpen;
  for (const key of candidates) {
    const agent = state.agents.get(key);
    if (!agent) {
      continue;
    }
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
