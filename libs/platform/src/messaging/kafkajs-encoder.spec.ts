import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { kafkaEncoderClass } from './kafkajs-encoder.ts';

const Decoder = createRequire(import.meta.url)('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => {
  readUVarInt(): number;
  readVarInt(): number;
  readInt8(): number;
};

/** LEB128 of an unsigned 32-bit value, written out independently of kafkajs. */
function leb128(value: number): number[] {
  const bytes: number[] = [];
  let rest = BigInt(value >>> 0);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return bytes;
}

describe("kafkajs's encoder with in-place variable-length integers", () => {
  const Encoder = kafkaEncoderClass();
  const values = [0, 1, 127, 128, 255, 300, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];

  it('writes the protocol bytes for every width, and kafkajs reads them back', () => {
    for (const value of [...values, ...Array.from({ length: 2_000 }, () => randomInt(0, 2 ** 32 - 1))]) {
      const encoder = new Encoder(1);
      encoder.writeUVarInt(value);
      expect([...encoder.buffer]).toEqual(leb128(value));
      expect(new Decoder(encoder.buffer).readUVarInt()).toBe(value >>> 0);
    }
  });

  it('grows the buffer as needed and keeps what was written before', () => {
    const encoder = new Encoder(1) as InstanceType<ReturnType<typeof kafkaEncoderClass>> & { writeInt8(value: number): unknown; writeVarInt(value: number): unknown };
    const written = Array.from({ length: 300 }, () => randomInt(-(2 ** 31), 2 ** 31));
    encoder.writeInt8(7);
    for (const value of written) {
      encoder.writeVarInt(value);
    }
    const decoder = new Decoder(encoder.buffer);
    expect(decoder.readInt8()).toBe(7);
    expect(written.map(() => decoder.readVarInt())).toEqual(written);
  });
});
