import { redact, type RedactedText, type Span } from './redaction.ts';
import type { PolicyFindingType, ScreeningPolicy } from './screening-policy.ts';

/**
 * A customer's text as the rest of the platform may see it: every finding the tenant does not allow is
 * replaced by its marker. Inbound text can only be redacted, never refused: the customer already sent it.
 */
export function screenInbound(text: string, findings: readonly Span[], policy: ScreeningPolicy): RedactedText & { cardRemoved: boolean } {
  const removed = findings.filter((finding) => policy.rules[finding.type].inbound === 'redact');
  return { ...redact(text, removed, policy), cardRemoved: removed.some((finding) => finding.type === 'CREDIT_CARD') };
}

export type OutboundReason = { kind: 'sensitive-data'; type: PolicyFindingType; count: number } | { kind: 'prohibited-term'; term: string };

export type OutboundDecision = ({ decision: 'approve' } & RedactedText) | { decision: 'block'; reasons: OutboundReason[]; explanation: string };

const EXPLANATIONS: Readonly<Record<PolicyFindingType, string>> = {
  CREDIT_CARD: 'a card number',
  CVV: 'a card security code',
  CARD_EXPIRY: 'a card expiry date',
  US_SSN: 'a Social Security number',
  IBAN: 'an IBAN',
  BANK_ACCOUNT: 'a bank account number',
  ROUTING_NUMBER: 'a routing number',
  PASSWORD: 'a password or PIN',
  EMAIL: 'an email address',
  PHONE: 'a phone number',
};

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Compiled once per term: a tenant's list can hold hundreds of terms and every reply is checked against all of them.
const termPatterns = new Map<string, RegExp>();
const MAX_CACHED_TERMS = 10_000;

function termPattern(term: string): RegExp {
  let pattern = termPatterns.get(term);
  if (!pattern) {
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?![\\p{L}\\p{N}])`, 'iu');
    if (termPatterns.size >= MAX_CACHED_TERMS) {
      termPatterns.clear();
    }
    termPatterns.set(term, pattern);
  }
  return pattern;
}

/** Prohibited terms the reply contains, matched as whole words in any case. */
export function prohibitedTermsIn(text: string, terms: readonly string[]): string[] {
  return terms.filter((term) => termPattern(term).test(text));
}

/**
 * What may leave for the customer: a reply with anything the policy blocks, or with a prohibited term, is refused
 * with reasons an agent can act on; otherwise it goes out with what the policy redacts replaced by markers.
 */
export function screenOutbound(text: string, findings: readonly Span[], policy: ScreeningPolicy): OutboundDecision {
  const reasons: OutboundReason[] = [];
  const counts = new Map<PolicyFindingType, number>();
  for (const finding of findings) {
    if (policy.rules[finding.type].outbound === 'block') {
      counts.set(finding.type, (counts.get(finding.type) ?? 0) + 1);
    }
  }
  for (const [type, count] of counts) {
    reasons.push({ kind: 'sensitive-data', type, count });
  }
  for (const term of prohibitedTermsIn(text, policy.prohibitedTerms)) {
    reasons.push({ kind: 'prohibited-term', term });
  }
  if (reasons.length > 0) {
    const parts = [
      ...[...counts.keys()].map((type) => EXPLANATIONS[type]),
      ...reasons.flatMap((reason) => (reason.kind === 'prohibited-term' ? [`the term "${reason.term}"`] : [])),
    ];
    return {
      decision: 'block',
      reasons,
      explanation: `Not sent: the reply contains ${parts.join(', ')}. Remove it and send again.`.slice(0, 500),
    };
  }
  const removed = findings.filter((finding) => policy.rules[finding.type].outbound === 'redact');
  return { decision: 'approve', ...redact(text, removed, policy) };
}
