import { Module } from '@nestjs/common';
import { ArchiveDatabase } from '@parley/archive-data-access';
import { ArchiveStore } from '@parley/archive-data-access/store';
import { AdminTokenGuard } from '@parley/platform/http';
import { ArchiveAdminController } from './admin/archive-admin.controller.ts';
import { ArchiveEventsConsumer } from './ingest/archive-events.consumer.ts';
import { ArchiveIngestService } from './ingest/archive-ingest.service.ts';
import { ArchiveVerifier } from './integrity/archive-verifier.ts';
import { ArchiveSweeper } from './integrity/archive.sweeper.ts';
import { CheckpointService } from './integrity/checkpoint.service.ts';
import { RetentionService } from './retention/retention.service.ts';

/** The store and the services over it are plain classes (the verify command uses them without Nest), wired here. */
@Module({
  controllers: [ArchiveAdminController],
  providers: [
    AdminTokenGuard,
    { provide: ArchiveStore, useFactory: (db: ArchiveDatabase) => new ArchiveStore(db.pool), inject: [ArchiveDatabase] },
    { provide: ArchiveIngestService, useFactory: (store: ArchiveStore) => new ArchiveIngestService(store), inject: [ArchiveStore] },
    { provide: ArchiveVerifier, useFactory: (store: ArchiveStore) => new ArchiveVerifier(store), inject: [ArchiveStore] },
    { provide: CheckpointService, useFactory: (store: ArchiveStore) => new CheckpointService(store), inject: [ArchiveStore] },
    { provide: RetentionService, useFactory: (store: ArchiveStore) => new RetentionService(store), inject: [ArchiveStore] },
    ArchiveEventsConsumer,
    ArchiveSweeper,
  ],
})
export class ArchiveModule {}
