import type { ReportChannel } from './report-rows.ts';

/** What one conversation or call adds to one interval row; a row is the sum of its contributions. */
export interface IntervalContribution {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  handled: number;
  abandoned: number;
  deflected: number;
  transferred: number;
  overflowed: number;
  /** Waits of answered contacts, in ms, kept whole so the 90th percentile is exact. */
  waitsMs: number[];
  /** Handle times of handled contacts, in ms. */
  handlesMs: number[];
  messagesReceived: number;
  segmentsReceived: number;
  messagesSent: number;
  segmentsSent: number;
  serviceLevelThresholdMs: number;
}

/** The counts an interval row adds up field by field from its contributions. */
export const INTERVAL_COUNTS = [
  'offered',
  'answered',
  'answeredWithinThreshold',
  'handled',
  'abandoned',
  'deflected',
  'transferred',
  'overflowed',
  'messagesReceived',
  'segmentsReceived',
  'messagesSent',
  'segmentsSent',
] as const satisfies ReadonlyArray<keyof IntervalContribution>;

export type IntervalCount = (typeof INTERVAL_COUNTS)[number];

/** What one conversation adds to one agent's interval row. */
export interface AgentContribution {
  handled: number;
  firstResponsesMs: number[];
}

export interface IntervalSlot {
  readonly tenantId: string;
  readonly intervalStart: number;
  readonly queue: string;
  readonly channel: ReportChannel;
}

export interface AgentSlot {
  readonly tenantId: string;
  readonly intervalStart: number;
  readonly agentId: string;
}

export function emptyIntervalContribution(serviceLevelThresholdMs: number): IntervalContribution {
  return {
    offered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    handled: 0,
    abandoned: 0,
    deflected: 0,
    transferred: 0,
    overflowed: 0,
    waitsMs: [],
    handlesMs: [],
    messagesReceived: 0,
    segmentsReceived: 0,
    messagesSent: 0,
    segmentsSent: 0,
    serviceLevelThresholdMs,
  };
}

/** A time an agent held a conversation; `to` is null while they still hold it. */
export interface HoldSpan {
  readonly agentId: string;
  readonly from: number;
  readonly to: number | null;
}

/** Whether two figures print the same in JSON, which writes every non-finite number as null. */
export function sameFigure(left: number, right: number): boolean {
  return left === right || (!Number.isFinite(left) && !Number.isFinite(right));
}

function sameFigures(left: readonly number[], right: readonly number[]): boolean {
  if (left.length !== right.length) {
    return false;
  }
  for (let index = 0; index < left.length; index += 1) {
    if (!sameFigure(left[index] as number, right[index] as number)) {
      return false;
    }
  }
  return true;
}

/** Whether two contributions are the same, as their JSON would say, without writing it. */
export function sameIntervalContribution(left: IntervalContribution, right: IntervalContribution): boolean {
  return (
    sameFigure(left.offered, right.offered) &&
    sameFigure(left.answered, right.answered) &&
    sameFigure(left.answeredWithinThreshold, right.answeredWithinThreshold) &&
    sameFigure(left.handled, right.handled) &&
    sameFigure(left.abandoned, right.abandoned) &&
    sameFigure(left.deflected, right.deflected) &&
    sameFigure(left.transferred, right.transferred) &&
    sameFigure(left.overflowed, right.overflowed) &&
    sameFigures(left.waitsMs, right.waitsMs) &&
    sameFigures(left.handlesMs, right.handlesMs) &&
    sameFigure(left.messagesReceived, right.messagesReceived) &&
    sameFigure(left.segmentsReceived, right.segmentsReceived) &&
    sameFigure(left.messagesSent, right.messagesSent) &&
    sameFigure(left.segmentsSent, right.segmentsSent) &&
    sameFigure(left.serviceLevelThresholdMs, right.serviceLevelThresholdMs)
  );
}

export function sameAgentContribution(left: AgentContribution, right: AgentContribution): boolean {
  return sameFigure(left.handled, right.handled) && sameFigures(left.firstResponsesMs, right.firstResponsesMs);
}

export function intervalSlotId(slot: IntervalSlot): string {
  return `${slot.tenantId}/${slot.intervalStart}/${slot.queue}/${slot.channel}`;
}

export function agentSlotId(slot: AgentSlot): string {
  return `${slot.tenantId}/${slot.intervalStart}/${slot.agentId}`;
}
