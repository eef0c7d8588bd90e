import { Module } from '@nestjs/common';
import { ArchiveDataAccessModule } from '@parley/archive-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';
import { ArchiveModule } from './archive.module.ts';

@Module({
  imports: [ArchiveDataAccessModule, ArchiveModule, ProbeRelayModule],
})
export class AppModule {}
