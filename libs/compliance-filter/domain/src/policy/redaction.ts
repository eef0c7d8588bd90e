import { digitValue } from '../text/folded-text.ts';
import type { PolicyFindingType, ScreeningPolicy } from './screening-policy.ts';

export interface Span {
  type: PolicyFindingType;
  start: number;
  end: number;
}

const LABELS: Readonly<Record<PolicyFindingType, string>> = {
  CREDIT_CARD: 'card',
  CVV: 'security code',
  CARD_EXPIRY: 'expiry date',
  US_SSN: 'SSN',
  IBAN: 'IBAN',
  BANK_ACCOUNT: 'account number',
  ROUTING_NUMBER: 'routing number',
  PASSWORD: 'password',
  EMAIL: 'email',
  PHONE: 'phone number',
};

/** The digits of a span as ASCII, whatever script or width they were written in. */
export function asciiDigits(text: string): string {
  let digits = '';
  for (const character of text) {
    const value = digitValue(character.codePointAt(0) ?? 0);
    digits += value >= 0 ? String(value) : '';
  }
  return digits;
}

/** The marker that replaces a finding, e.g. `[card ending 1111]` or `[SSN removed]`. */
export function marker(type: PolicyFindingType, original: string, policy: ScreeningPolicy): string {
  const rule = policy.rules[type];
  const digits = asciiDigits(original);
  // Last four only of a whole number: fewer digits (part of a split card, a short account) would reveal too much.
  if (rule.style === 'last4' && digits.length >= 12) {
    return `[${LABELS[type]} ending ${digits.slice(-4)}]`;
  }
  return `[${LABELS[type]} removed]`;
}

export interface RedactedText {
  text: string;
  /** Where each marker sits in the redacted text. */
  findings: Span[];
}

/** Replaces the given spans (sorted, non-overlapping) with their markers, and says where the markers landed. */
export function redact(text: string, spans: readonly Span[], policy: ScreeningPolicy): RedactedText {
  let result = '';
  let cursor = 0;
  const findings: Span[] = [];
  for (const span of spans) {
    if (span.start < cursor) {
      continue;
    }
    result += text.slice(cursor, span.start);
    const replacement = marker(span.type, text.slice(span.start, span.end), policy);
    findings.push({ type: span.type, start: result.length, end: result.length + replacement.length });
    result += replacement;
    cursor = span.end;
  }
  return { text: result + text.slice(cursor), findings };
}

/**
 * Redacts more of an already screened text (a split card found afterwards), keeping the markers it has: the new
 * spans must not overlap them, and markers after a new span move by the length it changed.
 */
export function redactFurther(screened: RedactedText, spans: readonly Span[], policy: ScreeningPolicy): RedactedText {
  const fresh = redact(screened.text, spans, policy);
  const kept = screened.findings.map((finding) => {
    let shift = 0;
    for (const span of spans) {
      if (span.end <= finding.start) {
        shift += marker(span.type, screened.text.slice(span.start, span.end), policy).length - (span.end - span.start);
      }
    }
    return { ...finding, start: finding.start + shift, end: finding.end + shift };
  });
  return { text: fresh.text, findings: [...kept, ...fresh.findings].sort((a, b) => a.start - b.start) };
}
