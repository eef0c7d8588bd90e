import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '@parley/platform/http';
import { EngineStore, ReportingDatabase, ReportRowsRepository } from '@parley/reporting-data-access';
import { EngineEventsConsumer } from './engine/engine-events.consumer.ts';
import { EngineLeadership } from './engine/engine-leadership.service.ts';
import { ReportOutboxRelay } from './engine/report-outbox.relay.ts';
import { ReportingEngine } from './engine/reporting-engine.service.ts';
import { ReportingMetricsModule } from './reporting.metrics.ts';
import { ReportsController } from './reports/reports.controller.ts';

/** The stores are plain classes over the service's pool, wired here with the engine and its leadership. */
@Module({
  imports: [ReportingMetricsModule],
  controllers: [ReportsController],
  providers: [
    AdminTokenGuard,
    { provide: EngineStore, useFactory: (db: ReportingDatabase) => new EngineStore(db.pool), inject: [ReportingDatabase] },
    { provide: ReportRowsRepository, useFactory: (db: ReportingDatabase) => new ReportRowsRepository(db.pool), inject: [ReportingDatabase] },
    ReportingEngine,
    EngineEventsConsumer,
    ReportOutboxRelay,
    EngineLeadership,
  ],
})
export class ReportingModule {}
