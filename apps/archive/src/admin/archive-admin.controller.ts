import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { retentionPolicySchema, type LegalHold } from '@parley/archive-domain';
import { e164Schema, opaqueIdSchema } from '@parley/contracts';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import type { ArchiveVerification } from '../integrity/archive-verifier.ts';
import { ArchiveVerifier } from '../integrity/archive-verifier.ts';
import { RetentionService, type PurgeSummary } from '../retention/retention.service.ts';

const tenantIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a tenant id');
const retentionBodySchema = z.strictObject({
  years: z.number().optional(),
  days: z.number().optional(),
  /** Who changed it (the user's id), for the audit log. */
  updatedBy: opaqueIdSchema,
});
const holdFields = { reason: z.string().trim().min(1).max(500), placedBy: opaqueIdSchema };
const holdBodySchema = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('conversation'), conversationId: opaqueIdSchema, ...holdFields }),
  z.strictObject({ scope: z.literal('customer'), customerNumber: e164Schema, ...holdFields }),
  z.strictObject({ scope: z.literal('tenant'), ...holdFields }),
]);
const releaseBodySchema = z.strictObject({ releasedBy: opaqueIdSchema });
const purgeBodySchema = z.strictObject({ requestedBy: opaqueIdSchema }).optional();

/**
 * The archive's administration, for the gateway's admin API to call with the admin token: verification of the
 * tenant's chains and checkpoints, retention, legal holds and running the purge job now.
 */
@Controller('admin/tenants/:tenantId/archive')
@UseGuards(AdminTokenGuard)
export class ArchiveAdminController {
  constructor(
    private readonly verifier: ArchiveVerifier,
    private readonly retention: RetentionService,
  ) {}

  @Get('verify')
  async verifyTenant(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<ArchiveVerification> {
    return this.verifier.verifyTenant(tenantId);
  }

  @Get('conversations/:conversationId/verify')
  async verifyConversation(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('conversationId', new ZodValidationPipe(opaqueIdSchema)) conversationId: string,
  ): Promise<ArchiveVerification> {
    return this.verifier.verifyConversation(tenantId, conversationId);
  }

  @Get('retention')
  async retentionPolicy(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<unknown> {
    return this.retention.policy(tenantId);
  }

  @Put('retention')
  async saveRetention(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(retentionBodySchema)) body: z.infer<typeof retentionBodySchema>,
  ): Promise<unknown> {
    const { updatedBy, ...length } = body;
    const policy = new ZodValidationPipe(retentionPolicySchema).transform(length);
    await this.retention.setPolicy(tenantId, policy, updatedBy);
    return { policy, isDefault: false };
  }

  @Get('holds')
  async holds(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<{ holds: LegalHold[] }> {
    return { holds: await this.retention.holds(tenantId) };
  }

  @Post('holds')
  @HttpCode(201)
  async placeHold(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(holdBodySchema)) body: z.infer<typeof holdBodySchema>,
  ): Promise<{ hold: LegalHold }> {
    return { hold: await this.retention.placeHold(tenantId, body) };
  }

  @Post('holds/:holdId/release')
  @HttpCode(200)
  async releaseHold(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('holdId', new ZodValidationPipe(opaqueIdSchema)) holdId: string,
    @Body(new ZodValidationPipe(releaseBodySchema)) body: z.infer<typeof releaseBodySchema>,
  ): Promise<{ hold: LegalHold }> {
    return { hold: await this.retention.releaseHold(tenantId, holdId, body.releasedBy) };
  }

  @Post('purge')
  @HttpCode(200)
  async purge(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(purgeBodySchema)) body: z.infer<typeof purgeBodySchema>,
  ): Promise<PurgeSummary> {
    return this.retention.purgeTenant(tenantId, body?.requestedBy ?? 'admin-api');
  }
}
