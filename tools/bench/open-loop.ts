import { Agent, request } from 'node:http';

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** Milliseconds from each request's scheduled start, so a slow server cannot hide its own backlog. */
  latencies: number[];
  durationMs: number;
}

/**
 * Sends requests at a steady rate regardless of how fast answers come back (an open loop), spacing them evenly
 * instead of in bursts, and measures each from when it was due: the honest way to read a latency percentile.
 */
export async function openLoop(options: {
  url: string;
  ratePerSecond: number;
  seconds: number;
  next: () => { body: string; headers: Record<string, string> };
  connections?: number;
}): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 64 });
  const target = new URL(options.url);
  const total = Math.round(options.ratePerSecond * options.seconds);
  const interval = 1000 / options.ratePerSecond;
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const { body, headers } = options.next();
    inFlight.push(
      new Promise<void>((resolve) => {
        const outgoing = request(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers, agent },
          (response) => {
            response.resume();
            response.once('end', () => {
              latencies.push(performance.now() - due);
              const status = response.statusCode ?? 0;
              if (status >= 200 && status < 300) {
                ok += 1;
              } else {
                failed += 1;
              }
              resolve();
            });
          },
        );
        outgoing.once('error', () => {
          failed += 1;
          resolve();
        });
        outgoing.end(body);
      }),
    );
  }
  await Promise.all(inFlight);
  const durationMs = performance.now() - started;
  agent.destroy();
  return { sent: total, ok, failed, latencies, durationMs };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
