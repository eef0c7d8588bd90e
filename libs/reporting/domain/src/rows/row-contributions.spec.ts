import { describe, expect, it } from 'vitest';
import { emptyIntervalContribution, sameAgentContribution, sameFigure, sameIntervalContribution, type IntervalContribution } from './row-contributions.ts';

const sameJson = (left: unknown, right: unknown): boolean => JSON.stringify(left) === JSON.stringify(right);

describe('comparing contributions', () => {
  it('says two figures are the same exactly when their JSON is', () => {
    const figures = [0, -0, 1, 1.5, 3e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const left of figures) {
      for (const right of figures) {
        expect(sameFigure(left, right)).toBe(sameJson(left, right));
      }
    }
  });

  it('says two interval contributions are the same exactly when their JSON is', () => {
    // A wait from fractional seconds: it prints differently from the 0.3 it nearly is.
    const fractional = 0.1 + 0.2;
    const base = (): IntervalContribution => ({ ...emptyIntervalContribution(60_000), offered: 2, waitsMs: [1_000, fractional], handlesMs: [5] });
    const variants: ((contribution: IntervalContribution) => void)[] = [
      () => undefined,
      (contribution) => (contribution.offered = 3),
      (contribution) => (contribution.segmentsSent = 1),
      (contribution) => (contribution.serviceLevelThresholdMs = 30_000),
      (contribution) => contribution.waitsMs.push(1),
      (contribution) => (contribution.waitsMs = [fractional, 1_000]),
      (contribution) => (contribution.waitsMs = [1_000, 0.3]),
      (contribution) => (contribution.handlesMs = []),
      (contribution) => (contribution.handlesMs = [Number.NaN]),
      (contribution) => (contribution.handlesMs = [Number.POSITIVE_INFINITY]),
      (contribution) => (contribution.answered = -0),
    ];
    for (const changeLeft of variants) {
      for (const changeRight of variants) {
        const left = base();
        const right = base();
        changeLeft(left);
        changeRight(right);
        expect(sameIntervalContribution(left, right)).toBe(sameJson(left, right));
      }
    }
  });

  it('says two agent contributions are the same exactly when their JSON is', () => {
    const cases = [
      { handled: 1, firstResponsesMs: [20_000] },
      { handled: 1, firstResponsesMs: [20_000, 5] },
      { handled: 2, firstResponsesMs: [20_000] },
      { handled: 1, firstResponsesMs: [20_001] },
      { handled: 1, firstResponsesMs: [] },
    ];
    for (const left of cases) {
      for (const right of cases) {
        expect(sameAgentContribution(left, right)).toBe(sameJson(left, right));
      }
    }
  });
});
