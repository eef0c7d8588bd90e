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

/**
 * Rows sum their contributions in a fixed order, by contributor, so a row prints the same whatever order events came
 * in (sums of fractional seconds depend on their order). The engine keeps each open row's contributors in that order.
 */
export function contributorOrder(contributions: ReadonlyMap<string, unknown>): string[] {
  return [...contributions.keys()].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}

/** The place of `contributor` in an ordered list: its index when present, else where it would go. */
function placeOf(order: readonly string[], contributor: string): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((order[middle] as string) < contributor) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Adds a contributor to a list kept by `contributorOrder`; one already there stays once. */
export function addContributor(order: string[], contributor: string): void {
  const place = placeOf(order, contributor);
  if (order[place] !== contributor) {
    order.splice(place, 0, contributor);
  }
}

export function removeContributor(order: string[], contributor: string): void {
  const place = placeOf(order, contributor);
  if (order[place] === contributor) {
    order.splice(place, 1);
  }
}

/** An interval row's figures from its contributions, given in `contributorOrder`; `iso` prints an interval boundary. */
export function intervalFigures(slot: IntervalSlot, parts: readonly IntervalContribution[], thresholdMs: number, iso: (epochMs: number) => string = toIso): Figures<IntervalRow> {
  let offered = 0;
  let answered = 0;
  let answeredWithinThreshold = 0;
  let handled = 0;
  let abandoned = 0;
  let deflected = 0;
  let transferred = 0;
  let overflowed = 0;
  let messagesReceived = 0;
  let segmentsReceived = 0;
  let messagesSent = 0;
  let segmentsSent = 0;
  const waits: number[] = [];
  const handles: number[] = [];
  for (const part of parts) {
    offered += part.offered;
    answered += part.answered;
    answeredWithinThreshold += part.answeredWithinThreshold;
    handled += part.handled;
    abandoned += part.abandoned;
    deflected += part.deflected;
    transferred += part.transferred;
    overflowed += part.overflowed;
    messagesReceived += part.messagesReceived;
    segmentsReceived += part.segmentsReceived;
    messagesSent += part.messagesSent;
    segmentsSent += part.segmentsSent;
    for (const wait of part.waitsMs) {
      waits.push(wait);
    }
    for (const handle of part.handlesMs) {
      handles.push(handle);
    }
  }
  waits.sort((left, right) => left - right);
  const p90 = percentile90(waits);
  const max = waits[waits.length - 1];
  return {
    tenantId: slot.tenantId,
    intervalStart: iso(slot.intervalStart),
    intervalEnd: iso(slot.intervalStart + INTERVAL_MS),
    queue: slot.queue,
    channel: slot.channel,
    offered,
    answered,
    answeredWithinThreshold,
    handled,
    abandoned,
    deflected,
    transferred,
    overflowed,
    averageWaitSeconds: average(waits),
    p90WaitSeconds: p90 === null ? null : secondsOf(p90),
    maxWaitSeconds: max === undefined ? null : secondsOf(max),
    averageHandleSeconds: average(handles),
    serviceLevelThresholdSeconds: secondsOf(thresholdMs),
    serviceLevel: answered + abandoned === 0 ? null : roundRatio(answeredWithinThreshold / (answered + abandoned)),
    messagesReceived,
    segmentsReceived,
    messagesSent,
    segmentsSent,
  };
}

export function isEmptyIntervalRow(figures: Figures<IntervalRow>): boolean {
  return (
    figures.offered + figures.answered + figures.handled + figures.abandoned + figures.deflected + figures.transferred + figures.overflowed === 0 &&
    figures.messagesReceived + figures.messagesSent === 0
  );
}

/** An agent's interval row from its contributions, given in `contributorOrder`, and its time-weighted figures. */
export function agentFigures(slot: AgentSlot, parts: readonly AgentContribution[], time: AgentTimeFigures, iso: (epochMs: number) => string = toIso): Figures<AgentIntervalRow> {
  let handled = 0;
  const firstResponses: number[] = [];
  for (const part of parts) {
    handled += part.handled;
    for (const firstResponse of part.firstResponsesMs) {
      firstResponses.push(firstResponse);
    }
  }
  return {
    tenantId: slot.tenantId,
    intervalStart: iso(slot.intervalStart),
    intervalEnd: iso(slot.intervalStart + INTERVAL_MS),
    agentId: slot.agentId,
    handled,
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
