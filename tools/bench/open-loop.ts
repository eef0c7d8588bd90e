import { connect, type Socket } from 'node:net';

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** Milliseconds from each request's scheduled start, so a slow server cannot hide its own backlog. */
  latencies: number[];
  durationMs: number;
}

interface Exchange {
  request: Buffer;
  due: number;
  done: (status: number) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection carrying one exchange at a time. Requests are written as prepared bytes and
 * only the status line and length of each answer are read, so the load generator costs the shared cores a
 * fraction of what a general HTTP client would.
 */
class RawConnection {
  readonly #socket: Socket;
  #received: Buffer = Buffer.alloc(0);
  #current: Exchange | undefined;
  readonly #onIdle: (connection: RawConnection) => void;
  readonly #onClosed: (connection: RawConnection) => void;

  constructor(host: string, port: number, onIdle: (connection: RawConnection) => void, onClosed: (connection: RawConnection) => void) {
    this.#onIdle = onIdle;
    this.#onClosed = onClosed;
    this.#socket = connect({ host, port, noDelay: true });
    this.#socket.on('data', (chunk) => this.#read(chunk));
    this.#socket.on('error', () => this.#socket.destroy());
    this.#socket.on('close', () => {
      this.#current?.done(0);
      this.#current = undefined;
      this.#onClosed(this);
    });
  }

  send(exchange: Exchange): void {
    this.#current = exchange;
    this.#socket.write(exchange.request);
  }

  close(): void {
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
    const headerEnd = this.#received.indexOf(HEADER_END);
    if (headerEnd < 0) {
      return;
    }
    const head = this.#received.toString('latin1', 0, headerEnd);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (!Number.isFinite(length)) {
      // The gateway answers with a length; anything else is a failure the run must show.
      this.#socket.destroy();
      return;
    }
    const end = headerEnd + HEADER_END.length + length;
    if (this.#received.length < end) {
      return;
    }
    const status = Number(head.slice(9, 12));
    this.#received = this.#received.subarray(end);
    const exchange = this.#current;
    this.#current = undefined;
    exchange?.done(status);
    this.#onIdle(this);
  }
}

/**
 * Sends requests at a steady rate regardless of how fast answers come back (an open loop), spacing them evenly
 * instead of in bursts, and measures each from when it was due: the honest way to read a latency percentile.
 * Every request is prepared before the clock starts, so building and signing them is not part of the run.
 */
export async function openLoop(options: {
  url: string;
  ratePerSecond: number;
  seconds: number;
  next: () => { body: string; headers: Record<string, string> };
  connections?: number;
}): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const host = target.hostname;
  const port = Number(target.port);
  const total = Math.round(options.ratePerSecond * options.seconds);
  const maxConnections = options.connections ?? 64;
  const requests = Array.from({ length: total }, () => {
    const { body, headers } = options.next();
    const lines = Object.entries({ ...headers, host: target.host, 'content-length': String(Buffer.byteLength(body)) }).map(
      ([name, value]) => `${name}: ${value}\r\n`,
    );
    return Buffer.from(`POST ${target.pathname}${target.search} HTTP/1.1\r\n${lines.join('')}\r\n${body}`);
  });

  const idle: RawConnection[] = [];
  const open = new Set<RawConnection>();
  const queued: Exchange[] = [];
  const onIdle = (connection: RawConnection) => {
    const waiting = queued.shift();
    if (waiting) {
      connection.send(waiting);
    } else {
      idle.push(connection);
    }
  };
  const onClosed = (connection: RawConnection) => {
    open.delete(connection);
    const index = idle.indexOf(connection);
    if (index >= 0) {
      idle.splice(index, 1);
    }
    const waiting = queued.shift();
    if (waiting) {
      dispatch(waiting);
    }
  };
  const dispatch = (exchange: Exchange) => {
    const connection = idle.pop();
    if (connection) {
      connection.send(exchange);
    } else if (open.size < maxConnections) {
      const fresh = new RawConnection(host, port, onIdle, onClosed);
      open.add(fresh);
      fresh.send(exchange);
    } else {
      queued.push(exchange);
    }
  };

  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let answered = 0;
  let allAnswered: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  const started = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = started + index * (1000 / options.ratePerSecond);
    const wait = due - performance.now();
    if (wait > 1) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    dispatch({
      request: requests[index] as Buffer,
      due,
      done: (status) => {
        latencies.push(performance.now() - due);
        if (status >= 200 && status < 300) {
          ok += 1;
        } else {
          failed += 1;
        }
        answered += 1;
        if (answered === total) {
          allAnswered();
        }
      },
    });
  }
  if (total > 0) {
    await finished;
  }
  const durationMs = performance.now() - started;
  for (const connection of open) {
    connection.close();
  }
  return { sent: total, ok, failed, latencies, durationMs };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
