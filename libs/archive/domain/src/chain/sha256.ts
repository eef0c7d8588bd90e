import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of a UTF-8 string or of raw bytes. */
export function sha256Hex(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
  }
  return hash.digest('hex');
}

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
