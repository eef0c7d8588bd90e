export { FINDING_TYPES, type Finding, type FindingType } from './finding.ts';
export { detectSensitiveData } from './sensitive-data.ts';
export { isCardNumber } from './card-number.ts';
export { leadingDigitRun, trailingDigitRun } from './card-split.ts';
export { asciiDigits, marker, redact, redactFurther, type RedactedText, type Span } from './policy/redaction.ts';
export { prohibitedTermsIn, screenInbound, screenOutbound, type OutboundDecision, type OutboundReason } from './policy/screening.ts';
export {
  ALWAYS_PROTECTED,
  DEFAULT_AUTO_REPLY,
  DEFAULT_POLICY,
  DEFAULT_RULES,
  resolvePolicy,
  screeningPolicySchema,
  type PolicyFindingType,
  type ScreeningPolicy,
  type ScreeningPolicyInput,
  type ScreeningRule,
} from './policy/screening-policy.ts';
