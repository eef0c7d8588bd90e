import { useEffect, useState } from 'react';
import { applyLiveEvent, EMPTY_LOG, logFromTranscript, type ConversationLog } from '../agent/conversation-log.ts';
import { describeProblem, DeskApiError } from '../api/desk-client.ts';
import type { ConversationSummary, LiveView, Transcript, TransferTargets } from '../api/desk-types.ts';
import { useDesk, useLiveFrames } from '../session/desk-context.tsx';
import { TranscriptView } from '../ui/transcript-view.tsx';

interface Seen {
  conversationId: string;
  stage: string;
  queue: string | null;
  agentId: string | null;
  at: string;
}

const STAGES: Record<string, string> = {
  'conversation.queued': 'waiting',
  'conversation.offered': 'offered',
  'conversation.offer.lapsed': 'waiting',
  'conversation.assigned': 'assigned',
  'conversation.transferred': 'transferred',
  'conversation.requeued': 'waiting',
  'conversation.overflowed': 'waiting',
  'conversation.closed': 'closed',
  'conversation.ended': 'ended',
};

/** Queue and agent figures as routing has them now, pushed every few seconds. */
export function LiveFigures({ live }: { live: LiveView | null }) {
  if (live === null) {
    return <p className="muted">Loading live figures…</p>;
  }
  return (
    <>
      <table className="figures" aria-label="Queues" data-testid="live-queues">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Waiting</th>
            <th scope="col">Longest wait</th>
            <th scope="col">Offered</th>
            <th scope="col">Assigned</th>
            <th scope="col">Agents available</th>
            <th scope="col">With room</th>
          </tr>
        </thead>
        <tbody>
          {live.queues.map((queue) => (
            <tr key={queue.queue} data-testid={`queue-${queue.queue}`}>
              <th scope="row">{queue.queue}</th>
              <td data-testid="waiting">{queue.waiting}</td>
              <td>{queue.longestWaitSeconds} s</td>
              <td>{queue.offered}</td>
              <td data-testid="assigned">{queue.assigned}</td>
              <td>{queue.agents.available}</td>
              <td>{queue.agents.withRoom}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="figures" aria-label="Agents">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Presence</th>
            <th scope="col">Load</th>
          </tr>
        </thead>
        <tbody>
          {live.agents.map((agent) => (
            <tr key={agent.agentId}>
              <th scope="row">{agent.displayName ?? agent.agentId}</th>
              <td>{agent.presence}</td>
              <td>{typeof agent.load === 'number' ? `${agent.load}${typeof agent.capacity === 'number' ? ` / ${agent.capacity}` : ''}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Updated {new Date(live.at).toLocaleTimeString()}</p>
    </>
  );
}

/** Supervisors: the live queues and agents, recent conversations, any conversation's transcript, and reassigning. */
export function SupervisorDesk() {
  const { client, live: socket, announce } = useDesk();
  const [live, setLive] = useState<LiveView | null>(null);
  const [seen, setSeen] = useState<Seen[]>([]);
  const [lookup, setLookup] = useState('');
  const [open, setOpen] = useState<{ summary: ConversationSummary; log: ConversationLog } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void client.get<LiveView>('/api/live-view').then(setLive).catch(() => undefined);
  }, [client]);

  useLiveFrames((frame) => {
    if (frame.type === 'live') {
      setLive(frame.live);
    }
    if (frame.type === 'event' && frame.event.conversationId !== undefined) {
      const { event } = frame;
      const conversationId = frame.event.conversationId;
      const stage = STAGES[event.type];
      if (stage !== undefined) {
        setSeen((current) => {
          const previous = current.find((entry) => entry.conversationId === conversationId);
          const next: Seen = {
            conversationId,
            stage,
            queue: typeof event.payload['queue'] === 'string' ? event.payload['queue'] : (previous?.queue ?? null),
            agentId: typeof event.payload['agentId'] === 'string' ? event.payload['agentId'] : (previous?.agentId ?? null),
            at: event.occurredAt,
          };
          return [next, ...current.filter((entry) => entry.conversationId !== conversationId)].slice(0, 50);
        });
      }
      setOpen((current) => (current !== null && current.summary.conversationId === conversationId ? { ...current, log: applyLiveEvent(current.log, event) } : current));
    }
  });

  async function openConversation(conversationId: string) {
    setError(null);
    try {
      const id = encodeURIComponent(conversationId);
      const [{ conversation }, transcript] = await Promise.all([
        client.get<{ conversation: ConversationSummary }>(`/api/conversations/${id}`),
        client.get<Transcript>(`/api/conversations/${id}/transcript`).catch(() => ({ conversationId, records: [] })),
      ]);
      if (open !== null) {
        socket.unsubscribe(open.summary.conversationId);
      }
      socket.subscribe(conversationId);
      setOpen({ summary: conversation, log: logFromTranscript(transcript.records) });
    } catch (caught) {
      setError(caught instanceof DeskApiError && caught.status === 404 ? 'No such conversation in your organisation.' : describeProblem(caught, 'The conversation could not be opened.'));
    }
  }

  return (
    <div className="supervisor-desk">
      <section aria-labelledby="live-title">
        <h2 id="live-title">Live</h2>
        <LiveFigures live={live} />
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">Conversations</h2>
        <form
          className="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void openConversation(lookup.trim());
          }}
        >
          <label>
            Conversation id
            <input value={lookup} onChange={(event) => setLookup(event.target.value)} pattern="[A-Za-z0-9_-]{8,128}" required />
          </label>
          <button type="submit">Open</button>
        </form>
        {error !== null && <p role="alert" className="error">{error}</p>}
        <ul className="recent">
          {seen.map((entry) => (
            <li key={entry.conversationId}>
              <button type="button" onClick={() => void openConversation(entry.conversationId)}>
                {entry.stage} · {entry.queue ?? '—'} · {entry.agentId ?? 'no agent'} · {new Date(entry.at).toLocaleTimeString()}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {open !== null && (
        <section aria-labelledby="open-title" className="conversation">
          <h2 id="open-title">
            {open.summary.customerNumber ?? open.summary.conversationId} · {open.summary.stage}
          </h2>
          <p className="muted">
            Queue {open.summary.queue ?? '—'} · agent {open.summary.agentId ?? '—'}
          </p>
          {open.summary.stage === 'assigned' && <ReassignForm conversationId={open.summary.conversationId} onDone={() => announce('Reassigned.')} />}
          <TranscriptView log={open.log ?? EMPTY_LOG} label="Transcript" />
        </section>
      )}
    </div>
  );
}

function ReassignForm({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const { client } = useDesk();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void client.get<TransferTargets>('/api/transfer-targets').then(setTargets).catch(() => undefined);
  }, [client]);
  return (
    <form
      className="panel inline"
      onSubmit={(event) => {
        event.preventDefault();
        const [kind, value = ''] = choice.split(':', 2);
        const target = kind === 'agent' ? { kind: 'agent', agentId: value } : { kind: 'queue', queue: value };
        client
          .post(`/api/conversations/${encodeURIComponent(conversationId)}/reassign`, { target })
          .then(() => {
            setMessage('Reassigned.');
            onDone();
          })
          .catch((caught: unknown) => setMessage(describeProblem(caught, 'Reassigning failed.')));
      }}
    >
      <label>
        Reassign to
        <select value={choice} onChange={(event) => setChoice(event.target.value)} required>
          <option value="">Choose…</option>
          {targets?.queues.map((queue) => (
            <option key={queue.queue} value={`queue:${queue.queue}`}>
              Queue {queue.queue}
            </option>
          ))}
          {targets?.agents.map((agent) => (
            <option key={agent.agentId} value={`agent:${agent.agentId}`}>
              {agent.displayName} ({agent.presence})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={choice === ''}>
        Reassign
      </button>
      {message !== null && <span role="status">{message}</span>}
    </form>
  );
}
