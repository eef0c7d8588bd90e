import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sendJson, sendProblem } from './http.responses.ts';
import type { Router } from './http.router.ts';
import { errorDetail, type OutcomeRule } from './outcome.rules.ts';
import { authenticate } from './request-auth.guard.ts';
import type { SimulatorContext } from './simulator.context.ts';
import type { MessageStatus, OutboundMessageRecord } from './simulator.state.ts';
import { analyzeSms } from './sms-encoding.calculator.ts';
import { validateSmsRequest } from './sms-request.validator.ts';

const PRICE_PER_SEGMENT_EUR = 0.0333;

/** Vonage's examples carry whole-second timestamps. */
export function isoSeconds(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) {
      continue;
    }
    // Only the scheme of the credentials is kept, as the state is served over HTTP.
    headers[name] = name === 'authorization' ? String(value).split(' ')[0] ?? '' : Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function statusPayload(message: OutboundMessageRecord, status: MessageStatus, errorCode?: number): Record<string, unknown> {
  return {
    message_uuid: message.messageUuid,
    to: message.to,
    from: message.from,
    timestamp: isoSeconds(),
    status,
    channel: 'sms',
    ...(message.clientRef !== undefined ? { client_ref: message.clientRef } : {}),
    ...(errorCode !== undefined
      ? {
          error: {
            type: `https://developer.vonage.com/api-errors/messages#${errorCode}`,
            title: String(errorCode),
            detail: errorDetail(errorCode),
            instance: randomUUID(),
          },
        }
      : {}),
    usage: { currency: 'EUR', price: (PRICE_PER_SEGMENT_EUR * message.segments).toFixed(4) },
    sms: { count_total: String(message.segments) },
    destination: { network_code: '23410' },
  };
}

function emitStatus(context: SimulatorContext, message: OutboundMessageRecord, status: MessageStatus, errorCode: number | undefined, duplicate: boolean): void {
  message.status = status;
  message.statusHistory.push({ status, at: new Date().toISOString(), ...(errorCode !== undefined ? { errorCode } : {}) });
  context.state.updateConversationEntry(message.messageUuid, { status, ...(errorCode !== undefined ? { errorCode } : {}) });
  context.logger.info('message status', { messageUuid: message.messageUuid, status, errorCode });
  const body = JSON.stringify(statusPayload(message, status, errorCode));
  const url = message.webhookUrl ?? context.settings.webhooks.statusUrl;
  const request = { kind: 'status', method: 'POST', url, body, signing: 'valid', timeoutMs: 15_000, messageUuid: message.messageUuid } as const;
  context.background(`status ${status}`, async () => {
    await context.dispatcher.deliverWithBackoff(request, context.settings.retry);
    if (duplicate && !context.dispatcher.stopped) {
      await context.dispatcher.deliverWithBackoff(request, context.settings.retry);
    }
  });
}

/** Schedules the receipts of an accepted message: `submitted` then the final status, unless a rule says otherwise. */
function scheduleLifecycle(context: SimulatorContext, message: OutboundMessageRecord, rule: OutcomeRule | undefined): void {
  const outcome = rule?.outcome ?? 'delivered';
  const duplicate = rule?.duplicate ?? false;
  const errorCode = rule?.errorCode;
  const steps: Array<{ status: MessageStatus; errorCode?: number }> = [];
  switch (outcome) {
    case 'delivered':
      steps.push({ status: 'submitted' }, { status: 'delivered' });
      break;
    case 'undeliverable':
      steps.push({ status: 'submitted' }, { status: 'undeliverable', ...(errorCode !== undefined ? { errorCode } : {}) });
      break;
    case 'rejected':
      steps.push({ status: 'rejected', ...(errorCode !== undefined ? { errorCode } : {}) });
      break;
    case 'no-dlr':
      steps.push({ status: 'submitted' });
      break;
    case 'no-status':
    case 'http-429':
    case 'http-500':
      break;
  }
  if (rule?.reorder) {
    steps.reverse();
  }
  const delay = context.settings.statusDelayMs;
  context.background('message lifecycle', async () => {
    for (const step of steps) {
      if (!(await context.dispatcher.pause(delay))) {
        return;
      }
      emitStatus(context, message, step.status, step.errorCode, duplicate);
    }
  });
}

