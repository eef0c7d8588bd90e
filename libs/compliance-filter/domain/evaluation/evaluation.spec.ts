import { describe, expect, it } from 'vitest';
import { FINDING_TYPES, detectSensitiveData } from '../src/index.ts';
import { CORPUS_FILES, HIGH_SEVERITY_TYPES, LABEL_TYPES, type LabelType, loadCorpus } from './corpus-format.ts';
import { type ScoredMessage, type Span, formatScoreTable, formatSpanErrors, quoteVisible, scoreMessages } from './scoring.ts';

// Runs the detectors over the labelled corpus and holds them to the agreed precision and recall floors.

const FLOORS: Readonly<Record<LabelType, number>> = {
  CREDIT_CARD: 0.98,
  CVV: 0.95,
  CARD_EXPIRY: 0.95,
  US_SSN: 0.95,
  IBAN: 0.95,
  BANK_ACCOUNT: 0.95,
  ROUTING_NUMBER: 0.95,
  PASSWORD: 0.95,
  EMAIL: 0.95,
  PHONE: 0.95,
};

interface Evaluated extends ScoredMessage {
  readonly file: string;
}

function detect(id: string, text: string): readonly Span[] {
  try {
    return detectSensitiveData(text);
  } catch (error) {
    throw new Error(`detectSensitiveData threw on ${id}`, { cause: error });
  }
}

const evaluated: Evaluated[] = loadCorpus().map((record) => ({
  id: record.id,
  file: record.file,
  text: record.text,
  gold: record.findings,
  predicted: detect(record.id, record.text),
}));
const overall = scoreMessages(evaluated, LABEL_TYPES);
const row = (type: string) => overall.perType.find((s) => s.type === type);

describe('compliance filter evaluation', () => {
  it('prints the score tables and every false positive and false negative', () => {
    const sections = [
      `All files (${evaluated.length} messages)\n${formatScoreTable(overall)}`,
      ...CORPUS_FILES.map((file) => {
        const messages = evaluated.filter((m) => m.file === file);
        return `${file}.jsonl (${messages.length} messages)\n${formatScoreTable(scoreMessages(messages, LABEL_TYPES))}`;
      }),
      formatSpanErrors('False positives', overall.falsePositives),
      formatSpanErrors('False negatives', overall.falseNegatives),
    ];
    console.log(sections.join('\n\n'));
    expect(overall.perType.length).toBeGreaterThanOrEqual(LABEL_TYPES.length);
  });

  it('uses the label set the corpus was written for', () => {
    expect([...FINDING_TYPES].sort()).toEqual([...LABEL_TYPES].sort());
  });

  it('returns spans inside the text', () => {
    const bad = evaluated.flatMap((m) =>
      m.predicted.filter((p) => !(p.start >= 0 && p.start < p.end && p.end <= m.text.length)).map((p) => `${m.id} ${p.type} [${p.start},${p.end})`),
    );
    expect(bad).toEqual([]);
  });

  it.each(LABEL_TYPES)('%s meets its precision and recall floor', (type) => {
    const score = row(type);
    expect(score).toBeDefined();
    expect.soft(score?.precision, `${type} precision`).toBeGreaterThanOrEqual(FLOORS[type]);
    expect.soft(score?.recall, `${type} recall`).toBeGreaterThanOrEqual(FLOORS[type]);
  });

  it('reports no high-severity finding on negatives.jsonl', () => {
    const hits = evaluated
      .filter((m) => m.file === 'negatives')
      .flatMap((m) =>
        m.predicted
          .filter((p) => (HIGH_SEVERITY_TYPES as readonly string[]).includes(p.type))
          .map((p) => `${m.id} ${p.type} ${quoteVisible(m.text.slice(p.start, p.end))}`),
      );
    expect(hits).toEqual([]);
  });
});
