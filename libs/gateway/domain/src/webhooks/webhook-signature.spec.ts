import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { payloadHash, queryPayload, verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'signature-secret-0123456789';
const now = new Date('2026-11-29T12:00:00Z');
const expected = { secret, apiKey: 'abcd1234', maxAgeSeconds: 3_600, now };
const body = Buffer.from('{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","text":"Caf\\u00e9"}');

function token(claims: Record<string, unknown>, options: { key?: string; alg?: string } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', options.key ?? secret).update(`${header}.${payload}`).digest('base64url');
  return `Bearer ${header}.${payload}.${signature}`;
}

const validClaims = {
  iat: now.getTime() / 1000 - 5,
  jti: 'e1b2c3d4',
  iss: 'Vonage',
  payload_hash: payloadHash(body),
  api_key: 'abcd1234',
  application_id: 'app-1',
};

describe('verifyWebhookSignature', () => {
  it('accepts a token that signs these exact bytes', () => {
    expect(verifyWebhookSignature(token(validClaims), body, expected)).toMatchObject({ ok: true });
  });

  it.each([
    ['missing', undefined],
    ['malformed', 'Bearer not-a-jwt'],
    ['bad-signature', token(validClaims, { key: 'someone-elses-secret' })],
    ['unsupported-algorithm', token(validClaims, { alg: 'none' })],
    ['wrong-issuer', token({ ...validClaims, iss: 'Mallory' })],
    ['wrong-account', token({ ...validClaims, api_key: 'other' })],
    ['stale', token({ ...validClaims, iat: now.getTime() / 1000 - 7_200 })],
    ['stale', token({ ...validClaims, exp: now.getTime() / 1000 - 1 })],
    ['from-the-future', token({ ...validClaims, iat: now.getTime() / 1000 + 3_600 })],
  ])('refuses %s', (reason, authorization) => {
    expect(verifyWebhookSignature(authorization, body, expected)).toEqual({ ok: false, reason });
  });

  it('refuses a valid token over a tampered body', () => {
    const tampered = Buffer.from(body.toString().replace('Caf', 'Cab'));
    expect(verifyWebhookSignature(token(validClaims), tampered, expected)).toEqual({ ok: false, reason: 'payload-mismatch' });
  });

  it('hashes the raw bytes, so a body the parser would re-serialise differently still verifies', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(reserialised.equals(body)).toBe(false);
    expect(verifyWebhookSignature(token(validClaims), body, expected).ok).toBe(true);
  });

  it('hashes GET query parameters as compact JSON in the order received', () => {
    const query = queryPayload(new URLSearchParams('to=14155550100&from=447700900001&uuid=u-1&conversation_uuid=CON-1'));
    expect(query).toBe('{"to":"14155550100","from":"447700900001","uuid":"u-1","conversation_uuid":"CON-1"}');
  });
});
