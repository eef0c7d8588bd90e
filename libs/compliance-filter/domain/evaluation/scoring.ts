// Entity-level scoring: overlap matching (one-to-one, per type) for the floors, exact spans reported alongside.

export interface Span {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface ScoredMessage {
  readonly id: string;
  readonly text: string;
  readonly gold: readonly Span[];
  readonly predicted: readonly Span[];
}

export interface TypeScore {
  readonly type: string;
  readonly support: number;
  readonly predicted: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f2: number;
  readonly exactMatches: number;
  readonly exactMatchRate: number;
}

export interface SpanError {
  readonly id: string;
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface CorpusScore {
  readonly perType: readonly TypeScore[];
  readonly micro: TypeScore;
  readonly falsePositives: readonly SpanError[];
  readonly falseNegatives: readonly SpanError[];
}

export interface SpanMatching {
  readonly pairs: readonly (readonly [goldIndex: number, predictedIndex: number])[];
  readonly unmatchedGold: readonly number[];
  readonly unmatchedPredicted: readonly number[];
}

// Half-open spans overlap when each starts before the other ends; empty spans overlap nothing.
export function overlaps(a: Span, b: Span): boolean {
  return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

export function fBeta(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  const denominator = b2 * precision + recall;
  return denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
}

// Maximum one-to-one matching of same-type overlapping spans (Kuhn's augmenting paths), so the order in
// which a detector returns its spans cannot change the counts.
export function matchSpans(gold: readonly Span[], predicted: readonly Span[]): SpanMatching {
  const goldFor = new Array<number>(predicted.length).fill(-1);
  const candidates = gold.map((g) =>
    predicted.flatMap((p, index) => (p.type === g.type && overlaps(g, p) ? [index] : [])),
  );

  const augment = (goldIndex: number, seen: boolean[]): boolean => {
    for (const predictedIndex of candidates[goldIndex] ?? []) {
      if (seen[predictedIndex]) continue;
      seen[predictedIndex] = true;
      const holder = goldFor[predictedIndex] ?? -1;
      if (holder === -1 || augment(holder, seen)) {
        goldFor[predictedIndex] = goldIndex;
        return true;
      }
    }
    return false;
  };
  gold.forEach((_, goldIndex) => augment(goldIndex, new Array<boolean>(predicted.length).fill(false)));

  const pairs: (readonly [number, number])[] = [];
  goldFor.forEach((goldIndex, predictedIndex) => {
    if (goldIndex !== -1) pairs.push([goldIndex, predictedIndex]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  const matchedGold = new Set(pairs.map(([g]) => g));
  return {
    pairs,
    unmatchedGold: gold.flatMap((_, i) => (matchedGold.has(i) ? [] : [i])),
    unmatchedPredicted: goldFor.flatMap((g, i) => (g === -1 ? [i] : [])),
  };
}

interface Counts {
  support: number;
  predicted: number;
  tp: number;
  exactMatches: number;
}

// Precision is 1 when nothing was predicted and recall is 1 when nothing was labelled: no error was made.
function toScore(type: string, counts: Counts): TypeScore {
  const fp = counts.predicted - counts.tp;
  const fn = counts.support - counts.tp;
  const precision = counts.predicted === 0 ? 1 : counts.tp / counts.predicted;
  const recall = counts.support === 0 ? 1 : counts.tp / counts.support;
  return {
    type,
    support: counts.support,
    predicted: counts.predicted,
    tp: counts.tp,
    fp,
    fn,
    precision,
    recall,
    f2: fBeta(precision, recall, 2),
    exactMatches: counts.exactMatches,
    exactMatchRate: counts.support === 0 ? 1 : counts.exactMatches / counts.support,
  };
}

function toError(message: ScoredMessage, span: Span): SpanError {
  return { id: message.id, type: span.type, start: span.start, end: span.end, text: message.text.slice(span.start, span.end) };
}

// Scores every message; types outside `types` are still counted so an unexpected type shows up as a row.
export function scoreMessages(messages: readonly ScoredMessage[], types: readonly string[]): CorpusScore {
  const counts = new Map<string, Counts>();
  const countsFor = (type: string): Counts => {
    let entry = counts.get(type);
    if (entry === undefined) {
      entry = { support: 0, predicted: 0, tp: 0, exactMatches: 0 };
      counts.set(type, entry);
    }
    return entry;
  };
  types.forEach(countsFor);

  const falsePositives: SpanError[] = [];
  const falseNegatives: SpanError[] = [];
  for (const message of messages) {
    const matching = matchSpans(message.gold, message.predicted);
    for (const g of message.gold) {
      const entry = countsFor(g.type);
      entry.support += 1;
      if (message.predicted.some((p) => p.type === g.type && p.start === g.start && p.end === g.end)) entry.exactMatches += 1;
    }
    for (const p of message.predicted) countsFor(p.type).predicted += 1;
    for (const [goldIndex] of matching.pairs) {
      const g = message.gold[goldIndex];
      if (g !== undefined) countsFor(g.type).tp += 1;
    }
    for (const i of matching.unmatchedGold) {
      const g = message.gold[i];
      if (g !== undefined) falseNegatives.push(toError(message, g));
    }
    for (const i of matching.unmatchedPredicted) {
      const p = message.predicted[i];
      if (p !== undefined) falsePositives.push(toError(message, p));
    }
  }

  const perType = [...counts.entries()].map(([type, c]) => toScore(type, c));
  const total = [...counts.values()].reduce<Counts>(
    (sum, c) => ({
      support: sum.support + c.support,
      predicted: sum.predicted + c.predicted,
      tp: sum.tp + c.tp,
      exactMatches: sum.exactMatches + c.exactMatches,
    }),
    { support: 0, predicted: 0, tp: 0, exactMatches: 0 },
  );
  return { perType, micro: toScore('MICRO', total), falsePositives, falseNegatives };
}

const ratio = (value: number): string => value.toFixed(3);

// A fixed-width text table for the test log.
export function formatScoreTable(score: CorpusScore): string {
  const header = ['type', 'support', 'TP', 'FP', 'FN', 'precision', 'recall', 'F2', 'exact'];
  const rows = [...score.perType, score.micro].map((s) => [
    s.type,
    String(s.support),
    String(s.tp),
    String(s.fp),
    String(s.fn),
    ratio(s.precision),
    ratio(s.recall),
    ratio(s.f2),
    ratio(s.exactMatchRate),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1] ?? [])].join('\n');
}

// JSON-quotes text and escapes format characters and unusual spaces, which JSON.stringify leaves raw.
export function quoteVisible(text: string): string {
  return JSON.stringify(text).replace(
    /[\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/gu,
    (char) => (char === ' ' ? char : `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`),
  );
}

// One line per error, with the span text quoted so invisible characters and odd digits stay visible.
export function formatSpanErrors(title: string, errors: readonly SpanError[]): string {
  if (errors.length === 0) return `${title}: none`;
  const lines = errors.map((e) => `  ${e.id}  ${e.type}  [${e.start},${e.end})  ${quoteVisible(e.text)}`);
  return [`${title} (${errors.length}):`, ...lines].join('\n');
}
