import { randomUUID } from 'node:crypto';

/** Messages API error codes that can end an SMS, with Vonage's descriptions (OpenAPI `x-errors`). */
export const MESSAGE_ERROR_DETAILS: Readonly<Record<number, string>> = {
  1000: 'Throttled',
  1020: 'Invalid params',
  1030: 'Internal error',
  1040: 'Invalid message',
  1050: 'Number barred',
  1060: 'Partner account barred',
  1070: 'Quota exceeded',
  1120: 'Illegal sender address',
  1160: 'Non-whitelisted destination',
  1170: 'Invalid recipient',
  1180: 'Destination temporarily unavailable',
  1190: 'Absent subscriber permanent',
  1200: 'Portability error',
  1210: 'Anti-spam rejection',
  1220: 'Handset busy',
  1230: 'Temporary network failure',
  1240: 'Illegal number',
  1250: 'Unroutable',
  1260: 'Destination unreachable',
  1280: 'Blocked by carrier',
  1290: 'Pre-paid insufficient funds',
  1330: 'Delivery failed',
  1360: 'TTL expired',
  1460: 'Daily message limit exceeded',
  1483: 'Consent filter',
  1490: 'SMS segment timeout',
};

export function errorDetail(code: number): string {
  return MESSAGE_ERROR_DETAILS[code] ?? 'Delivery failed';
}

/**
 * What happens to matching sends: a final status other than `delivered`, no receipt at all or only `submitted`,
 * or an HTTP error instead of 202.
 */
export const OUTCOME_KINDS = ['delivered', 'rejected', 'undeliverable', 'no-dlr', 'no-status', 'http-429', 'http-500'] as const;

export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface OutcomeRuleInput {
  outcome: OutcomeKind;
  /** Only sends to this number; any recipient when omitted. */
  to?: string;
  /** How many sends the rule applies to. */
  count: number;
  errorCode?: number;
  /** Deliver each status webhook twice. */
  duplicate: boolean;
  /** Deliver the final status before `submitted`. */
  reorder: boolean;
}

export interface OutcomeRule extends OutcomeRuleInput {
  id: string;
  remaining: number;
}

const DEFAULT_ERROR_CODES: Partial<Record<OutcomeKind, number>> = { rejected: 1240, undeliverable: 1260 };

function isHttpOutcome(kind: OutcomeKind): boolean {
  return kind === 'http-429' || kind === 'http-500';
}

/** Forced outcomes for the next outbound messages, consumed first-in first-out. */
export class OutcomeRules {
  private readonly rules: OutcomeRule[] = [];

  add(input: OutcomeRuleInput): OutcomeRule {
    const defaultCode = DEFAULT_ERROR_CODES[input.outcome];
    const rule: OutcomeRule = {
      ...input,
      ...(input.errorCode === undefined && defaultCode !== undefined ? { errorCode: defaultCode } : {}),
      id: randomUUID(),
      remaining: input.count,
    };
    this.rules.push(rule);
    return rule;
  }

  list(): readonly OutcomeRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** An HTTP error to answer instead of 202, if a rule asks for one. */
  takeHttp(to: string | undefined): OutcomeRule | undefined {
    return this.take(to, true);
  }

  /** The delivery outcome of an accepted message, if a rule forces one. */
  takeStatus(to: string): OutcomeRule | undefined {
    return this.take(to, false);
  }

  private take(to: string | undefined, http: boolean): OutcomeRule | undefined {
    const index = this.rules.findIndex((rule) => isHttpOutcome(rule.outcome) === http && (rule.to === undefined || rule.to === to));
    const rule = this.rules[index];
    if (!rule) {
      return undefined;
    }
    rule.remaining -= 1;
    if (rule.remaining <= 0) {
      this.rules.splice(index, 1);
    }
    return rule;
  }
}
