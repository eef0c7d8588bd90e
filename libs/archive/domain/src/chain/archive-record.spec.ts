import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventIdFor, saltFor } from '../../test/archive-chain.builder.ts';
import {
  GENESIS_HASH,
  appendRecord,
  archiveEvent,
  archiveRedaction,
  recordHash,
  type ArchiveRecordDraft,
  type EventDraft,
} from './archive-record.ts';
import { ArchiveLinkInvalidError } from './chain.errors.ts';
import { commitContent } from './content-commitment.ts';

function draft(n: number, overrides: Partial<ArchiveRecordDraft> = {}): ArchiveRecordDraft {
  return {
    tenantId: 'tenant-0001',
    conversationId: 'conv-000001',
    recordId: `rec-0000000${n}`,
    eventId: eventIdFor(n),
    eventType: 'conversation.started',
    kind: 'event',
    occurredAt: '2025-03-03T12:00:00+02:00',
    archivedAt: new Date('2025-03-03T10:00:01.000Z'),
    attributes: { queue: 'sales', channel: 'sms' },
    contentCommitment: null,
    supersedesRecordId: null,
    ...overrides,
  };
}

function eventDraft(n: number): EventDraft {
  const { kind: _kind, contentCommitment: _commitment, supersedesRecordId: _supersedes, ...rest } = draft(n, {
    eventType: 'conversation.message.received',
  });
  return rest;
}

describe('appendRecord', () => {
  it('commits the first record to the genesis hash: sha256(previousHash + canonical body)', () => {
    const record = appendRecord(null, draft(1));
    const body =
      '{"archivedAt":"2025-03-03T10:00:01.000Z","attributes":{"channel":"sms","queue":"sales"},"contentCommitment":null,' +
      '"conversationId":"conv-000001","eventId":"00000000-0000-4000-8000-000000000001","eventType":"conversation.started",' +
      `"kind":"event","occurredAt":"2025-03-03T10:00:00.000Z","previousHash":"${GENESIS_HASH}","recordId":"rec-00000001",` +
      '"sequence":1,"supersedesRecordId":null,"tenantId":"tenant-0001"}';

    expect(record.sequence).toBe(1);
    expect(record.previousHash).toBe('0'.repeat(64));
    expect(record.occurredAt).toBe('2025-03-03T10:00:00.000Z');
    expect(record.hash).toBe(createHash('sha256').update(GENESIS_HASH + body).digest('hex'));
  });

  it('numbers records per conversation and links each to the hash of the one before', () => {
    const first = appendRecord(null, draft(1));
    const second = appendRecord(first, draft(2));
    const third = appendRecord(second, draft(3));

    expect([first.sequence, second.sequence, third.sequence]).toEqual([1, 2, 3]);
    expect(second.previousHash).toBe(first.hash);
    expect(third.previousHash).toBe(second.hash);
    expect(recordHash(third)).toBe(third.hash);
  });

  it('ignores fields a stored row carries beyond the committed ones', () => {
    const record = appendRecord(null, draft(1));

    expect(recordHash({ ...record, databaseId: 42 } as typeof record)).toBe(record.hash);
  });

  it('refuses to follow a record of another conversation', () => {
    const first = appendRecord(null, draft(1));

    expect(() => appendRecord(first, draft(2, { conversationId: 'conv-000002' }))).toThrow(ArchiveLinkInvalidError);
  });

  it.each([
    ['a text in the attributes', { attributes: { text: 'my card is 4111' } }, 'attributes'],
    ['a text nested in the attributes', { attributes: { quoted: [{ text: 'x' }] } }, 'attributes'],
    ['a redaction without a superseded record', { kind: 'redaction' as const, contentCommitment: 'a'.repeat(64) }, 'supersedesRecordId'],
    ['an event naming a superseded record', { supersedesRecordId: 'rec-00000000' }, 'supersedesRecordId'],
    ['a redaction without replacement text', { kind: 'redaction' as const, supersedesRecordId: 'rec-00000000' }, 'contentCommitment'],
    ['a malformed commitment', { contentCommitment: 'abc' }, 'contentCommitment'],
    ['an event id that is not a uuid', { eventId: 'evt-1' }, 'eventId'],
    ['a phone number as record id', { recordId: '+14155550100' }, 'recordId'],
    ['an occurredAt without time zone', { occurredAt: '2025-03-03T10:00:00' }, 'occurredAt'],
  ])('refuses a draft with %s', (_label, overrides, path) => {
    expect(() => appendRecord(null, draft(1, overrides))).toThrow(new RegExp(`Invalid archive record: .*${path}:`));
  });
});

describe('archiveEvent', () => {
  it('stores the text beside the record and only its salted commitment in the chain', () => {
    const salt = saltFor('one');
    const { record, content } = archiveEvent(null, eventDraft(1), 'my order is late', salt);

    expect(content).toEqual({ recordId: 'rec-00000001', text: 'my order is late', salt });
    expect(record.contentCommitment).toBe(commitContent('my order is late', salt));
    expect(JSON.stringify(record)).not.toContain('order is late');
  });

  it('commits to no content for an event without text', () => {
    const { record, content } = archiveEvent(null, eventDraft(1), null);

    expect(content).toBeNull();
    expect(record.contentCommitment).toBeNull();
  });
});

describe('archiveRedaction', () => {
  it('appends a link naming the superseded record, with the new text, and says which text to delete', () => {
    const { record: original } = archiveEvent(null, eventDraft(1), 'card ends 4111 1111', saltFor('one'));
    const plan = archiveRedaction(original, original, eventDraft(2), 'card ends [REDACTED]', saltFor('two'));

    expect(plan.record).toMatchObject({
      sequence: 2,
      kind: 'redaction',
      supersedesRecordId: 'rec-00000001',
      previousHash: original.hash,
      contentCommitment: commitContent('card ends [REDACTED]', saltFor('two')),
    });
    expect(plan.content).toEqual({ recordId: 'rec-00000002', text: 'card ends [REDACTED]', salt: saltFor('two') });
    expect(plan.deleteContentOf).toBe('rec-00000001');
  });

  it('refuses to supersede a record without text or a record of another conversation', () => {
    const { record: started } = archiveEvent(null, eventDraft(1), null);
    const foreign = { ...started, conversationId: 'conv-000002' };

    expect(() => archiveRedaction(started, started, eventDraft(2), 'x')).toThrow('a redaction can only supersede a record that has a text');
    expect(() => archiveRedaction(started, foreign, eventDraft(2), 'x')).toThrow('an earlier record of its own conversation');
  });
});
