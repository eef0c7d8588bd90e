import { describe, expect, it } from 'vitest';
import { toIso } from '../intervals/interval-clock.ts';
import { emptyIntervalContribution, type IntervalContribution, type IntervalSlot } from '../rows/row-contributions.ts';
import { intervalFigures } from './row-output.ts';
import { inContributorOrder, IntervalSums } from './row-sums.ts';

const SLOT: IntervalSlot = { tenantId: 'tenant-acme-01', intervalStart: Date.UTC(2025, 2, 3, 9, 0, 0), queue: 'sales', channel: 'voice' };

/** A seeded generator, so a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let value = seed;
  return () => {
    value = (value * 1_103_515_245 + 12_345) % 2_147_483_648;
    return value / 2_147_483_648;
  };
}

describe('an interval row summed as it goes', () => {
  function contribution(random: () => number, kind: 'whole' | 'fractional' | 'negative-zero'): IntervalContribution {
    const whole = (most: number) => Math.floor(random() * (most + 1));
    const part = { ...emptyIntervalContribution(60_000), offered: whole(2), answered: whole(1), answeredWithinThreshold: whole(1), handled: whole(1), abandoned: whole(1) };
    part.messagesReceived = whole(3);
    part.segmentsReceived = part.messagesReceived * 2;
    part.waitsMs = Array.from({ length: whole(2) }, () => whole(4) * 15_000);
    part.handlesMs = Array.from({ length: whole(1) }, () => whole(600_000));
    if (kind === 'fractional') {
      // A voice duration of 7.3 s less a wait of 1.1 s: not a whole number of ms.
      part.handlesMs = [7.3 * 1000 - 1.1 * 1000, 0.1 * 3];
      part.waitsMs = [1.1 * 1000];
    } else if (kind === 'negative-zero') {
      part.waitsMs = [-0];
    }
    return part;
  }

  it.each([1, 7, 42, 2024])('prints exactly what summing every contribution in contributor order prints (seed %i)', (seed) => {
    const random = seeded(seed);
    const sums = new IntervalSums();
    const reference = new Map<string, IntervalContribution>();
    for (let step = 0; step < 400; step += 1) {
      const contributor = `conversation/tenant-acme-01/conv-${Math.floor(random() * 40)}`;
      const roll = random();
      const part = roll < 0.2 ? undefined : contribution(random, roll < 0.25 ? 'fractional' : roll < 0.27 ? 'negative-zero' : 'whole');
      sums.replace(reference.get(contributor), part);
      if (part === undefined) {
        reference.delete(contributor);
      } else {
        reference.set(contributor, part);
      }
      const ordered = [...reference.keys()].sort().map((key) => reference.get(key) as IntervalContribution);
      const expected = intervalFigures(SLOT, ordered, 30_000);
      const figures = sums.figures(SLOT, reference, 30_000, toIso);
      expect(figures).toEqual(expected);
      expect(JSON.stringify(figures)).toBe(JSON.stringify(expected));
    }
  });

  it('sums a row holding fractions in contributor order, and from its totals again once they are gone', () => {
    const handles = (handled: number, handlesMs: number[]): IntervalContribution => ({ ...emptyIntervalContribution(60_000), handled, handlesMs });
    const contributions = new Map<string, IntervalContribution>();
    const sums = new IntervalSums();
    const put = (contributor: string, part: IntervalContribution | undefined): void => {
      sums.replace(contributions.get(contributor), part);
      if (part === undefined) {
        contributions.delete(contributor);
      } else {
        contributions.set(contributor, part);
      }
    };
    // 0.6 + 0.2 + 0.7 is 1.5, while 0.7 + 0.6 + 0.2 is 1.4999999999999998: an average that rounds the other way.
    put('call/t/b', handles(1, [0.7]));
    put('call/t/a', handles(2, [0.6, 0.2]));
    expect(sums.figures(SLOT, contributions, 30_000, toIso)).toMatchObject({ handled: 3, averageHandleSeconds: 0.001 });
    put('call/t/a', undefined);
    put('call/t/b', handles(1, [300]));
    put('conversation/t/c', handles(1, [1_201]));
    expect(sums.figures(SLOT, contributions, 30_000, toIso)).toMatchObject({ handled: 2, averageHandleSeconds: 0.751 });
    expect(inContributorOrder(contributions)).toEqual([handles(1, [300]), handles(1, [1_201])]);
  });
});
