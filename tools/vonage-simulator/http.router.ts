import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from './http.responses.ts';
import type { SimulatorLogger } from './simulator.logger.ts';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  body: Buffer;
  /** Sent back as `X-Request-Id` and used as the problem `instance`. */
  requestId: string;
}

export type RouteHandler = (context: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

const MAX_BODY_BYTES = 1_000_000;

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A minimal method + path router over node:http, so every byte of the responses stays under the simulator's control. */
export class Router {
  private readonly routes: Route[] = [];
  private readonly logger: SimulatorLogger;

  constructor(logger: SimulatorLogger) {
    this.logger = logger;
  }

  add(method: string, path: string, handler: RouteHandler): void {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) {
        continue;
      }
      pathMatched = true;
      if (route.method !== req.method) {
        continue;
      }
      try {
        const params: Record<string, string> = {};
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(match[index + 1] ?? '');
        });
        const body = await readBody(req);
        await route.handler({ req, res, url, params, body, requestId });
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendProblem(res, 413, { type: 'https://developer.vonage.com/api-errors#payload-too-large', title: 'Payload too large', detail: 'The request body is over 1 MB.', instance: requestId });
          return;
        }
        this.logger.error('request failed', { method: req.method, path: url.pathname, error });
        if (!res.headersSent) {
          sendProblem(res, 500, {
            type: 'https://developer.vonage.com/api-errors#internal-error',
            title: 'Internal Error',
            detail: error instanceof Error ? error.message : String(error),
            instance: requestId,
          });
        }
      }
      return;
    }
    req.resume();
    if (pathMatched) {
      sendProblem(res, 405, { type: 'https://developer.vonage.com/api-errors#wrong-verb', title: 'Method Not Allowed', detail: `${req.method ?? ''} is not supported on ${url.pathname}.`, instance: requestId });
      return;
    }
    sendProblem(res, 404, { type: 'https://developer.vonage.com/api-errors#not-found', title: 'Not Found', detail: `No route for ${req.method ?? ''} ${url.pathname}.`, instance: requestId });
  }
}
