import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';

/** How a webhook is signed; everything but `valid` lets the receiver's guard be tested (stale = `iat` two days old). */
export const SIGNING_MODES = ['valid', 'unsigned', 'bad-signature', 'tampered-body', 'stale'] as const;

export type SigningMode = (typeof SIGNING_MODES)[number];

export interface WebhookSigningKeys {
  signatureSecret: string;
  apiKey: string;
  applicationId: string;
}

export interface WebhookClaims {
  iat: number;
  jti: string;
  iss: 'Vonage';
  payload_hash: string;
  api_key: string;
  application_id: string;
}

const STALE_AGE_SECONDS = 2 * 24 * 60 * 60;

export function sha256Hex(payload: string): string {
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

/** An HS256 JWT in Vonage's signed-webhook shape (no `exp`, as Vonage sends none). */
export function signWebhookJwt(claims: WebhookClaims, secret: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

/** The payload a hash covers for a GET webhook: the query parameters, in order, as compact JSON. */
export function queryPayload(query: ReadonlyArray<readonly [string, string]>): string {
  return JSON.stringify(Object.fromEntries(query));
}

/** Changes a JSON body after it was signed, so its `payload_hash` no longer matches. */
export function tamperBody(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const record = parsed as Record<string, unknown>;
      return typeof record.text === 'string'
        ? JSON.stringify({ ...record, text: `${record.text} [tampered]` })
        : JSON.stringify({ ...record, tampered: true });
    }
  } catch {
    return `${body} `;
  }
  return `${body} `;
}

export interface SignedPayload {
  /** The exact bytes to send (differs from the input only for `tampered-body`). */
  body: string;
  authorization?: string;
  claims?: WebhookClaims;
}

/** Signs one delivery attempt; `hashedPayload` is what the hash covers (the body, or the GET query JSON). */
export function signPayload(
  hashedPayload: string,
  body: string,
  mode: SigningMode,
  keys: WebhookSigningKeys,
  nowSeconds: number,
): SignedPayload {
  if (mode === 'unsigned') {
    return { body };
  }
  const sentBody = mode === 'tampered-body' && body !== '' ? tamperBody(body) : body;
  const claims: WebhookClaims = {
    iat: mode === 'stale' ? nowSeconds - STALE_AGE_SECONDS : nowSeconds,
    jti: randomUUID(),
    iss: 'Vonage',
    payload_hash: sha256Hex(mode === 'tampered-body' && body === '' ? `${hashedPayload} ` : hashedPayload),
    api_key: keys.apiKey,
    application_id: keys.applicationId,
  };
  const secret = mode === 'bad-signature' ? randomBytes(32).toString('hex') : keys.signatureSecret;
  return { body: sentBody, authorization: `Bearer ${signWebhookJwt(claims, secret)}`, claims };
}
