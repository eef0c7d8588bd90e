import { createHmac, hash, timingSafeEqual } from 'node:crypto';

export type SignatureFailure =
  | 'missing'
  | 'malformed'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-account'
  | 'payload-mismatch'
  | 'stale'
  | 'from-the-future';

export type SignatureCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: SignatureFailure };

export interface SignatureExpectations {
  secret: string;
  apiKey: string;
  maxAgeSeconds: number;
  now: Date;
}

const CLOCK_SKEW_SECONDS = 300;

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The payload hash Vonage puts in the token: SHA-256 hex of the exact body bytes. */
export function payloadHash(payload: Buffer | string): string {
  return hash('sha256', payload, 'hex');
}

/**
 * For GET webhooks (the voice answer URL) Vonage hashes the query parameters as compact JSON, in the order
 * received.
 */
export function queryPayload(query: Iterable<[string, string]>): string {
  return JSON.stringify(Object.fromEntries(query));
}

/**
 * Checks a carrier webhook's `Authorization: Bearer` token: an HS256 JWT signed with the account's signature
 * secret, issued by Vonage for our API key, recent, and committing to these exact payload bytes. The signature
 * alone proves little: a valid token replayed over another body must fail, hence the payload hash.
 */
export function verifyWebhookSignature(
  authorization: string | undefined,
  payload: Buffer | string,
  expected: SignatureExpectations,
): SignatureCheck {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? '');
  if (!authorization) {
    return { ok: false, reason: 'missing' };
  }
  if (!match) {
    return { ok: false, reason: 'malformed' };
  }
  const [, headerPart = '', claimsPart = '', signaturePart = ''] = match;
  const header = decodeJson(headerPart);
  const claims = decodeJson(claimsPart);
  if (!header || !claims) {
    return { ok: false, reason: 'malformed' };
  }
  if (header['alg'] !== 'HS256') {
    return { ok: false, reason: 'unsupported-algorithm' };
  }
  const signature = createHmac('sha256', expected.secret).update(`${headerPart}.${claimsPart}`).digest('base64url');
  if (!safeEqual(signature, signaturePart)) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (claims['iss'] !== 'Vonage') {
    return { ok: false, reason: 'wrong-issuer' };
  }
  if (claims['api_key'] !== expected.apiKey) {
    return { ok: false, reason: 'wrong-account' };
  }
  if (typeof claims['payload_hash'] !== 'string' || !safeEqual(claims['payload_hash'], payloadHash(payload))) {
    return { ok: false, reason: 'payload-mismatch' };
  }
  const issuedAt = typeof claims['iat'] === 'number' ? claims['iat'] : Number.NaN;
  const nowSeconds = expected.now.getTime() / 1000;
  if (!Number.isFinite(issuedAt) || nowSeconds - issuedAt > expected.maxAgeSeconds) {
    return { ok: false, reason: 'stale' };
  }
  if (issuedAt - nowSeconds > CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'from-the-future' };
  }
  if (typeof claims['exp'] === 'number' && claims['exp'] < nowSeconds) {
    return { ok: false, reason: 'stale' };
  }
  return { ok: true, claims };
}
