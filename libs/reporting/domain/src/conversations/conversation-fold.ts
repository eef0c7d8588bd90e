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

type IntervalEntry = { slot: IntervalSlot; contribution: IntervalContribution };
type AgentEntry = { slot: AgentSlot; contribution: AgentContribution };

function copyIntervalContribution(contribution: IntervalContribution): IntervalContribution {
  return { ...contribution, waitsMs: [...contribution.waitsMs], handlesMs: [...contribution.handlesMs] };
}

/**
 * One conversation folded event by event, in event-time order, so that an event added at the end is folded on its
 * own instead of replaying those before it. Figures it gives out are never changed afterwards: the maps and the
 * contributions the next events change are copied first. An open conversation keeps one, so what is rarely needed
 * is made when first needed.
 */
export class ConversationFold {
  readonly #tenantId: string;
  readonly #conversationId: string;
  readonly #serviceLevelMs: (queue: string) => number;
  #intervals = new Map<string, IntervalEntry>();
  #agentIntervals = new Map<string, AgentEntry>();
  /** Whether the maps were given out with figures since they were last copied. */
  #mapsGiven = false;
  /** Slots whose contributions were made or copied since figures were last given out, so may be changed in place. */
  #writable: string[] | null = null;
  readonly #spans: HoldSpan[] = [];
  #events = 0;

  #visit: QueueVisit | null = null;
  #lastQueue: string | null = null;
  #holder: Holder | null = null;
  #endedAt: number | null = null;
  #endedBy: 'agent' | 'front-door' = 'front-door';
  #endReason: ConversationRecordFigures['endReason'] = null;
  #disposition: string | null = null;
  #handledOutcome: 'handled' | 'abandoned' | 'not-queued' = 'not-queued';
  #startedAt: number | null = null;
  #channel: 'sms' | 'voice' = 'sms';
  #callId: string | null = null;
  #firstQueuedAt: number | null = null;
  #firstAssignedAt: number | null = null;
  #firstAnsweredAt: number | null = null;
  #firstWaitMs: number | null = null;
  #handleMs = 0;
  readonly #queues: string[] = [];
  readonly #agents: string[] = [];
  #transfers = 0;
  #overflows = 0;
  #requeues = 0;
  #menuPath: ConversationRecordFigures['menuPath'] | null = null;
  #menuExit: ConversationRecordFigures['menuExit'] = null;
  #afterHours = false;
  #messagesReceived = 0;
  #segmentsReceived = 0;
  #messagesSent = 0;
  #segmentsSent = 0;
  #messagesFailed = 0;
  #messagesBlocked = 0;
  #undelivered: Set<string> | null = null;
  #findings: Partial<Record<SensitiveDataType, number>> | null = null;

  constructor(input: Pick<ConversationFoldInput, 'tenantId' | 'conversationId' | 'serviceLevelMs'>) {
    this.#tenantId = input.tenantId;
    this.#conversationId = input.conversationId;
    this.#serviceLevelMs = input.serviceLevelMs;
  }

  /** How many events have been folded. */
  get events(): number {
    return this.#events;
  }

  /** Whether the interval contributions were made with the thresholds its `serviceLevelMs` gives now. */
  hasCurrentThresholds(): boolean {
    for (const { slot, contribution } of this.#intervals.values()) {
      if (slot.queue !== NO_QUEUE && this.#serviceLevelMs(slot.queue) !== contribution.serviceLevelThresholdMs) {
        return false;
      }
    }
    return true;
  }

