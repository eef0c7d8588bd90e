import { z } from 'zod';
import { CallSession } from './call.runner.ts';
import { sendEmpty, sendHtml, sendJson, sendProblem } from './http.responses.ts';
import type { RouteContext, Router } from './http.router.ts';
import { injectInboundSms } from './inbound-sms.injector.ts';
import { OUTCOME_KINDS } from './outcome.rules.ts';
import { renderPhonePage } from './phone.page.ts';
import type { SimulatorContext } from './simulator.context.ts';
import { SIGNING_MODES } from './webhook-jwt.signer.ts';

const phoneNumber = z.string().regex(/^[1-9]\d{6,14}$/, 'must be an E.164 number without +');
const signing = z.enum(SIGNING_MODES).optional();

export const inboundSmsSchema = z.object({
  from: phoneNumber,
  to: phoneNumber,
  text: z.string().min(1).max(3200),
  signing,
  duplicate: z.boolean().optional(),
});

export const outcomeSchema = z.object({
  outcome: z.enum(OUTCOME_KINDS),
  to: phoneNumber.optional(),
  count: z.number().int().positive().default(1),
  errorCode: z.number().int().positive().optional(),
  duplicate: z.boolean().default(false),
  reorder: z.boolean().default(false),
});

export const placeCallSchema = z.object({ from: phoneNumber, to: phoneNumber, signing });

const dtmfSchema = z.object({ digits: z.string().regex(/^[0-9*#]{1,20}$/, 'must be 1-20 of 0-9, * and #') });

const CONTROL_ERRORS = 'https://developer.vonage.com/api-errors#invalid-params';

/** Parses a control request body, answering 422 itself when it does not fit. */
function parseBody<T extends z.ZodType>(schema: T, { body, res, requestId }: RouteContext): z.output<T> | undefined {
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (error) {
    sendProblem(res, 422, {
      type: 'https://developer.vonage.com/api-errors#invalid-json',
      title: 'Invalid JSON',
      detail: error instanceof Error ? error.message : String(error),
      instance: requestId,
    });
    return undefined;
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    sendProblem(res, 422, {
      type: CONTROL_ERRORS,
      title: 'Invalid params',
      detail: 'The value of one or more parameters is invalid.',
      instance: requestId,
      invalid_parameters: result.error.issues.map((issue) => ({ name: issue.path.join('.') || '(body)', reason: issue.message })),
    });
    return undefined;
  }
  return result.data;
}

function callNotFound({ res, requestId, params }: RouteContext): void {
  sendProblem(res, 404, {
    type: 'https://developer.vonage.com/api-errors#not-found',
    title: 'Not Found',
    detail: `No call ${params.uuid ?? ''}.`,
    instance: requestId,
  });
}

/** Starts a call from a customer to a business number, answered by the configured answer webhook. */
export function placeInboundCall(context: SimulatorContext, input: z.output<typeof placeCallSchema>): CallSession {
  const session = new CallSession(context, {
    direction: 'inbound',
    from: input.from,
    to: input.to,
    eventUrl: context.settings.webhooks.voiceEventUrl,
    answer: { kind: 'url', url: context.settings.webhooks.voiceAnswerUrl },
    signing: input.signing ?? 'valid',
  });
  session.start();
  return session;
}

export function registerControlRoutes(router: Router, context: SimulatorContext): void {
  const page = ({ res }: RouteContext): void => sendHtml(res, renderPhonePage());
  router.add('GET', '/', page);
  router.add('GET', '/_sim/phone', page);

  router.add('GET', '/_sim/health', ({ res }) => sendJson(res, 200, { status: 'ok' }));

  router.add('GET', '/_sim/state', ({ res }) => sendJson(res, 200, { ...context.state.snapshot(), outcomes: context.outcomes.list() }));

  router.add('POST', '/_sim/reset', ({ res }) => {
    for (const session of context.calls.values()) {
      session.terminate();
    }
    context.calls.clear();
    context.outcomes.clear();
    context.state.reset();
    sendEmpty(res, 204);
  });

  router.add('POST', '/_sim/sms', (route) => {
    const input = parseBody(inboundSmsSchema, route);
    if (!input) {
      return;
    }
    const record = injectInboundSms(context, input);
    sendJson(route.res, 202, { message_uuid: record.messageUuid });
  });

  router.add('GET', '/_sim/outcomes', ({ res }) => sendJson(res, 200, context.outcomes.list()));
  router.add('DELETE', '/_sim/outcomes', ({ res }) => {
    context.outcomes.clear();
    sendEmpty(res, 204);
  });
  router.add('POST', '/_sim/outcomes', (route) => {
    const input = parseBody(outcomeSchema, route);
    if (!input) {
      return;
    }
    const rule = context.outcomes.add(input);
    sendJson(route.res, 201, rule);
  });

  router.add('GET', '/_sim/phones/:number/messages', ({ res, params }) => {
    const number = params.number ?? '';
    sendJson(res, 200, { phone: number, messages: context.state.conversation(number) });
  });

  router.add('POST', '/_sim/calls', (route) => {
    const input = parseBody(placeCallSchema, route);
    if (!input) {
      return;
    }
    const session = placeInboundCall(context, input);
    sendJson(route.res, 201, { uuid: session.record.uuid, conversation_uuid: session.record.conversationUuid });
  });

  router.add('GET', '/_sim/calls/:uuid', (route) => {
    const call = context.state.call(route.params.uuid ?? '');
    if (!call) {
      callNotFound(route);
      return;
    }
    sendJson(route.res, 200, call);
  });

  router.add('POST', '/_sim/calls/:uuid/dtmf', (route) => {
    const session = context.calls.get(route.params.uuid ?? '');
    if (!session) {
      callNotFound(route);
      return;
    }
    const input = parseBody(dtmfSchema, route);
    if (!input) {
      return;
    }
    sendJson(route.res, 200, { uuid: session.record.uuid, digits: input.digits, handledBy: session.pressDigits(input.digits) });
  });

  router.add('POST', '/_sim/calls/:uuid/hangup', (route) => {
    const session = context.calls.get(route.params.uuid ?? '');
    if (!session) {
      callNotFound(route);
      return;
    }
    session.hangup('caller');
    sendJson(route.res, 202, { uuid: session.record.uuid });
  });
}