export function registerMessagesRoutes(router: Router, context: SimulatorContext): void {
  router.add('POST', '/v1/messages', ({ req, res, body, requestId }) => {
    const auth = authenticate(req, context.credentials, true, requestId);
    if (!auth.ok) {
      context.logger.warn('send refused: unauthorized', { reason: auth.reason });
      sendProblem(res, 401, auth.problem);
      return;
    }
    const limit = String(context.bucket.capacity);
    const token = context.bucket.take();
    if (!token.ok) {
      const retryAfterSeconds = Math.max(1, Math.ceil(token.retryAfterMs / 1000));
      context.logger.warn('send throttled', { retryAfterMs: token.retryAfterMs });
      sendProblem(
        res,
        429,
        {
          type: 'https://developer.vonage.com/api-errors/messages#1000',
          title: 'Throttled',
          detail: `You have exceeded the limit of ${limit} requests per second.`,
          instance: requestId,
        },
        {
          'Retry-After': String(retryAfterSeconds),
          'X-RateLimit-Limit': limit,
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': String(Math.ceil((Date.now() + token.retryAfterMs) / 1000)),
        },
      );
      return;
    }
    const rateHeaders = { 'X-RateLimit-Limit': limit, 'X-RateLimit-Remaining': String(token.remaining) };

    const validation = validateSmsRequest(body, requestId);
    if (!validation.ok) {
      context.logger.warn('send refused: invalid request', { type: validation.problem.type, invalid: validation.problem.invalid_parameters });
      sendProblem(res, 422, validation.problem, rateHeaders);
      return;
    }
    const request = validation.request;

    const forced = context.outcomes.takeHttp(request.to);
    if (forced?.outcome === 'http-429') {
      sendProblem(
        res,
        429,
        { type: 'https://developer.vonage.com/api-errors/messages#1000', title: 'Throttled', detail: 'Forced by the simulator.', instance: requestId },
        { 'Retry-After': '1', 'X-RateLimit-Limit': limit, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 1) },
      );
      return;
    }
    if (forced?.outcome === 'http-500') {
      sendProblem(res, 500, {
        type: 'https://developer.vonage.com/api-errors#internal-error',
        title: 'Internal Error',
        detail: 'Forced by the simulator.',
        instance: requestId,
      });
      return;
    }

    const analysis = analyzeSms(request.text, request.encodingType);
    const receivedAt = new Date().toISOString();
    const message: OutboundMessageRecord = {
      messageUuid: randomUUID(),
      to: request.to,
      from: request.from,
      text: request.text,
      encodingType: request.encodingType,
      encoding: analysis.encoding,
      units: analysis.units,
      segments: analysis.segments,
      auth: auth.kind,
      receivedAt,
      requestId,
      requestBody: request.body,
      requestHeaders: recordedHeaders(req),
      status: 'accepted',
      statusHistory: [{ status: 'accepted', at: receivedAt }],
      ...(request.clientRef !== undefined ? { clientRef: request.clientRef } : {}),
      ...(request.webhookUrl !== undefined ? { webhookUrl: request.webhookUrl } : {}),
      ...(request.ttl !== undefined ? { ttl: request.ttl } : {}),
    };
    context.state.messages.push(message);
    context.state.addConversationEntry({
      direction: 'outbound',
      messageUuid: message.messageUuid,
      customer: message.to,
      business: message.from,
      text: message.text,
      at: receivedAt,
      status: 'accepted',
      encoding: message.encoding,
      segments: message.segments,
      ...(message.clientRef !== undefined ? { clientRef: message.clientRef } : {}),
    });
    context.logger.info('message accepted', {
      messageUuid: message.messageUuid,
      to: message.to,
      from: message.from,
      auth: message.auth,
      encoding: message.encoding,
      segments: message.segments,
    });
    sendJson(res, 202, { message_uuid: message.messageUuid }, rateHeaders);
    scheduleLifecycle(context, message, context.outcomes.takeStatus(request.to));
  });
}
