import { readFileSync } from 'node:fs';

// The label set is restated here so the corpus and its checks do not depend on the detector's code.
export const LABEL_TYPES = [
  'CREDIT_CARD',
  'CVV',
  'CARD_EXPIRY',
  'US_SSN',
  'IBAN',
  'BANK_ACCOUNT',
  'ROUTING_NUMBER',
  'PASSWORD',
  'EMAIL',
  'PHONE',
] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

// Types that must never be reported on negatives.jsonl; EMAIL and PHONE are lower severity.
export const HIGH_SEVERITY_TYPES: readonly LabelType[] = [
  'CREDIT_CARD',
  'US_SSN',
  'IBAN',
  'ROUTING_NUMBER',
  'BANK_ACCOUNT',
  'CVV',
  'CARD_EXPIRY',
  'PASSWORD',
];

export const CORPUS_FILES = ['realistic', 'adversarial', 'negatives'] as const;
export type CorpusFileName = (typeof CORPUS_FILES)[number];

export interface LabelledSpan {
  readonly type: LabelType;
  readonly start: number;
  readonly end: number;
}

export interface CorpusRecord {
  readonly id: string;
  readonly text: string;
  readonly findings: readonly LabelledSpan[];
  readonly note?: string;
}

export interface LoadedRecord extends CorpusRecord {
  readonly file: CorpusFileName;
  readonly line: number;
}

export function isLabelType(value: unknown): value is LabelType {
  return typeof value === 'string' && (LABEL_TYPES as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseSpan(value: unknown, where: string): LabelledSpan {
  if (!isObject(value)) throw new Error(`${where}: finding is not an object`);
  const { type, start, end } = value;
  if (!isLabelType(type)) throw new Error(`${where}: unknown finding type ${JSON.stringify(type)}`);
  if (!Number.isInteger(start) || !Number.isInteger(end)) throw new Error(`${where}: start/end must be integers`);
  return { type, start: start as number, end: end as number };
}

// Parses one JSONL line strictly, so a malformed record fails loudly instead of scoring as "no findings".
export function parseCorpusLine(line: string, where: string): CorpusRecord {
  const value: unknown = JSON.parse(line);
  if (!isObject(value)) throw new Error(`${where}: record is not an object`);
  const { id, text, findings, note } = value;
  if (typeof id !== 'string' || id.length === 0) throw new Error(`${where}: id must be a non-empty string`);
  if (typeof text !== 'string') throw new Error(`${where}: text must be a string`);
  if (!Array.isArray(findings)) throw new Error(`${where}: findings must be an array`);
  if (note !== undefined && typeof note !== 'string') throw new Error(`${where}: note must be a string`);
  const spans = findings.map((finding: unknown, index) => parseSpan(finding, `${where} finding ${index}`));
  return note === undefined ? { id, text, findings: spans } : { id, text, findings: spans, note };
}

export function corpusPath(file: CorpusFileName): URL {
  return new URL(`./corpus/${file}.jsonl`, import.meta.url);
}

export function loadCorpusFile(file: CorpusFileName): LoadedRecord[] {
  const lines = readFileSync(corpusPath(file), 'utf8').split('\n');
  const records: LoadedRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    records.push({ ...parseCorpusLine(line, `${file}.jsonl:${index + 1}`), file, line: index + 1 });
  });
  return records;
}

export function loadCorpus(): LoadedRecord[] {
  return CORPUS_FILES.flatMap((file) => loadCorpusFile(file));
}
