import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, StreamableFile, UseGuards, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ExportJob } from '@parley/archive-data-access/store';
import { exportFileNameSchema } from '@parley/archive-domain';
import { opaqueIdSchema } from '@parley/contracts';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { z } from 'zod';
import { READER_HEADER, requireReader } from '../archive-reader.ts';
import { ArchiveExportService } from './archive-export.service.ts';

const tenantIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a tenant id');

/** eDiscovery exports: request one (202, then poll), watch its progress, download its files once it completed. */
@Controller('admin/tenants/:tenantId/archive/exports')
@UseGuards(AdminTokenGuard)
export class ArchiveExportController implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly exports: ArchiveExportService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const failed = await this.exports.failInterrupted();
    if (failed > 0) {
      this.logger.warn({ failed }, 'archive exports interrupted by a restart were marked failed');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.exports.stop();
  }

  @Post()
  @HttpCode(202)
  async request(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Headers(READER_HEADER) reader: string | undefined,
    @Body() body: unknown,
  ): Promise<{ exportId: string; status: string; export: ExportJob }> {
    const job = await this.exports.request(tenantId, body ?? {}, requireReader(reader));
    return { exportId: job.exportId, status: job.status, export: job };
  }

  @Get(':exportId')
  async status(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('exportId', new ZodValidationPipe(opaqueIdSchema)) exportId: string,
  ): Promise<ExportJob> {
    return this.exports.status(tenantId, exportId);
  }

  @Get(':exportId/files/:name')
  async file(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('exportId', new ZodValidationPipe(opaqueIdSchema)) exportId: string,
    @Param('name', new ZodValidationPipe(exportFileNameSchema)) name: string,
    @Headers(READER_HEADER) reader: string | undefined,
  ): Promise<StreamableFile> {
    const file = await this.exports.openFile(tenantId, exportId, name, requireReader(reader));
    return new StreamableFile(file.stream, { type: file.contentType, length: file.bytes, disposition: `attachment; filename="${name}"` });
  }
}
