import { All, Body, Controller, Param, Req, Res, UseGuards } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { DirectoryRepository } from '@parley/gateway-data-access';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tenantIdParam } from '../directory/directory.dto.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { ServiceAdminClient, type OwningService } from './service-admin.client.ts';

/** Which service owns each admin path below a tenant; the number in a front-door path must be the tenant's own. */
const ROUTES: readonly { pattern: RegExp; service: OwningService; numberGroup?: number }[] = [
  { pattern: /^menus(?:\/[A-Za-z0-9_-]{1,40})?$/, service: 'ivr-menu' },
  { pattern: /^numbers\/([A-Za-z0-9_-]{8,128})\/front-door$/, service: 'ivr-menu', numberGroup: 1 },
  { pattern: /^queues\/[a-z0-9][a-z0-9-]{0,63}\/schedule$/, service: 'ivr-menu' },
  { pattern: /^consent(?:\/\+[0-9]{6,15})?$/, service: 'ivr-menu' },
  { pattern: /^policy$/, service: 'compliance-filter' },
  { pattern: /^queues(?:\/[a-z0-9][a-z0-9-]{0,63})?$/, service: 'routing' },
  { pattern: /^agents(?:\/[A-Za-z0-9_-]{8,128}(?:\/(?:deactivate|reactivate|conversations))?)?$/, service: 'routing' },
  { pattern: /^routing-settings$/, service: 'routing' },
  { pattern: /^live$/, service: 'routing' },
  { pattern: /^conversations\/[A-Za-z0-9_-]{8,128}\/routing$/, service: 'routing' },
  { pattern: /^archive\/(?:[A-Za-z0-9_.-]{1,128}\/){0,3}[A-Za-z0-9_.-]{1,128}$/, service: 'archive' },
  { pattern: /^reports\/(?:live|intervals|agents|conversations(?:\/[A-Za-z0-9_-]{8,128})?)$/, service: 'reporting' },
];

/** Request headers passed on: who reads the archive is recorded by it (the desk sets it from the signed-in user). */
const FORWARDED_HEADERS = ['x-parley-reader'] as const;

/**
 * The gateway is the one admin API operators call. Front-door settings live in ivr-menu, screening policies in the
 * compliance filter, queues, agents and the live view in routing, and the archive's verify, retention, holds, search,
 * transcripts and exports in the archive, so their paths (and query strings) are passed to those services' internal admin APIs, after the gateway checked
 * the tenant (and the business number) exist here: another tenant's number answers 404 like a missing one.
 */
@ApiTag('operators: services')
@Controller('admin/tenants/:tenantId')
@UseGuards(AdminTokenGuard)
export class ServiceAdminController {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly services: ServiceAdminClient,
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
    'reports/*',
  ])
  @ApiDoc({
    summary: 'Forwarded to the service that owns the path (menus, front doors, schedules, consent: ivr-menu; policy: compliance-filter; queues, agents, routing settings, live, conversation routing: routing; archive/*: the archive)',
    description: 'Methods, bodies and answers are those of the owning service\'s admin API; the gateway checks the tenant (and the number) first.',
    body: z.record(z.string(), z.unknown()),
    forwarded: true,
  })
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
    const owner: OwningService = route.service;
    const response = await this.services.call(owner, tenantId, path, { method: request.method, body, search: url.search, headers: forwarded });
    return this.services.relay(response, reply);
  }
}
