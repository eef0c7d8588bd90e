import type { IntervalRow, ReportChannel } from '@parley/reporting-domain';

/** One queue and channel's totals over a run of interval rows, such as today's so far. */
export interface QueueTotals {
  readonly queue: string;
  readonly channel: ReportChannel;
  readonly offered: number;
  readonly answered: number;
  readonly answeredWithinThreshold: number;
  readonly handled: number;
  readonly abandoned: number;
  readonly deflected: number;
  readonly transferred: number;
  readonly overflowed: number;
  /** Answered within the threshold ÷ (answered + abandoned), as the rows define it; null with neither. */
  readonly serviceLevel: number | null;
  readonly messagesReceived: number;
  readonly messagesSent: number;
}

const COUNTS = [
  'offered',
  'answered',
  'answeredWithinThreshold',
  'handled',
  'abandoned',
  'deflected',
  'transferred',
  'overflowed',
  'messagesReceived',
  'messagesSent',
] as const satisfies readonly (keyof IntervalRow & keyof QueueTotals)[];

type Counts = Record<(typeof COUNTS)[number], number>;

/** Sums interval rows per queue and channel; waits are left out, since averages and percentiles do not add up. */
export function queueTotals(rows: readonly IntervalRow[]): QueueTotals[] {
  const totals = new Map<string, { queue: string; channel: ReportChannel; counts: Counts }>();
  for (const row of rows) {
    const id = `${row.queue}\u0000${row.channel}`;
    let entry = totals.get(id);
    if (!entry) {
      entry = { queue: row.queue, channel: row.channel, counts: Object.fromEntries(COUNTS.map((name) => [name, 0])) as Counts };
      totals.set(id, entry);
    }
    for (const name of COUNTS) {
      entry.counts[name] += row[name];
    }
  }
  return [...totals.values()]
    .sort((left, right) => (left.queue === right.queue ? (left.channel < right.channel ? -1 : 1) : left.queue < right.queue ? -1 : 1))
    .map(({ queue, channel, counts }) => {
      const settled = counts.answered + counts.abandoned;
      return { queue, channel, ...counts, serviceLevel: settled === 0 ? null : Math.round((counts.answeredWithinThreshold / settled) * 10_000) / 10_000 };
    });
}
