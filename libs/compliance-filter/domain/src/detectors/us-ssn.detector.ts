import { type Finding } from '../finding.ts';
import { type TextRange, type TextScan, keywordPattern } from '../text/text-scan.ts';

const SSN_KEYWORDS = keywordPattern(
  'ssns?|s\\.s\\.n\\.?|ss ?#|ss no|soc\\.? ?sec|social(?: security)?(?: (?:number|no|num|#))?|seguro social|n[uú]mero de seguro social',
);
// Reference words in front of a dashed 3-2-4 that make it a part, model or order number instead.
const PART_NUMBER_KEYWORDS = keywordPattern(
  'parts?|model|sku|item|ref|reference|serial|invoice|order|ticket|case|confirmation|tracking|folio|pedido|n[uú]mero de parte|pieza',
);

const CONTEXT_BEFORE = 40;
const CONTEXT_AFTER = 25;

/** The SSA's issuing rules: no area 000, 666 or 900–999, no group 00, no serial 0000, and no well-known fakes. */
export function isValidSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) {
    return false;
  }
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') {
    return false;
  }
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') {
    return false;
  }
  if (/^(\d)\1{8}$/.test(digits)) {
    return false;
  }
  // The sequence people type as an example, the Woolworth wallet card, and the SSA's own advertising number.
  return digits !== '123456789' && digits !== '078051120' && digits !== '219099999';
}

/** Whether two digit groups are one character apart and that character is one of the separators. */
function isJoined(text: string, left: TextRange | undefined, right: TextRange | undefined, separators: string): boolean {
  return left !== undefined && right !== undefined && right.start === left.end + 1 && separators.includes(text[left.end] ?? 'x');
}

// What may stand between the parts of a 3-2-4: a dash, dot or space, the dash or dot optionally spaced ("560 - 21 - 7750").
const SSN_SEPARATOR = /^(?: ?[-.] ?| )$/;

/** The text between two digit groups, or undefined when one is missing. */
function gapBetween(text: string, left: TextRange | undefined, right: TextRange | undefined): string | undefined {
  return left === undefined || right === undefined ? undefined : text.slice(left.end, right.start);
}

/** A 3-2-4 with the same separator twice starting at group index, not part of a longer number written the same way. */
function separatedSsnAt(text: string, groups: readonly TextRange[], index: number): TextRange | undefined {
  const area = groups[index];
  const group = groups[index + 1];
  const serial = groups[index + 2];
  if (area === undefined || group === undefined || serial === undefined) {
    return undefined;
  }
  if (group.end - group.start !== 2 || serial.end - serial.start !== 4) {
    return undefined;
  }
  const separator = gapBetween(text, area, group) ?? '';
  if (!SSN_SEPARATOR.test(separator) || gapBetween(text, group, serial) !== separator) {
    return undefined;
  }
  if (gapBetween(text, groups[index - 1], area) === separator || gapBetween(text, serial, groups[index + 3]) === separator) {
    return undefined;
  }
  const digits = text.slice(area.start, area.end) + text.slice(group.start, group.end) + text.slice(serial.start, serial.end);
  return isValidSsn(digits) ? { start: area.start, end: serial.end } : undefined;
}

/**
 * US SSNs: 3-2-4 with one consistent separator (dash, space or dot) anywhere, nine bare digits only with SSN
 * wording nearby; a dashed 3-2-4 right after a part, model or order reference is left alone unless SSN wording is there.
 */
export function detectUsSsns(scan: TextScan): Finding[] {
  if (scan.digitCount < 9) {
    return [];
  }
  const text = scan.text;
  const groups = scan.digitGroups;
  const findings: Finding[] = [];
  for (let index = 0; index < groups.length; index += 1) {
    const group = groups[index];
    if (group === undefined) {
      continue;
    }
    const length = group.end - group.start;
    if (length === 3) {
      const separated = separatedSsnAt(text, groups, index);
      if (separated !== undefined) {
        const isPartNumber =
          scan.isNear(PART_NUMBER_KEYWORDS, separated, 20, 0, true) &&
          !scan.isNear(SSN_KEYWORDS, separated, CONTEXT_BEFORE, CONTEXT_AFTER);
        if (!isPartNumber) {
          findings.push({ type: 'US_SSN', ...separated });
        }
      }
    } else if (length === 9 && !isJoined(text, groups[index - 1], group, '-./') && !isJoined(text, group, groups[index + 1], '-./')) {
      if (isValidSsn(text.slice(group.start, group.end)) && scan.isNear(SSN_KEYWORDS, group, CONTEXT_BEFORE, CONTEXT_AFTER, true)) {
        findings.push({ type: 'US_SSN', start: group.start, end: group.end });
      }
    }
  }
  return findings;
}
