import { deliveryMark, type ConversationLog } from '../agent/conversation-log.ts';

function time(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * A conversation's messages and lifecycle notes in time order. Message text is rendered as text (React escapes
 * it), never as markup, so whatever a customer types is shown and never run.
 */
export function TranscriptView({ log, label }: { log: ConversationLog; label: string }) {
  const entries = [
    ...log.messages.map((message) => ({ at: message.at, key: `m-${message.messageId}`, message, note: null })),
    ...log.notes.map((note) => ({ at: note.at, key: `n-${note.id}`, message: null, note })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return (
    <ol className="transcript" role="log" aria-label={label} aria-live="polite" tabIndex={0}>
      {entries.length === 0 && <li className="note">No messages yet.</li>}
      {entries.map(({ key, message, note }) =>
        message !== null ? (
          <li key={key} className={`message ${message.direction}`} data-testid={`message-${message.direction}`}>
            <span className="text">{message.text}</span>
            <span className="meta">
              {message.redacted && (
                <span className="redacted" title="screening replaced sensitive data">
                  redacted
                </span>
              )}
              <time dateTime={message.at}>{time(message.at)}</time>
              {message.direction === 'out' && (
                <span className={`tick tick-${message.delivery}`} aria-label={deliveryMark(message.delivery).label} title={deliveryMark(message.delivery).label} data-testid="delivery">
                  {deliveryMark(message.delivery).mark}
                </span>
              )}
            </span>
            {message.problem !== null && <span className="error">{message.problem}</span>}
          </li>
        ) : (
          <li key={key} className="note">
            <time dateTime={note?.at}>{time(note?.at ?? '')}</time> {note?.text}
          </li>
        ),
      )}
    </ol>
  );
}
