import fastifyWebsocket from '@fastify/websocket';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PROBLEM_CONTENT_TYPE, problem } from '@parley/platform/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OriginPolicy } from '../identity/origin-policy.ts';
import { SessionCookie } from '../identity/session-cookie.ts';
import { SessionService } from '../identity/session.service.ts';
import { LiveHub } from './live-hub.ts';

export const LIVE_PATH = '/api/live';

/**
 * The desk's WebSocket at /api/live on the gateway's own Fastify instance: the upgrade is refused (403, 401, as
 * problem+json) from an origin the desk does not use or without a valid session cookie, before any socket exists.
 */
@Injectable()
export class LiveSocketPlugin implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly hub: LiveHub,
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
    private readonly origins: OriginPolicy,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Queued, not awaited: loading plugins now would settle Nest's routes before Nest installs its error handler.
    void instance.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 } });
    void instance.register(async (scope) => {
      scope.get(LIVE_PATH, { websocket: true, preValidation: (request, reply) => this.#admit(request, reply) }, (socket, request) => {
        const principal = request.deskPrincipal;
        const token = this.cookie.read(request);
        if (!principal || token === undefined) {
          socket.close(1008, 'no session');
          return;
        }
        void this.hub.open(socket, principal, token);
      });
    });
  }

  async #admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!this.origins.allowsUpgrade(request.headers.origin)) {
      await reply.status(403).header('content-type', PROBLEM_CONTENT_TYPE).send(problem(403, { code: 'origin.forbidden', detail: 'Connections from this origin are not accepted.' }));
      return;
    }
    const resolved = await this.sessions.resolve(this.cookie.read(request));
    if (typeof resolved === 'string') {
      await reply.status(401).header('content-type', PROBLEM_CONTENT_TYPE).send(problem(401, { code: resolved, detail: 'Sign in first.' }));
      return;
    }
    request.deskPrincipal = resolved;
  }
}
