import { Inject, Injectable } from '@nestjs/common';
import { isSecureCookieUrl, sessionCookieName } from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.ts';

/** The session cookie: httpOnly, SameSite=Lax, Secure unless the gateway is plain http on this machine. */
@Injectable()
export class SessionCookie {
  readonly name: string;
  readonly #secure: boolean;
  readonly #maxAgeSeconds: number;

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    this.#secure = isSecureCookieUrl(config.edge.publicUrl);
    this.name = sessionCookieName(this.#secure);
    this.#maxAgeSeconds = config.desk.session.maxSeconds;
  }

  read(request: FastifyRequest): string | undefined {
    const value = request.cookies[this.name];
    return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }

  write(reply: FastifyReply, token: string): void {
    void reply.setCookie(this.name, token, { httpOnly: true, secure: this.#secure, sameSite: 'lax', path: '/', maxAge: this.#maxAgeSeconds });
  }

  clear(reply: FastifyReply): void {
    void reply.clearCookie(this.name, { httpOnly: true, secure: this.#secure, sameSite: 'lax', path: '/' });
  }
}
