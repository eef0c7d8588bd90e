import { passesIbanMod97 } from '../checksums.ts';
import { type Finding } from '../finding.ts';
import { type TextScan, isWordCharacterAt } from '../text/text-scan.ts';

// IBAN length per country code, from the SWIFT IBAN registry (SEPA and the other registered countries).
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23,
  IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27,
  MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28,
  PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27,
  SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

function isLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

// Between two groups: one or two spaces, or a dash or dot with at most one space on each side.
const GROUP_SEPARATOR = /^(?: ?[-.] ?| {1,2})/;

/** The length of the separator at index when an IBAN character follows it, else 0. */
function separatorLength(text: string, index: number): number {
  const length = GROUP_SEPARATOR.exec(text.slice(index, index + 3))?.[0].length ?? 0;
  return length > 0 && isAlphanumeric(text.charCodeAt(index + length)) ? length : 0;
}

/**
 * Reads exactly `length` IBAN characters from `start`, allowing a short separator between any two of them; the
 * end index, or undefined when the text runs out or the last character is glued to more letters or digits.
 */
function readIban(text: string, start: number, length: number): { end: number; compact: string } | undefined {
  let compact = '';
  let index = start;
  while (compact.length < length) {
    const code = text.charCodeAt(index);
    if (isAlphanumeric(code)) {
      compact += text[index] ?? '';
      index += 1;
      continue;
    }
    const separator = compact.length > 0 ? separatorLength(text, index) : 0;
    if (separator > 0) {
      index += separator;
      continue;
    }
    return undefined;
  }
  return isWordCharacterAt(text, index) ? undefined : { end: index, compact: compact.toUpperCase() };
}

/** IBANs: a registered country code, that country's length, and the mod-97 check, in either case, grouped or not. */
export function detectIbans(scan: TextScan): Finding[] {
  if (scan.digitCount < 10) {
    return [];
  }
  const text = scan.text;
  const findings: Finding[] = [];
  // Every IBAN starts with two letters glued to the first digit group, which opens with the two check digits.
  for (const group of scan.digitGroups) {
    const start = group.start - 2;
    if (group.end - group.start < 2 || start < 0 || !isLetter(text.charCodeAt(start)) || !isLetter(text.charCodeAt(start + 1))) {
      continue;
    }
    if (isWordCharacterAt(text, start - 1)) {
      continue;
    }
    const length = IBAN_LENGTHS[text.slice(start, start + 2).toUpperCase()];
    const iban = length === undefined ? undefined : readIban(text, start, length);
    if (iban !== undefined && passesIbanMod97(iban.compact)) {
      findings.push({ type: 'IBAN', start, end: iban.end });
    }
  }
  return findings;
}
