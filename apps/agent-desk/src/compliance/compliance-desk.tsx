import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { logFromTranscript, type ConversationLog } from '../agent/conversation-log.ts';
import { describeProblem } from '../api/desk-client.ts';
import type { ArchiveRow, ExportJob, LegalHold, Transcript } from '../api/desk-types.ts';
import { useDesk } from '../session/desk-context.tsx';
import { TranscriptView } from '../ui/transcript-view.tsx';

const FACETS = [
  ['customerNumber', 'Customer number'],
  ['businessNumber', 'Business number'],
  ['agentId', 'Agent'],
  ['queue', 'Queue'],
  ['disposition', 'Disposition'],
  ['text', 'Words in the text'],
] as const;

type Facet = (typeof FACETS)[number][0];

function dayInput(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Compliance officers: archive search, transcripts (each read is logged), exports for eDiscovery and legal holds. */
export function ComplianceDesk() {
  const { client } = useDesk();
  const [from, setFrom] = useState(dayInput(-7));
  const [to, setTo] = useState(dayInput(1));
  const [facets, setFacets] = useState<Record<Facet, string>>({ customerNumber: '', businessNumber: '', agentId: '', queue: '', disposition: '', text: '' });
  const [rows, setRows] = useState<ArchiveRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [searched, setSearched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [transcript, setTranscript] = useState<{ id: string; log: ConversationLog } | null>(null);
  const [exportJob, setExportJob] = useState<ExportJob | null>(null);

  function query(): Record<string, string> {
    const values: Record<string, string> = { from: new Date(`${from}T00:00:00Z`).toISOString(), to: new Date(`${to}T00:00:00Z`).toISOString() };
    for (const [name] of FACETS) {
      if (facets[name].trim() !== '') {
        values[name] = facets[name].trim();
      }
    }
    return values;
  }

  async function search(event?: FormEvent, after?: string) {
    event?.preventDefault();
    setError(null);
    try {
      const params = new URLSearchParams({ ...query(), pageSize: '50', ...(after ? { cursor: after } : {}) });
      const page = await client.get<{ rows: ArchiveRow[]; nextCursor: string | null }>(`/api/archive/search?${params.toString()}`);
      setRows((current) => (after ? [...current, ...page.rows] : page.rows));
      setCursor(page.nextCursor);
      setSearched(true);
    } catch (caught) {
      setError(describeProblem(caught, 'The archive could not be searched.'));
    }
  }

  async function openTranscript(conversationId: string) {
    try {
      const answer = await client.get<Transcript>(`/api/conversations/${encodeURIComponent(conversationId)}/transcript`);
      setTranscript({ id: conversationId, log: logFromTranscript(answer.records) });
    } catch (caught) {
      setError(describeProblem(caught, 'The transcript could not be read.'));
    }
  }

  async function startExport() {
    try {
      const job = await client.post<ExportJob>('/api/archive/exports', query());
      setExportJob({ ...job, rowsWritten: job.rowsWritten ?? 0, rowsTotal: job.rowsTotal ?? null, error: job.error ?? null, manifest: job.manifest ?? null });
    } catch (caught) {
      setError(describeProblem(caught, 'The export could not be started.'));
    }
  }

  // A running export is polled until it finishes.
  useEffect(() => {
    if (exportJob === null || exportJob.status === 'completed' || exportJob.status === 'failed') {
      return;
    }
    const timer = setTimeout(() => {
      void client.get<ExportJob>(`/api/archive/exports/${encodeURIComponent(exportJob.exportId)}`).then(setExportJob).catch(() => undefined);
    }, 1000);
    return () => clearTimeout(timer);
  }, [client, exportJob]);

  return (
    <div className="compliance-desk">
      <section aria-labelledby="search-title">
        <h2 id="search-title">Archive search</h2>
        <form className="search" onSubmit={(event) => void search(event)}>
          <label>
            From
            <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
          </label>
          <label>
            To
            <input type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
          </label>
          {FACETS.map(([name, label]) => (
            <label key={name}>
              {label}
              <input value={facets[name]} onChange={(event) => setFacets((current) => ({ ...current, [name]: event.target.value }))} />
            </label>
          ))}
          <button type="submit">Search</button>
          <button type="button" onClick={() => void startExport()}>
            Export these results
          </button>
        </form>
        {error !== null && <p role="alert" className="error">{error}</p>}
        {exportJob !== null && (
          <div className="panel" role="status">
            Export {exportJob.exportId}: {exportJob.status}, {exportJob.rowsWritten}
            {exportJob.rowsTotal !== null ? ` of ${exportJob.rowsTotal}` : ''} records
            {exportJob.error !== null && ` (${exportJob.error})`}
            {exportJob.status === 'completed' && (
              <ul>
                {['records.jsonl', 'records.csv', 'manifest.json'].map((name) => (
                  <li key={name}>
                    <a href={`/api/archive/exports/${encodeURIComponent(exportJob.exportId)}/files/${name}`} download>
                      {name}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {searched && rows.length === 0 && <p>No records match.</p>}
        {rows.length > 0 && (
          <table className="figures" aria-label="Search results">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Customer</th>
                <th scope="col">Agent</th>
                <th scope="col">Queue</th>
                <th scope="col">Text</th>
                <th scope="col">Transcript</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.recordId}>
                  <td>{new Date(row.occurredAt).toLocaleString()}</td>
                  <td>{row.eventType}</td>
                  <td>{row.customerNumber ?? '—'}</td>
                  <td>{row.agentId ?? '—'}</td>
                  <td>{row.queue ?? '—'}</td>
                  <td>
                    {row.text ?? ''}
                    {row.redacted && <span className="redacted"> redacted</span>}
                  </td>
                  <td>
                    <button type="button" onClick={() => void openTranscript(row.conversationId)}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor !== null && (
          <button type="button" onClick={() => void search(undefined, cursor)}>
            More results
          </button>
        )}
      </section>
      {transcript !== null && (
        <section aria-labelledby="transcript-title" className="conversation">
          <h2 id="transcript-title">Transcript {transcript.id}</h2>
          <TranscriptView log={transcript.log} label="Archived transcript" />
        </section>
      )}
      <LegalHolds />
    </div>
  );
}

function LegalHolds() {
  const { client } = useDesk();
  const [holds, setHolds] = useState<LegalHold[]>([]);
  const [scope, setScope] = useState<'conversation' | 'customer' | 'tenant'>('conversation');
  const [subject, setSubject] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setHolds((await client.get<{ holds: LegalHold[] }>('/api/archive/holds')).holds);
    } catch (caught) {
      setError(describeProblem(caught, 'Holds could not be loaded.'));
    }
  }, [client]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function place(event: FormEvent) {
    event.preventDefault();
    const body = scope === 'conversation' ? { scope, conversationId: subject.trim(), reason } : scope === 'customer' ? { scope, customerNumber: subject.trim(), reason } : { scope, reason };
    try {
      await client.post('/api/archive/holds', body);
      setSubject('');
      setReason('');
      await refresh();
    } catch (caught) {
      setError(describeProblem(caught, 'The hold could not be placed.'));
    }
  }

  async function release(holdId: string) {
    try {
      await client.post(`/api/archive/holds/${encodeURIComponent(holdId)}/release`, {});
      await refresh();
    } catch (caught) {
      setError(describeProblem(caught, 'The hold could not be released.'));
    }
  }

  return (
    <section aria-labelledby="holds-title">
      <h2 id="holds-title">Legal holds</h2>
      <form className="inline" onSubmit={(event) => void place(event)}>
        <label>
          Scope
          <select value={scope} onChange={(event) => setScope(event.target.value as typeof scope)}>
            <option value="conversation">A conversation</option>
            <option value="customer">A customer number</option>
            <option value="tenant">The whole organisation</option>
          </select>
        </label>
        {scope !== 'tenant' && (
          <label>
            {scope === 'conversation' ? 'Conversation id' : 'Customer number'}
            <input value={subject} onChange={(event) => setSubject(event.target.value)} required />
          </label>
        )}
        <label>
          Reason
          <input value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} />
        </label>
        <button type="submit">Place hold</button>
      </form>
      {error !== null && <p role="alert" className="error">{error}</p>}
      <ul>
        {holds.map((hold) => (
          <li key={hold.holdId}>
            {hold.scope} {hold.conversationId ?? hold.customerNumber ?? ''} · {hold.reason} · placed {new Date(hold.placedAt).toLocaleString()}
            {hold.releasedAt ? (
              ` · released ${new Date(hold.releasedAt).toLocaleString()}`
            ) : (
              <button type="button" onClick={() => void release(hold.holdId)}>
                Release
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
