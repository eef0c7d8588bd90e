import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ArchiveLinkInvalidError } from './chain.errors.ts';
import { CONTENT_SALT_BYTES, commitContent, contentMatches, newContentSalt, sealContent } from './content-commitment.ts';

const SALT = 'ab'.repeat(CONTENT_SALT_BYTES);

describe('commitContent', () => {
  it('is sha256 of the salt bytes followed by the UTF-8 text', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.alloc(CONTENT_SALT_BYTES, 0xab), Buffer.from('café 4111', 'utf8')]))
      .digest('hex');

    expect(commitContent('café 4111', SALT)).toBe(expected);
  });

  it('differs from the unsalted hash and between salts, so a short text cannot be looked up', () => {
    const unsalted = createHash('sha256').update('4111').digest('hex');
    const other = 'cd'.repeat(CONTENT_SALT_BYTES);

    expect(commitContent('4111', SALT)).not.toBe(unsalted);
    expect(commitContent('4111', SALT)).not.toBe(commitContent('4111', other));
  });

  it.each([
    ['too short', 'ab'],
    ['upper-case hex', 'AB'.repeat(CONTENT_SALT_BYTES)],
    ['not hex', 'zz'.repeat(CONTENT_SALT_BYTES)],
  ])('refuses a salt that is %s', (_label, salt) => {
    expect(() => commitContent('text', salt)).toThrow(ArchiveLinkInvalidError);
  });
});

describe('newContentSalt and sealContent', () => {
  it('makes a fresh 32-byte hex salt each time', () => {
    const first = newContentSalt();

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(newContentSalt()).not.toBe(first);
  });

  it('seals a text with its commitment, using the salt given', () => {
    expect(sealContent('rec-00000001', 'hello', SALT)).toEqual({
      recordId: 'rec-00000001',
      text: 'hello',
      salt: SALT,
      commitment: commitContent('hello', SALT),
    });
  });
});

describe('contentMatches', () => {
  const commitment = commitContent('hello', SALT);

  it('accepts the committed text and salt', () => {
    expect(contentMatches({ text: 'hello', salt: SALT }, commitment)).toBe(true);
  });

  it.each([
    ['an altered text', { text: 'hellO', salt: SALT }],
    ['a text with a trailing space', { text: 'hello ', salt: SALT }],
    ['another salt', { text: 'hello', salt: 'cd'.repeat(CONTENT_SALT_BYTES) }],
    ['a malformed salt', { text: 'hello', salt: 'not-a-salt' }],
  ])('rejects %s', (_label, content) => {
    expect(contentMatches(content, commitment)).toBe(false);
  });
});
