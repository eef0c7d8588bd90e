import { describe, expect, it } from 'vitest';
import { asciiDigits, redact, redactFurther } from './redaction.ts';
import { screenInbound, screenOutbound } from './screening.ts';
import { DEFAULT_POLICY, resolvePolicy, screeningPolicySchema } from './screening-policy.ts';

const card = (text: string, digits: string) => {
  const start = text.indexOf(digits);
  return { type: 'CREDIT_CARD' as const, start, end: start + digits.length };
};

describe('screening policy', () => {
  it('fills every type from the defaults and keeps what the tenant set', () => {
    const policy = resolvePolicy({ rules: { EMAIL: { inbound: 'redact', outbound: 'block', style: 'label' } }, prohibitedTerms: ['free money'] });
    expect(policy.rules.EMAIL).toEqual({ inbound: 'redact', outbound: 'block', style: 'label' });
    expect(policy.rules.CREDIT_CARD).toEqual(DEFAULT_POLICY.rules.CREDIT_CARD);
    expect(policy.prohibitedTerms).toEqual(['free money']);
    expect(policy.autoReply.enabled).toBe(false);
  });

  it('refuses to let card numbers, security codes or passwords through', () => {
    for (const type of ['CREDIT_CARD', 'CVV', 'PASSWORD']) {
      const result = screeningPolicySchema.safeParse({ rules: { [type]: { inbound: 'allow', outbound: 'block', style: 'label' } } });
      expect(result.success, type).toBe(false);
    }
    expect(screeningPolicySchema.safeParse({ rules: { US_SSN: { inbound: 'redact', outbound: 'block', style: 'last4' } } }).success).toBe(false);
  });

  it('refuses unknown types and oversized term lists', () => {
    expect(screeningPolicySchema.safeParse({ rules: { DRIVERS_LICENSE: { inbound: 'redact', outbound: 'block', style: 'label' } } }).success).toBe(false);
    expect(screeningPolicySchema.safeParse({ prohibitedTerms: Array.from({ length: 501 }, (_, index) => `t${index}`) }).success).toBe(false);
  });
});

describe('redaction', () => {
  it('shows a card by its last four digits, whatever script it was written in', () => {
    const text = 'card ４１１１ １１１１ １１１１ １２３４ ok';
    const start = text.indexOf('４');
    const result = redact(text, [{ type: 'CREDIT_CARD', start, end: text.indexOf(' ok') }], DEFAULT_POLICY);
    expect(result.text).toBe('card [card ending 1234] ok');
    expect(result.findings).toEqual([{ type: 'CREDIT_CARD', start: 5, end: 23 }]);
  });

  it('reads Arabic-Indic digits too', () => {
    expect(asciiDigits('٤١١١-١١١١')).toBe('41111111');
  });

  it('keeps earlier markers in place when more is redacted afterwards', () => {
    const first = redact('pin 4821 then card 6011 0009', [{ type: 'PASSWORD', start: 4, end: 8 }], DEFAULT_POLICY);
    expect(first.text).toBe('pin [password removed] then card 6011 0009');
    const start = first.text.indexOf('6011');
    const further = redactFurther(first, [{ type: 'CREDIT_CARD', start, end: first.text.length }], DEFAULT_POLICY);
    expect(further.text).toBe('pin [password removed] then card [card removed]');
    expect(further.findings.map((finding) => further.text.slice(finding.start, finding.end))).toEqual(['[password removed]', '[card removed]']);
  });
});

describe('screenInbound', () => {
  it('removes what the policy redacts, keeps what it allows, and says whether a card went', () => {
    const text = 'Card 4111 1111 1111 1111, mail me at ana@example.com';
    const email = { type: 'EMAIL' as const, start: text.indexOf('ana@'), end: text.length };
    const result = screenInbound(text, [card(text, '4111 1111 1111 1111'), email], DEFAULT_POLICY);
    expect(result.text).toBe('Card [card ending 1111], mail me at ana@example.com');
    expect(result.cardRemoved).toBe(true);
    expect(result.findings).toHaveLength(1);
  });
});

describe('screenOutbound', () => {
  it('blocks a reply holding a card, with a reason the agent can act on', () => {
    const text = 'Your card 5555 5555 5555 4444 is on file';
    const decision = screenOutbound(text, [card(text, '5555 5555 5555 4444')], DEFAULT_POLICY);
    expect(decision).toEqual({
      decision: 'block',
      reasons: [{ kind: 'sensitive-data', type: 'CREDIT_CARD', count: 1 }],
      explanation: 'Not sent: the reply contains a card number. Remove it and send again.',
    });
  });

  it('blocks prohibited terms as whole words in any case', () => {
    const policy = resolvePolicy({ prohibitedTerms: ['guaranteed', 'wire transfer'] });
    expect(screenOutbound('This is GUARANTEED to work', [], policy)).toMatchObject({ decision: 'block', reasons: [{ kind: 'prohibited-term', term: 'guaranteed' }] });
    expect(screenOutbound('Pay by Wire  transfer? no: wire transfer', [], policy)).toMatchObject({ reasons: [{ kind: 'prohibited-term', term: 'wire transfer' }] });
    expect(screenOutbound('unguaranteed results', [], policy).decision).toBe('approve');
  });

  it('approves a clean reply unchanged and redacts what the policy says to redact', () => {
    expect(screenOutbound('See you at 10!', [], DEFAULT_POLICY)).toEqual({ decision: 'approve', text: 'See you at 10!', findings: [] });
    const policy = resolvePolicy({ rules: { PHONE: { inbound: 'allow', outbound: 'redact', style: 'label' } } });
    const text = 'Call 415 555 0100';
    const decision = screenOutbound(text, [{ type: 'PHONE', start: 5, end: text.length }], policy);
    expect(decision).toMatchObject({ decision: 'approve', text: 'Call [phone number removed]' });
  });
});
