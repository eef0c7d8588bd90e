import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { DeskAccess } from './desk-access.decorator.ts';
import { describeUser } from './desk-principal.ts';
import { acceptInvitationSchema, invitationTokenSchema, userViewSchema } from './identity.dto.ts';
import { UsersService } from './users.service.ts';

const EXAMPLE_TOKEN = 'x'.repeat(43);

/** An invited user's way in: see who the invitation is for, then set a password with it, once. */
@ApiTag('desk: session')
@Controller('api/invitations')
export class InvitationsController {
  constructor(private readonly users: UsersService) {}

  @Post('inspect')
  @HttpCode(200)
  @DeskAccess({ public: true })
  @ApiDoc({
    summary: 'Who an invitation is for (404 when unknown, used or expired)',
    body: invitationTokenSchema,
    example: { token: EXAMPLE_TOKEN },
    response: z.object({ email: z.string(), displayName: z.string(), role: z.string(), tenant: z.object({ slug: z.string(), name: z.string() }), expiresAt: z.string() }),
  })
  async inspect(@Body(new ZodValidationPipe(invitationTokenSchema)) body: z.output<typeof invitationTokenSchema>): Promise<unknown> {
    const { user, tenant, expiresAt } = await this.users.inspectInvitation(body.token);
    return { email: user.email, displayName: user.displayName, role: user.role, tenant, expiresAt: expiresAt.toISOString() };
  }

  @Post('accept')
  @HttpCode(200)
  @DeskAccess({ public: true })
  @ApiDoc({
    summary: 'Set the password with an invitation; the user is active and signs in next',
    body: acceptInvitationSchema,
    example: { token: EXAMPLE_TOKEN, password: 'a long new passphrase' },
    response: z.object({ user: userViewSchema }),
  })
  async accept(@Body(new ZodValidationPipe(acceptInvitationSchema)) body: z.output<typeof acceptInvitationSchema>): Promise<unknown> {
    return { user: describeUser(await this.users.acceptInvitation(body.token, body.password)) };
  }
}
