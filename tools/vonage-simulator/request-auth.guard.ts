import { timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { verifyApplicationJwt } from './application-jwt.verifier.ts';
import type { Problem } from './http.responses.ts';
import type { AuthKind } from './simulator.state.ts';

export interface ApiCredentials {
  applicationId: string;
  publicKey: KeyObject;
  apiKey: string;
  apiSecret: string;
}

export type AuthOutcome =
  | { ok: true; kind: AuthKind; claims?: Record<string, unknown> }
  | { ok: false; problem: Problem; reason: string };

// The misspelt slug is what the Messages API OpenAPI document gives for 401.
const UNAUTHORIZED_TYPE = 'https://developer.vonage.com/api-errors/#unathorized';
const EXPIRED_TYPE = 'https://developer.vonage.com/api-errors#jwt-expired';

function unauthorized(requestId: string, reason: string, type = UNAUTHORIZED_TYPE): AuthOutcome {
  return {
    ok: false,
    reason,
    problem: {
      type,
      title: 'You did not provide correct credentials.',
      detail: "Check that you're using the correct credentials, and that your account has this feature enabled",
      instance: requestId,
    },
  };
}

function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Accepts an RS256 application JWT, or (when `allowBasic`) Basic `apiKey:apiSecret`, as Vonage does. */
export function authenticate(req: IncomingMessage, credentials: ApiCredentials, allowBasic: boolean, requestId: string): AuthOutcome {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer?.[1]) {
    const verification = verifyApplicationJwt(bearer[1], credentials.publicKey, credentials.applicationId, Math.floor(Date.now() / 1000));
    if (verification.ok) {
      return { ok: true, kind: 'jwt', claims: verification.claims };
    }
    return unauthorized(requestId, verification.reason, verification.reason === 'expired' ? EXPIRED_TYPE : UNAUTHORIZED_TYPE);
  }
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic?.[1] && allowBasic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    const key = separator >= 0 ? decoded.slice(0, separator) : decoded;
    const secret = separator >= 0 ? decoded.slice(separator + 1) : '';
    // Both comparisons always run so that timing does not reveal which half was wrong.
    const keyMatches = sameText(key, credentials.apiKey);
    const secretMatches = sameText(secret, credentials.apiSecret);
    return keyMatches && secretMatches ? { ok: true, kind: 'basic' } : unauthorized(requestId, 'bad-basic-credentials');
  }
  return unauthorized(requestId, basic ? 'basic-not-allowed' : 'missing-credentials');
}
