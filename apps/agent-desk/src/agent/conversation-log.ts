import { isRecord, textOf } from '../api/desk-client.ts';
import type { LiveEvent, TranscriptRecord } from '../api/desk-types.ts';

/** How far a reply got; delivery receipts arrive late, twice or out of order, so a message never moves backwards. */
export type Delivery = 'pending' | 'approved' | 'sent' | 'submitted' | 'delivered' | 'failed' | 'blocked';

const PROGRESS: Record<Delivery, number> = { pending: 0, approved: 1, sent: 2, submitted: 3, delivered: 4, failed: 5, blocked: 5 };

export interface LogMessage {
  messageId: string;
  direction: 'in' | 'out';
  text: string;
  at: string;
  /** Screening or a later redaction changed the text: the desk marks it. */
  redacted: boolean;
  delivery: Delivery;
  /** Why a reply was blocked or failed, as the services explained it. */
  problem: string | null;
}

export interface LogNote {
  id: string;
  at: string;
  text: string;
}

export interface ConversationLog {
  messages: LogMessage[];
  notes: LogNote[];
  closed: boolean;
}

export const EMPTY_LOG: ConversationLog = { messages: [], notes: [], closed: false };

const RECEIVED = 'conversation.message.received';
const APPROVED = 'conversation.outbound.approved';

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function payloadOf(attributes: Record<string, unknown>): Record<string, unknown> {
  return isRecord(attributes['payload']) ? attributes['payload'] : attributes;
}

/** A blocked reply's reasons in words: the compliance filter's explanation, or the types of data found or the prohibited term. */
export function describeBlock(payload: Record<string, unknown>): string {
  const explanation = text(payload['explanation']);
  const reasons = Array.isArray(payload['reasons']) ? payload['reasons'].filter(isRecord) : [];
  const listed = reasons
    .map((reason) => (reason['kind'] === 'prohibited-term' ? `the term "${textOf(reason['term'], '?')}"` : `${textOf(reason['type'], 'sensitive data')}${typeof reason['count'] === 'number' && reason['count'] > 1 ? ` ×${reason['count']}` : ''}`))
    .join(', ');
  return explanation ?? (listed.length > 0 ? `Not sent: screening found ${listed}.` : 'Not sent: screening blocked it.');
}

function upsert(log: ConversationLog, message: LogMessage): ConversationLog {
  const index = log.messages.findIndex((existing) => existing.messageId === message.messageId);
  if (index === -1) {
    const messages = [...log.messages, message].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { ...log, messages };
  }
  const messages = [...log.messages];
  messages[index] = message;
  return { ...log, messages };
}

function advance(log: ConversationLog, messageId: string, delivery: Delivery, problem: string | null = null): ConversationLog {
  const existing = log.messages.find((message) => message.messageId === messageId);
  if (existing === undefined || PROGRESS[delivery] < PROGRESS[existing.delivery] || (PROGRESS[existing.delivery] === 5 && delivery !== existing.delivery)) {
    return log;
  }
  return upsert(log, { ...existing, delivery, problem: problem ?? existing.problem });
}

function note(log: ConversationLog, id: string, at: string, line: string): ConversationLog {
  if (log.notes.some((existing) => existing.id === id)) {
    return log;
  }
  return { ...log, notes: [...log.notes, { id, at, text: line }] };
}

/** What a delivery report's status means for the tick shown beside a reply. */
function deliveryOf(status: string): Delivery {
  switch (status) {
    case 'delivered':
      return 'delivered';
    case 'submitted':
    case 'accepted':
      return 'submitted';
    case 'rejected':
    case 'undeliverable':
    case 'failed':
      return 'failed';
    default:
      return 'sent';
  }
}

