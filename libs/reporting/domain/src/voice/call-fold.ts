import type { CallEvent } from '../intake/reported-events.ts';
import { intervalStartOf } from '../intervals/interval-clock.ts';
import { NO_QUEUE } from '../rows/report-rows.ts';
import { emptyIntervalContribution, intervalSlotId, type IntervalContribution, type IntervalSlot } from '../rows/row-contributions.ts';
import type { VoiceLegSummary } from '../conversations/conversation-fold.ts';

export interface CallFoldInput {
  readonly tenantId: string;
  /** The call's events in `compareEvents` order. */
  readonly events: readonly CallEvent[];
  readonly serviceLevelMs: (queue: string) => number;
}

export interface CallFigures {
  readonly intervals: ReadonlyMap<string, { slot: IntervalSlot; contribution: IntervalContribution }>;
  readonly completedAt: number | null;
  readonly voiceLeg: VoiceLegSummary;
  /** The queue and since when the caller waits, for live figures. */
  readonly waiting: { queue: string; since: number } | null;
}

/**
 * Replays one call's events in event-time order and says what it contributes to the voice interval rows. A call is
 * offered when it enters a queue: at the menu choice, or, on a number without a voice menu, at its deflection or end.
 */
export function foldCall(input: CallFoldInput): CallFigures {
  const intervals = new Map<string, { slot: IntervalSlot; contribution: IntervalContribution }>();
  const row = (at: number, queue: string): IntervalContribution => {
    const slot: IntervalSlot = { tenantId: input.tenantId, intervalStart: intervalStartOf(at), queue, channel: 'voice' };
    const id = intervalSlotId(slot);
    let entry = intervals.get(id);
    if (!entry) {
      entry = { slot, contribution: emptyIntervalContribution(queue === NO_QUEUE ? 0 : input.serviceLevelMs(queue)) };
      intervals.set(id, entry);
    }
    return entry.contribution;
  };

  let queue: string | null = null;
  let offeredAt: number | null = null;
  let startedAt: number | null = null;
  let answeredAt: number | null = null;
  let deflectedAt: number | null = null;
  let voiceWaitMs: number | null = null;
  let completedAt: number | null = null;
  const offer = (at: number): void => {
    if (offeredAt === null) {
      offeredAt = at;
      row(at, queue ?? NO_QUEUE).offered += 1;
    }
  };

  for (const event of input.events) {
    if (completedAt !== null) {
      break;
    }
    const at = event.at;
    switch (event.type) {
      case 'voice.call.started':
        startedAt ??= at;
        break;
      case 'voice.call.answered':
        answeredAt ??= at;
        break;
      case 'voice.call.menu-selected':
        if (offeredAt === null) {
          queue = event.payload.queue;
          offer(at);
        }
        break;
      case 'voice.call.deflected':
        if (deflectedAt === null) {
          if (offeredAt === null) {
            queue = event.payload.queue ?? queue;
          }
          offer(at);
          deflectedAt = at;
          voiceWaitMs = event.payload.waitedSeconds * 1000;
          row(at, queue ?? NO_QUEUE).deflected += 1;
        }
        break;
      case 'voice.call.completed': {
        completedAt = at;
        offer(at);
        const contribution = row(at, queue ?? NO_QUEUE);
        switch (event.payload.outcome) {
          case 'deflected':
            if (deflectedAt === null) {
              deflectedAt = at;
              voiceWaitMs = event.payload.waitedSeconds * 1000;
              contribution.deflected += 1;
            }
            break;
          case 'abandoned':
          case 'failed':
            if (deflectedAt === null) {
              contribution.abandoned += 1;
            }
            break;
          case 'completed': {
            const waitMs = event.payload.waitedSeconds * 1000;
            contribution.answered += 1;
            contribution.handled += 1;
            contribution.waitsMs.push(waitMs);
            contribution.handlesMs.push(Math.max(0, event.payload.durationSeconds * 1000 - waitMs));
            if (waitMs <= contribution.serviceLevelThresholdMs) {
              contribution.answeredWithinThreshold += 1;
            }
            break;
          }
        }
        break;
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
  const waitingSince = answeredAt ?? startedAt;
  return {
    intervals,
    completedAt,
    voiceLeg: { queue, callStartedAt: startedAt, deflectedAt, voiceWaitMs },
    waiting: completedAt === null && deflectedAt === null && offeredAt !== null && waitingSince !== null ? { queue: queue ?? NO_QUEUE, since: waitingSince } : null,
  };
}
