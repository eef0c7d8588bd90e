import { useEffect, useState } from 'react';
import { describeProblem, newIdempotencyKey } from '../api/desk-client.ts';
import type { CannedResponse, HeldConversation, HistoryEntry, Transcript, TransferTargets } from '../api/desk-types.ts';
import { useDesk } from '../session/desk-context.tsx';
import { TranscriptView } from '../ui/transcript-view.tsx';
import { Composer } from './composer.tsx';
import { logFromTranscript, withPendingReply, type ConversationLog } from './conversation-log.ts';

type Panel = 'none' | 'transfer' | 'close' | 'history';

/** One conversation the agent holds: its transcript, the composer, and transfer, close and the customer's history. */
export function ConversationPane({
  conversation,
  log,
  setLog,
  dispositions,
  cannedResponses,
}: {
  conversation: HeldConversation;
  log: ConversationLog;
  setLog: (update: (log: ConversationLog) => ConversationLog) => void;
  dispositions: string[];
  cannedResponses: CannedResponse[];
}) {
  const { client, announce } = useDesk();
  const [panel, setPanel] = useState<Panel>('none');
  const [error, setError] = useState<string | null>(null);
  const id = encodeURIComponent(conversation.conversationId);

  useEffect(() => {
    setPanel('none');
    setError(null);
  }, [conversation.conversationId]);

  return (
    <section className="conversation" aria-label={`Conversation with ${conversation.customerNumber ?? 'customer'}`}>
      <header className="conversation-head">
        <h2>{conversation.customerNumber ?? 'Customer'}</h2>
        <span className="muted">
          {conversation.queue} · to {conversation.businessNumber ?? '—'}
        </span>
        <span className="grow" />
        <button type="button" onClick={() => setPanel(panel === 'history' ? 'none' : 'history')} aria-expanded={panel === 'history'}>
          Earlier conversations
        </button>
        <button type="button" onClick={() => setPanel(panel === 'transfer' ? 'none' : 'transfer')} aria-expanded={panel === 'transfer'} disabled={log.closed}>
          Transfer
        </button>
        <button type="button" onClick={() => setPanel(panel === 'close' ? 'none' : 'close')} aria-expanded={panel === 'close'} disabled={log.closed}>
          Close
        </button>
      </header>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {panel === 'transfer' && (
        <TransferForm
          onCancel={() => setPanel('none')}
          onSubmit={async (target, note) => {
            try {
              await client.post(`/api/conversations/${id}/transfer`, { target, ...(note ? { note } : {}) }, { headers: { 'idempotency-key': newIdempotencyKey() } });
              announce('Conversation transferred.');
              setPanel('none');
            } catch (caught) {
              setError(describeProblem(caught, 'The transfer could not be sent.'));
            }
          }}
        />
      )}
      {panel === 'close' && (
        <CloseForm
          dispositions={dispositions}
          onCancel={() => setPanel('none')}
          onSubmit={async (disposition, note) => {
            try {
              await client.post(`/api/conversations/${id}/close`, { disposition, ...(note ? { note } : {}) }, { headers: { 'idempotency-key': newIdempotencyKey() } });
              announce('Conversation closed.');
              setPanel('none');
            } catch (caught) {
              setError(describeProblem(caught, 'The conversation could not be closed.'));
            }
          }}
        />
      )}
      {panel === 'history' && <HistoryPanel conversationId={conversation.conversationId} />}
      <TranscriptView log={log} label="Transcript" />
      <Composer
        conversationId={conversation.conversationId}
        disabled={log.closed}
        cannedResponses={cannedResponses}
        onSent={(messageId, text) => setLog((current) => withPendingReply(current, messageId, text, new Date().toISOString()))}
      />
    </section>
  );
}

