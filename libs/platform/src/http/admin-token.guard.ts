import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { AdminSection } from '../config/config-fragments.ts';
import { APP_CONFIG } from '../config/config.tokens.ts';

/** Admin routes take the operator token as a bearer token, compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  readonly #expected: Buffer;

  constructor(@Inject(APP_CONFIG) config: AdminSection) {
    this.#expected = Buffer.from(config.admin.token);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '');
    if (presented.length !== this.#expected.length || !timingSafeEqual(presented, this.#expected)) {
      throw new DomainError('unauthorized', 'admin.token-required', 'A valid admin token is required.');
    }
    return true;
  }
}
