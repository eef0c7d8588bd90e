import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChainBuilder, draftFrom, eventIdFor, saltFor } from '../../test/archive-chain.builder.ts';
import { appendRecord, recordHash, type ArchiveRecord } from './archive-record.ts';
import { verifyChain } from './chain-verifier.ts';
import { commitContent, type StoredContent } from './content-commitment.ts';

/** A conversation of five records: started, two texts, queued, a third text. */
function conversation(): ChainBuilder {
  const chain = new ChainBuilder();
  chain.event('conversation.started', { channel: 'sms', businessNumberId: 'bn-000001' });
  chain.message('hi, my order 1234 is late');
  chain.message('can someone call me?');
  chain.event('conversation.queued', { queue: 'sales' });
  chain.message('thanks');
  return chain;
}

function at(records: readonly ArchiveRecord[], index: number): ArchiveRecord {
  const record = records[index];
  if (record === undefined) {
    throw new Error(`no record at ${index}`);
  }
  return record;
}

/** A record rewritten by someone who also recomputed its hash, so only the links around it can give it away. */
function rehashed(record: ArchiveRecord, changes: Partial<ArchiveRecord>): ArchiveRecord {
  const changed = { ...record, ...changes };
  return { ...changed, hash: recordHash(changed) };
}

describe('verifyChain on an intact chain', () => {
  it('verifies every record and reports the head', () => {
    const chain = conversation();

    expect(verifyChain(chain.records, chain.storedTexts)).toEqual({
      ok: true,
      records: 5,
      head: { sequence: 5, hash: at(chain.records, 4).hash },
    });
  });

  it('verifies an empty chain', () => {
    expect(verifyChain([], [])).toEqual({ ok: true, records: 0, head: null });
  });

  it('accepts events that arrived out of their occurrence order: the chain follows arrival', () => {
    const chain = new ChainBuilder();
    chain.message('second written, first said', {}, 30);
    chain.message('first written, second said', {}, 5);

    expect(verifyChain(chain.records, chain.storedTexts)).toMatchObject({ ok: true, records: 2 });
  });
});

