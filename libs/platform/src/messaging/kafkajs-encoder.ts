import { createRequire } from 'node:module';

/** The part of kafkajs's protocol encoder the change below touches. */
export interface KafkaEncoder {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
  writeUVarInt(value: number): KafkaEncoder;
}

/** The most bytes an unsigned 32-bit integer takes in the protocol's variable-length format. */
const MAX_UVARINT_BYTES = 5;

/**
 * kafkajs 2.2.4 writes every variable-length integer of a record (a dozen per message: lengths, deltas, header
 * sizes) through a new array and a new Buffer, the largest allocation on the webhook's path. This writes the same
 * bytes in place.
 */
function writeUVarInt(this: KafkaEncoder, value: number): KafkaEncoder {
  this.ensureAvailable(MAX_UVARINT_BYTES);
  let rest = value;
  while ((rest & 0xffffff80) !== 0) {
    this.buf[this.offset++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  this.buf[this.offset++] = rest & 0x7f;
  return this;
}

/** kafkajs's Encoder class, with the change applied (once, on first use). */
export function kafkaEncoderClass(): new (initialSize?: number) => KafkaEncoder & { buffer: Buffer } {
  const Encoder = createRequire(import.meta.url)('kafkajs/src/protocol/encoder.js') as new (initialSize?: number) => KafkaEncoder & { buffer: Buffer };
  const prototype = Encoder.prototype as KafkaEncoder;
  if (typeof prototype.writeUVarInt !== 'function' || typeof prototype.ensureAvailable !== 'function') {
    throw new Error('kafkajs changed its encoder; the varint change in kafkajs-encoder.ts needs a look');
  }
  prototype.writeUVarInt = writeUVarInt;
  return Encoder;
}

kafkaEncoderClass();
