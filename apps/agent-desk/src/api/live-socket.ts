import type { LiveFrame } from './desk-types.ts';
import { isRecord } from './desk-client.ts';

/** Event ids remembered to drop a redelivered event; the gateway may forward an event twice after a redelivery. */
const REMEMBERED_EVENTS = 2_000;

export type LiveStatus = 'connecting' | 'open' | 'closed';

interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

/**
 * The desk's live connection: one WebSocket to /api/live that reconnects with back-off, forwards each frame once
 * (repeated event ids dropped) and stops for good when the gateway ends the session (close code 4401).
 */
export class LiveSocket {
  readonly #url: string;
  readonly #open: (url: string) => SocketLike;
  readonly #onFrame: (frame: LiveFrame) => void;
  readonly #onStatus: (status: LiveStatus) => void;
  readonly #seen = new Set<string>();
  readonly #subscriptions = new Set<string>();
  #socket: SocketLike | null = null;
  #stopped = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: { url: string; onFrame: (frame: LiveFrame) => void; onStatus?: (status: LiveStatus) => void; open?: (url: string) => SocketLike }) {
    this.#url = options.url;
    this.#onFrame = options.onFrame;
    this.#onStatus = options.onStatus ?? (() => {});
    this.#open = options.open ?? ((url) => new WebSocket(url));
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
    }
    this.#socket?.close(1000);
    this.#socket = null;
  }

  /** Follow a conversation's messages live (supervisors); kept across reconnects. */
  subscribe(conversationId: string): void {
    this.#subscriptions.add(conversationId);
    this.#send({ type: 'subscribe', conversationId });
  }

  unsubscribe(conversationId: string): void {
    this.#subscriptions.delete(conversationId);
    this.#send({ type: 'unsubscribe', conversationId });
  }

  /** Handles one raw frame; public so the parsing and de-duplication rules can be tested without a socket. */
  receive(data: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data) as unknown;
    } catch {
      return;
    }
    if (!isRecord(frame) || typeof frame['type'] !== 'string') {
      return;
    }
    const typed = frame as LiveFrame;
    if (typed.type === 'event') {
      const eventId = typed.event.eventId;
      if (this.#seen.has(eventId)) {
        return;
      }
      this.#seen.add(eventId);
      if (this.#seen.size > REMEMBERED_EVENTS) {
        const oldest = this.#seen.values().next().value;
        if (oldest !== undefined) {
          this.#seen.delete(oldest);
        }
      }
    }
    this.#onFrame(typed);
  }

  #send(message: Record<string, unknown>): void {
    try {
      this.#socket?.send(JSON.stringify(message));
    } catch {
      // Not open yet: the subscriptions are sent again once it is.
    }
  }

  #connect(): void {
    this.#onStatus('connecting');
    const socket = this.#open(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#onStatus('open');
      for (const conversationId of this.#subscriptions) {
        this.#send({ type: 'subscribe', conversationId });
      }
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') {
        this.receive(event.data);
      }
    };
    socket.onclose = (event) => {
      this.#socket = null;
      this.#onStatus('closed');
      if (this.#stopped || event.code === 4401) {
        return;
      }
      this.#attempt += 1;
      const delay = Math.min(30_000, 500 * 2 ** Math.min(this.#attempt, 6));
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }
}

/** The socket's address on the page's own origin (ws: under http, wss: under https). */
export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/live`;
}
