import { randomFillSync } from 'node:crypto';
import { ArchiveLinkInvalidError } from './chain.errors.ts';
import { SHA256_HEX_PATTERN, sha256Hex } from './sha256.ts';

/** Bytes of random salt per text: enough that a commitment to a short text cannot be searched for. */
export const CONTENT_SALT_BYTES = 32;

const SALT_PATTERN = new RegExp(`^[0-9a-f]{${CONTENT_SALT_BYTES * 2}}$`);

/** A text as the archive stores it beside its record; deleting the row deletes the text and its salt together. */
export interface StoredContent {
  recordId: string;
  text: string;
  /** Hex of CONTENT_SALT_BYTES random bytes. */
  salt: string;
}

/** Random bytes drawn from the system a few kilobytes at a time: one call per salt costs more than the hashing. */
const saltPool = Buffer.alloc(CONTENT_SALT_BYTES * 256);
let saltPoolOffset = saltPool.length;

/** A fresh random salt, hex-encoded. */
export function newContentSalt(): string {
  if (saltPoolOffset === saltPool.length) {
    randomFillSync(saltPool);
    saltPoolOffset = 0;
  }
  const salt = saltPool.toString('hex', saltPoolOffset, saltPoolOffset + CONTENT_SALT_BYTES);
  saltPoolOffset += CONTENT_SALT_BYTES;
  return salt;
}

/**
 * `sha256(salt || utf8(text))` in hex: what a chain record commits to instead of the text, so the text (with its
 * salt) can be deleted later without touching the chain, and the commitment left behind reveals nothing of it.
 */
export function commitContent(text: string, salt: string): string {
  if (!SALT_PATTERN.test(salt)) {
    throw new ArchiveLinkInvalidError(`a content salt must be ${CONTENT_SALT_BYTES * 2} lower-case hex characters`);
  }
  return sha256Hex(Buffer.from(salt, 'hex'), Buffer.from(text, 'utf8'));
}

/** Salts a text and commits to it, ready to store beside a new record. */
export function sealContent(recordId: string, text: string, salt: string = newContentSalt()): StoredContent & { commitment: string } {
  return { recordId, text, salt, commitment: commitContent(text, salt) };
}

/** Whether a stored text and salt still match the commitment its record holds; a malformed salt never matches. */
export function contentMatches(content: Pick<StoredContent, 'text' | 'salt'>, commitment: string): boolean {
  if (!SALT_PATTERN.test(content.salt) || !SHA256_HEX_PATTERN.test(commitment)) {
    return false;
  }
  return commitContent(content.text, content.salt) === commitment;
}
