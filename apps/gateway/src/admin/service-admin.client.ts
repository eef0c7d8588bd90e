import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { APP_CONFIG } from '@parley/platform/config';
import type { FastifyReply } from 'fastify';
import type { GatewayConfig } from '../config.ts';

export type OwningService = keyof GatewayConfig['services']['urls'];

export interface ServiceCall {
  method?: string;
  body?: unknown;
  /** The query string to pass on, with its leading `?`, or empty. */
  search?: string;
  /** Extra request headers, such as the archive's reader. */
  headers?: Readonly<Record<string, string>>;
}

/** A JSON answer of a service, with its status. */
export interface ServiceAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * The one way the gateway calls the services' internal admin APIs (front door, screening policies, routing, the
 * archive), with the admin token, under a tenant: the operators' admin API and the desk both forward through it.
 */
@Injectable()
export class ServiceAdminClient {
  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  /** Calls `/admin/tenants/{tenantId}/{path}` on the owning service; a service that does not answer is 503. */
  async call(service: OwningService, tenantId: string, path: string, init: ServiceCall = {}): Promise<Response> {
    const method = init.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'DELETE' && method !== 'HEAD' && init.body !== undefined;
    try {
      return await fetch(`${this.config.services.urls[service]}/admin/tenants/${tenantId}/${path}${init.search ?? ''}`, {
        method,
        headers: {
          ...init.headers,
          authorization: `Bearer ${this.config.admin.token}`,
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        ...(hasBody ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(this.config.services.timeoutMs),
      });
    } catch (error) {
      throw new DomainError('unavailable', 'admin.service-unavailable', `The ${service} service did not answer; try again.`, {
        reason: error instanceof Error ? error.name : 'unknown',
      });
    }
  }

  /** Calls and reads the JSON answer, whatever its status. */
  async json<T = unknown>(service: OwningService, tenantId: string, path: string, init: ServiceCall = {}): Promise<ServiceAnswer<T>> {
    const response = await this.call(service, tenantId, path, init);
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  /** Calls and reads a successful JSON answer; a 404 is `undefined`, any other failure is passed on as it came. */
  async read<T>(service: OwningService, tenantId: string, path: string, init: ServiceCall = {}): Promise<T | undefined> {
    const answer = await this.json<T>(service, tenantId, path, init);
    if (answer.status === 404) {
      return undefined;
    }
    if (answer.status >= 400) {
      throw serviceFailure(service, answer);
    }
    return answer.body;
  }

  /** Copies a service's answer onto the reply: its status, its content type and its body. */
  async relay(response: Response, reply: FastifyReply): Promise<unknown> {
    reply.status(response.status);
    const contentType = response.headers.get('content-type');
    if (contentType) {
      reply.header('content-type', contentType);
    }
    const text = await response.text();
    return text === '' ? undefined : contentType?.includes('json') ? JSON.parse(text) : text;
  }
}

/** A failed answer of a service as an error with the same meaning: its code and detail when it gave problem details. */
export function serviceFailure(service: OwningService, answer: ServiceAnswer): DomainError {
  const problem = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as { code?: unknown; detail?: unknown; errors?: unknown };
  const code = typeof problem.code === 'string' ? problem.code : `${service}.failed`;
  const detail = typeof problem.detail === 'string' ? problem.detail : `The ${service} service answered ${answer.status}.`;
  const details = problem.errors === undefined ? undefined : { errors: problem.errors };
  if (answer.status === 400 || answer.status === 422) {
    return new DomainError('invalid', code, detail, details);
  }
  if (answer.status === 404) {
    return new DomainError('not-found', code, detail);
  }
  if (answer.status === 409) {
    return new DomainError('conflict', code, detail);
  }
  return new DomainError('unavailable', code, detail);
}
