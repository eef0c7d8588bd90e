import { type Finding } from '../finding.ts';
import { type TextScan } from '../text/text-scan.ts';

const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;
const LOCAL_PUNCTUATION = "._%+-'!#$&*=?^`{|}~";
const LOCAL_CHARACTER = /[\p{L}\p{N}\p{M}._%+\-'!#$&*=?^`{|}~]/u;
// Dot-separated labels of letters, digits and inner hyphens, ending in an all-letter top-level domain.
const DOMAIN =
  /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?\.)+\p{L}[\p{L}\p{M}]{1,23}(?![\p{L}\p{N}\p{M}-]|\.[\p{L}\p{N}])/u;

function isLocalCharacter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0x80) {
    const isAlphanumeric = (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
    return isAlphanumeric || LOCAL_PUNCTUATION.includes(text[index] ?? ' ');
  }
  return LOCAL_CHARACTER.test(text[index] ?? '');
}

/**
 * Email addresses: a local part (plus tags and non-ASCII letters allowed) before an "@" and a dotted domain with a
 * letter TLD after it; bare "@handles" and spelled-out "user at domain" are not addresses.
 */
export function detectEmails(scan: TextScan): Finding[] {
  const text = scan.text;
  const findings: Finding[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL_PART && isLocalCharacter(text, start - 1)) {
      start -= 1;
    }
    // Leading punctuation belongs to the sentence, not the address ("(bob@x.com", "'bob@x.com").
    while (start < at && /[.'!#$&*=?^`{|}~%+-]/u.test(text[start] ?? '')) {
      start += 1;
    }
    const domain = start < at ? DOMAIN.exec(text.slice(at + 1, at + 1 + MAX_DOMAIN)) : null;
    if (domain !== null) {
      findings.push({ type: 'EMAIL', start, end: at + 1 + domain[0].length });
    }
    at = text.indexOf('@', at + 1);
  }
  return findings;
}
