import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const scratch = Buffer.alloc(256);

/**
 * Kafka's murmur2, as Java's default partitioner computes it, in 32-bit integer arithmetic. kafkajs computes the
 * same hash on 64-bit Long objects, a dozen allocations per byte quartet, for every message it sends.
 */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = (SEED ^ length) | 0;
  const quartets = length >>> 2;
  for (let i = 0; i < quartets; i += 1) {
    const offset = i << 2;
    let k = (data[offset] as number) | ((data[offset + 1] as number) << 8) | ((data[offset + 2] as number) << 16) | ((data[offset + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) {
      h ^= (data[tail + 2] as number) << 16;
    }
    if (rest >= 2) {
      h ^= (data[tail + 1] as number) << 8;
    }
    h = Math.imul(h ^ (data[tail] as number), M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

function keyHash(key: Buffer | string): number {
  if (typeof key !== 'string') {
    return murmur2(key);
  }
  // Keys are ids of a few dozen bytes: encoding them into one reused buffer spares an allocation per message.
  if (key.length * 3 <= scratch.length) {
    return murmur2(scratch, scratch.write(key, 0, 'utf8'));
  }
  return murmur2(Buffer.from(key, 'utf8'));
}

/**
 * kafkajs's default partitioner (Java's: a message's key picks its partition by murmur2, an unkeyed message goes
 * round-robin over the partitions that have a leader), with the hash above. Same key, same partition as before.
 */
export const keyPartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) {
      return message.partition;
    }
    if (message.key !== null && message.key !== undefined) {
      return (keyHash(message.key) & 0x7fffffff) % partitionMetadata.length;
    }
    const counter = (counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    counters.set(topic, counter);
    const available = partitionMetadata.filter((partition) => partition.leader >= 0);
    const pool = available.length > 0 ? available : partitionMetadata;
    return (pool[(counter & 0x7fffffff) % pool.length] as (typeof partitionMetadata)[number]).partitionId;
  };
};
