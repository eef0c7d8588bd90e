import type { ArchiveReader, TranscriptEntry, TranscriptView } from '@parley/archive-data-access/store';
import { ArchiveConversationNotFoundError } from '../archive.errors.ts';

export interface Transcript {
  conversationId: string;
  records: TranscriptEntry[];
  /** This read, as the view log keeps it. */
  view: TranscriptView;
}

export const MAX_VIEWS_PAGE = 1_000;

/** Transcripts for the desk: every read is recorded with its reader in the same transaction that reads. */
export class TranscriptService {
  readonly #reader: ArchiveReader;

  constructor(reader: ArchiveReader) {
    this.#reader = reader;
  }

  async read(tenantId: string, conversationId: string, reader: string): Promise<Transcript> {
    const read = await this.#reader.readTranscript(tenantId, conversationId, reader);
    if (read === undefined) {
      throw new ArchiveConversationNotFoundError(conversationId);
    }
    return { conversationId, records: read.entries, view: read.view };
  }

  async views(tenantId: string, options: { conversationId?: string; beforeViewId?: string; limit: number }): Promise<{ views: TranscriptView[]; nextBefore: string | null }> {
    const views = await this.#reader.views(tenantId, options);
    return { views, nextBefore: views.length === options.limit ? (views.at(-1)?.viewId ?? null) : null };
  }
}