describe('verifyChain names the first broken link', () => {
  it('an altered text: content-mismatch at that record', () => {
    const chain = conversation();
    const texts = chain.storedTexts.map((content) =>
      content.recordId === at(chain.records, 2).recordId ? { ...content, text: 'can someone call me!' } : content,
    );

    expect(verifyChain(chain.records, texts)).toEqual({
      ok: false,
      records: 2,
      broken: {
        index: 2,
        recordId: at(chain.records, 2).recordId,
        sequence: 3,
        reason: 'content-mismatch',
        detail: 'the stored text and salt do not match the commitment',
      },
    });
  });

  it('an altered salt: content-mismatch', () => {
    const chain = conversation();
    const texts = chain.storedTexts.map((content) =>
      content.recordId === at(chain.records, 1).recordId ? { ...content, salt: saltFor('forged') } : content,
    );

    expect(verifyChain(chain.records, texts)).toMatchObject({ ok: false, broken: { index: 1, reason: 'content-mismatch' } });
  });

  it('an altered field: hash-mismatch at that record', () => {
    const chain = conversation();
    const records = chain.records.map((record, index) => (index === 3 ? { ...record, attributes: { queue: 'billing' } } : record));

    expect(verifyChain(records, chain.storedTexts)).toMatchObject({ ok: false, records: 3, broken: { index: 3, sequence: 4, reason: 'hash-mismatch' } });
  });

  it('an altered stored hash: hash-mismatch at that record', () => {
    const chain = conversation();
    const records = chain.records.map((record, index) => (index === 4 ? { ...record, hash: 'f'.repeat(64) } : record));

    expect(verifyChain(records, chain.storedTexts)).toMatchObject({ ok: false, broken: { index: 4, reason: 'hash-mismatch' } });
  });

  it('an altered record whose own hash was recomputed: previous-mismatch at the record after it', () => {
    const chain = conversation();
    const records = chain.records.map((record, index) => (index === 1 ? rehashed(record, { occurredAt: '2025-01-01T00:00:00.000Z' }) : record));

    expect(verifyChain(records, chain.storedTexts)).toMatchObject({ ok: false, records: 2, broken: { index: 2, sequence: 3, reason: 'previous-mismatch' } });
  });

  it('a deleted middle record: sequence-gap where it was', () => {
    const chain = conversation();
    const removed = at(chain.records, 2);
    const records = chain.records.filter((record) => record !== removed);
    const texts = chain.storedTexts.filter((content) => content.recordId !== removed.recordId);

    expect(verifyChain(records, texts)).toEqual({
      ok: false,
      records: 2,
      broken: { index: 2, recordId: at(chain.records, 3).recordId, sequence: 4, reason: 'sequence-gap', detail: 'expected sequence 3, found 4' },
    });
  });

  it('a deleted middle record with the later ones renumbered: previous-mismatch', () => {
    const chain = conversation();
    const records = [at(chain.records, 0), at(chain.records, 1), ...chain.records.slice(3).map((record) => ({ ...record, sequence: record.sequence - 1 }))];

    expect(verifyChain(records, chain.storedTexts)).toMatchObject({ ok: false, broken: { index: 2, reason: 'previous-mismatch' } });
  });

  it('two records swapped: the chain breaks at the first of them', () => {
    const chain = conversation();
    const [first, second, third, ...rest] = chain.records;
    const swapped = [first!, third!, second!, ...rest];

    expect(verifyChain(swapped, chain.storedTexts)).toMatchObject({
      ok: false,
      records: 1,
      broken: { index: 1, recordId: third!.recordId, reason: 'sequence-gap' },
    });
  });

  it('two records swapped and renumbered: previous-mismatch at the first of them', () => {
    const chain = conversation();
    const [first, second, third, ...rest] = chain.records;
    const swapped = [first!, { ...third!, sequence: 2 }, { ...second!, sequence: 3 }, ...rest];

    expect(verifyChain(swapped, chain.storedTexts)).toMatchObject({ ok: false, broken: { index: 1, reason: 'previous-mismatch' } });
  });

  it('an inserted record, even one correctly linked to its predecessor: sequence-regression after it', () => {
    const chain = conversation();
    const forged = appendRecord(at(chain.records, 1), {
      tenantId: chain.records[0]!.tenantId,
      conversationId: chain.records[0]!.conversationId,
      recordId: 'rec-forged-01',
      eventId: eventIdFor(99),
      eventType: 'conversation.closed',
      kind: 'event',
      occurredAt: '2025-03-03T10:02:30.000Z',
      archivedAt: '2025-03-03T10:02:30.000Z',
      attributes: {},
      contentCommitment: null,
      supersedesRecordId: null,
    });
    const records = [...chain.records.slice(0, 2), forged, ...chain.records.slice(2)];

    expect(verifyChain(records, chain.storedTexts)).toMatchObject({ ok: false, records: 3, broken: { index: 3, sequence: 3, reason: 'sequence-regression' } });
  });

  it('a record of another conversation among the links: foreign-record', () => {
    const chain = conversation();
    const other = new ChainBuilder('tenant-0001', 'conv-000002', 50);
    other.event();
    other.event();
    const records = [...chain.records.slice(0, 1), at(other.records, 1), ...chain.records.slice(2)];

    expect(verifyChain(records, chain.storedTexts)).toMatchObject({ ok: false, broken: { index: 1, reason: 'foreign-record' } });
  });

  it('the same event archived twice, appended with a valid link: duplicate-event', () => {
    const chain = conversation();
    const head = at(chain.records, 4);
    const copy = appendRecord(head, draftFrom(head, { recordId: 'rec-copy-0001', contentCommitment: null }));

    expect(verifyChain([...chain.records, copy], chain.storedTexts)).toMatchObject({ ok: false, broken: { index: 5, reason: 'duplicate-event' } });
  });

  it('a text removed without a redaction: text-missing-without-redaction', () => {
    const chain = conversation();
    const texts = chain.storedTexts.filter((content) => content.recordId !== at(chain.records, 4).recordId);

    expect(verifyChain(chain.records, texts)).toMatchObject({ ok: false, broken: { index: 4, reason: 'text-missing-without-redaction' } });
  });

  it('a text stored for a record that commits to none: unexpected-text', () => {
    const chain = conversation();
    const texts: StoredContent[] = [...chain.storedTexts, { recordId: at(chain.records, 0).recordId, text: 'smuggled', salt: saltFor('x') }];

    expect(verifyChain(chain.records, texts)).toMatchObject({ ok: false, broken: { index: 0, reason: 'unexpected-text' } });
  });
});

