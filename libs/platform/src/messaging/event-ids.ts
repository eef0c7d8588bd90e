import { createHash, randomUUID } from 'node:crypto';

export function newEventId(): string {
  return randomUUID();
}

/**
 * A stable id for an event caused by another, so a handler that runs twice after a redelivery publishes the same
 * event twice and downstream consumers drop the copy (name-based UUID, version 5 layout over SHA-1).
 */
export function deriveEventId(sourceEventId: string, purpose: string): string {
  const hash = createHash('sha1').update(`${sourceEventId}\u0000${purpose}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