  #isWritable(id: string): boolean {
    return this.#writable?.includes(id) ?? false;
  }

  #makeWritable(id: string): void {
    (this.#writable ??= []).push(id);
  }

  /** Makes the maps this fold's own again after figures were given out, before changing them. */
  #ownMaps(): void {
    if (this.#mapsGiven) {
      this.#intervals = new Map(this.#intervals);
      this.#agentIntervals = new Map(this.#agentIntervals);
      this.#mapsGiven = false;
    }
  }

  #row(at: number, queue: string): IntervalContribution {
    const slot: IntervalSlot = { tenantId: this.#tenantId, intervalStart: intervalStartOf(at), queue, channel: 'sms' };
    const id = intervalSlotId(slot);
    let entry = this.#intervals.get(id);
    if (!entry) {
      entry = { slot, contribution: emptyIntervalContribution(queue === NO_QUEUE ? 0 : this.#serviceLevelMs(queue)) };
      this.#ownMaps();
      this.#intervals.set(id, entry);
      this.#makeWritable(id);
    } else if (!this.#isWritable(id)) {
      entry = { slot: entry.slot, contribution: copyIntervalContribution(entry.contribution) };
      this.#ownMaps();
      this.#intervals.set(id, entry);
      this.#makeWritable(id);
    }
    return entry.contribution;
  }

  #agentRow(at: number, agentId: string): AgentContribution {
    const slot: AgentSlot = { tenantId: this.#tenantId, intervalStart: intervalStartOf(at), agentId };
    const id = agentSlotId(slot);
    // Agent slot ids have a part fewer than interval slot ids, so the two never meet in the writable list.
    let entry = this.#agentIntervals.get(id);
    if (!entry) {
      entry = { slot, contribution: { handled: 0, firstResponsesMs: [] } };
      this.#ownMaps();
      this.#agentIntervals.set(id, entry);
      this.#makeWritable(id);
    } else if (!this.#isWritable(id)) {
      entry = { slot: entry.slot, contribution: { handled: entry.contribution.handled, firstResponsesMs: [...entry.contribution.firstResponsesMs] } };
      this.#ownMaps();
      this.#agentIntervals.set(id, entry);
      this.#makeWritable(id);
    }
    return entry.contribution;
  }

  #currentQueue(): string {
    return this.#visit?.queue ?? this.#lastQueue ?? NO_QUEUE;
  }

  #noteQueue(queue: string): void {
    if (this.#queues[this.#queues.length - 1] !== queue) {
      this.#queues.push(queue);
    }
    this.#lastQueue = queue;
  }

  #enterQueue(at: number, queue: string, waitFrom: number): QueueVisit {
    this.#row(at, queue).offered += 1;
    this.#noteQueue(queue);
    this.#firstQueuedAt ??= at;
    return { queue, waitFrom, assigned: false, answeredAt: null, heldMs: 0 };
  }

  #release(at: number): void {
    const holder = this.#holder;
    if (holder) {
      this.#spans.push({ agentId: holder.agentId, from: holder.since, to: at });
      const held = Math.max(0, at - holder.since);
      this.#handleMs += held;
      if (this.#visit) {
        this.#visit.heldMs += held;
      }
      this.#holder = null;
    }
  }

  /** Ends the visit as handled when an agent ever held it in this queue, as abandoned otherwise. */
  #finishVisit(at: number, closingAgentId: string | null): void {
    const heldBy = closingAgentId ?? this.#holder?.agentId ?? null;
    this.#release(at);
    const visit = this.#visit;
    if (!visit) {
      return;
    }
    const contribution = this.#row(at, visit.queue);
    if (visit.assigned) {
      contribution.handled += 1;
      contribution.handlesMs.push(visit.heldMs);
      this.#handledOutcome = 'handled';
      if (heldBy) {
        this.#agentRow(at, heldBy).handled += 1;
      }
    } else {
      contribution.abandoned += 1;
      this.#handledOutcome = 'abandoned';
    }
    this.#visit = null;
  }

  /** Folds the next event: it must not sort before any event folded already. */
  add(event: ConversationEvent): void {
    this.#events += 1;
    const at = event.at;
    if (
      this.#endedAt !== null &&
      event.type !== 'conversation.message.sent' &&
      event.type !== 'conversation.message.delivery-reported' &&
      event.type !== 'conversation.message.failed'
    ) {
      // Only the last replies' delivery can follow the end; anything else after it is the producer's retry of history.
      return;
    }
    switch (event.type) {
      case 'conversation.started':
        this.#startedAt ??= at;
        this.#channel = event.payload.channel;
        this.#callId ??= event.payload.callId ?? null;
        break;
      case 'conversation.message.received': {
        const contribution = this.#row(at, this.#currentQueue());
        contribution.messagesReceived += 1;
        contribution.segmentsReceived += event.payload.parts;
        this.#messagesReceived += 1;
        this.#segmentsReceived += event.payload.parts;
        for (const finding of event.payload.findings) {
          const findings = (this.#findings ??= {});
          findings[finding.type] = (findings[finding.type] ?? 0) + 1;
        }
        break;
      }
      case 'conversation.menu.selected':
        (this.#menuPath ??= []).push({ menuId: event.payload.menuId, nodeId: event.payload.nodeId, optionKey: event.payload.optionKey });
        break;
      case 'conversation.menu.abandoned':
        this.#menuExit = event.payload.reason;
        break;
      case 'conversation.after-hours':
        this.#afterHours = true;
        break;
      case 'conversation.queued':
        this.#callId ??= event.payload.callId ?? null;
        if (!this.#visit) {
          this.#visit = this.#enterQueue(at, event.payload.queue, at);
          if (event.payload.reason === 'voice-deflection') {
            this.#row(at, event.payload.queue).deflected += 1;
          }
        }
        break;
      case 'conversation.overflowed': {
        this.#overflows += 1;
        const waitFrom = this.#visit?.waitFrom ?? at - event.payload.waitedSeconds * 1000;
        if (this.#visit) {
          this.#row(at, this.#visit.queue).overflowed += 1;
        }
        this.#visit = this.#enterQueue(at, event.payload.toQueue, waitFrom);
        break;
      }
      case 'conversation.offered':
      case 'conversation.offer.lapsed':
        break;
      case 'conversation.assigned': {
        const visit = (this.#visit ??= this.#enterQueue(at, event.payload.queue, at - event.payload.waitedSeconds * 1000));
        if (this.#holder && this.#holder.agentId !== event.payload.agentId) {
          this.#release(at);
        }
        if (!this.#holder) {
          this.#holder = { agentId: event.payload.agentId, since: at, hasReplied: false };
        }
        visit.assigned = true;
        this.#firstAssignedAt ??= at;
        if (!this.#agents.includes(event.payload.agentId)) {
          this.#agents.push(event.payload.agentId);
        }
        break;
      }
      case 'conversation.outbound.approved': {
        const requester = event.payload.requestedBy;
        const holder = this.#holder;
        if (requester?.kind !== 'agent' || !holder) {
          break;
        }
        const replier = requester.agentId ?? holder.agentId;
        if (replier === holder.agentId && !holder.hasReplied) {
          holder.hasReplied = true;
          this.#agentRow(at, replier).firstResponsesMs.push(at - holder.since);
        }
        const visit = this.#visit;
        if (visit && visit.answeredAt === null) {
          visit.answeredAt = at;
          const waitMs = Math.max(0, at - visit.waitFrom);
          const contribution = this.#row(at, visit.queue);
          contribution.answered += 1;
          contribution.waitsMs.push(waitMs);
          if (waitMs <= contribution.serviceLevelThresholdMs) {
            contribution.answeredWithinThreshold += 1;
          }
          this.#firstAnsweredAt ??= at;
          this.#firstWaitMs ??= waitMs;
        }
        break;
      }
      case 'conversation.outbound.blocked':
        this.#messagesBlocked += 1;
        break;
      case 'conversation.message.sent': {
        const contribution = this.#row(at, this.#currentQueue());
        contribution.messagesSent += 1;
        contribution.segmentsSent += event.payload.segments;
        this.#messagesSent += 1;
        this.#segmentsSent += event.payload.segments;
        break;
      }
      case 'conversation.message.delivery-reported':
        if (event.payload.status === 'rejected' || event.payload.status === 'undeliverable') {
          (this.#undelivered ??= new Set()).add(event.payload.messageId);
        }
        break;
      case 'conversation.message.failed':
        this.#messagesFailed += 1;
        break;
      case 'conversation.transferred': {
        this.#transfers += 1;
        const target = event.payload.target;
        const fromQueue = this.#currentQueue();
        this.#release(at);
        if (this.#visit) {
          this.#row(at, this.#visit.queue).transferred += 1;
        }
        this.#visit = this.#enterQueue(at, target.kind === 'queue' ? target.queue : fromQueue, at);
        break;
      }
      case 'conversation.requeued':
        this.#requeues += 1;
        this.#release(at);
        this.#visit ??= this.#enterQueue(at, event.payload.queue, at);
        break;
      case 'conversation.ended':
        this.#endedAt = at;
        this.#endedBy = 'front-door';
        this.#endReason = event.payload.reason;
        this.#finishVisit(at, null);
        break;
      case 'conversation.closed': {
        this.#endedAt = at;
        this.#endedBy = 'agent';
        this.#disposition = event.payload.disposition;
        const visit = (this.#visit ??= this.#enterQueue(at, event.payload.queue, at));
        visit.assigned = true;
        this.#finishVisit(at, event.payload.agentId);
        break;
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  /** What the events folded so far contribute, with `voiceLeg` for the record; later events change none of it. */
  figures(voiceLeg: VoiceLegSummary | null): ConversationFigures {
    this.#writable = null;
    this.#mapsGiven = true;
    const spans = [...this.#spans];
    const holder = this.#holder;
    if (holder) {
      spans.push({ agentId: holder.agentId, from: holder.since, to: null });
    }
    const endedAt = this.#endedAt;
    const visit = this.#visit;
    const waiting = visit && !holder && endedAt === null ? { queue: visit.queue, since: visit.waitFrom } : null;
    const callId = this.#callId;
    const startedAt = this.#startedAt;
    const firstQueuedAt = this.#firstQueuedAt;
    const firstAssignedAt = this.#firstAssignedAt;
    const firstAnsweredAt = this.#firstAnsweredAt;
    const firstWaitMs = this.#firstWaitMs;
    const record: ConversationRecordFigures | null =
      endedAt === null
        ? null
        : {
            tenantId: this.#tenantId,
            conversationId: this.#conversationId,
            channel: this.#channel,
            channelPath: this.#channel === 'voice' ? ['voice', 'sms'] : ['sms'],
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
            outcome: this.#handledOutcome,
            endedBy: this.#endedBy,
            endReason: this.#endReason,
            disposition: this.#disposition,
            startedAt: startedAt === null ? null : toIso(startedAt),
            firstQueuedAt: firstQueuedAt === null ? null : toIso(firstQueuedAt),
            firstAssignedAt: firstAssignedAt === null ? null : toIso(firstAssignedAt),
            firstAnsweredAt: firstAnsweredAt === null ? null : toIso(firstAnsweredAt),
            endedAt: toIso(endedAt),
            queues: [...this.#queues],
            agents: [...this.#agents],
            transfers: this.#transfers,
            overflows: this.#overflows,
            requeues: this.#requeues,
            waitSeconds: firstWaitMs === null ? null : secondsOf(firstWaitMs),
            handleSeconds: secondsOf(this.#handleMs),
            menuPath: [...(this.#menuPath ?? [])],
            menuExit: this.#menuExit,
            afterHours: this.#afterHours,
            messagesReceived: this.#messagesReceived,
            segmentsReceived: this.#segmentsReceived,
            messagesSent: this.#messagesSent,
            segmentsSent: this.#segmentsSent,
            messagesFailed: this.#messagesFailed,
            messagesBlocked: this.#messagesBlocked,
            messagesUndelivered: this.#undelivered?.size ?? 0,
            findings: { ...this.#findings },
          };
    return {
      intervals: this.#intervals,
      agentIntervals: this.#agentIntervals,
      spans,
      record,
      endedAt,
      callId,
      waiting,
      holder: holder?.agentId ?? null,
    };
  }
}

/**
 * Replays one conversation's events in event-time order and says what it contributes to each interval row, to
 * each agent's interval rows, to its agents' held time, and (once finished) its record. Pure and total: any
 * subset or order of events yields figures, so late and missing events only ever change the result, never fail it.
 */
export function foldConversation(input: ConversationFoldInput): ConversationFigures {
  const fold = new ConversationFold(input);
  for (const event of input.events) {
    fold.add(event);
  }
  return fold.figures(input.voiceLeg);
}
