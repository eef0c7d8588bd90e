import { describe, expect, it } from 'vitest';
import {
  CORPUS_FILES,
  HIGH_SEVERITY_TYPES,
  LABEL_TYPES,
  type LabelType,
  type LabelledSpan,
  type LoadedRecord,
  loadCorpus,
} from './corpus-format.ts';
import { abaValid, cardIssuer, digitValue, foldDigits, ibanValid, isCardNumber, luhnValid, ssnValid } from './label-rules.ts';

// Checks the labels themselves, independently of any detector, so a wrong label cannot silently lower a score.

const MINIMUM_POSITIVES: Readonly<Record<LabelType, number>> = {
  CREDIT_CARD: 120,
  CVV: 40,
  CARD_EXPIRY: 40,
  US_SSN: 40,
  IBAN: 40,
  BANK_ACCOUNT: 40,
  ROUTING_NUMBER: 40,
  PASSWORD: 40,
  EMAIL: 40,
  PHONE: 40,
};

// Words that, per the README, put a number in context; matched as whole words, accents included.
const word = (alternatives: string): RegExp => new RegExp(`(?<!\\p{L})(?:${alternatives})(?!\\p{L})`, 'iu');
const CARD_KEYWORDS = word(
  'cvv|cvc|cid|security code|sec code|code|c[oó]digo(?: de seguridad)?|cod|exp|expiry|expires?|expired|expira|valid thru|vence|venci[oó]|vencimiento|caducidad|cad\\.|срок',
);
const ROUTING_KEYWORDS = word('routing|aba|rtn|ruta');
const ACCOUNT_KEYWORDS = word('account|acct|a/c|checking|savings|cuenta|cuenta de cheques|konto');
const SSN_KEYWORDS = word('ssn|s\\.s\\.n\\.|social|seguro social|social security|ss#|soc');
const PASSWORD_KEYWORDS = word('password|passcode|pass|pw|pwd|pin|nip|contraseña|contra|clave|login');
// Per the README, a 3-2-4 number introduced by one of these is a product identifier, not an SSN.
const PRODUCT_KEYWORDS = word('part|sku|model|item|catalog');

const records = loadCorpus();
const byFile = (file: string): LoadedRecord[] => records.filter((r) => r.file === file);
const spanText = (record: LoadedRecord, span: LabelledSpan): string => record.text.slice(span.start, span.end);
const allSpans = records.flatMap((record) => record.findings.map((span) => ({ record, span })));
const spansOf = (type: LabelType) => allSpans.filter(({ span }) => span.type === type);
const where = (record: LoadedRecord, span?: LabelledSpan): string =>
  span === undefined ? record.id : `${record.id} ${span.type} ${JSON.stringify(spanText(record, span))}`;

const isDigit = (char: string | undefined): boolean => char !== undefined && digitValue(char) !== undefined;
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
// The full code point just before/after a span, so astral digits are seen whole.
const charBefore = (text: string, index: number): string | undefined => {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  return isLowSurrogate(low) && index >= 2 ? text.slice(index - 2, index) : text.slice(index - 1, index);
};
const charAfter = (text: string, index: number): string | undefined => {
  const point = text.codePointAt(index);
  return point === undefined ? undefined : String.fromCodePoint(point);
};
const INVISIBLE_OR_SPACE = /^[\s\p{Cf}]|[\s\p{Cf}]$/u;

describe('label rule checks', () => {
  it('agree with public reference numbers', () => {
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('378282246310005')).toBe(true);
    expect(isCardNumber('6011111111111117')).toBe(true);
    expect(isCardNumber('30569309025904')).toBe(true);
    expect(isCardNumber('5555555555554444')).toBe(true);
    expect(isCardNumber('4111111111111112')).toBe(false);
    expect(cardIssuer('2221000000000009')).toBe('mastercard');
    expect(cardIssuer('2200000000000004')).toBe('mir');
    expect(cardIssuer('1111000011110000')).toBeUndefined();
    expect(luhnValid('490154203237518')).toBe(true); // the IMEI example from the GSMA docs: Luhn-valid, no issuer
    expect(isCardNumber('490154203237518')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('de89370400440532013000')).toBe(true);
    expect(ibanValid('DE88 3704 0044 0532 0130 00')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 3')).toBe(false);
    expect(abaValid('021000021')).toBe(true);
    expect(abaValid('011000015')).toBe(true);
    expect(abaValid('021000022')).toBe(false);
    expect(abaValid('131000021')).toBe(false);
    expect(ssnValid('512483307')).toBe(true);
    for (const bad of ['000123456', '666123456', '900123456', '512003307', '512480000']) expect(ssnValid(bad)).toBe(false);
  });

  it('fold every digit script used in the corpus', () => {
    expect(foldDigits('４１１１')).toBe('4111');
    expect(foldDigits('٤١١١')).toBe('4111');
    expect(foldDigits('۴۱۱۱')).toBe('4111');
    expect(foldDigits('४१११')).toBe('4111');
    expect(foldDigits('𝟒𝟏𝟏𝟏 𝟗')).toBe('41119');
    expect(foldDigits('𝟺𝟷 𝟡𝟘')).toBe('4190');
    expect(foldDigits('4\u200b1-1\u00ad1')).toBe('4111');
  });
});

