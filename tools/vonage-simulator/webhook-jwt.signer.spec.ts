import { createHash } from 'node:crypto';
import { verifySignature } from '@vonage/jwt';
import { describe, expect, it } from 'vitest';
import { queryPayload, signPayload, tamperBody } from './webhook-jwt.signer.ts';

const KEYS = { signatureSecret: 'the-signature-secret', apiKey: 'abcd1234', applicationId: 'app-1' };
const NOW = 1_738_584_865;

function claims(authorization: string | undefined): Record<string, unknown> {
  const token = (authorization ?? '').replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('signPayload', () => {
  const body = JSON.stringify({ text: 'héllo', to: '447700900000' });

  it('signs a token the Vonage SDK verifies, hashing the exact body', () => {
    const signed = signPayload(body, body, 'valid', KEYS, NOW);

    expect(signed.body).toBe(body);
    expect(verifySignature(signed.authorization!.slice('Bearer '.length), KEYS.signatureSecret)).toBe(true);
    expect(claims(signed.authorization)).toEqual({
      iat: NOW,
      jti: expect.any(String) as unknown,
      iss: 'Vonage',
      payload_hash: sha256(body),
      api_key: 'abcd1234',
      application_id: 'app-1',
    });
  });

  it('hashes the compact JSON of GET query parameters, in order', () => {
    const query = [
      ['to', '447700900000'],
      ['from', '447700900001'],
    ] as const;

    const payload = queryPayload(query);
    const signed = signPayload(payload, '', 'valid', KEYS, NOW);

    expect(payload).toBe('{"to":"447700900000","from":"447700900001"}');
    expect(claims(signed.authorization).payload_hash).toBe(sha256(payload));
  });

  it('produces each broken variant', () => {
    expect(signPayload(body, body, 'unsigned', KEYS, NOW)).toEqual({ body });

    const bad = signPayload(body, body, 'bad-signature', KEYS, NOW);
    expect(verifySignature(bad.authorization!.slice(7), KEYS.signatureSecret)).toBe(false);

    const tampered = signPayload(body, body, 'tampered-body', KEYS, NOW);
    expect(tampered.body).not.toBe(body);
    expect(claims(tampered.authorization).payload_hash).toBe(sha256(body));

    expect(claims(signPayload(body, body, 'stale', KEYS, NOW).authorization).iat).toBe(NOW - 172_800);
  });

  it('tampers with the text when there is one, and adds a field otherwise', () => {
    expect(JSON.parse(tamperBody('{"text":"hi"}'))).toEqual({ text: 'hi [tampered]' });
    expect(JSON.parse(tamperBody('{"status":"delivered"}'))).toEqual({ status: 'delivered', tampered: true });
  });
});
