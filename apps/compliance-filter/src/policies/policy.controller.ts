import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import { PolicyService } from './policy.service.ts';

const tenantIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a tenant id');

/** The policy API is internal: the gateway calls it for operators with the shared admin token. */
@Controller('admin/tenants/:tenantId/policy')
@UseGuards(AdminTokenGuard)
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  @Get()
  async read(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<unknown> {
    return this.policies.read(tenantId);
  }

  @Put()
  async save(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string, @Body() body: unknown): Promise<unknown> {
    return this.policies.save(tenantId, body);
  }
}
