import { Module } from '@nestjs/common';
import { ArchiveDatabase } from '@parley/archive-data-access';
import { ArchiveExportStore, ArchiveReader, ArchiveStore } from '@parley/archive-data-access/store';
import { APP_CONFIG } from '@parley/platform/config';
import { AdminTokenGuard } from '@parley/platform/http';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { ArchiveAdminController } from './admin/archive-admin.controller.ts';
import type { ArchiveConfig } from './config.ts';
import { ArchiveExportController } from './export/archive-export.controller.ts';
import { ArchiveExportService } from './export/archive-export.service.ts';
import { ArchiveEventsConsumer } from './ingest/archive-events.consumer.ts';
import { ArchiveIngestService } from './ingest/archive-ingest.service.ts';
import { ArchiveVerifier } from './integrity/archive-verifier.ts';
import { ArchiveSweeper } from './integrity/archive.sweeper.ts';
import { CheckpointService } from './integrity/checkpoint.service.ts';
import { RetentionService } from './retention/retention.service.ts';
import { ArchiveSearchController } from './search/archive-search.controller.ts';
import { ArchiveSearchService } from './search/archive-search.service.ts';
import { TranscriptService } from './transcripts/transcript.service.ts';

/** The store and the services over it are plain classes (the verify command uses them without Nest), wired here. */
@Module({
  controllers: [ArchiveAdminController, ArchiveSearchController, ArchiveExportController],
  providers: [
    AdminTokenGuard,
    { provide: ArchiveStore, useFactory: (db: ArchiveDatabase) => new ArchiveStore(db.pool), inject: [ArchiveDatabase] },
    { provide: ArchiveIngestService, useFactory: (store: ArchiveStore) => new ArchiveIngestService(store), inject: [ArchiveStore] },
    { provide: ArchiveVerifier, useFactory: (store: ArchiveStore) => new ArchiveVerifier(store), inject: [ArchiveStore] },
    { provide: CheckpointService, useFactory: (store: ArchiveStore) => new CheckpointService(store), inject: [ArchiveStore] },
    { provide: RetentionService, useFactory: (store: ArchiveStore) => new RetentionService(store), inject: [ArchiveStore] },
    { provide: ArchiveReader, useFactory: (db: ArchiveDatabase) => new ArchiveReader(db.pool), inject: [ArchiveDatabase] },
    { provide: ArchiveExportStore, useFactory: (db: ArchiveDatabase) => new ArchiveExportStore(db.pool), inject: [ArchiveDatabase] },
    { provide: ArchiveSearchService, useFactory: (reader: ArchiveReader) => new ArchiveSearchService(reader), inject: [ArchiveReader] },
    { provide: TranscriptService, useFactory: (reader: ArchiveReader) => new TranscriptService(reader), inject: [ArchiveReader] },
    {
      provide: ArchiveExportService,
      useFactory: (reader: ArchiveReader, jobs: ArchiveExportStore, config: ArchiveConfig, logger: Logger) =>
        new ArchiveExportService(reader, jobs, config.archive.exportDir, logger),
      inject: [ArchiveReader, ArchiveExportStore, APP_CONFIG, LOGGER],
    },
    ArchiveEventsConsumer,
    ArchiveSweeper,
  ],
})
export class ArchiveModule {}
