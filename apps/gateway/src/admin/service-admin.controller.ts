import { All, Body, Controller, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { DirectoryRepository } from '@parley/gateway-data-access';
import { APP_CONFIG } from '@parley/platform/config';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.ts';
import { tenantIdParam } from '../directory/directory.dto.ts';

type OwningService = keyof GatewayConfig['services']['urls'];

/** Which service owns each admin path below a tenant; the number in a front-door path must be the tenant's own. */
const ROUTES: readonly { pattern: RegExp; service: OwningService; numberGroup?: number }[] = [
  { pattern: /^menus(?:\/[A-Za-z0-9_-]{1,40})?$/, service: 'ivr-menu' },
  { pattern: /^numbers\/([A-Za-z0-9_-]{8,128})\/front-door$/, service: 'ivr-menu', numberGroup: 1 },
  { pattern: /^queues\/[a-z0-9][a-z0-9-]{0,63}\/schedule$/, service: 'ivr-menu' },
  { pattern: /^consent(?:\/\+[0-9]{6,15})?$/, service: 'ivr-menu' },
  { pattern: /^policy$/, service: 'compliance-filter' },
  { pattern: /^queues(?:\/[a-z0-9][a-z0-9-]{0,63})?$/, service: 'routing' },
  { pattern: /^agents(?:\/[A-Za-z0-9_-]{8,128}(?:\/(?:deactivate|reactivate))?)?$/, service: 'routing' },
  { pattern: /^routing-settings$/, service: 'routing' },
  { pattern: /^live$/, service: 'routing' },
  { pattern: /^conversations\/[A-Za-z0-9_-]{8,128}\/routing$/, service: 'routing' },
  { pattern: /^archive\/(?:[A-Za-z0-9_.-]{1,128}\/){0,3}[A-Za-z0-9_.-]{1,128}$/, service: 'archive' },
];

/** Request headers passed on: who reads the archive is recorded by it, until the desk brings signed-in users. */
const FORWARDED_HEADERS = ['x-parley-reader'] as const;

/**
 * The gateway is the one admin API operators call. Front-door settings live in ivr-menu, screening policies in the
 * compliance filter, queues, agents and the live view in routing, and the archive's verify, retention, holds, search,
 * transcripts and exports in the archive, so their paths (and query strings) are passed to those services' internal admin APIs, after the gateway checked
 * the tenant (and the business number) exist here: another tenant's number answers 404 like a missing one.
 */
@Controller('admin/tenants/:tenantId')
@UseGuards(AdminTokenGuard)
export class ServiceAdminController {
  constructor(
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @All([
    'menus',
    'menus/*',
    'numbers/:numberId/front-door',
    'queues/:queue/schedule',
    'consent',
    'consent/*',
    'policy',
    'queues',
    'queues/:queue',
    'agents',
    'agents/*',
    'routing-settings',
    'live',
    'conversations/:conversationId/routing',
    'archive/*',
  ])
  async forward(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<unknown> {
    const url = new URL(request.url, 'http://gateway');
    const path = url.pathname.replace(`/admin/tenants/${tenantId}/`, '');
    const route = ROUTES.find((candidate) => candidate.pattern.test(path));
    if (!route) {
      throw new DomainError('not-found', 'admin.not-found', 'No such admin resource.');
    }
    if (!(await this.directory.findTenant(tenantId))) {
      throw new DomainError('not-found', 'tenant.not-found', `No tenant ${tenantId}.`);
    }
    const numberId = route.numberGroup === undefined ? undefined : route.pattern.exec(path)?.[route.numberGroup];
    if (numberId !== undefined && !(await this.directory.findNumber(tenantId, numberId))) {
      throw new DomainError('not-found', 'number.not-found', `No number ${numberId}.`);
    }
    const forwarded = Object.fromEntries(
      FORWARDED_HEADERS.flatMap((name) => {
        const value = request.headers[name];
        return typeof value === 'string' ? [[name, value]] : [];
      }),
    );
    const response = await this.#call(route.service, `/admin/tenants/${tenantId}/${path}${url.search}`, request.method, body, forwarded);
    reply.status(response.status);
    const contentType = response.headers.get('content-type');
    if (contentType) {
      reply.header('content-type', contentType);
    }
    const text = await response.text();
    return text === '' ? undefined : contentType?.includes('json') ? JSON.parse(text) : text;
  }

  async #call(service: OwningService, path: string, method: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    const hasBody = method !== 'GET' && method !== 'DELETE' && method !== 'HEAD' && body !== undefined;
    try {
      return await fetch(`${this.config.services.urls[service]}${path}`, {
        method,
        headers: {
          ...headers,
          authorization: `Bearer ${this.config.admin.token}`,
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        ...(hasBody ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.config.services.timeoutMs),
      });
    } catch (error) {
      throw new DomainError('unavailable', 'admin.service-unavailable', `The ${service} service did not answer; try again.`, {
        reason: error instanceof Error ? error.name : 'unknown',
      });
    }
  }
}