/** One event (from the archive's transcript or the live socket) applied to the log; unknown types change nothing. */
export function applyToLog(log: ConversationLog, type: string, payload: Record<string, unknown>, at: string, eventId: string, redactedText?: { text: string | null; redacted: boolean }): ConversationLog {
  const messageId = text(payload['messageId']);
  switch (type) {
    case RECEIVED:
      return messageId === null
        ? log
        : upsert(log, {
            messageId,
            direction: 'in',
            text: redactedText?.text ?? text(payload['text']) ?? '',
            at,
            redacted: redactedText?.redacted ?? (Array.isArray(payload['findings']) && payload['findings'].length > 0),
            delivery: 'delivered',
            problem: null,
          });
    case APPROVED: {
      if (messageId === null) {
        return log;
      }
      const existing = log.messages.find((message) => message.messageId === messageId);
      const approved: LogMessage = {
        messageId,
        direction: 'out',
        text: redactedText?.text ?? text(payload['text']) ?? existing?.text ?? '',
        at: existing?.at ?? at,
        redacted: redactedText?.redacted ?? false,
        delivery: existing && PROGRESS[existing.delivery] > PROGRESS.approved ? existing.delivery : 'approved',
        problem: existing?.problem ?? null,
      };
      return upsert(log, approved);
    }
    case 'conversation.outbound.blocked':
      return messageId === null ? log : advance(log, messageId, 'blocked', describeBlock(payload));
    case 'conversation.message.sent':
      return messageId === null ? log : advance(log, messageId, 'sent');
    case 'conversation.message.delivery-reported': {
      if (messageId === null) {
        return log;
      }
      const delivery = deliveryOf(textOf(payload['status'], ''));
      const error = isRecord(payload['error']) ? text(payload['error']['title']) : null;
      return advance(log, messageId, delivery, delivery === 'failed' ? `Not delivered${error ? `: ${error}` : ''}.` : null);
    }
    case 'conversation.message.failed':
      return messageId === null ? log : advance(log, messageId, 'failed', `Not sent: ${text(payload['detail']) ?? textOf(payload['reason'], 'unknown reason')}.`);
    case 'conversation.message.redacted': {
      const target = log.messages.find((message) => message.messageId === messageId);
      const replacement = text(payload['text']) ?? redactedText?.text ?? null;
      return target === undefined || replacement === null ? log : upsert(log, { ...target, text: replacement, redacted: true });
    }
    case 'conversation.assigned':
      return note(log, eventId, at, `Assigned${typeof payload['agentId'] === 'string' ? ` to ${payload['agentId']}` : ''}.`);
    case 'conversation.transferred':
      return note(log, eventId, at, `Transferred${typeof payload['note'] === 'string' && payload['note'] ? `: ${payload['note']}` : '.'}`);
    case 'conversation.requeued':
      return note(log, eventId, at, 'Put back in the queue.');
    case 'conversation.closed':
      return { ...note(log, eventId, at, `Closed${typeof payload['disposition'] === 'string' ? ` (${payload['disposition']})` : ''}.`), closed: true };
    case 'conversation.ended':
      return { ...note(log, eventId, at, 'Ended.'), closed: true };
    default:
      return log;
  }
}

/** A transcript from the archive as a log; a sent reply's request is matched to its approval by message id. */
export function logFromTranscript(records: readonly TranscriptRecord[]): ConversationLog {
  let log = EMPTY_LOG;
  for (const record of records) {
    const payload = payloadOf(record.attributes);
    log = applyToLog(log, record.eventType, payload, record.occurredAt, record.recordId, { text: record.text, redacted: record.redacted });
  }
  return log;
}

/** A live event applied to a log. */
export function applyLiveEvent(log: ConversationLog, event: LiveEvent): ConversationLog {
  return applyToLog(log, event.type, event.payload, event.occurredAt, event.eventId);
}

/** A reply the agent just sent, shown at once while screening decides. */
export function withPendingReply(log: ConversationLog, messageId: string, replyText: string, at: string): ConversationLog {
  if (log.messages.some((message) => message.messageId === messageId)) {
    return log;
  }
  return upsert(log, { messageId, direction: 'out', text: replyText, at, redacted: false, delivery: 'pending', problem: null });
}

/** The tick beside a reply, in text for screen readers and as the mark shown. */
export function deliveryMark(delivery: Delivery): { mark: string; label: string } {
  switch (delivery) {
    case 'pending':
      return { mark: '…', label: 'being screened' };
    case 'approved':
      return { mark: '○', label: 'approved, sending' };
    case 'sent':
    case 'submitted':
      return { mark: '✓', label: 'sent' };
    case 'delivered':
      return { mark: '✓✓', label: 'delivered' };
    case 'failed':
      return { mark: '✕', label: 'not delivered' };
    case 'blocked':
      return { mark: '⊘', label: 'blocked by screening' };
  }
}
