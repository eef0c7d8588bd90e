import { createHmac, randomBytes } from 'node:crypto';

const ID_BYTES = 16;
// Random bytes are drawn in blocks, as Node does for randomUUID: one draw per id costs more than the id itself.
const POOL_BYTES = ID_BYTES * 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** A fresh random id with a readable prefix, e.g. `msg_3hQ…`; 16 random bytes, never derived from personal data. */
export function newId(prefix: string): string {
  if (poolOffset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const random = pool.toString('base64url', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return `${prefix}_${random}`;
}

function keyedId(prefix: string, secret: string, parts: readonly string[]): string {
  const digest = createHmac('sha256', secret).update(parts.join('\u0000')).digest().subarray(0, 18);
  return `${prefix}_${digest.toString('base64url')}`;
}

/**
 * The thread between one customer and one business number of a tenant, as an opaque id: keyed with a secret so
 * that nobody can recover or test a phone number from it (Kafka keys end up in traces and tools).
 */
export function threadIdFor(secret: string, tenantId: string, businessNumber: string, customerNumber: string): string {
  return keyedId('thr', secret, ['thread', tenantId, businessNumber, customerNumber]);
}

/** An opaque id for a phone number that belongs to no tenant, such as a number nobody configured. */
export function numberIdFor(secret: string, number: string): string {
  return keyedId('nid', secret, ['number', number]);
}
