/** Where one partition's consumption got to: the event time of the last event applied from it. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Messages not yet committed by the engine's group. */
  readonly lag: number;
}

/** The epoch: passed as the event time reached, it keeps the watermark where it is (it never moves back). */
export const HOLD_WATERMARK = new Date(0);

/**
 * The event time the engine's input has certainly reached, for the watermark to trail while the consumer works
 * through a backlog (after an outage, on a first start, behind a slow database). With nothing left to read it is the
 * clock; otherwise it is the earliest of the last event times applied from each partition still behind, since the
 * events still to come there are about that late. A partition behind that nothing was read from yet holds the
 * watermark where it is.
 */
export class ConsumerProgress {
  readonly #lastEventAt = new Map<string, number>();

  /** Notes the event time of the last event applied from a partition. */
  note(topic: string, partition: number, occurredAt: string): void {
    const at = Date.parse(occurredAt);
    if (Number.isFinite(at)) {
      this.#lastEventAt.set(`${topic}/${partition}`, at);
    }
  }

  reached(now: Date, lags: readonly PartitionLag[]): Date {
    let reached = now.getTime();
    for (const { topic, partition, lag } of lags) {
      if (lag === 0) {
        continue;
      }
      const last = this.#lastEventAt.get(`${topic}/${partition}`);
      if (last === undefined) {
        return HOLD_WATERMARK;
      }
      reached = Math.min(reached, last);
    }
    return new Date(reached);
  }

  clear(): void {
    this.#lastEventAt.clear();
  }
}
