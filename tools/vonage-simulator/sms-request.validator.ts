import type { Problem } from './http.responses.ts';
import type { SmsEncodingType } from './sms-encoding.calculator.ts';

export interface SmsRequest {
  to: string;
  from: string;
  text: string;
  clientRef?: string;
  webhookUrl?: string;
  webhookVersion?: 'v0.1' | 'v1';
  ttl?: number;
  encodingType: SmsEncodingType;
  body: Record<string, unknown>;
}

export type SmsValidation = { ok: true; request: SmsRequest } | { ok: false; problem: Problem };

type InvalidParameter = { name: string; reason: string };

const MESSAGES_ERRORS = 'https://developer.vonage.com/api-errors/messages';
const E164_WITHOUT_PLUS = /^[1-9]\d{6,14}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MAX_TEXT_LENGTH = 3200;
const MAX_CLIENT_REF_LENGTH = 100;
const ENCODING_TYPES: readonly string[] = ['text', 'unicode', 'auto'];

function problem(requestId: string, code: number, title: string, detail: string, invalid?: InvalidParameter[]): SmsValidation {
  return {
    ok: false,
    problem: {
      type: `${MESSAGES_ERRORS}#${code}`,
      title,
      detail,
      instance: requestId,
      ...(invalid ? { invalid_parameters: invalid } : {}),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Validates a `POST /v1/messages` body for the SMS channel. Codes follow the Messages API OpenAPI `x-errors`
 * table; callers should rely on the HTTP status only, as Vonage's own examples use other codes.
 */
export function validateSmsRequest(raw: Buffer, requestId: string): SmsValidation {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      problem: {
        type: 'https://developer.vonage.com/api-errors#invalid-json',
        title: 'Invalid JSON',
        detail: `The request body did not contain valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        instance: requestId,
      },
    };
  }
  if (!isRecord(body)) {
    return {
      ok: false,
      problem: {
        type: 'https://developer.vonage.com/api-errors#invalid-json',
        title: 'Invalid JSON',
        detail: 'The request body did not contain a JSON object.',
        instance: requestId,
      },
    };
  }

  const required = ['channel', 'message_type', 'to', 'from', 'text'] as const;
  const missing = required.filter((name) => body[name] === undefined || body[name] === null || body[name] === '');
  if (missing.length > 0) {
    return problem(
      requestId,
      1010,
      'Missing params',
      'The request is missing one or more required parameters.',
      missing.map((name) => ({ name, reason: 'is required.' })),
    );
  }
  const notStrings = required.filter((name) => typeof body[name] !== 'string');
  if (notStrings.length > 0) {
    return problem(
      requestId,
      1020,
      'Invalid params',
      'The value of one or more parameters is invalid.',
      notStrings.map((name) => ({ name, reason: 'must be a string.' })),
    );
  }
  const { channel, message_type: messageType, to, from, text } = body as Record<(typeof required)[number], string>;

  if (channel !== 'sms') {
    return problem(requestId, 1400, 'Unsupported channel', `The channel '${channel}' is not supported by this simulator; only 'sms' is.`);
  }
  if (messageType !== 'text') {
    return problem(requestId, 1440, 'Invalid message type', `The message_type '${messageType}' is not valid for the sms channel; use 'text'.`);
  }
  if (!E164_WITHOUT_PLUS.test(to)) {
    return problem(requestId, 1430, 'Invalid recipient', "The value of the 'to' parameter is invalid: use an E.164 number without '+' or '00'.", [
      { name: 'to', reason: 'must be 7-15 digits, E.164 without a leading + or 00.' },
    ]);
  }
  if (!E164_WITHOUT_PLUS.test(from) && !ALPHANUMERIC_SENDER.test(from)) {
    return problem(requestId, 1420, 'Invalid sender', "The value of the 'from' parameter is invalid.", [
      { name: 'from', reason: 'must be an E.164 number without + or an alphanumeric sender ID of at most 11 characters.' },
    ]);
  }
  if (text.length > MAX_TEXT_LENGTH) {
    return problem(requestId, 1020, 'Invalid params', 'The value of one or more parameters is invalid.', [
      { name: 'text', reason: `must be at most ${MAX_TEXT_LENGTH} characters.` },
    ]);
  }

  const clientRef = body.client_ref;
  if (clientRef !== undefined && (typeof clientRef !== 'string' || clientRef.length > MAX_CLIENT_REF_LENGTH)) {
    return problem(requestId, 1450, 'Invalid client reference', `The client_ref must be a string of at most ${MAX_CLIENT_REF_LENGTH} characters.`, [
      { name: 'client_ref', reason: `must be a string of at most ${MAX_CLIENT_REF_LENGTH} characters.` },
    ]);
  }

  const ttl = body.ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 20 || ttl > 604800)) {
    return problem(requestId, 1130, 'Invalid TTL', 'The ttl must be an integer number of seconds between 20 and 604800.', [
      { name: 'ttl', reason: 'must be an integer between 20 and 604800.' },
    ]);
  }

  let encodingType: SmsEncodingType = 'auto';
  const sms = body.sms;
  if (sms !== undefined) {
    if (!isRecord(sms)) {
      return problem(requestId, 1410, 'Invalid channel parameters', 'The sms parameters are invalid.', [{ name: 'sms', reason: 'must be an object.' }]);
    }
    const requested = sms.encoding_type;
    if (requested !== undefined) {
      if (typeof requested !== 'string' || !ENCODING_TYPES.includes(requested)) {
        return problem(requestId, 1410, 'Invalid channel parameters', 'The sms parameters are invalid.', [
          { name: 'sms.encoding_type', reason: "must be one of 'text', 'unicode' or 'auto'." },
        ]);
      }
      encodingType = requested as SmsEncodingType;
    }
  }

  const invalid: InvalidParameter[] = [];
  const webhookUrl = body.webhook_url;
  if (webhookUrl !== undefined && (typeof webhookUrl !== 'string' || !isHttpUrl(webhookUrl))) {
    invalid.push({ name: 'webhook_url', reason: 'must be an http or https URL.' });
  }
  const webhookVersion = body.webhook_version;
  if (webhookVersion !== undefined && webhookVersion !== 'v0.1' && webhookVersion !== 'v1') {
    invalid.push({ name: 'webhook_version', reason: "must be 'v0.1' or 'v1'." });
  }
  if (invalid.length > 0) {
    return problem(requestId, 1020, 'Invalid params', 'The value of one or more parameters is invalid.', invalid);
  }

  return {
    ok: true,
    request: {
      to,
      from,
      text,
      encodingType,
      body,
      ...(typeof clientRef === 'string' ? { clientRef } : {}),
      ...(typeof webhookUrl === 'string' ? { webhookUrl } : {}),
      ...(webhookVersion === 'v0.1' || webhookVersion === 'v1' ? { webhookVersion } : {}),
      ...(typeof ttl === 'number' ? { ttl } : {}),
    },
  };
}
