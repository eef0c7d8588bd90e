import type { AgentTimeFigures } from '../agents/agent-timeline.ts';
import type { ConversationRecordFigures } from '../conversations/conversation-fold.ts';
import { INTERVAL_MS, roundRatio, secondsOf, toIso } from '../intervals/interval-clock.ts';
import type { AgentIntervalRow, IntervalRow } from '../rows/report-rows.ts';
import type { AgentContribution, AgentSlot, IntervalContribution, IntervalSlot } from '../rows/row-contributions.ts';

type Figures<TRow> = Omit<TRow, 'revision' | 'final'>;

/** The 90th percentile by nearest rank: the smallest sample at or above 90 % of the samples. */
export function percentile90(sortedSamples: readonly number[]): number | null {
  if (sortedSamples.length === 0) {
    return null;
  }
  const rank = Math.ceil(0.9 * sortedSamples.length);
  return sortedSamples[rank - 1] ?? null;
}

function average(samples: readonly number[]): number | null {
  if (samples.length === 0) {
    return null;
  }
  return secondsOf(samples.reduce((sum, sample) => sum + sample, 0) / samples.length);
}

/** Sums the contributions in a fixed order (by contributor), so a row prints the same whatever order events came in. */
function inOrder<TValue>(contributions: ReadonlyMap<string, TValue>): TValue[] {
  return [...contributions.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, value]) => value);
}

export function intervalFigures(slot: IntervalSlot, contributions: ReadonlyMap<string, IntervalContribution>, thresholdMs: number): Figures<IntervalRow> {
  const parts = inOrder(contributions);
  const sum = (pick: (part: IntervalContribution) => number): number => parts.reduce((total, part) => total + pick(part), 0);
  const waits = parts.flatMap((part) => part.waitsMs).sort((left, right) => left - right);
  const handles = parts.flatMap((part) => part.handlesMs);
  const answered = sum((part) => part.answered);
  const abandoned = sum((part) => part.abandoned);
  const answeredWithinThreshold = sum((part) => part.answeredWithinThreshold);
  const p90 = percentile90(waits);
  const max = waits[waits.length - 1];
  return {
    tenantId: slot.tenantId,
    intervalStart: toIso(slot.intervalStart),
    intervalEnd: toIso(slot.intervalStart + INTERVAL_MS),
    queue: slot.queue,
    channel: slot.channel,
    offered: sum((part) => part.offered),
    answered,
    answeredWithinThreshold,
    handled: sum((part) => part.handled),
    abandoned,
    deflected: sum((part) => part.deflected),
    transferred: sum((part) => part.transferred),
    overflowed: sum((part) => part.overflowed),
    averageWaitSeconds: average(waits),
    p90WaitSeconds: p90 === null ? null : secondsOf(p90),
    maxWaitSeconds: max === undefined ? null : secondsOf(max),
    averageHandleSeconds: average(handles),
    serviceLevelThresholdSeconds: secondsOf(thresholdMs),
    serviceLevel: answered + abandoned === 0 ? null : roundRatio(answeredWithinThreshold / (answered + abandoned)),
    messagesReceived: sum((part) => part.messagesReceived),
    segmentsReceived: sum((part) => part.segmentsReceived),
    messagesSent: sum((part) => part.messagesSent),
    segmentsSent: sum((part) => part.segmentsSent),
  };
}

export function isEmptyIntervalRow(figures: Figures<IntervalRow>): boolean {
  return (
    figures.offered + figures.answered + figures.handled + figures.abandoned + figures.deflected + figures.transferred + figures.overflowed === 0 &&
    figures.messagesReceived + figures.messagesSent === 0
  );
}

export function agentFigures(slot: AgentSlot, contributions: ReadonlyMap<string, AgentContribution>, time: AgentTimeFigures): Figures<AgentIntervalRow> {
  const parts = inOrder(contributions);
  const firstResponses = parts.flatMap((part) => part.firstResponsesMs);
  return {
    tenantId: slot.tenantId,
    intervalStart: toIso(slot.intervalStart),
    intervalEnd: toIso(slot.intervalStart + INTERVAL_MS),
    agentId: slot.agentId,
    handled: parts.reduce((total, part) => total + part.handled, 0),
    staffedSeconds: secondsOf(time.staffedMs),
    availableSeconds: secondsOf(time.availableMs),
    conversationSeconds: secondsOf(time.conversationMs),
    averageConcurrency: time.staffedMs === 0 ? null : roundRatio(time.conversationMs / time.staffedMs),
    occupancy: time.availableMs === 0 ? null : roundRatio(time.occupiedMs / time.availableMs),
    firstResponses: firstResponses.length,
    averageFirstResponseSeconds: average(firstResponses),
  };
}

export function isEmptyAgentRow(figures: Figures<AgentIntervalRow>): boolean {
  return figures.staffedSeconds === 0 && figures.conversationSeconds === 0 && figures.handled === 0 && figures.firstResponses === 0;
}

export type RecordFigures = ConversationRecordFigures;
