import { describe, expect, it } from 'vitest';
import {
  type ScoredMessage,
  type Span,
  fBeta,
  formatScoreTable,
  formatSpanErrors,
  matchSpans,
  overlaps,
  scoreMessages,
} from './scoring.ts';

const span = (type: string, start: number, end: number): Span => ({ type, start, end });

describe('overlaps', () => {
  it.each([
    [span('X', 0, 5), span('X', 4, 9), true],
    [span('X', 0, 5), span('X', 5, 9), false],
    [span('X', 2, 3), span('X', 0, 9), true],
    [span('X', 3, 3), span('X', 0, 9), false],
  ])('%#', (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected);
  });
});

describe('fBeta', () => {
  it('weights recall four times as much as precision at beta 2', () => {
    expect(fBeta(1, 0.5, 2)).toBeCloseTo((5 * 0.5) / (4 + 0.5), 10);
    expect(fBeta(0.5, 1, 2)).toBeCloseTo((5 * 0.5) / (2 + 1), 10);
  });

  it('is 0 when both are 0 and 1 when both are 1', () => {
    expect(fBeta(0, 0, 2)).toBe(0);
    expect(fBeta(1, 1, 2)).toBe(1);
  });
});

describe('matchSpans', () => {
  it('matches only spans of the same type', () => {
    const result = matchSpans([span('CVV', 0, 3)], [span('PASSWORD', 0, 3)]);
    expect(result.pairs).toEqual([]);
    expect(result.unmatchedGold).toEqual([0]);
    expect(result.unmatchedPredicted).toEqual([0]);
  });

  it('matches each labelled span at most once', () => {
    const result = matchSpans([span('CREDIT_CARD', 0, 19)], [span('CREDIT_CARD', 0, 9), span('CREDIT_CARD', 10, 19)]);
    expect(result.pairs).toHaveLength(1);
    expect(result.unmatchedPredicted).toHaveLength(1);
  });

  it('finds the maximum matching whatever the prediction order', () => {
    // The wide prediction overlaps both labels; a greedy pass that gave it the first label would lose one TP.
    const gold = [span('PHONE', 0, 10), span('PHONE', 20, 30)];
    const wide = span('PHONE', 5, 25);
    const narrow = span('PHONE', 2, 4);
    for (const predicted of [[wide, narrow], [narrow, wide]]) {
      const result = matchSpans(gold, predicted);
      expect(result.pairs).toHaveLength(2);
      expect(result.unmatchedGold).toEqual([]);
      expect(result.unmatchedPredicted).toEqual([]);
    }
  });
});

describe('scoreMessages', () => {
  const messages: ScoredMessage[] = [
    {
      id: 'm1',
      text: 'card 4111 1111 1111 1111 cvv 123',
      gold: [span('CREDIT_CARD', 5, 24), span('CVV', 29, 32)],
      predicted: [span('CREDIT_CARD', 5, 24), span('CVV', 28, 32)],
    },
    {
      id: 'm2',
      text: 'order 112-1234567-1234567',
      gold: [],
      predicted: [span('CREDIT_CARD', 6, 25)],
    },
    {
      id: 'm3',
      text: 'pw hunter2 and PIN 4821',
      gold: [span('PASSWORD', 3, 10), span('PASSWORD', 19, 23)],
      predicted: [span('PASSWORD', 3, 10)],
    },
  ];
  const score = scoreMessages(messages, ['CREDIT_CARD', 'CVV', 'PASSWORD', 'EMAIL']);
  const row = (type: string) => score.perType.find((s) => s.type === type);

  it('counts overlap matches as true positives and reports exact spans separately', () => {
    expect(row('CVV')).toMatchObject({ support: 1, tp: 1, fp: 0, fn: 0, exactMatches: 0, exactMatchRate: 0 });
    expect(row('CREDIT_CARD')).toMatchObject({ support: 1, predicted: 2, tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(row('PASSWORD')).toMatchObject({ support: 2, tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
  });

  it('gives a type with no labels and no predictions perfect precision and recall', () => {
    expect(row('EMAIL')).toMatchObject({ support: 0, predicted: 0, precision: 1, recall: 1, f2: 1 });
  });

  it('adds a row for a predicted type outside the requested list', () => {
    const extra = scoreMessages([{ id: 'x', text: 'abc', gold: [], predicted: [span('NAME', 0, 3)] }], ['CVV']);
    expect(extra.perType.map((s) => s.type)).toEqual(['CVV', 'NAME']);
  });

  it('sums micro totals over all types', () => {
    expect(score.micro).toMatchObject({ support: 4, predicted: 4, tp: 3, fp: 1, fn: 1, precision: 0.75, recall: 0.75 });
    expect(score.micro.f2).toBeCloseTo(0.75, 10);
  });

  it('lists false positives and false negatives with their text', () => {
    expect(score.falsePositives).toEqual([{ id: 'm2', type: 'CREDIT_CARD', start: 6, end: 25, text: '112-1234567-1234567' }]);
    expect(score.falseNegatives).toEqual([{ id: 'm3', type: 'PASSWORD', start: 19, end: 23, text: '4821' }]);
  });

  it('formats a table with one row per type plus the micro total', () => {
    const table = formatScoreTable(score).split('\n');
    expect(table[0]).toMatch(/^type\s+support\s+TP\s+FP\s+FN\s+precision\s+recall\s+F2\s+exact$/);
    expect(table).toHaveLength(2 + 4 + 1 + 1);
    expect(table.at(-1)).toMatch(/^MICRO\s+4\s+3\s+1\s+1\s+0\.750\s+0\.750\s+0\.750\s+0\.500$/);
  });

  it('quotes span text in the error list so invisible characters are visible', () => {
    const text = formatSpanErrors('FN', [{ id: 'a', type: 'CREDIT_CARD', start: 0, end: 3, text: '4\u200b1' }]);
    expect(text).toContain('"4\\u200b1"');
    expect(formatSpanErrors('FP', [])).toBe('FP: none');
  });
});
