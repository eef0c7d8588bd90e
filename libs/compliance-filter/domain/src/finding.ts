import { SENSITIVE_DATA_TYPES, type SensitiveDataType } from '@parley/contracts';

/** The types findings carry: the contracts' list, so what the detectors report is what events may name. */
export const FINDING_TYPES = SENSITIVE_DATA_TYPES;

export type FindingType = SensitiveDataType;

/** A sensitive span: UTF-16 code unit offsets into the text that was screened, end exclusive. */
export interface Finding {
  type: FindingType;
  start: number;
  end: number;
}

// Where two findings claim the same characters, the more harmful disclosure names them.
const SEVERITY_ORDER: readonly FindingType[] = [
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'ROUTING_NUMBER',
  'BANK_ACCOUNT',
  'CVV',
  'CARD_EXPIRY',
  'PASSWORD',
  'EMAIL',
  'PHONE',
];

const SEVERITY_RANK = new Map<FindingType, number>(SEVERITY_ORDER.map((type, rank) => [type, rank]));

function rankOf(type: FindingType): number {
  return SEVERITY_RANK.get(type) ?? SEVERITY_ORDER.length;
}

/**
 * Keeps a non-overlapping subset: the most severe finding first, the longer span on a tie, then the earlier one;
 * returns the survivors sorted by start.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  const byPriority = [...findings].sort(
    (a, b) => rankOf(a.type) - rankOf(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Finding[] = [];
  for (const finding of byPriority) {
    if (finding.end <= finding.start) {
      continue;
    }
    if (!kept.some((other) => finding.start < other.end && other.start < finding.end)) {
      kept.push(finding);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}
