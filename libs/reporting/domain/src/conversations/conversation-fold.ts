import type { SensitiveDataType } from '@parley/contracts';
import type { ConversationEvent } from '../intake/reported-events.ts';
import { intervalStartOf, secondsOf, toIso } from '../intervals/interval-clock.ts';
import { NO_QUEUE, type ConversationRecord } from '../rows/report-rows.ts';
import {
  agentSlotId,
  emptyIntervalContribution,
  intervalSlotId,
  type AgentContribution,
  type AgentSlot,
  type HoldSpan,
  type IntervalContribution,
  type IntervalSlot,
} from '../rows/row-contributions.ts';

/** What reporting knows of the call a conversation came from. */
export interface VoiceLegSummary {
  readonly queue: string | null;
  readonly callStartedAt: number | null;
  readonly deflectedAt: number | null;
  readonly voiceWaitMs: number | null;
}

export interface ConversationFoldInput {
  readonly tenantId: string;
  readonly conversationId: string;
  /** The conversation's events in `compareEvents` order. */
  readonly events: readonly ConversationEvent[];
  readonly voiceLeg: VoiceLegSummary | null;
  readonly serviceLevelMs: (queue: string) => number;
}

export type ConversationRecordFigures = Omit<ConversationRecord, 'revision' | 'final'>;

export interface ConversationFigures {
  readonly intervals: ReadonlyMap<string, { slot: IntervalSlot; contribution: IntervalContribution }>;
  readonly agentIntervals: ReadonlyMap<string, { slot: AgentSlot; contribution: AgentContribution }>;
  readonly spans: readonly HoldSpan[];
  /** Null until the conversation is closed or ended: a record describes a finished conversation. */
  readonly record: ConversationRecordFigures | null;
  readonly endedAt: number | null;
  readonly callId: string | null;
  /** The queue and since when it waits with nobody holding it, for live figures. */
  readonly waiting: { queue: string; since: number } | null;
  readonly holder: string | null;
}

/** One visit of a conversation to a queue: from entering it until an agent closes it, it leaves, or it ends. */
interface QueueVisit {
  queue: string;
  /** When the customer's wait started: entering the queue, kept through an overflow (the place in line is kept). */
  waitFrom: number;
  assigned: boolean;
  answeredAt: number | null;
  heldMs: number;
}

interface Holder {
  agentId: string;
  since: number;
  hasReplied: boolean;
}

/** Events the fold passes over: adding one to a conversation's events leaves its figures as they were. */
export const UNFOLDED_EVENT_TYPES: ReadonlySet<ConversationEvent['type']> = new Set(['conversation.offered', 'conversation.offer.lapsed']);

/**
 * Replays one conversation's events in event-time order and says what it contributes to each interval row, to
 * each agent's interval rows, to its agents' held time, and (once finished) its record. Pure and total: any
 * subset or order of events yields figures, so late and missing events only ever change the result, never fail it.
 */