describe('corpus integrity', () => {
  it('has every file, with unique ids prefixed by the file name', () => {
    for (const file of CORPUS_FILES) expect(byFile(file).length, file).toBeGreaterThan(0);
    expect(records.length).toBeGreaterThanOrEqual(600);
    const ids = records.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(records.filter((r) => !r.id.startsWith(`${r.file}-`)).map((r) => r.id)).toEqual([]);
  });

  it('keeps every span inside its text, on code-point boundaries, trimmed and non-overlapping', () => {
    const problems: string[] = [];
    for (const record of records) {
      const sorted = [...record.findings].sort((a, b) => a.start - b.start);
      sorted.forEach((span, i) => {
        if (span.start < 0 || span.end > record.text.length || span.start >= span.end) problems.push(`${record.id}: bad offsets`);
        if (isLowSurrogate(record.text.charCodeAt(span.start)) || isHighSurrogate(record.text.charCodeAt(span.end - 1)))
          problems.push(`${where(record, span)}: splits a surrogate pair`);
        if (INVISIBLE_OR_SPACE.test(spanText(record, span))) problems.push(`${where(record, span)}: untrimmed`);
        const next = sorted[i + 1];
        if (next !== undefined && next.start < span.end) problems.push(`${where(record, span)}: overlaps ${next.type}`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('labels only EMAIL and PHONE in negatives.jsonl', () => {
    const high = byFile('negatives').flatMap((r) => r.findings.filter((s) => HIGH_SEVERITY_TYPES.includes(s.type)).map((s) => where(r, s)));
    expect(high).toEqual([]);
  });

  it('keeps realistic.jsonl mostly free of findings, like real traffic', () => {
    const realistic = byFile('realistic');
    expect(realistic.filter((r) => r.findings.length === 0).length / realistic.length).toBeGreaterThan(0.5);
  });

  it.each(LABEL_TYPES.map((type) => [type, MINIMUM_POSITIVES[type]] as const))('has at least %s × %i positives', (type, minimum) => {
    expect(spansOf(type).length).toBeGreaterThanOrEqual(minimum);
  });
});

describe('labelled values obey the rules', () => {
  const check = (type: LabelType, valid: (text: string, record: LoadedRecord) => boolean): void => {
    const bad = spansOf(type).filter(({ record, span }) => !valid(spanText(record, span), record));
    expect(bad.map(({ record, span }) => where(record, span))).toEqual([]);
  };

  it('CREDIT_CARD: issuer prefix, length and Luhn after folding; starts and ends on a digit', () => {
    check('CREDIT_CARD', (text) => isCardNumber(foldDigits(text)) && isDigit(charAfter(text, 0)) && isDigit(charBefore(text, text.length)));
  });

  it('IBAN: country length and mod-97', () => {
    check('IBAN', (text) => ibanValid(text) && /^[A-Za-z]{2}[0-9]{2}/.test(text));
  });

  it('ROUTING_NUMBER: nine digits, valid prefix and ABA checksum', () => {
    check('ROUTING_NUMBER', (text) => abaValid(foldDigits(text)));
  });

  it('US_SSN: area, group and serial rules; bare or 3-2-4 with one kind of separator', () => {
    check('US_SSN', (text) => {
      const digits = foldDigits(text);
      const separators = text.replace(/\p{Nd}/gu, '').replace(/\p{Cf}/gu, '');
      const consistent = separators === '' || (separators.length % 2 === 0 && separators.slice(0, separators.length / 2) === separators.slice(separators.length / 2));
      return ssnValid(digits) && consistent;
    });
  });

  it('BANK_ACCOUNT: 6–17 digits with separators only', () => {
    check('BANK_ACCOUNT', (text) => {
      const digits = foldDigits(text);
      return digits.length >= 6 && digits.length <= 17 && /^[\p{Nd}\p{Cf} -]+$/u.test(text);
    });
  });

  it('CVV: three or four digits only', () => {
    check('CVV', (text) => /^\p{Nd}+$/u.test(text) && [3, 4].includes(foldDigits(text).length));
  });

  it('CARD_EXPIRY: a month and a year', () => {
    check('CARD_EXPIRY', (text) => {
      const folded = text.replace(/\p{Nd}/gu, (d) => String(digitValue(d)));
      return /^(0?[1-9]|1[0-2])\s?[/-]\s?(\d{2}|20\d{2})$/.test(folded) || /^(0[1-9]|1[0-2])\d{2}$/.test(folded);
    });
  });

  it('PASSWORD: one token of at least four characters', () => {
    check('PASSWORD', (text) => /^\S{4,}$/u.test(text));
  });

  it('EMAIL: local@domain.tld', () => {
    check('EMAIL', (text) => /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(text));
  });

  it('PHONE: starts with +, ( or a digit, ends with a digit, 7–15 digits', () => {
    check('PHONE', (text) => /^[+(\d]/.test(text) && /\d$/.test(text) && foldDigits(text).length >= 7 && foldDigits(text).length <= 15);
  });

  it('numeric spans are not cut out of a longer digit run', () => {
    const numeric: LabelType[] = ['CREDIT_CARD', 'CVV', 'CARD_EXPIRY', 'US_SSN', 'BANK_ACCOUNT', 'ROUTING_NUMBER', 'PHONE'];
    const bad = allSpans.filter(
      ({ record, span }) =>
        numeric.includes(span.type) && (isDigit(charBefore(record.text, span.start)) || isDigit(charAfter(record.text, span.end))),
    );
    expect(bad.map(({ record, span }) => where(record, span))).toEqual([]);
  });
});

describe('labels have the context the rules require', () => {
  const has = (record: LoadedRecord, type: LabelType): boolean => record.findings.some((s) => s.type === type);
  const missing = (type: LabelType, inContext: (record: LoadedRecord, text: string) => boolean): string[] =>
    spansOf(type)
      .filter(({ record, span }) => !inContext(record, spanText(record, span)))
      .map(({ record, span }) => where(record, span));

  it('CVV and CARD_EXPIRY appear with a card or a card keyword', () => {
    const context = (record: LoadedRecord): boolean => has(record, 'CREDIT_CARD') || CARD_KEYWORDS.test(record.text);
    expect([...missing('CVV', context), ...missing('CARD_EXPIRY', context)]).toEqual([]);
  });

  it('ROUTING_NUMBER appears with a routing keyword or an account number', () => {
    expect(missing('ROUTING_NUMBER', (record) => ROUTING_KEYWORDS.test(record.text) || has(record, 'BANK_ACCOUNT'))).toEqual([]);
  });

  it('BANK_ACCOUNT appears with an account keyword', () => {
    expect(missing('BANK_ACCOUNT', (record) => ACCOUNT_KEYWORDS.test(record.text))).toEqual([]);
  });

  it('a bare nine-digit US_SSN appears with an SSN keyword', () => {
    expect(missing('US_SSN', (record, text) => /\P{Nd}/u.test(text.replace(/\p{Cf}/gu, '')) || SSN_KEYWORDS.test(record.text))).toEqual([]);
  });

  it('PASSWORD appears with a password or PIN keyword', () => {
    expect(missing('PASSWORD', (record) => PASSWORD_KEYWORDS.test(record.text))).toEqual([]);
  });
});

describe('nothing that meets a rule is left unlabelled', () => {
  const covered = (record: LoadedRecord, type: LabelType, start: number, end: number): boolean =>
    record.findings.some((s) => s.type === type && s.start <= start && end <= s.end);

  it('every digit run that is a valid card is labelled CREDIT_CARD', () => {
    // Digits joined by at most one space, dash or dot: the usual ways a card is written.
    const run = /\p{Nd}(?:[ \-.]?\p{Nd})*/gu;
    const bad: string[] = [];
    for (const record of records) {
      for (const match of record.text.matchAll(run)) {
        const start = match.index;
        const end = start + match[0].length;
        if (isCardNumber(foldDigits(match[0])) && !covered(record, 'CREDIT_CARD', start, end)) bad.push(`${record.id}: ${match[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every valid IBAN is labelled IBAN', () => {
    const start = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}/g;
    const bad: string[] = [];
    for (const record of records) {
      for (const match of record.text.matchAll(start)) {
        // Collect alphanumerics, allowing single separators, and test each length that a country could have.
        let compact = '';
        let at = match.index;
        while (at < record.text.length && compact.length < 34) {
          const char = record.text[at] ?? '';
          at += 1;
          if (/[A-Za-z0-9]/.test(char)) {
            compact += char;
            if (ibanValid(compact) && !covered(record, 'IBAN', match.index, at)) bad.push(`${record.id}: ${compact}`);
          } else if (!/[ \-\u00a0\u2009]/.test(char) || !/[A-Za-z0-9]/.test(record.text[at] ?? '')) break;
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('every dashed 3-2-4 valid SSN is labelled, unless a product word introduces it', () => {
    const bad: string[] = [];
    for (const record of records) {
      for (const match of record.text.matchAll(/(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g)) {
        const start = match.index;
        const end = start + match[0].length;
        const productContext = PRODUCT_KEYWORDS.test(record.text.slice(Math.max(0, start - 25), start));
        if (ssnValid(foldDigits(match[0])) && !productContext && !covered(record, 'US_SSN', start, end)) bad.push(`${record.id}: ${match[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
