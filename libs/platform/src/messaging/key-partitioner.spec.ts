import { randomBytes, randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { keyPartitioner, murmur2 } from './key-partitioner.ts';

// kafkajs's own hash, on 64-bit Long objects: the reference the 32-bit one must match bit for bit.
const reference = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

function randomKey(): string {
  const alphabet = ['a', 'Z', '0', '_', '-', 'é', 'ß', '€', '中', '😀'];
  return Array.from({ length: randomInt(0, 120) }, () => alphabet[randomInt(0, alphabet.length)]).join('');
}

function partitions(count: number, leaderless: readonly number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    replicas: [1],
    isr: [1],
  }));
}

describe('murmur2', () => {
  it('matches the hash kafkajs and Java compute, for texts and bytes of every length', () => {
    for (let round = 0; round < 3_000; round += 1) {
      const text = randomKey();
      expect(murmur2(Buffer.from(text))).toBe(reference(text));
      const bytes = randomBytes(randomInt(0, 64));
      expect(murmur2(bytes)).toBe(reference(bytes));
    }
  });

  it('gives the published Java values', () => {
    // Values from Kafka's UtilsTest.testMurmur2.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from([97, 98, 99]))).toBe(479470107);
  });
});

describe('the key partitioner', () => {
  it('puts every key on the partition kafkajs would choose', () => {
    const ours = keyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const count of [1, 2, 3, 6, 12, 50]) {
      const partitionMetadata = partitions(count);
      for (let round = 0; round < 500; round += 1) {
        const key = round % 2 === 0 ? `thr_${randomBytes(16).toString('base64url')}` : randomKey();
        const message = { key, value: 'v' };
        expect(ours({ topic: 't', partitionMetadata, message })).toBe(theirs({ topic: 't', partitionMetadata, message }));
      }
    }
    // Keys too long for the reused buffer take the allocating path, with the same answer.
    const long = 'x'.repeat(1_000);
    expect(ours({ topic: 't', partitionMetadata: partitions(12), message: { key: long, value: 'v' } })).toBe(
      theirs({ topic: 't', partitionMetadata: partitions(12), message: { key: long, value: 'v' } }),
    );
  });

  it('keeps a partition the message names, and spreads unkeyed messages over partitions that have a leader', () => {
    const partitioner = keyPartitioner();
    const partitionMetadata = partitions(4, [2]);
    expect(partitioner({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 2 } })).toBe(2);
    const chosen = Array.from({ length: 30 }, () => partitioner({ topic: 't', partitionMetadata, message: { value: 'v' } }));
    expect(new Set(chosen)).toEqual(new Set([0, 1, 3]));
  });
});
