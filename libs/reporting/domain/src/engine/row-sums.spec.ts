import { describe, expect, it } from 'vitest';
import { toIso } from '../intervals/interval-clock.ts';
import { emptyIntervalContribution, type IntervalContribution, type IntervalSlot } from '../rows/row-contributions.ts';
import { intervalFigures } from './row-output.ts';
import { IntervalSums, OrderedParts } from './row-sums.ts';

const SLOT: IntervalSlot = { tenantId: 'tenant-acme-01', intervalStart: Date.UTC(2025, 2, 3, 9, 0, 0), queue: 'sales', channel: 'voice' };

/** A seeded generator, so a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let value = seed;
  return () => {
    value = (value * 1_103_515_245 + 12_345) % 2_147_483_648;
    return value / 2_147_483_648;
  };
}

function inContributorOrder<TPart>(parts: ReadonlyMap<string, TPart>): TPart[] {
  return [...parts.entries()].sort(([left], [right]) => (left < right ? -1 : 1)).map(([, part]) => part);
}

describe('ordered parts', () => {
  it('keep the parts sorted by contributor as contributors come, change and go', () => {
    const ordered = new OrderedParts<number>();
    const reference = new Map<string, number>();
    const steps: [string, number | undefined][] = [
      ['conversation/t/b', 1],
      ['conversation/t/a', 2],
      ['call/t/z', 3],
      ['conversation/t/b', 4],
      ['conversation/t/c', 5],
      ['conversation/t/a', undefined],
      ['conversation/t/missing', undefined],
      ['conversation/t/a', 6],
      ['call/t/z', undefined],
    ];
    for (const [contributor, part] of steps) {
      expect(ordered.put(contributor, part)).toBe(reference.get(contributor));
      if (part === undefined) {
        reference.delete(contributor);
      } else {
        reference.set(contributor, part);
      }
      expect(ordered.contributors).toEqual([...reference.keys()].sort());
      expect(ordered.parts).toEqual(inContributorOrder(reference));
    }
    expect(ordered.parts).toEqual([6, 4, 5]);
  });
});

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
      sums.put(contributor, part);
      if (part === undefined) {
        reference.delete(contributor);
      } else {
        reference.set(contributor, part);
      }
      const expected = intervalFigures(SLOT, inContributorOrder(reference), 30_000);
      const figures = sums.figures(SLOT, 30_000, toIso);
      expect(figures).toEqual(expected);
      expect(JSON.stringify(figures)).toBe(JSON.stringify(expected));
    }
  });

  it('sums a row holding fractions in contributor order, and from its totals again once they are gone', () => {
    const handles = (handled: number, handlesMs: number[]): IntervalContribution => ({ ...emptyIntervalContribution(60_000), handled, handlesMs });
    // 0.6 + 0.2 + 0.7 is 1.5, while 0.7 + 0.6 + 0.2 is 1.4999999999999998: an average that rounds the other way.
    const sums = new IntervalSums();
    sums.put('call/t/b', handles(1, [0.7]));
    sums.put('call/t/a', handles(2, [0.6, 0.2]));
    expect(sums.figures(SLOT, 30_000, toIso)).toMatchObject({ handled: 3, averageHandleSeconds: 0.001 });
    sums.put('call/t/a', undefined);
    sums.put('call/t/b', handles(1, [300]));
    sums.put('conversation/t/c', handles(1, [1_201]));
    expect(sums.figures(SLOT, 30_000, toIso)).toMatchObject({ handled: 2, averageHandleSeconds: 0.751 });
  });
});
