import type { CorpusRecord, LabelType, LabelledSpan } from '../corpus-format.ts';

// A labelled piece of a message; its offsets are computed when the message is assembled.
export interface SpanPiece {
  readonly type: LabelType;
  readonly text: string;
}
export type Piece = string | SpanPiece;
export type Template = readonly Piece[];

// Tagged template: literal text stays unlabelled, interpolated SpanPieces become findings.
export function t(strings: TemplateStringsArray, ...values: readonly Piece[]): Template {
  const pieces: Piece[] = [];
  strings.forEach((literal, i) => {
    if (literal !== '') pieces.push(literal);
    const value = values[i];
    if (value !== undefined) pieces.push(value);
  });
  return pieces;
}

const label =
  (type: LabelType) =>
  (text: string): SpanPiece => ({ type, text });
export const cc = label('CREDIT_CARD');
export const cvv = label('CVV');
export const exp = label('CARD_EXPIRY');
export const ssn = label('US_SSN');
export const iban = label('IBAN');
export const acct = label('BANK_ACCOUNT');
export const rtn = label('ROUTING_NUMBER');
export const pw = label('PASSWORD');
export const email = label('EMAIL');
export const phone = label('PHONE');

// Offsets are JS string indices (UTF-16 code units), accumulated from the pieces so they are exact.
export function assemble(template: Template): { text: string; findings: LabelledSpan[] } {
  let text = '';
  const findings: LabelledSpan[] = [];
  for (const piece of template) {
    if (typeof piece === 'string') {
      text += piece;
    } else {
      findings.push({ type: piece.type, start: text.length, end: text.length + piece.text.length });
      text += piece.text;
    }
  }
  return { text, findings };
}

// One output file; ids are `<file>-<section>-<nnn>` so a failing id points at its section in the source.
export class CorpusFile {
  readonly name: string;
  readonly records: CorpusRecord[] = [];
  #section = 'misc';
  #sectionNote: string | undefined;
  readonly #counters = new Map<string, number>();

  constructor(name: string) {
    this.name = name;
  }

  section(name: string, note?: string): void {
    this.#section = name;
    this.#sectionNote = note;
  }

  add(template: Template, note?: string): void {
    const n = (this.#counters.get(this.#section) ?? 0) + 1;
    this.#counters.set(this.#section, n);
    const id = `${this.name}-${this.#section}-${String(n).padStart(3, '0')}`;
    const { text, findings } = assemble(template);
    const why = note ?? this.#sectionNote;
    this.records.push(why === undefined ? { id, text, findings } : { id, text, findings, note: why });
  }
}

// JSON with format characters and unusual spaces escaped, so the .jsonl files can be reviewed by eye.
export function toJsonLine(record: CorpusRecord): string {
  return JSON.stringify(record).replace(/[\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/gu, (char) =>
    char === ' ' ? char : `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
