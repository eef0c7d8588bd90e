import { verify, type KeyObject } from 'node:crypto';

export type JwtRejection = 'malformed' | 'unsupported-algorithm' | 'bad-signature' | 'wrong-application' | 'missing-claims' | 'expired' | 'issued-in-future';

export type JwtVerification = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: JwtRejection };

/** Clock skew tolerated for `iat`, as a real issuer's clock may run slightly ahead. */
const IAT_SKEW_SECONDS = 300;

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies an application JWT the way Vonage does for `Authorization: Bearer`: RS256, the application, `exp`, `iat`. */
export function verifyApplicationJwt(token: string, publicKey: KeyObject, applicationId: string, nowSeconds: number): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return { ok: false, reason: 'malformed' };
  }
  const [encodedHeader = '', encodedClaims = '', encodedSignature = ''] = parts;
  const header = decodeSegment(encodedHeader);
  const claims = decodeSegment(encodedClaims);
  if (!header || !claims) {
    return { ok: false, reason: 'malformed' };
  }
  if (header.alg !== 'RS256') {
    return { ok: false, reason: 'unsupported-algorithm' };
  }
  const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`, 'utf8');
  let valid: boolean;
  try {
    valid = verify('RSA-SHA256', signed, publicKey, Buffer.from(encodedSignature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (claims.application_id !== applicationId) {
    return { ok: false, reason: 'wrong-application' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
    return { ok: false, reason: 'missing-claims' };
  }
  if (claims.exp <= nowSeconds) {
    return { ok: false, reason: 'expired' };
  }
  if (claims.iat > nowSeconds + IAT_SKEW_SECONDS) {
    return { ok: false, reason: 'issued-in-future' };
  }
  return { ok: true, claims };
}
