import { analyzeSms } from '@parley/sms-domain';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { describeProblem, DeskApiError, newIdempotencyKey } from '../api/desk-client.ts';
import type { CannedResponse, ReplyAnswer } from '../api/desk-types.ts';
import { useDesk } from '../session/desk-context.tsx';
import { describeBlock } from './conversation-log.ts';

/** The longest reply the gateway accepts (six UCS-2 segments' worth of characters and then some). */
export const MAX_REPLY_CHARACTERS = 918;

/**
 * Writing a reply: the SMS encoding and segment count as it is typed, canned responses, Ctrl+Enter to send, and a
 * clear explanation when screening blocks it (the text stays for editing). One idempotency key per message meant,
 * so a retry after a lost answer sends it once.
 */
export function Composer({ conversationId, disabled, cannedResponses, onSent }: { conversationId: string; disabled: boolean; cannedResponses: CannedResponse[]; onSent: (messageId: string, text: string) => void }) {
  const { client, announce } = useDesk();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setText('');
    setProblem(null);
    key.current = newIdempotencyKey();
  }, [conversationId]);

  const analysis = analyzeSms(text);
  const characters = Array.from(text).length;
  const over = characters - MAX_REPLY_CHARACTERS;

  async function send() {
    const body = text.trim();
    if (body.length === 0 || over > 0 || busy || disabled) {
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const answer = await client.post<ReplyAnswer>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, { text: body }, { headers: { 'idempotency-key': key.current } });
      onSent(answer.messageId, answer.text ?? body);
      announce(answer.status === 'approved' ? 'Reply approved and sending.' : 'Reply sent for screening.');
      setText('');
      key.current = newIdempotencyKey();
    } catch (caught) {
      if (caught instanceof DeskApiError && caught.code === 'reply.blocked') {
        setProblem(`${describeBlock(caught.details)} The reply is still here to edit.`);
        key.current = newIdempotencyKey();
      } else if (caught instanceof DeskApiError && caught.code === 'conversation.closed') {
        setProblem('This conversation is closed; the reply was not sent.');
      } else if (caught instanceof DeskApiError && caught.code === 'conversation.not-held') {
        setProblem('This conversation is no longer yours; the reply was not sent.');
      } else {
        setProblem(describeProblem(caught, 'The gateway could not be reached; press Send again to retry.'));
      }
    } finally {
      setBusy(false);
      area.current?.focus();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  function insertCanned(id: string) {
    const canned = cannedResponses.find((response) => response.id === id);
    if (canned !== undefined) {
      setText((current) => (current.length === 0 ? canned.text : `${current} ${canned.text}`));
      area.current?.focus();
    }
  }

  return (
    <div className="composer">
      <label htmlFor={`reply-${conversationId}`} className="visually-hidden">
        Reply
      </label>
      <textarea
        id={`reply-${conversationId}`}
        ref={area}
        value={text}
        disabled={disabled}
        placeholder={disabled ? 'This conversation is closed.' : 'Write a reply (Ctrl+Enter sends)'}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        rows={3}
        aria-describedby={`reply-meter-${conversationId}`}
      />
      <div className="composer-bar">
        <span id={`reply-meter-${conversationId}`} className={over > 0 ? 'error' : 'meter'} data-testid="segment-meter">
          {over > 0
            ? `${over} characters over the ${MAX_REPLY_CHARACTERS}-character limit`
            : `${analysis.encoding === 'gsm-7' ? 'GSM-7' : 'UCS-2 (Unicode)'} · ${analysis.segments} segment${analysis.segments === 1 ? '' : 's'} · ${analysis.remainingInSegment} left`}
          {analysis.nonGsmCharacters.length > 0 && over <= 0 && ` · Unicode because of ${analysis.nonGsmCharacters.slice(0, 5).join(' ')}`}
        </span>
        {cannedResponses.length > 0 && (
          <label>
            <span className="visually-hidden">Insert a canned response</span>
            <select value="" onChange={(event) => insertCanned(event.target.value)} disabled={disabled}>
              <option value="">Canned responses…</option>
              {cannedResponses.map((response) => (
                <option key={response.id} value={response.id}>
                  {response.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={() => void send()} disabled={disabled || busy || text.trim().length === 0 || over > 0}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      {problem !== null && (
        <p role="alert" className="error" data-testid="reply-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
