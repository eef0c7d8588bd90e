import { Module } from '@nestjs/common';
import { InvitationsRepository, LoginAttemptsRepository, SessionNotices, SessionsRepository, UsersRepository } from '@parley/gateway-data-access';
import { AdminTokenGuard } from '@parley/platform/http';
import { AdminModule } from '../admin/admin.module.ts';
import { DirectoryModule } from '../directory/directory.module.ts';
import { CookiePlugin } from './cookie.plugin.ts';
import { DeskAccessGuard } from './desk-access.guard.ts';
import { IdentitySweeper } from './identity.sweeper.ts';
import { InvitationsController } from './invitations.controller.ts';
import { OperatorUsersController } from './operator-users.controller.ts';
import { OriginPolicy } from './origin-policy.ts';
import { SessionCookie } from './session-cookie.ts';
import { SessionEvents } from './session-events.ts';
import { SessionController } from './session.controller.ts';
import { SessionService } from './session.service.ts';
import { UsersController } from './users.controller.ts';
import { UsersService } from './users.service.ts';

/** Desk users, their sessions and the checks every desk route passes: the gateway's identity. */
@Module({
  imports: [DirectoryModule, AdminModule],
  controllers: [SessionController, InvitationsController, UsersController, OperatorUsersController],
  providers: [
    UsersRepository,
    SessionsRepository,
    InvitationsRepository,
    LoginAttemptsRepository,
    SessionNotices,
    CookiePlugin,
    SessionCookie,
    SessionEvents,
    OriginPolicy,
    SessionService,
    UsersService,
    DeskAccessGuard,
    AdminTokenGuard,
    IdentitySweeper,
  ],
  exports: [SessionService, SessionCookie, SessionEvents, OriginPolicy, DeskAccessGuard, UsersRepository, UsersService],
})
export class IdentityModule {}
