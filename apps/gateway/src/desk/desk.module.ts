import { Module } from '@nestjs/common';
import { CannedResponsesRepository } from '@parley/gateway-data-access';
import { AdminModule } from '../admin/admin.module.ts';
import { DirectoryModule } from '../directory/directory.module.ts';
import { IdentityModule } from '../identity/identity.module.ts';
import { LiveModule } from '../live/live.module.ts';
import { AdminDeskController } from './admin-desk.controller.ts';
import { AgentDeskController } from './agent-desk.controller.ts';
import { CannedResponsesController } from './canned-responses.controller.ts';
import { ComplianceController } from './compliance.controller.ts';
import { ConversationAccessService } from './conversation-access.service.ts';
import { ConversationsController } from './conversations.controller.ts';
import { DeskCommandsService } from './desk-commands.service.ts';
import { RepliesService } from './replies.service.ts';

/** The desk's HTTP API under /api: every route scoped to the signed-in user's tenant and role. */
@Module({
  imports: [AdminModule, DirectoryModule, IdentityModule, LiveModule],
  controllers: [AgentDeskController, ConversationsController, ComplianceController, AdminDeskController, CannedResponsesController],
  providers: [CannedResponsesRepository, DeskCommandsService, RepliesService, ConversationAccessService],
})
export class DeskModule {}
