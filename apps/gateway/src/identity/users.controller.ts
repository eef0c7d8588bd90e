import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { DeskAccess, Principal } from './desk-access.decorator.ts';
import { describeUser, type DeskPrincipal } from './desk-principal.ts';
import { invitationViewSchema, inviteUserSchema, renameUserSchema, userIdParam, userViewSchema, type InviteUserBody } from './identity.dto.ts';
import { UsersService, type IssuedInvitation } from './users.service.ts';

const ADMIN = { roles: ['admin'] } as const;
const userAnswer = z.object({ user: userViewSchema });

function describeInvitation(invitation: IssuedInvitation): Record<string, unknown> {
  return { token: invitation.token, expiresAt: invitation.expiresAt.toISOString() };
}

/** A tenant's admins manage its desk users: invite (agents get a routing profile), rename, re-invite, deactivate. */
@ApiTag('desk: administration')
@Controller('api/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'The tenant\'s users', response: z.object({ users: z.array(userViewSchema) }) })
  async list(@Principal() principal: DeskPrincipal): Promise<unknown> {
    return { users: (await this.users.list(principal.tenant.id)).map(describeUser) };
  }

  @Post()
  @HttpCode(201)
  @DeskAccess(ADMIN)
  @ApiDoc({
    summary: 'Invite a user; an agent gets a routing profile with the user id as agentId (agentProfile) or is tied to an existing one (agentId)',
    body: inviteUserSchema,
    example: { email: 'new.agent@acme.test', displayName: 'New Agent', role: 'agent', agentProfile: { queues: ['support'], capacity: 2 } },
    response: z.object({ user: userViewSchema, invitation: invitationViewSchema }),
    status: 201,
  })
  async invite(@Principal() principal: DeskPrincipal, @Body(new ZodValidationPipe(inviteUserSchema)) body: InviteUserBody): Promise<unknown> {
    const { user, invitation } = await this.users.create(principal.tenant.id, body, principal.user.id);
    return { user: describeUser(user), ...(invitation ? { invitation: describeInvitation(invitation) } : {}) };
  }

  @Get(':userId')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'One user', response: userAnswer })
  async get(@Principal() principal: DeskPrincipal, @Param('userId', new ZodValidationPipe(userIdParam)) userId: string): Promise<unknown> {
    return { user: describeUser(await this.users.get(principal.tenant.id, userId)) };
  }

  @Patch(':userId')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Rename a user', body: renameUserSchema, example: { displayName: 'Renamed User' }, response: userAnswer })
  async rename(
    @Principal() principal: DeskPrincipal,
    @Param('userId', new ZodValidationPipe(userIdParam)) userId: string,
    @Body(new ZodValidationPipe(renameUserSchema)) body: z.output<typeof renameUserSchema>,
  ): Promise<unknown> {
    return { user: describeUser(await this.users.rename(principal.tenant.id, userId, body.displayName)) };
  }

  @Post(':userId/invitation')
  @HttpCode(201)
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'A new invitation for the user (an invited user, or a password reset)', response: z.object({ invitation: invitationViewSchema }), status: 201 })
  async reinvite(@Principal() principal: DeskPrincipal, @Param('userId', new ZodValidationPipe(userIdParam)) userId: string): Promise<unknown> {
    const user = await this.users.get(principal.tenant.id, userId);
    return { invitation: describeInvitation(await this.users.invite(user, principal.user.id)) };
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Deactivate a user: their sessions end; an agent\'s conversations are re-queued by routing', response: userAnswer })
  async deactivate(@Principal() principal: DeskPrincipal, @Param('userId', new ZodValidationPipe(userIdParam)) userId: string): Promise<unknown> {
    return { user: describeUser(await this.users.deactivate(principal.tenant.id, userId, principal.user.id)) };
  }

  @Post(':userId/reactivate')
  @HttpCode(200)
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Let a deactivated user back in; an agent comes back offline', response: userAnswer })
  async reactivate(@Principal() principal: DeskPrincipal, @Param('userId', new ZodValidationPipe(userIdParam)) userId: string): Promise<unknown> {
    return { user: describeUser(await this.users.reactivate(principal.tenant.id, userId)) };
  }
}
