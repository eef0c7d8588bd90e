import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '@parley/platform/http';
import { DirectoryModule } from '../directory/directory.module.ts';
import { RoutingClient } from './routing.client.ts';
import { ServiceAdminClient } from './service-admin.client.ts';
import { ServiceAdminController } from './service-admin.controller.ts';

@Module({
  imports: [DirectoryModule],
  controllers: [ServiceAdminController],
  providers: [AdminTokenGuard, ServiceAdminClient, RoutingClient],
  exports: [ServiceAdminClient, RoutingClient],
})
export class AdminModule {}
