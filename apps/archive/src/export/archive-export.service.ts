import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ArchiveSearchInvalidError,
  buildExportManifest,
  exportFileNameSchema,
  exportQueryEcho,
  parseArchiveSearch,
  writeExportFile,
  type ArchiveSearch,
  type ExportFormat,
  type SearchCursor,
} from '@parley/archive-domain';
import type { ArchiveExportStore, ArchiveReader, ArchiveSearchRow, ExportJob } from '@parley/archive-data-access/store';
import { ArchiveExportFileUnavailableError, ArchiveExportNotFoundError } from '../archive.errors.ts';

/** Rows read per query; each page is fetched once and written to every file. */
export const EXPORT_PAGE_ROWS = 5_000;
export const MANIFEST_FILE = 'manifest.json';
const FILES: readonly { name: string; format: ExportFormat; contentType: string }[] = [
  { name: 'records.jsonl', format: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' },
  { name: 'records.csv', format: 'csv', contentType: 'text/csv; charset=utf-8' },
];

export interface ExportLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Pages of a search read once and shared by several readers (one per file), each page dropped once every reader
 * passed it. The next page's query starts after the previous page's last row, so pages are fetched in order.
 */
class SharedPages {
  readonly #pages = new Map<number, Promise<ArchiveSearchRow[]>>();
  readonly #passed = new Map<number, number>();
  readonly #fetch: (after: SearchCursor | null) => Promise<ArchiveSearchRow[]>;
  readonly #readers: number;

  constructor(fetch: (after: SearchCursor | null) => Promise<ArchiveSearchRow[]>, readers: number) {
    this.#fetch = fetch;
    this.#readers = readers;
  }

  #page(index: number): Promise<ArchiveSearchRow[]> {
    let page = this.#pages.get(index);
    if (page === undefined) {
      const previous = index === 0 ? Promise.resolve(null) : this.#page(index - 1);
      page = previous.then((rows) => {
        if (rows === null) {
          return this.#fetch(null);
        }
        const last = rows.at(-1);
        return rows.length < EXPORT_PAGE_ROWS || last === undefined ? [] : this.#fetch({ occurredAt: last.occurredAt, recordId: last.recordId });
      });
      this.#pages.set(index, page);
    }
    return page;
  }

  #pass(index: number): void {
    const passed = (this.#passed.get(index) ?? 0) + 1;
    if (passed >= this.#readers) {
      this.#passed.delete(index);
      // The next page's promise already holds what it needs of this one.
      if (this.#pages.has(index + 1)) {
        this.#pages.delete(index);
      }
    } else {
      this.#passed.set(index, passed);
    }
  }

  async *rows(onPage?: (rows: number) => Promise<void>): AsyncGenerator<ArchiveSearchRow> {
    let total = 0;
    for (let index = 0; ; index += 1) {
      const page = await this.#page(index);
      // Asking for the next page now overlaps its query with writing this one.
      void this.#page(index + 1).catch(() => undefined);
      this.#pass(index);
      if (page.length === 0) {
        return;
      }
      yield* page;
      total += page.length;
      await onPage?.(total);
    }
  }
}

/**
 * eDiscovery exports as jobs in this process: a request is stored (and audited) and answered at once; the job
 * writes a JSON-lines and a CSV file of the search's records with the domain's writers, then the manifest with
 * each file's sha256, and audits the outcome. A job a restart interrupted is failed when the service starts.
 */
export class ArchiveExportService {
  readonly #reader: ArchiveReader;
  readonly #jobs: ArchiveExportStore;
  readonly #directory: string;
  readonly #log: ExportLog;
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();

  constructor(reader: ArchiveReader, jobs: ArchiveExportStore, directory: string, log: ExportLog) {
    this.#reader = reader;
    this.#jobs = jobs;
    this.#directory = directory;
    this.#log = log;
  }

  async failInterrupted(): Promise<number> {
    return (await this.#jobs.failUnfinished('interrupted: the archive service restarted while the export ran')).length;
  }

  async request(tenantId: string, body: unknown, requestedBy: string): Promise<ExportJob> {
    const search = parseArchiveSearch(tenantId, body);
    if (search.after !== null) {
      throw new ArchiveSearchInvalidError([{ path: 'cursor', message: 'an export covers the whole search; leave the cursor out' }]);
    }
    const exportId = `exp_${randomUUID().replaceAll('-', '')}`;
    const job = await this.#jobs.create({ exportId, tenantId, requestedBy, query: exportQueryEcho(search) });
    const run = this.#run(job, search).finally(() => this.#running.delete(run));
    this.#running.add(run);
    return job;
  }

  async status(tenantId: string, exportId: string): Promise<ExportJob> {
    const job = await this.#jobs.find(tenantId, exportId);
    if (job === undefined) {
      throw new ArchiveExportNotFoundError(exportId);
    }
    return job;
  }

  /** A finished export's file, audited as read by `reader`. */
  async openFile(tenantId: string, exportId: string, name: string, reader: string): Promise<{ stream: ReadStream; bytes: number; contentType: string }> {
    const job = await this.status(tenantId, exportId);
    const known = name === MANIFEST_FILE ? { contentType: 'application/json; charset=utf-8' } : FILES.find((file) => file.name === name);
    if (job.status !== 'completed' || known === undefined || !exportFileNameSchema.safeParse(name).success) {
      throw new ArchiveExportFileUnavailableError(exportId, name, job.status);
    }
    const path = join(this.#folder(tenantId, exportId), name);
    const bytes = (await stat(path)).size;
    await this.#jobs.audit({ tenantId, action: 'export.downloaded', actor: reader, details: { exportId, file: name } });
    return { stream: createReadStream(path), bytes, contentType: known.contentType };
  }

  /** Stops the jobs in hand; they are failed now rather than left running for the next start to find. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([...this.#running]);
  }

  #folder(tenantId: string, exportId: string): string {
    return join(this.#directory, tenantId, exportId);
  }

  async #run(job: ExportJob, search: ArchiveSearch): Promise<void> {
    const folder = this.#folder(job.tenantId, job.exportId);
    try {
      await this.#jobs.markRunning(job.tenantId, job.exportId);
      await mkdir(folder, { recursive: true });
      void this.#reader
        .count(search)
        .then((rowsTotal) => this.#jobs.recordProgress(job.tenantId, job.exportId, { rowsTotal }))
        .catch(() => undefined);
      const pages = new SharedPages(async (after) => {
        if (this.#abort.signal.aborted) {
          throw new Error('the archive service is stopping');
        }
        return this.#reader.search(search, after, EXPORT_PAGE_ROWS);
      }, FILES.length);
      const summaries = await Promise.all(
        FILES.map((file, index) =>
          writeExportFile(
            pages.rows(index === 0 ? (rowsWritten) => this.#jobs.recordProgress(job.tenantId, job.exportId, { rowsWritten }) : undefined),
            file,
            createWriteStream(join(folder, file.name)),
          ),
        ),
      );
      const manifest = buildExportManifest({ exportId: job.exportId, generatedAt: new Date(), search, files: summaries });
      await writeFile(join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      await this.#jobs.complete(job, manifest);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#log.warn({ exportId: job.exportId, err: error }, 'archive export failed');
      await rm(folder, { recursive: true, force: true }).catch(() => undefined);
      await this.#jobs.fail(job, reason).catch((failure: unknown) => this.#log.warn({ exportId: job.exportId, err: failure }, 'archive export could not be marked failed'));
    }
  }
}