export function foldConversation(input: ConversationFoldInput): ConversationFigures {
  const intervals = new Map<string, { slot: IntervalSlot; contribution: IntervalContribution }>();
  const agentIntervals = new Map<string, { slot: AgentSlot; contribution: AgentContribution }>();
  const spans: HoldSpan[] = [];

  let visit: QueueVisit | null = null;
  let lastQueue: string | null = null;
  let holder: Holder | null = null;
  let endedAt: number | null = null;
  let endedBy: 'agent' | 'front-door' = 'front-door';
  let endReason: ConversationRecordFigures['endReason'] = null;
  let disposition: string | null = null;
  let handledOutcome: 'handled' | 'abandoned' | 'not-queued' = 'not-queued';
  let startedAt: number | null = null;
  let channel: 'sms' | 'voice' = 'sms';
  let callId: string | null = null;
  let firstQueuedAt: number | null = null;
  let firstAssignedAt: number | null = null;
  let firstAnsweredAt: number | null = null;
  let firstWaitMs: number | null = null;
  let handleMs = 0;
  const queues: string[] = [];
  const agents: string[] = [];
  let transfers = 0;
  let overflows = 0;
  let requeues = 0;
  const menuPath: ConversationRecordFigures['menuPath'] = [];
  let menuExit: ConversationRecordFigures['menuExit'] = null;
  let afterHours = false;
  let messagesReceived = 0;
  let segmentsReceived = 0;
  let messagesSent = 0;
  let segmentsSent = 0;
  let messagesFailed = 0;
  let messagesBlocked = 0;
  const undelivered = new Set<string>();
  const findings: Partial<Record<SensitiveDataType, number>> = {};

  const row = (at: number, queue: string): IntervalContribution => {
    const slot: IntervalSlot = { tenantId: input.tenantId, intervalStart: intervalStartOf(at), queue, channel: 'sms' };
    const id = intervalSlotId(slot);
    let entry = intervals.get(id);
    if (!entry) {
      entry = { slot, contribution: emptyIntervalContribution(queue === NO_QUEUE ? 0 : input.serviceLevelMs(queue)) };
      intervals.set(id, entry);
    }
    return entry.contribution;
  };
  const agentRow = (at: number, agentId: string): AgentContribution => {
    const slot: AgentSlot = { tenantId: input.tenantId, intervalStart: intervalStartOf(at), agentId };
    const id = agentSlotId(slot);
    let entry = agentIntervals.get(id);
    if (!entry) {
      entry = { slot, contribution: { handled: 0, firstResponsesMs: [] } };
      agentIntervals.set(id, entry);
    }
    return entry.contribution;
  };
  const currentQueue = (): string => visit?.queue ?? lastQueue ?? NO_QUEUE;
  const noteQueue = (queue: string): void => {
    if (queues[queues.length - 1] !== queue) {
      queues.push(queue);
    }
    lastQueue = queue;
  };
  const enterQueue = (at: number, queue: string, waitFrom: number): QueueVisit => {
    row(at, queue).offered += 1;
    noteQueue(queue);
    firstQueuedAt ??= at;
    return { queue, waitFrom, assigned: false, answeredAt: null, heldMs: 0 };
  };
  const release = (at: number): void => {
    if (holder) {
      spans.push({ agentId: holder.agentId, from: holder.since, to: at });
      const held = Math.max(0, at - holder.since);
      handleMs += held;
      if (visit) {
        visit.heldMs += held;
      }
      holder = null;
    }
  };
  /** Ends the visit as handled when an agent ever held it in this queue, as abandoned otherwise. */
  const finishVisit = (at: number, closingAgentId: string | null): void => {
    const heldBy = closingAgentId ?? holder?.agentId ?? null;
    release(at);
    if (!visit) {
      return;
    }
    const contribution = row(at, visit.queue);
    if (visit.assigned) {
      contribution.handled += 1;
      contribution.handlesMs.push(visit.heldMs);
      handledOutcome = 'handled';
      if (heldBy) {
        agentRow(at, heldBy).handled += 1;
      }
    } else {
      contribution.abandoned += 1;
      handledOutcome = 'abandoned';
    }
    visit = null;
  };

  for (const event of input.events) {
    const at = event.at;
    if (endedAt !== null && event.type !== 'conversation.message.sent' && event.type !== 'conversation.message.delivery-reported' && event.type !== 'conversation.message.failed') {
      // Only the last replies' delivery can follow the end; anything else after it is the producer's retry of history.
      continue;
    }
    switch (event.type) {
      case 'conversation.started':
        startedAt ??= at;
        channel = event.payload.channel;
        callId ??= event.payload.callId ?? null;
        break;
      case 'conversation.message.received': {
        const contribution = row(at, currentQueue());
        contribution.messagesReceived += 1;
        contribution.segmentsReceived += event.payload.parts;
        messagesReceived += 1;
        segmentsReceived += event.payload.parts;
        for (const finding of event.payload.findings) {
          findings[finding.type] = (findings[finding.type] ?? 0) + 1;
        }
        break;
      }
      case 'conversation.menu.selected':
        menuPath.push({ menuId: event.payload.menuId, nodeId: event.payload.nodeId, optionKey: event.payload.optionKey });
        break;
      case 'conversation.menu.abandoned':
        menuExit = event.payload.reason;
        break;
      case 'conversation.after-hours':
        afterHours = true;
        break;
      case 'conversation.queued':
        callId ??= event.payload.callId ?? null;
        if (!visit) {
          visit = enterQueue(at, event.payload.queue, at);
          if (event.payload.reason === 'voice-deflection') {
            row(at, event.payload.queue).deflected += 1;
          }
        }
        break;
      case 'conversation.overflowed': {
        overflows += 1;
        const waitFrom = visit?.waitFrom ?? at - event.payload.waitedSeconds * 1000;
        if (visit) {
          row(at, visit.queue).overflowed += 1;
        }
        visit = enterQueue(at, event.payload.toQueue, waitFrom);
        break;
      }
      case 'conversation.offered':
      case 'conversation.offer.lapsed':
        break;
      case 'conversation.assigned': {
        visit ??= enterQueue(at, event.payload.queue, at - event.payload.waitedSeconds * 1000);
        if (holder && holder.agentId !== event.payload.agentId) {
          release(at);
        }
        if (!holder) {
          holder = { agentId: event.payload.agentId, since: at, hasReplied: false };
        }
        visit.assigned = true;
        firstAssignedAt ??= at;
        if (!agents.includes(event.payload.agentId)) {
          agents.push(event.payload.agentId);
        }
        break;
      }
      case 'conversation.outbound.approved': {
        const requester = event.payload.requestedBy;
        if (requester?.kind !== 'agent' || !holder) {
          break;
        }
        const replier = requester.agentId ?? holder.agentId;
        if (replier === holder.agentId && !holder.hasReplied) {
          holder.hasReplied = true;
          agentRow(at, replier).firstResponsesMs.push(at - holder.since);
        }
        if (visit && visit.answeredAt === null) {
          visit.answeredAt = at;
          const waitMs = Math.max(0, at - visit.waitFrom);
          const contribution = row(at, visit.queue);
          contribution.answered += 1;
          contribution.waitsMs.push(waitMs);
          if (waitMs <= contribution.serviceLevelThresholdMs) {
            contribution.answeredWithinThreshold += 1;
          }
          firstAnsweredAt ??= at;
          firstWaitMs ??= waitMs;
        }
        break;
      }
      case 'conversation.outbound.blocked':
        messagesBlocked += 1;
        break;
      case 'conversation.message.sent': {
        const contribution = row(at, currentQueue());
        contribution.messagesSent += 1;
        contribution.segmentsSent += event.payload.segments;
        messagesSent += 1;
        segmentsSent += event.payload.segments;
        break;
      }
      case 'conversation.message.delivery-reported':
        if (event.payload.status === 'rejected' || event.payload.status === 'undeliverable') {
          undelivered.add(event.payload.messageId);
        }
        break;
      case 'conversation.message.failed':
        messagesFailed += 1;
        break;
      case 'conversation.transferred': {
        transfers += 1;
        const target = event.payload.target;
        const fromQueue = currentQueue();
        release(at);
        if (visit) {
          row(at, visit.queue).transferred += 1;
        }
        visit = enterQueue(at, target.kind === 'queue' ? target.queue : fromQueue, at);
        break;
      }
      case 'conversation.requeued':
        requeues += 1;
        release(at);
        visit ??= enterQueue(at, event.payload.queue, at);
        break;
      case 'conversation.ended':
        endedAt = at;
        endedBy = 'front-door';
        endReason = event.payload.reason;
        finishVisit(at, null);
        break;
      case 'conversation.closed':
        endedAt = at;
        endedBy = 'agent';
        disposition = event.payload.disposition;
        visit ??= enterQueue(at, event.payload.queue, at);
        visit.assigned = true;
        finishVisit(at, event.payload.agentId);
        break;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
  if (holder) {
    spans.push({ agentId: holder.agentId, from: holder.since, to: null });
  }

  const waiting = visit && !holder && endedAt === null ? { queue: visit.queue, since: visit.waitFrom } : null;
  const voiceLeg = input.voiceLeg;
  const record: ConversationRecordFigures | null =
    endedAt === null
      ? null
      : {
          tenantId: input.tenantId,
          conversationId: input.conversationId,
          channel,
          channelPath: channel === 'voice' ? ['voice', 'sms'] : ['sms'],
          callId,
          voiceLeg:
            callId === null
              ? null
              : {
                  queue: voiceLeg?.queue ?? null,
                  callStartedAt: voiceLeg?.callStartedAt == null ? null : toIso(voiceLeg.callStartedAt),
                  deflectedAt: voiceLeg?.deflectedAt == null ? null : toIso(voiceLeg.deflectedAt),
                  voiceWaitSeconds: voiceLeg?.voiceWaitMs == null ? null : secondsOf(voiceLeg.voiceWaitMs),
                },
          outcome: handledOutcome,
          endedBy,
          endReason,
          disposition,
          startedAt: startedAt === null ? null : toIso(startedAt),
          firstQueuedAt: firstQueuedAt === null ? null : toIso(firstQueuedAt),
          firstAssignedAt: firstAssignedAt === null ? null : toIso(firstAssignedAt),
          firstAnsweredAt: firstAnsweredAt === null ? null : toIso(firstAnsweredAt),
          endedAt: toIso(endedAt),
          queues,
          agents,
          transfers,
          overflows,
          requeues,
          waitSeconds: firstWaitMs === null ? null : secondsOf(firstWaitMs),
          handleSeconds: secondsOf(handleMs),
          menuPath,
          menuExit,
          afterHours,
          messagesReceived,
          segmentsReceived,
          messagesSent,
          segmentsSent,
          messagesFailed,
          messagesBlocked,
          messagesUndelivered: undelivered.size,
          findings,
        };
  const currentHolder: Holder | null = holder;
  return { intervals, agentIntervals, spans, record, endedAt, callId, waiting, holder: currentHolder?.agentId ?? null };
}
