import { z } from 'zod';
import { FINDING_TYPES, type FindingType } from '../finding.ts';

const TYPES = FINDING_TYPES;

export type PolicyFindingType = FindingType;

/** Card numbers, security codes and passwords may never be let through: PCI forbids keeping them at all. */
export const ALWAYS_PROTECTED: readonly PolicyFindingType[] = ['CREDIT_CARD', 'CVV', 'PASSWORD'];

const ruleSchema = z.object({
  /** What happens to it in a customer's text: removed before anyone sees it, or kept. */
  inbound: z.enum(['redact', 'allow']),
  /** What happens to it in a reply: removed, the whole reply refused, or kept. */
  outbound: z.enum(['redact', 'block', 'allow']),
  /** How a removal shows: a label such as [card removed], or the last four digits where that is safe to show. */
  style: z.enum(['label', 'last4']),
});

export type ScreeningRule = z.infer<typeof ruleSchema>;

export const DEFAULT_RULES: Readonly<Record<PolicyFindingType, ScreeningRule>> = {
  CREDIT_CARD: { inbound: 'redact', outbound: 'block', style: 'last4' },
  CVV: { inbound: 'redact', outbound: 'block', style: 'label' },
  CARD_EXPIRY: { inbound: 'redact', outbound: 'block', style: 'label' },
  US_SSN: { inbound: 'redact', outbound: 'block', style: 'label' },
  IBAN: { inbound: 'redact', outbound: 'block', style: 'last4' },
  BANK_ACCOUNT: { inbound: 'redact', outbound: 'block', style: 'last4' },
  ROUTING_NUMBER: { inbound: 'redact', outbound: 'block', style: 'label' },
  PASSWORD: { inbound: 'redact', outbound: 'block', style: 'label' },
  EMAIL: { inbound: 'allow', outbound: 'allow', style: 'label' },
  PHONE: { inbound: 'allow', outbound: 'allow', style: 'label' },
};

export const DEFAULT_AUTO_REPLY =
  'For your security we removed the card details from your message. Please never text card numbers; ask us for a secure payment link instead.';

const LAST4_TYPES: readonly PolicyFindingType[] = ['CREDIT_CARD', 'IBAN', 'BANK_ACCOUNT'];

export const screeningPolicySchema = z
  .object({
    rules: z
      .object(Object.fromEntries(TYPES.map((type) => [type, ruleSchema.optional()])) as Record<PolicyFindingType, z.ZodOptional<typeof ruleSchema>>)
      .strict()
      .default({}),
    /** Words or phrases a reply may not contain (matched whole-word, any case), such as competitors' offers. */
    prohibitedTerms: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
    /** A text sent to the customer when card details were removed from their message. */
    autoReply: z
      .object({ enabled: z.boolean().default(false), text: z.string().trim().min(1).max(918).default(DEFAULT_AUTO_REPLY) })
      .default({ enabled: false, text: DEFAULT_AUTO_REPLY }),
  })
  .superRefine((policy, context) => {
    for (const type of TYPES) {
      const rule = policy.rules[type];
      if (!rule) {
        continue;
      }
      if (ALWAYS_PROTECTED.includes(type) && (rule.inbound === 'allow' || rule.outbound === 'allow')) {
        context.addIssue({ code: 'custom', path: ['rules', type], message: `${type} can never be allowed through` });
      }
      if (rule.style === 'last4' && !LAST4_TYPES.includes(type)) {
        context.addIssue({ code: 'custom', path: ['rules', type, 'style'], message: `${type} cannot be shown by its last four digits` });
      }
    }
  });

export type ScreeningPolicyInput = z.input<typeof screeningPolicySchema>;

/** A tenant's policy with every type's rule filled in from the defaults. */
export interface ScreeningPolicy {
  rules: Record<PolicyFindingType, ScreeningRule>;
  prohibitedTerms: string[];
  autoReply: { enabled: boolean; text: string };
}

export function resolvePolicy(input: unknown): ScreeningPolicy {
  const parsed = screeningPolicySchema.parse(input ?? {});
  const rules = { ...DEFAULT_RULES } as Record<PolicyFindingType, ScreeningRule>;
  for (const type of TYPES) {
    const rule = parsed.rules[type];
    if (rule) {
      rules[type] = rule;
    }
  }
  return { rules, prohibitedTerms: parsed.prohibitedTerms, autoReply: parsed.autoReply };
}

export const DEFAULT_POLICY: ScreeningPolicy = resolvePolicy({});
