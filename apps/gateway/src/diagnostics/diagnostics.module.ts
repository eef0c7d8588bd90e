import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '@parley/platform/http';
import { ProbesRepository } from '@parley/gateway-data-access';
import { ProbeCompletionConsumer } from './probe-completion.consumer.ts';
import { ProbesController } from './probes.controller.ts';
import { ProbesService } from './probes.service.ts';

@Module({
  controllers: [ProbesController],
  providers: [ProbesRepository, ProbesService, ProbeCompletionConsumer, AdminTokenGuard],
})
export class DiagnosticsModule {}
