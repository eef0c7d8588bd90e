import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { DirectoryRepository, type BusinessNumber, type Tenant } from '@parley/gateway-data-access';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import {
  createNumberSchema,
  createTenantSchema,
  numberIdParam,
  tenantIdParam,
  updateNumberSchema,
  updateTenantSchema,
  type CreateNumberInput,
  type CreateTenantInput,
  type UpdateNumberInput,
  type UpdateTenantInput,
} from './directory.dto.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { NumberDirectoryService } from './number-directory.service.ts';

function tenantNotFound(tenantId: string): DomainError {
  return new DomainError('not-found', 'tenant.not-found', `No tenant ${tenantId}.`);
}

/** The admin API over tenants and their business numbers. */
@ApiTag('operators: tenants and numbers')
@Controller('admin/tenants')
@UseGuards(AdminTokenGuard)
export class DirectoryController {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly numbers: NumberDirectoryService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiDoc({ summary: 'Create a tenant', body: createTenantSchema, example: { slug: 'acme', name: 'Acme' }, status: 201 })
  async createTenant(@Body(new ZodValidationPipe(createTenantSchema)) input: CreateTenantInput): Promise<Tenant> {
    return this.directory.createTenant(input);
  }

  @Get()
  @ApiDoc({ summary: 'Every tenant' })
  async listTenants(): Promise<{ tenants: Tenant[] }> {
    return { tenants: await this.directory.listTenants() };
  }

  @Get(':tenantId')
  @ApiDoc({ summary: 'One tenant' })
  async getTenant(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<Tenant> {
    return (await this.directory.findTenant(tenantId)) ?? Promise.reject(tenantNotFound(tenantId));
  }

  @Patch(':tenantId')
  @ApiDoc({ summary: 'Rename or suspend a tenant', body: updateTenantSchema, example: { name: 'Acme Inc.' } })
  async updateTenant(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(updateTenantSchema)) patch: UpdateTenantInput,
  ): Promise<Tenant> {
    const tenant = await this.directory.updateTenant(tenantId, patch);
    this.numbers.forgetAll();
    return tenant ?? Promise.reject(tenantNotFound(tenantId));
  }

  @Post(':tenantId/numbers')
  @HttpCode(201)
  @ApiDoc({ summary: 'Add a business number to a tenant', body: createNumberSchema, example: { e164: '+14155550123', label: 'Main line' }, status: 201 })
  async createNumber(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(createNumberSchema)) input: CreateNumberInput,
  ): Promise<BusinessNumber> {
    if (!(await this.directory.findTenant(tenantId))) {
      throw tenantNotFound(tenantId);
    }
    const number = await this.directory.createNumber(tenantId, input);
    this.numbers.forget(number.e164);
    return number;
  }

  @Get(':tenantId/numbers')
  @ApiDoc({ summary: 'A tenant\'s business numbers' })
  async listNumbers(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<{ numbers: BusinessNumber[] }> {
    if (!(await this.directory.findTenant(tenantId))) {
      throw tenantNotFound(tenantId);
    }
    return { numbers: await this.directory.listNumbers(tenantId) };
  }

  @Get(':tenantId/numbers/:numberId')
  @ApiDoc({ summary: 'One business number' })
  async getNumber(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('numberId', new ZodValidationPipe(numberIdParam)) numberId: string,
  ): Promise<BusinessNumber> {
    const number = await this.directory.findNumber(tenantId, numberId);
    if (!number) {
      throw new DomainError('not-found', 'number.not-found', `No number ${numberId} for this tenant.`);
    }
    return number;
  }

  @Patch(':tenantId/numbers/:numberId')
  @ApiDoc({ summary: 'Change a business number', body: updateNumberSchema, example: { label: 'Front desk' } })
  async updateNumber(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('numberId', new ZodValidationPipe(numberIdParam)) numberId: string,
    @Body(new ZodValidationPipe(updateNumberSchema)) patch: UpdateNumberInput,
  ): Promise<BusinessNumber> {
    const current = await this.directory.findNumber(tenantId, numberId);
    if (!current) {
      throw new DomainError('not-found', 'number.not-found', `No number ${numberId} for this tenant.`);
    }
    if (!(patch.smsEnabled ?? current.smsEnabled) && !(patch.voiceEnabled ?? current.voiceEnabled)) {
      throw new DomainError('invalid', 'number.no-channel', 'A number must carry SMS, voice or both.');
    }
    const number = await this.directory.updateNumber(tenantId, numberId, patch);
    this.numbers.forget(current.e164);
    return number ?? Promise.reject(new DomainError('not-found', 'number.not-found', `No number ${numberId} for this tenant.`));
  }
}
