import { Module } from '@nestjs/common';
import { ArchiveDataAccessModule } from '@parley/archive-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';

@Module({
  imports: [ArchiveDataAccessModule, ProbeRelayModule],
})
export class AppModule {}
