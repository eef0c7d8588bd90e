import { Controller, Get, Headers, Param, Query, UseGuards } from '@nestjs/common';
import type { SearchPage } from '@parley/archive-domain';
import type { TranscriptView } from '@parley/archive-data-access/store';
import { opaqueIdSchema } from '@parley/contracts';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import { READER_HEADER, requireReader } from '../archive-reader.ts';
import { MAX_VIEWS_PAGE, TranscriptService, type Transcript } from '../transcripts/transcript.service.ts';
import { ArchiveSearchService, type SearchResultRow } from './archive-search.service.ts';

const tenantIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a tenant id');
const viewsQuerySchema = z.strictObject({
  conversationId: opaqueIdSchema.optional(),
  before: z.string().regex(/^[1-9][0-9]{0,17}$/, 'a view id').optional(),
  limit: z.coerce.number().int().min(1).max(MAX_VIEWS_PAGE).default(100),
});

/** Reading the archive: search, transcripts (each read recorded with its reader) and the log of those reads. */
@Controller('admin/tenants/:tenantId/archive')
@UseGuards(AdminTokenGuard)
export class ArchiveSearchController {
  constructor(
    private readonly searches: ArchiveSearchService,
    private readonly transcripts: TranscriptService,
  ) {}

  @Get('search')
  async search(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<SearchPage<SearchResultRow>> {
    return this.searches.search(tenantId, query);
  }

  @Get('conversations/:conversationId/transcript')
  async transcript(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('conversationId', new ZodValidationPipe(opaqueIdSchema)) conversationId: string,
    @Headers(READER_HEADER) reader: string | undefined,
  ): Promise<Transcript> {
    return this.transcripts.read(tenantId, conversationId, requireReader(reader));
  }

  @Get('views')
  async views(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Query(new ZodValidationPipe(viewsQuerySchema)) query: z.infer<typeof viewsQuerySchema>,
  ): Promise<{ views: TranscriptView[]; nextBefore: string | null }> {
    return this.transcripts.views(tenantId, {
      limit: query.limit,
      ...(query.conversationId === undefined ? {} : { conversationId: query.conversationId }),
      ...(query.before === undefined ? {} : { beforeViewId: query.before }),
    });
  }
}
