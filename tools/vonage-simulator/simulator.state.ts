import type { SmsEncoding, SmsEncodingType } from './sms-encoding.calculator.ts';
import type { SigningMode, WebhookClaims } from './webhook-jwt.signer.ts';

export type AuthKind = 'jwt' | 'basic';
export type MessageStatus = 'accepted' | 'submitted' | 'delivered' | 'rejected' | 'undeliverable';
export type WebhookKind = 'inbound' | 'status' | 'voice-answer' | 'voice-event' | 'voice-input' | 'voice-notify';

export interface StatusChange {
  status: MessageStatus;
  at: string;
  errorCode?: number;
}

export interface OutboundMessageRecord {
  messageUuid: string;
  to: string;
  from: string;
  text: string;
  clientRef?: string;
  webhookUrl?: string;
  ttl?: number;
  encodingType: SmsEncodingType;
  encoding: SmsEncoding;
  units: number;
  segments: number;
  auth: AuthKind;
  receivedAt: string;
  requestId: string;
  /** The request body exactly as parsed, for assertions on what the SDK sent. */
  requestBody: Record<string, unknown>;
  requestHeaders: Record<string, string>;
  status: MessageStatus;
  statusHistory: StatusChange[];
}

export type InboundDeliveryStatus = 'sending' | 'acknowledged' | 'retrying' | 'refused' | 'failed';

export interface InboundMessageRecord {
  messageUuid: string;
  from: string;
  to: string;
  text: string;
  encoding: SmsEncoding;
  segments: number;
  signing: SigningMode;
  duplicate: boolean;
  payload: Record<string, unknown>;
  receivedAt: string;
  delivery: InboundDeliveryStatus;
}

export interface WebhookAttemptRecord {
  id: number;
  /** Shared by every attempt of one delivery (a duplicate is a second delivery). */
  deliveryId: string;
  kind: WebhookKind;
  method: 'GET' | 'POST';
  url: string;
  attempt: number;
  signing: SigningMode;
  requestHeaders: Record<string, string>;
  /** The exact bytes sent (empty for GET). */
  body: string;
  claims?: WebhookClaims;
  statusCode?: number;
  error?: string;
  responseBody?: string;
  willRetry: boolean;
  startedAt: string;
  durationMs: number;
  messageUuid?: string;
  callUuid?: string;
}

export interface ConversationEntry {
  /** Vonage's point of view: `inbound` is customer to business, `outbound` business to customer. */
  direction: 'inbound' | 'outbound';
  messageUuid: string;
  customer: string;
  business: string;
  text: string;
  at: string;
  /** A message status for outbound entries, the webhook delivery state for inbound ones. */
  status: MessageStatus | InboundDeliveryStatus;
  encoding: SmsEncoding;
  segments: number;
  clientRef?: string;
  errorCode?: number;
}

export type CallStatus = 'started' | 'ringing' | 'answered' | 'completed' | 'failed';
export type CallEndReason =
  | 'ncco-finished'
  | 'caller-hangup'
  | 'api-hangup'
  | 'answer-failed'
  | 'invalid-ncco'
  | 'simulator-stopped';

export interface CallLogEntry {
  at: string;
  /** An NCCO action name, or a call event such as `dtmf`, `transfer`, `hangup`, `event`. */
  action: string;
  detail: Record<string, unknown>;
}

export interface CallRecord {
  uuid: string;
  conversationUuid: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  status: CallStatus;
  eventUrl: string;
  createdAt: string;
  answeredAt?: string;
  endedAt?: string;
  endReason?: CallEndReason;
  /** The action running now, e.g. `talk` or `input`; undefined between actions and after the end. */
  currentAction?: string;
  /** What the caller hears right now: the text of a talk or the URL of a stream. */
  playing?: { action: string; text?: string; streamUrl?: string };
  /** True while an `input` action is collecting digits. */
  awaitingInput: boolean;
  /** The NCCO being executed. */
  ncco: unknown[];
  log: CallLogEntry[];
}

export interface SimulatorSnapshot {
  messages: OutboundMessageRecord[];
  inbound: InboundMessageRecord[];
  webhooks: WebhookAttemptRecord[];
  calls: CallRecord[];
  conversations: Record<string, ConversationEntry[]>;
}

