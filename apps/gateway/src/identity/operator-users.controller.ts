import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { DirectoryRepository } from '@parley/gateway-data-access';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import { tenantIdParam } from '../directory/directory.dto.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { describeUser } from './desk-principal.ts';
import { invitationViewSchema, operatorCreateUserSchema, userViewSchema, type OperatorCreateUserBody } from './identity.dto.ts';
import { UsersService } from './users.service.ts';

/** Operators (and automation) create a tenant's users with the admin token: this is how a tenant's first admin is made. */
@ApiTag('operators: users')
@Controller('admin/tenants/:tenantId/users')
@UseGuards(AdminTokenGuard)
export class OperatorUsersController {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly users: UsersService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiDoc({
    summary: 'Create a user: active at once with a password, otherwise invited (the invitation is in the answer)',
    body: operatorCreateUserSchema,
    example: { email: 'first.admin@acme.test', displayName: 'First Admin', role: 'admin', password: 'a long first passphrase' },
    response: z.object({ user: userViewSchema, invitation: invitationViewSchema.optional() }),
    status: 201,
  })
  async create(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(operatorCreateUserSchema)) body: OperatorCreateUserBody,
  ): Promise<unknown> {
    await this.#requireTenant(tenantId);
    const { user, invitation } = await this.users.create(tenantId, body, 'admin-token');
    return { user: describeUser(user), ...(invitation ? { invitation: { token: invitation.token, expiresAt: invitation.expiresAt.toISOString() } } : {}) };
  }

  @Get()
  @ApiDoc({ summary: 'The tenant\'s users', response: z.object({ users: z.array(userViewSchema) }) })
  async list(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<unknown> {
    await this.#requireTenant(tenantId);
    return { users: (await this.users.list(tenantId)).map(describeUser) };
  }

  async #requireTenant(tenantId: string): Promise<void> {
    if (!(await this.directory.findTenant(tenantId))) {
      throw new DomainError('not-found', 'tenant.not-found', `No tenant ${tenantId}.`);
    }
  }
}
