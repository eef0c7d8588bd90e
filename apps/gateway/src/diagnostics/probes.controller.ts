import { Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { ProbeRecord } from '@parley/gateway-data-access';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { ProbesService } from './probes.service.ts';

const waitQuerySchema = z.object({ waitMs: z.coerce.number().int().min(0).max(30_000).default(0) });
const probeIdSchema = z.string().regex(/^probe-[0-9a-f-]{36}$/, 'not a probe id');

/** Lets operators send a synthetic event through every service and see each hop. */
@ApiTag('operators: diagnostics')
@Controller('admin/diagnostics/probes')
@UseGuards(AdminTokenGuard)
export class ProbesController {
  constructor(private readonly probes: ProbesService) {}

  @Post()
  @HttpCode(202)
  @ApiDoc({ summary: 'Send a pipeline probe through every service; with waitMs, wait for it to come back', query: waitQuerySchema, status: 202 })
  async start(
    @Query(new ZodValidationPipe(waitQuerySchema)) query: z.infer<typeof waitQuerySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProbeView> {
    const started = await this.probes.start();
    const probe = query.waitMs > 0 ? await this.probes.waitForCompletion(started.probeId, query.waitMs) : started;
    void reply.header('location', `/admin/diagnostics/probes/${probe.probeId}`);
    if (probe.status === 'completed') {
      void reply.status(200);
    }
    return toView(probe);
  }

  @Get(':probeId')
  @ApiDoc({ summary: 'A probe and the hops it recorded' })
  async get(@Param('probeId', new ZodValidationPipe(probeIdSchema)) probeId: string): Promise<ProbeView> {
    return toView(await this.probes.get(probeId));
  }
}

interface ProbeView {
  probeId: string;
  status: string;
  startedAt: string;
  completedAt: string | null;
  roundTripMs: number | null;
  hops: { service: string; receivedAt: string }[];
}

function toView(probe: ProbeRecord): ProbeView {
  return {
    probeId: probe.probeId,
    status: probe.status,
    startedAt: probe.startedAt.toISOString(),
    completedAt: probe.completedAt?.toISOString() ?? null,
    roundTripMs: probe.completedAt ? probe.completedAt.getTime() - probe.startedAt.getTime() : null,
    hops: probe.hops,
  };
}
