import { CallSession } from './call.runner.ts';
import { sendEmpty, sendJson, sendProblem } from './http.responses.ts';
import type { RouteContext, Router } from './http.router.ts';
import { authenticate } from './request-auth.guard.ts';
import type { SimulatorContext } from './simulator.context.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badRequest(route: RouteContext, detail: string, name?: string): void {
  sendProblem(route.res, 400, {
    type: 'https://developer.vonage.com/api-errors#bad-request',
    title: 'Bad Request',
    detail,
    instance: route.requestId,
    ...(name ? { invalid_parameters: [{ name, reason: detail }] } : {}),
  });
}

function parseJson(route: RouteContext): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(route.body.toString('utf8') || '{}');
    if (isRecord(value)) {
      return value;
    }
  } catch {
    // Falls through to the same 400 as a non-object body.
  }
  sendProblem(route.res, 400, {
    type: 'https://developer.vonage.com/api-errors#invalid-json',
    title: 'Invalid JSON',
    detail: 'The request body did not contain a JSON object.',
    instance: route.requestId,
  });
  return undefined;
}

/** Voice REST calls accept only an application JWT, as the Voice API does. */
function authorized(context: SimulatorContext, route: RouteContext): boolean {
  const auth = authenticate(route.req, context.credentials, false, route.requestId);
  if (!auth.ok) {
    context.logger.warn('voice request refused: unauthorized', { reason: auth.reason });
    sendProblem(route.res, 401, auth.problem);
    return false;
  }
  return true;
}

function findSession(context: SimulatorContext, route: RouteContext): CallSession | undefined {
  const session = context.calls.get(route.params.uuid ?? '');
  if (!session) {
    sendProblem(route.res, 404, {
      type: 'https://developer.vonage.com/api-errors#not-found',
      title: 'Not Found',
      detail: `No call ${route.params.uuid ?? ''}.`,
      instance: route.requestId,
    });
  }
  return session;
}

function firstString(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

export function registerVoiceRoutes(router: Router, context: SimulatorContext): void {
  router.add('POST', '/v1/calls', (route) => {
    if (!authorized(context, route)) {
      return;
    }
    const body = parseJson(route);
    if (!body) {
      return;
    }
    const to: unknown = Array.isArray(body.to) ? body.to[0] : undefined;
    const toNumber = isRecord(to) && typeof to.number === 'string' ? to.number : undefined;
    const fromNumber = isRecord(body.from) && typeof body.from.number === 'string' ? body.from.number : undefined;
    const answerUrl = firstString(body.answer_url);
    if (!toNumber) {
      badRequest(route, 'to must be an array with one phone endpoint.', 'to');
      return;
    }
    if (!fromNumber && body.random_from_number !== true) {
      badRequest(route, 'from must be a phone endpoint.', 'from');
      return;
    }
    if (!Array.isArray(body.ncco) && !answerUrl) {
      badRequest(route, 'Either ncco or answer_url is required.', 'ncco');
      return;
    }
    const session = new CallSession(context, {
      direction: 'outbound',
      from: fromNumber ?? '',
      to: toNumber,
      eventUrl: firstString(body.event_url) ?? context.settings.webhooks.voiceEventUrl,
      answer: Array.isArray(body.ncco) ? { kind: 'ncco', ncco: body.ncco } : { kind: 'url', url: answerUrl ?? '' },
      signing: 'valid',
    });
    session.start();
    sendJson(route.res, 201, { uuid: session.record.uuid, status: 'started', direction: 'outbound', conversation_uuid: session.record.conversationUuid });
  });

  router.add('GET', '/v1/calls/:uuid', (route) => {
    if (!authorized(context, route)) {
      return;
    }
    const session = findSession(context, route);
    if (!session) {
      return;
    }
    const call = session.record;
    sendJson(route.res, 200, {
      uuid: call.uuid,
      conversation_uuid: call.conversationUuid,
      to: { type: 'phone', number: call.to },
      from: { type: 'phone', number: call.from },
      status: call.status,
      direction: call.direction,
      start_time: call.answeredAt ?? null,
      end_time: call.endedAt ?? null,
    });
  });

  router.add('PUT', '/v1/calls/:uuid', (route) => {
    if (!authorized(context, route)) {
      return;
    }
    const session = findSession(context, route);
    if (!session) {
      return;
    }
    const body = parseJson(route);
    if (!body) {
      return;
    }
    if (!session.active) {
      badRequest(route, 'The call is not active.');
      return;
    }
    const action = body.action;
    switch (action) {
      case 'transfer': {
        const destination = isRecord(body.destination) ? body.destination : {};
        const url = firstString(destination.url);
        if (Array.isArray(destination.ncco)) {
          try {
            session.transferTo(destination.ncco);
          } catch (error) {
            badRequest(route, error instanceof Error ? error.message : String(error), 'destination.ncco');
            return;
          }
        } else if (url) {
          session.transferToUrl(url);
        } else {
          badRequest(route, 'destination needs an ncco array or a url array.', 'destination');
          return;
        }
        break;
      }
      case 'hangup':
        session.hangup('api');
        break;
      case 'mute':
      case 'unmute':
      case 'earmuff':
      case 'unearmuff':
        session.note(action, {});
        break;
      default:
        badRequest(route, `Unknown action ${JSON.stringify(action)}.`, 'action');
        return;
    }
    sendEmpty(route.res, 204);
  });

  const callAction = (method: 'PUT' | 'DELETE', path: string, what: string): void => {
    router.add(method, `/v1/calls/:uuid/${path}`, (route) => {
      if (!authorized(context, route)) {
        return;
      }
      const session = findSession(context, route);
      if (!session) {
        return;
      }
      const body = method === 'PUT' ? parseJson(route) : {};
      if (!body) {
        return;
      }
      session.note(`${method.toLowerCase()}-${path.replace('/', '-')}`, body);
      sendJson(route.res, 200, { message: `${what} ${method === 'PUT' ? 'started' : 'stopped'}`, uuid: session.record.uuid });
    });
  };
  callAction('PUT', 'talk', 'Talk');
  callAction('DELETE', 'talk', 'Talk');
  callAction('PUT', 'stream', 'Stream');
  callAction('DELETE', 'stream', 'Stream');
  callAction('PUT', 'dtmf', 'DTMF');
  callAction('PUT', 'input/dtmf', 'DTMF subscription');
  callAction('DELETE', 'input/dtmf', 'DTMF subscription');
}