describe('verifyChain with redactions', () => {
  const cardFragment = 'my card is 4111 1111';

  function redacted(): { chain: ChainBuilder; original: ArchiveRecord; redaction: ArchiveRecord } {
    const chain = new ChainBuilder();
    chain.event('conversation.started');
    const original = chain.message(cardFragment);
    chain.message('1111 1111 exp 12/29');
    chain.event('conversation.queued', { queue: 'sales' });
    const redaction = chain.redact(original, 'my card is [CARD]');
    return { chain, original, redaction };
  }

  it('keeps the chain valid, with the redaction as a new link naming the superseded record', () => {
    const { chain, original, redaction } = redacted();

    expect(verifyChain(chain.records, chain.storedTexts)).toMatchObject({ ok: true, records: 5 });
    expect(redaction).toMatchObject({ sequence: 5, kind: 'redaction', supersedesRecordId: original.recordId });
    expect(original.contentCommitment).not.toBeNull();
  });

  it('leaves the old text nowhere: not in the texts, not in any record, and its commitment is not its plain hash', () => {
    const { chain, original } = redacted();
    const everythingKept = JSON.stringify({ records: chain.records, texts: chain.storedTexts });

    expect(chain.texts.has(original.recordId)).toBe(false);
    expect(everythingKept).not.toContain('4111');
    expect(original.contentCommitment).not.toBe(createHash('sha256').update(cardFragment).digest('hex'));
  });

  it('lets the current text be read through the redaction link', () => {
    const { chain, redaction } = redacted();

    expect(chain.texts.get(redaction.recordId)?.text).toBe('my card is [CARD]');
    expect(redaction.contentCommitment).toBe(commitContent('my card is [CARD]', saltFor(redaction.recordId)));
  });

  it('reports a redaction whose old text was kept: superseded-text-present', () => {
    const { chain, original } = redacted();
    const texts = [...chain.storedTexts, { recordId: original.recordId, text: cardFragment, salt: saltFor(original.recordId) }];

    expect(verifyChain(chain.records, texts)).toMatchObject({ ok: false, broken: { index: 1, reason: 'superseded-text-present' } });
  });

  it('reports a removed redaction text like any removed text', () => {
    const { chain, redaction } = redacted();
    const texts = chain.storedTexts.filter((content) => content.recordId !== redaction.recordId);

    expect(verifyChain(chain.records, texts)).toMatchObject({ ok: false, broken: { index: 4, reason: 'text-missing-without-redaction' } });
  });

  it('accepts a redaction of a redaction, which supersedes the previous link', () => {
    const { chain, redaction } = redacted();
    chain.redact(redaction, 'my card is [REDACTED]');

    expect(verifyChain(chain.records, chain.storedTexts)).toMatchObject({ ok: true, records: 6 });
    expect(chain.storedTexts.map((content) => content.text)).not.toContain('my card is [CARD]');
  });

  it('reports a second redaction of an already superseded record: invalid-redaction', () => {
    const { chain, original } = redacted();
    chain.redact(original, 'my card is [X]');

    expect(verifyChain(chain.records, chain.storedTexts)).toMatchObject({
      ok: false,
      broken: { index: 5, reason: 'invalid-redaction', detail: `the record ${original.recordId} was already superseded` },
    });
  });

  it('reports a redaction naming a record without text: invalid-redaction', () => {
    const chain = new ChainBuilder();
    const started = chain.event('conversation.started');
    const head = chain.message('hello');
    const forged = appendRecord(head, draftFrom(head, {
      recordId: 'rec-forged-02',
      eventId: eventIdFor(77),
      kind: 'redaction',
      supersedesRecordId: started.recordId,
      contentCommitment: commitContent('x', saltFor('forged')),
    }));

    expect(verifyChain([...chain.records, forged], [...chain.storedTexts, { recordId: 'rec-forged-02', text: 'x', salt: saltFor('forged') }])).toMatchObject({
      ok: false,
      broken: { index: 2, reason: 'invalid-redaction', detail: `the superseded record ${started.recordId} has no text` },
    });
  });
});
