import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt with OWASP's 32 MiB setting (N=2^15, r=8, p=3), a 16-byte salt and a 64-byte key; the same strength as
 * N=2^17 with p=1 in a quarter of the memory, which matters when several logins land on one small replica at once.
 */
export const PASSWORD_HASH_PARAMETERS = { logN: 15, r: 8, p: 3, saltBytes: 16, keyBytes: 64 } as const;

interface ScryptParameters {
  logN: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, keyBytes: number, parameters: ScryptParameters): Promise<Buffer> {
  const cost = 2 ** parameters.logN;
  const options: ScryptOptions = { N: cost, r: parameters.r, p: parameters.p, maxmem: 256 * cost * parameters.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$ln=15,r=8,p=3$<salt>$<key>` (base64url), self-describing so stronger parameters can come later. */
export async function hashPassword(password: string): Promise<string> {
  const { logN, r, p, saltBytes, keyBytes } = PASSWORD_HASH_PARAMETERS;
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, keyBytes, { logN, r, p });
  return `scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash extends ScryptParameters {
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const match = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/.exec(encoded);
  if (!match) {
    return undefined;
  }
  const [, logN, r, p, salt, key] = match;
  const parsed = { logN: Number(logN), r: Number(r), p: Number(p), salt: Buffer.from(salt ?? '', 'base64url'), key: Buffer.from(key ?? '', 'base64url') };
  // Refuses parameters no hash of ours has, so a tampered row cannot make a login burn the machine.
  return parsed.logN >= 10 && parsed.logN <= 20 && parsed.r >= 1 && parsed.r <= 16 && parsed.p >= 1 && parsed.p <= 16 ? parsed : undefined;
}

/** True when `password` matches `encoded`; compared in constant time. A malformed hash matches nothing. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) {
    return false;
  }
  const key = await derive(password, parsed.salt, parsed.key.length, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when a stored hash was made with other parameters than today's, so a successful login should rehash. */
export function needsRehash(encoded: string): boolean {
  const parsed = parseHash(encoded);
  const { logN, r, p, keyBytes } = PASSWORD_HASH_PARAMETERS;
  return !parsed || parsed.logN !== logN || parsed.r !== r || parsed.p !== p || parsed.key.length !== keyBytes;
}

/** A well-formed hash with today's parameters that no password matches (its key is all zeros). */
const DECOY_HASH = `scrypt$ln=${PASSWORD_HASH_PARAMETERS.logN},r=${PASSWORD_HASH_PARAMETERS.r},p=${PASSWORD_HASH_PARAMETERS.p}$${Buffer.alloc(PASSWORD_HASH_PARAMETERS.saltBytes).toString('base64url')}$${Buffer.alloc(PASSWORD_HASH_PARAMETERS.keyBytes).toString('base64url')}`;

/**
 * Spends the time a real check costs when there is no user to check against, so the answer's timing does not tell
 * whether an e-mail address has an account.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  await verifyPassword(password, DECOY_HASH);
  return false;
}
