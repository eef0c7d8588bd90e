import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '@parley/platform/http';
import { DirectoryRepository } from '@parley/gateway-data-access';
import { DirectoryController } from './directory.controller.ts';
import { NumberDirectoryService } from './number-directory.service.ts';

@Module({
  controllers: [DirectoryController],
  providers: [DirectoryRepository, NumberDirectoryService, AdminTokenGuard],
  exports: [DirectoryRepository, NumberDirectoryService],
})
export class DirectoryModule {}
