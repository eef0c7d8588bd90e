import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimulatorLogger } from './simulator.logger.ts';
import type { SimulatorState, WebhookAttemptRecord, WebhookKind } from './simulator.state.ts';
import { queryPayload, signPayload, type SigningMode, type WebhookSigningKeys } from './webhook-jwt.signer.ts';

export interface RetrySchedule {
  initialMs: number;
  maxMs: number;
  giveUpAfterMs: number;
}

export interface WebhookRequest {
  kind: WebhookKind;
  method: 'GET' | 'POST';
  url: string;
  /** GET parameters, in the order they are sent and hashed. */
  query?: ReadonlyArray<readonly [string, string]>;
  /** The exact JSON bytes of a POST. */
  body?: string;
  signing: SigningMode;
  timeoutMs: number;
  messageUuid?: string;
  callUuid?: string;
}

export interface AttemptResult {
  ok: boolean;
  /** 429, 5xx, a network error or a timeout: worth another try. */
  retryable: boolean;
  cancelled: boolean;
  statusCode?: number;
  error?: string;
  responseBody?: string;
}

export type DeliveryProgress = 'retrying' | 'acknowledged' | 'refused' | 'failed';

const MAX_RECORDED_RESPONSE = 10_000;

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

/** Sends signed webhooks, records every attempt, and retries the way Vonage does until stopped. */
export class WebhookDispatcher {
  private readonly state: SimulatorState;
  private readonly keys: WebhookSigningKeys;
  private readonly logger: SimulatorLogger;
  private readonly lifetime = new AbortController();

  constructor(state: SimulatorState, keys: WebhookSigningKeys, logger: SimulatorLogger) {
    this.state = state;
    this.keys = keys;
    this.logger = logger;
  }

  get stopped(): boolean {
    return this.lifetime.signal.aborted;
  }

  stop(): void {
    this.lifetime.abort();
  }

  /** Waits unless the simulator stops first; resolves false when stopped. */
  async pause(ms: number, signal?: AbortSignal): Promise<boolean> {
    const signals = signal ? [this.lifetime.signal, signal] : [this.lifetime.signal];
    try {
      await sleep(Math.max(0, ms), undefined, { signal: AbortSignal.any(signals) });
      return true;
    } catch {
      return false;
    }
  }

  /** One attempt, recorded once `willRetry` has decided whether another attempt follows. */
  async attempt(request: WebhookRequest, attempt: number, deliveryId: string, willRetry: (result: AttemptResult) => boolean): Promise<AttemptResult> {
    const query = request.query ?? [];
    const body = request.method === 'POST' ? (request.body ?? '') : '';
    const hashed = request.method === 'GET' ? queryPayload(query) : body;
    const signed = signPayload(hashed, body, request.signing, this.keys, Math.floor(Date.now() / 1000));
    const url = new URL(request.url);
    for (const [name, value] of query) {
      url.searchParams.append(name, value);
    }
    const headers: Record<string, string> = { 'user-agent': 'parley-vonage-simulator' };
    if (request.method === 'POST') {
      headers['content-type'] = 'application/json';
    }
    if (signed.authorization) {
      headers.authorization = signed.authorization;
    }
    const record: WebhookAttemptRecord = {
      id: this.state.allocateWebhookId(),
      deliveryId,
      kind: request.kind,
      method: request.method,
      url: url.toString(),
      attempt,
      signing: request.signing,
      requestHeaders: headers,
      body: signed.body,
      willRetry: false,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      ...(signed.claims ? { claims: signed.claims } : {}),
      ...(request.messageUuid ? { messageUuid: request.messageUuid } : {}),
      ...(request.callUuid ? { callUuid: request.callUuid } : {}),
    };
    const started = performance.now();
    let result: AttemptResult;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        ...(request.method === 'POST' ? { body: signed.body } : {}),
        signal: AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(request.timeoutMs)]),
      });
      const text = await response.text();
      const status = response.status;
      result = {
        ok: status >= 200 && status < 300,
        retryable: status === 429 || status >= 500,
        cancelled: false,
        statusCode: status,
        responseBody: text.slice(0, MAX_RECORDED_RESPONSE),
      };
    } catch (error) {
      const cancelled = this.lifetime.signal.aborted;
      result = { ok: false, retryable: !cancelled, cancelled, error: cancelled ? 'cancelled: simulator stopped' : describeError(error) };
    }
    record.durationMs = Math.round(performance.now() - started);
    if (result.statusCode !== undefined) {
      record.statusCode = result.statusCode;
      record.responseBody = result.responseBody ?? '';
    }
    if (result.error !== undefined) {
      record.error = result.error;
    }
    record.willRetry = !result.ok && !result.cancelled && willRetry(result);
    this.state.webhooks.push(record);
    this.state.changed();
    this.logger.debug('webhook attempt', {
      kind: request.kind,
      url: request.url,
      attempt,
      statusCode: result.statusCode,
      error: result.error,
      messageUuid: request.messageUuid,
      callUuid: request.callUuid,
    });
    return result;
  }

  /** Messages API delivery: retries 429, 5xx and network errors with doubling backoff until the give-up time. */
  async deliverWithBackoff(
    request: WebhookRequest,
    schedule: RetrySchedule,
    onProgress?: (progress: DeliveryProgress) => void,
  ): Promise<AttemptResult> {
    const deliveryId = randomUUID();
    const firstAttemptAt = Date.now();
    let delay = schedule.initialMs;
    for (let attempt = 1; ; attempt += 1) {
      let withinDeadline = true;
      const result = await this.attempt(request, attempt, deliveryId, (outcome) => {
        withinDeadline = Date.now() + delay - firstAttemptAt <= schedule.giveUpAfterMs;
        return outcome.retryable && withinDeadline;
      });
      if (result.ok) {
        onProgress?.('acknowledged');
        return result;
      }
      if (result.cancelled) {
        return result;
      }
      if (!result.retryable) {
        this.logger.warn('webhook refused, not retried', { kind: request.kind, url: request.url, statusCode: result.statusCode });
        onProgress?.('refused');
        return result;
      }
      if (!withinDeadline) {
        this.logger.warn('webhook abandoned after retries', { kind: request.kind, url: request.url, attempts: attempt });
        onProgress?.('failed');
        return result;
      }
      onProgress?.('retrying');
      if (!(await this.pause(delay))) {
        return { ...result, cancelled: true };
      }
      delay = Math.min(delay * 2, schedule.maxMs);
    }
  }

  /**
   * Voice delivery: each URL in `urls` is one try, in order (Vonage tries the primary twice, then the fallback
   * twice); stops at the first 2xx.
   */
  async deliverToSequence(request: WebhookRequest, urls: readonly string[]): Promise<AttemptResult> {
    const deliveryId = randomUUID();
    let last: AttemptResult = { ok: false, retryable: false, cancelled: false, error: 'no URL to deliver to' };
    for (const [index, url] of urls.entries()) {
      const result = await this.attempt({ ...request, url }, index + 1, deliveryId, () => index < urls.length - 1);
      last = result;
      if (result.ok || result.cancelled) {
        return result;
      }
    }
    return last;
  }
}
