import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { describeProblem, DeskApiError, textOf } from '../api/desk-client.ts';
import { latestOnly } from '../api/latest-only.ts';
import type { AgentWork, CannedResponse, LiveFrame, Offer, Presence, Transcript } from '../api/desk-types.ts';
import { useDesk, useLiveFrames } from '../session/desk-context.tsx';
import { applyLiveEvent, EMPTY_LOG, logFromTranscript, type ConversationLog } from './conversation-log.ts';
import { ConversationPane } from './conversation-pane.tsx';

/** Events after which routing's view of the agent's offers and conversations is read again. */
const WORK_EVENTS = new Set([
  'conversation.offered',
  'conversation.offer.lapsed',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.requeued',
  'conversation.closed',
  'conversation.ended',
]);

/** How often the offers and conversations are read again even without a push. */
const WORK_RESYNC_MS = 5_000;

function secondsLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
}

/**
 * The agent's desk: presence, offers to accept or decline, and the conversations they hold as tabs with unread
 * counts. Alt+A accepts the oldest offer, Alt+1…9 switch conversations, arrow keys move along the tabs.
 */
export function AgentDesk() {
  const { client, announce } = useDesk();
  const [presence, setPresence] = useState<Presence>('offline');
  const [work, setWork] = useState<AgentWork>({ presence: 'offline', offers: [], conversations: [] });
  // Routing's presence is shown once, when the desk opens; after that the agent's own choices and pushes drive it.
  const presenceLoaded = useRef(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [logs, setLogs] = useState<Record<string, ConversationLog>>({});
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [dispositions, setDispositions] = useState<string[]>([]);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const accepting = useRef(new Set<string>());
  const loaded = useRef(new Set<string>());
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const refreshWork = useCallback(async () => {
    try {
      const next = await client.get<AgentWork>('/api/me/work');
      setWork(next);
      if (!presenceLoaded.current) {
        presenceLoaded.current = true;
        setPresence(next.presence);
      }
      setSelected((current) => (current !== null && next.conversations.some((held) => held.conversationId === current) ? current : (next.conversations[0]?.conversationId ?? null)));
    } catch (caught) {
      setError(describeProblem(caught, 'Your offers and conversations could not be loaded.'));
    }
  }, [client]);

  useEffect(() => {
    void refreshWork();
    void client.get<{ dispositions: string[] }>('/api/dispositions').then((answer) => setDispositions(answer.dispositions)).catch(() => undefined);
    void client.get<{ cannedResponses: CannedResponse[] }>('/api/canned-responses').then((answer) => setCanned(answer.cannedResponses)).catch(() => undefined);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    // Pushes drive the desk; this slow re-read covers one missed while the socket reconnected or a replica restarted.
    const resync = setInterval(() => void refreshWork(), WORK_RESYNC_MS);
    return () => {
      clearInterval(timer);
      clearInterval(resync);
    };
  }, [client, refreshWork]);

  // The transcript of each held conversation is read once from the archive; live events keep it current after that.
  useEffect(() => {
    for (const held of work.conversations) {
      if (loaded.current.has(held.conversationId)) {
        continue;
      }
      loaded.current.add(held.conversationId);
      client
        .get<Transcript>(`/api/conversations/${encodeURIComponent(held.conversationId)}/transcript`)
        .then((transcript) => {
          const fromArchive = logFromTranscript(transcript.records);
          setLogs((current) => {
            const live = current[held.conversationId];
            // Live events that arrived first are kept; the archive's records fill in everything before them.
            const merged = live === undefined ? fromArchive : live.messages.reduce((log, message) => (log.messages.some((known) => known.messageId === message.messageId) ? log : { ...log, messages: [...log.messages, message] }), fromArchive);
            return { ...current, [held.conversationId]: { ...merged, closed: merged.closed || (live?.closed ?? false) } };
          });
        })
        .catch(() => loaded.current.delete(held.conversationId));
    }
  }, [client, work.conversations]);

  useLiveFrames((frame: LiveFrame) => {
    if (frame.type === 'event') {
      const { event } = frame;
      if (event.type === 'agent.state.changed' && typeof event.payload['presence'] === 'string') {
        setPresence(event.payload['presence'] as Presence);
      }
      if (event.type === 'agent.command.rejected') {
        setError(`Routing refused that: ${textOf(event.payload['reason'], textOf(event.payload['code'], 'rejected'))}.`);
      }
      if (event.conversationId !== undefined) {
        const conversationId = event.conversationId;
        setLogs((current) => ({ ...current, [conversationId]: applyLiveEvent(current[conversationId] ?? EMPTY_LOG, event) }));
        if (event.type === 'conversation.message.received' && selectedRef.current !== conversationId) {
          setUnread((current) => ({ ...current, [conversationId]: (current[conversationId] ?? 0) + 1 }));
          announce('New customer message.');
        }
      }
      if (WORK_EVENTS.has(event.type)) {
        if (event.type === 'conversation.offered') {
          announce('New offer.');
        }
        void refreshWork();
      }
    }
    if (frame.type === 'ready') {
      // A (re)connected socket may have missed events: the held conversations' transcripts are read again too.
      loaded.current.clear();
      void refreshWork();
    }
  });

  // Presence changes go one at a time, latest wins, so routing applies them in the order the agent chose them.
  const sendPresence = useMemo(
    () =>
      latestOnly(async (next: Presence) => {
        await client.put('/api/me/presence', { presence: next });
        setPresence(next);
        announce(`Presence: ${next}.`);
      }),
    [client, announce],
  );

  async function changePresence(next: Presence) {
    presenceLoaded.current = true;
    try {
      await sendPresence(next);
    } catch (caught) {
      setError(describeProblem(caught, 'Presence could not be changed.'));
    }
  }

  async function answerOffer(offer: Offer, action: 'accept' | 'decline') {
    // A second click while the first is on its way does nothing; the gateway would answer it with the same command anyway.
    if (accepting.current.has(offer.offerId)) {
      return;
    }
    accepting.current.add(offer.offerId);
    setError(null);
    try {
      await client.post(`/api/conversations/${encodeURIComponent(offer.conversationId)}/${action}`, { offerId: offer.offerId });
      if (action === 'accept') {
        setSelected(offer.conversationId);
        announce('Offer accepted.');
      }
      await refreshWork();
    } catch (caught) {
      setError(caught instanceof DeskApiError ? `That offer is no longer available (${caught.code}).` : 'The gateway could not be reached.');
      await refreshWork();
    } finally {
      accepting.current.delete(offer.offerId);
    }
  }

  function select(conversationId: string) {
    setSelected(conversationId);
    setUnread((current) => ({ ...current, [conversationId]: 0 }));
  }

  function onDeskKey(event: KeyboardEvent<HTMLDivElement>) {
    if (!event.altKey) {
      return;
    }
    const first = work.offers[0];
    if (event.key.toLowerCase() === 'a' && first !== undefined) {
      event.preventDefault();
      void answerOffer(first, 'accept');
      return;
    }
    const index = Number(event.key) - 1;
    const target = Number.isInteger(index) && index >= 0 ? work.conversations[index] : undefined;
    if (target !== undefined) {
      event.preventDefault();
      select(target.conversationId);
      document.getElementById(`tab-${target.conversationId}`)?.focus();
    }
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 || work.conversations.length === 0) {
      return;
    }
    event.preventDefault();
    const next = work.conversations[(index + step + work.conversations.length) % work.conversations.length];
    if (next !== undefined) {
      select(next.conversationId);
      document.getElementById(`tab-${next.conversationId}`)?.focus();
    }
  }

  const current = work.conversations.find((held) => held.conversationId === selected);
  return (
    <div className="agent-desk" onKeyDown={onDeskKey}>
      <aside className="sidebar">
        <fieldset className="presence">
          <legend>Presence</legend>
          {(['available', 'away', 'offline'] as const).map((option) => (
            <label key={option}>
              <input type="radio" name="presence" value={option} checked={presence === option} onChange={() => void changePresence(option)} />
              {option}
            </label>
          ))}
        </fieldset>
        <section aria-labelledby="offers-title">
          <h2 id="offers-title">Offers ({work.offers.length})</h2>
          {work.offers.length === 0 && <p className="muted">No offers waiting.</p>}
          <ul className="offers">
            {work.offers.map((offer) => (
              <li key={offer.offerId} className="offer" data-testid="offer">
                <strong>{offer.customerNumber ?? 'Customer'}</strong>
                <span className="muted">
                  {offer.queue} · {secondsLeft(offer.expiresAt, now)} s left
                </span>
                <span className="actions">
                  <button type="button" onClick={() => void answerOffer(offer, 'accept')}>
                    Accept
                  </button>
                  <button type="button" onClick={() => void answerOffer(offer, 'decline')}>
                    Decline
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <p className="muted small">Alt+A accepts the first offer; Alt+1…9 switch conversations.</p>
        </section>
      </aside>
      <main className="workspace">
        {error !== null && (
          <p role="alert" className="error">
            {error}{' '}
            <button type="button" onClick={() => setError(null)}>
              Dismiss
            </button>
          </p>
        )}
        <div role="tablist" aria-label="Your conversations" className="tabs">
          {work.conversations.map((held, index) => (
            <button
              key={held.conversationId}
              id={`tab-${held.conversationId}`}
              role="tab"
              type="button"
              aria-selected={held.conversationId === selected}
              aria-controls="conversation-panel"
              tabIndex={held.conversationId === selected ? 0 : -1}
              onClick={() => select(held.conversationId)}
              onKeyDown={(event) => onTabKey(event, index)}
              data-testid="conversation-tab"
            >
              {held.customerNumber ?? held.conversationId}
              {(unread[held.conversationId] ?? 0) > 0 && (
                <span className="badge" aria-label={`${unread[held.conversationId]} unread`}>
                  {unread[held.conversationId]}
                </span>
              )}
            </button>
          ))}
        </div>
        <div id="conversation-panel" role="tabpanel">
          {current === undefined ? (
            <p className="muted">{work.conversations.length === 0 ? 'No conversations yet. Set yourself available to receive offers.' : 'Choose a conversation.'}</p>
          ) : (
            <ConversationPane
              conversation={current}
              log={logs[current.conversationId] ?? EMPTY_LOG}
              setLog={(update) => setLogs((all) => ({ ...all, [current.conversationId]: update(all[current.conversationId] ?? EMPTY_LOG) }))}
              dispositions={dispositions}
              cannedResponses={canned}
            />
          )}
        </div>
      </main>
    </div>
  );
}