function TransferForm({ onSubmit, onCancel }: { onSubmit: (target: { kind: 'queue'; queue: string } | { kind: 'agent'; agentId: string }, note: string) => Promise<void>; onCancel: () => void }) {
  const { client } = useDesk();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    void client.get<TransferTargets>('/api/transfer-targets').then(setTargets).catch(() => setTargets({ queues: [], agents: [] }));
  }, [client]);
  return (
    <form
      className="panel"
      onSubmit={(event) => {
        event.preventDefault();
        const [kind, value] = choice.split(':', 2);
        if (value) {
          void onSubmit(kind === 'agent' ? { kind: 'agent', agentId: value } : { kind: 'queue', queue: value }, note.trim());
        }
      }}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <label>
        Transfer to
        <select value={choice} onChange={(event) => setChoice(event.target.value)} required autoFocus>
          <option value="">Choose a queue or an agent…</option>
          {targets?.queues.map((queue) => (
            <option key={`q-${queue.queue}`} value={`queue:${queue.queue}`}>
              Queue {queue.queue} ({queue.waiting} waiting)
            </option>
          ))}
          {targets?.agents.map((agent) => (
            <option key={`a-${agent.agentId}`} value={`agent:${agent.agentId}`} disabled={!agent.hasRoom || agent.presence !== 'available'}>
              {agent.displayName} ({agent.hasRoom && agent.presence === 'available' ? 'available' : agent.presence === 'available' ? 'full' : agent.presence})
            </option>
          ))}
        </select>
      </label>
      <label>
        Note for the next agent
        <input value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" disabled={choice === ''}>
        Transfer
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function CloseForm({ dispositions, onSubmit, onCancel }: { dispositions: string[]; onSubmit: (disposition: string, note: string) => Promise<void>; onCancel: () => void }) {
  const [disposition, setDisposition] = useState(dispositions[0] ?? '');
  const [note, setNote] = useState('');
  return (
    <form
      className="panel"
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(disposition.trim(), note.trim());
      }}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <label>
        Disposition
        {dispositions.length > 0 ? (
          <select value={disposition} onChange={(event) => setDisposition(event.target.value)} autoFocus>
            {dispositions.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        ) : (
          <input value={disposition} onChange={(event) => setDisposition(event.target.value)} pattern="[a-z0-9][a-z0-9-]{0,63}" required autoFocus />
        )}
      </label>
      <label>
        Note
        <input value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" disabled={disposition.trim() === ''}>
        Close conversation
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function HistoryPanel({ conversationId }: { conversationId: string }) {
  const { client } = useDesk();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [open, setOpen] = useState<{ id: string; log: ConversationLog } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = encodeURIComponent(conversationId);
  useEffect(() => {
    client
      .get<{ conversations: HistoryEntry[] }>(`/api/conversations/${id}/history`)
      .then((answer) => setEntries(answer.conversations))
      .catch((caught: unknown) => setError(describeProblem(caught, 'History is unavailable.')));
  }, [client, id]);
  async function show(earlier: string) {
    try {
      const transcript = await client.get<Transcript>(`/api/conversations/${id}/history/${encodeURIComponent(earlier)}/transcript`);
      setOpen({ id: earlier, log: logFromTranscript(transcript.records) });
    } catch (caught) {
      setError(describeProblem(caught, 'That transcript is unavailable.'));
    }
  }
  return (
    <div className="panel history">
      {error !== null && <p role="alert" className="error">{error}</p>}
      {entries === null && error === null && <p>Loading earlier conversations…</p>}
      {entries?.length === 0 && <p>No earlier conversations with this customer.</p>}
      <ul>
        {entries
          ?.filter((entry) => entry.conversationId !== conversationId)
          .map((entry) => (
            <li key={entry.conversationId}>
              <button type="button" onClick={() => void show(entry.conversationId)} aria-pressed={open?.id === entry.conversationId}>
                {new Date(entry.firstAt).toLocaleString()} · {entry.queues.join(', ') || '—'} · {entry.disposition ?? 'open'} · {entry.records} records
              </button>
            </li>
          ))}
      </ul>
      {open !== null && <TranscriptView log={open.log} label="Earlier conversation" />}
    </div>
  );
}
