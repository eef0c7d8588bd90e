import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '@parley/platform/http';
import { DirectoryModule } from '../directory/directory.module.ts';
import { ServiceAdminController } from './service-admin.controller.ts';

@Module({
  imports: [DirectoryModule],
  controllers: [ServiceAdminController],
  providers: [AdminTokenGuard],
})
export class AdminModule {}