interface Waiter {
  check: () => boolean;
}

/** Everything the simulator saw and did, kept in memory for assertions, the control API and the phone page. */
export class SimulatorState {
  readonly messages: OutboundMessageRecord[] = [];
  readonly inbound: InboundMessageRecord[] = [];
  readonly webhooks: WebhookAttemptRecord[] = [];
  readonly calls: CallRecord[] = [];
  readonly conversations = new Map<string, ConversationEntry[]>();
  private readonly waiters = new Set<Waiter>();
  private nextWebhookId = 1;

  /** Called after every mutation so that waiters can re-check their condition. */
  changed(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
      }
    }
  }

  allocateWebhookId(): number {
    const id = this.nextWebhookId;
    this.nextWebhookId += 1;
    return id;
  }

  message(messageUuid: string): OutboundMessageRecord | undefined {
    return this.messages.find((message) => message.messageUuid === messageUuid);
  }

  call(uuid: string): CallRecord | undefined {
    return this.calls.find((call) => call.uuid === uuid);
  }

  /** The conversation history of one customer number, both directions, oldest first. */
  conversation(customer: string): ConversationEntry[] {
    return this.conversations.get(customer) ?? [];
  }

  addConversationEntry(entry: ConversationEntry): void {
    const entries = this.conversations.get(entry.customer) ?? [];
    entries.push(entry);
    this.conversations.set(entry.customer, entries);
    this.changed();
  }

  updateConversationEntry(messageUuid: string, change: Partial<Pick<ConversationEntry, 'status' | 'errorCode'>>): void {
    for (const entries of this.conversations.values()) {
      const entry = entries.find((candidate) => candidate.messageUuid === messageUuid);
      if (entry) {
        Object.assign(entry, change);
      }
    }
    this.changed();
  }

  /** Resolves with the first value `probe` returns that is not undefined, re-checking after every change. */
  waitFor<T>(probe: () => T | undefined, timeoutMs = 5000, description = 'condition'): Promise<T> {
    const immediate = probe();
    if (immediate !== undefined) {
      return Promise.resolve(immediate);
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const value = probe();
          if (value === undefined) {
            return false;
          }
          clearTimeout(timer);
          resolve(value);
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  waitForWebhook(predicate: (attempt: WebhookAttemptRecord) => boolean, timeoutMs = 5000): Promise<WebhookAttemptRecord> {
    return this.waitFor(() => this.webhooks.find(predicate), timeoutMs, 'a matching webhook attempt');
  }

  /** Resolves with all matching attempts once there are at least `count` of them. */
  waitForWebhooks(predicate: (attempt: WebhookAttemptRecord) => boolean, count: number, timeoutMs = 5000): Promise<WebhookAttemptRecord[]> {
    return this.waitFor(
      () => {
        const matches = this.webhooks.filter(predicate);
        return matches.length >= count ? matches : undefined;
      },
      timeoutMs,
      `${count} matching webhook attempts`,
    );
  }

  waitForMessage(predicate: (message: OutboundMessageRecord) => boolean, timeoutMs = 5000): Promise<OutboundMessageRecord> {
    return this.waitFor(() => this.messages.find(predicate), timeoutMs, 'a matching outbound message');
  }

  waitForCall(uuid: string, predicate: (call: CallRecord) => boolean, timeoutMs = 5000): Promise<CallRecord> {
    return this.waitFor(
      () => {
        const call = this.call(uuid);
        return call && predicate(call) ? call : undefined;
      },
      timeoutMs,
      `call ${uuid} to reach the expected state`,
    );
  }

  /** Forgets everything recorded so far; pending waiters keep waiting for new records. */
  reset(): void {
    this.messages.length = 0;
    this.inbound.length = 0;
    this.webhooks.length = 0;
    this.calls.length = 0;
    this.conversations.clear();
    this.changed();
  }

  snapshot(): SimulatorSnapshot {
    return {
      messages: this.messages,
      inbound: this.inbound,
      webhooks: this.webhooks,
      calls: this.calls,
      conversations: Object.fromEntries(this.conversations),
    };
  }

  toJSON(): SimulatorSnapshot {
    return this.snapshot();
  }
}
