import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res, StreamableFile } from '@nestjs/common';
import { ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceAdminClient } from '../admin/service-admin.client.ts';
import { DeskAccess, Principal } from '../identity/desk-access.decorator.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { exportFileParam, exportIdParam, forwardedBodySchema, holdBodySchema, holdIdParam, retentionBodySchema } from './desk.dto.ts';

const COMPLIANCE = { roles: ['compliance'] } as const;
const ANY_JSON = z.record(z.string(), z.unknown());

function searchOf(request: FastifyRequest): string {
  return new URL(request.url, 'http://gateway').search;
}

/**
 * The archive for compliance officers: the archive's own API with the tenant and the acting user filled in by the
 * gateway (the reader of transcripts and files, who placed or released a hold, who changed retention).
 */
@ApiTag('desk: compliance')
@Controller('api')
export class ComplianceController {
  constructor(private readonly services: ServiceAdminClient) {}

  @Get('archive/search')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({
    summary: 'Search the archive: from and to (ISO 8601) with customerNumber, businessNumber, agentId, queue, disposition, text, pageSize, cursor',
    query: z.object({ from: z.string(), to: z.string(), customerNumber: z.string().optional(), businessNumber: z.string().optional(), agentId: z.string().optional(), queue: z.string().optional(), disposition: z.string().optional(), text: z.string().optional(), pageSize: z.string().optional(), cursor: z.string().optional() }),
    response: z.object({ rows: z.array(ANY_JSON), nextCursor: z.string().nullable() }),
  })
  async search(@Principal() principal: DeskPrincipal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, 'archive/search', { search: searchOf(request) }), reply);
  }

  @Get('archive/views')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Who read which transcript, newest first (conversationId, before, limit)', response: z.object({ views: z.array(ANY_JSON), nextBefore: z.string().nullable() }) })
  async views(@Principal() principal: DeskPrincipal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, 'archive/views', { search: searchOf(request) }), reply);
  }

  @Get('archive/verify')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Verify the tenant\'s hash chains and checkpoints', response: ANY_JSON })
  async verify(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, 'archive/verify'), reply);
  }

  @Get('archive/retention')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'The tenant\'s retention policy', response: ANY_JSON })
  async retention(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, 'archive/retention'), reply);
  }

  @Put('archive/retention')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Change the retention policy (years or days); recorded with the user', body: retentionBodySchema, example: { years: 7 }, response: ANY_JSON })
  async saveRetention(
    @Principal() principal: DeskPrincipal,
    @Body(new ZodValidationPipe(retentionBodySchema)) body: z.output<typeof retentionBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, 'archive/retention', { method: 'PUT', body: { ...body, updatedBy: principal.user.id } }), reply);
  }

  @Get('archive/holds')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Every legal hold, released ones too', response: z.object({ holds: z.array(ANY_JSON) }) })
  async holds(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, 'archive/holds'), reply);
  }

  @Post('archive/holds')
  @HttpCode(201)
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Place a legal hold on a conversation, a customer or the whole tenant', body: holdBodySchema, example: { scope: 'tenant', reason: 'Litigation hold' }, response: z.object({ hold: ANY_JSON }), status: 201 })
  async placeHold(
    @Principal() principal: DeskPrincipal,
    @Body(new ZodValidationPipe(holdBodySchema)) body: z.output<typeof holdBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, 'archive/holds', { method: 'POST', body: { ...body, placedBy: principal.user.id } }), reply);
  }

  @Post('archive/holds/:holdId/release')
  @HttpCode(200)
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Release a legal hold; recorded with the user', response: z.object({ hold: ANY_JSON }) })
  async releaseHold(
    @Principal() principal: DeskPrincipal,
    @Param('holdId', new ZodValidationPipe(holdIdParam)) holdId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.services.relay(
      await this.services.call('archive', principal.tenant.id, `archive/holds/${holdId}/release`, { method: 'POST', body: { releasedBy: principal.user.id } }),
      reply,
    );
  }

  @Post('archive/exports')
  @HttpCode(202)
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Start an eDiscovery export of a search (no cursor); poll it, then download its files', body: forwardedBodySchema, example: { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }, response: ANY_JSON, status: 202 })
  async requestExport(
    @Principal() principal: DeskPrincipal,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.services.relay(
      await this.services.call('archive', principal.tenant.id, 'archive/exports', { method: 'POST', body, headers: { 'x-parley-reader': principal.user.id } }),
      reply,
    );
  }

  @Get('archive/exports/:exportId')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'An export job: status, rows written, manifest', response: ANY_JSON })
  async exportStatus(@Principal() principal: DeskPrincipal, @Param('exportId', new ZodValidationPipe(exportIdParam)) exportId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.services.relay(await this.services.call('archive', principal.tenant.id, `archive/exports/${exportId}`), reply);
  }

  @Get('archive/exports/:exportId/files/:name')
  @DeskAccess(COMPLIANCE)
  @ApiDoc({ summary: 'Download a file of a completed export (records.jsonl, records.csv, manifest.json); recorded with the user', produces: 'application/octet-stream' })
  async exportFile(
    @Principal() principal: DeskPrincipal,
    @Param('exportId', new ZodValidationPipe(exportIdParam)) exportId: string,
    @Param('name', new ZodValidationPipe(exportFileParam)) name: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const response = await this.services.call('archive', principal.tenant.id, `archive/exports/${exportId}/files/${name}`, { headers: { 'x-parley-reader': principal.user.id } });
    if (!response.ok || response.body === null) {
      return this.services.relay(response, reply);
    }
    void reply.header('content-disposition', `attachment; filename="${name}"`);
    return new StreamableFile(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), { type: response.headers.get('content-type') ?? 'application/octet-stream' });
  }

  @Get('screening-policy')
  @DeskAccess({ roles: ['compliance', 'admin'] })
  @ApiDoc({ summary: 'The compliance filter\'s screening policy for the tenant', response: ANY_JSON })
  async policy(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.services.relay(await this.services.call('compliance-filter', principal.tenant.id, 'policy'), reply);
  }

  @Put('screening-policy')
  @DeskAccess({ roles: ['compliance', 'admin'] })
  @ApiDoc({ summary: 'Change the screening policy (the compliance filter validates it)', body: forwardedBodySchema, example: { prohibitedTerms: ['guaranteed refund'] }, response: ANY_JSON, upsert: true })
  async savePolicy(
    @Principal() principal: DeskPrincipal,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.services.relay(await this.services.call('compliance-filter', principal.tenant.id, 'policy', { method: 'PUT', body }), reply);
  }
}
