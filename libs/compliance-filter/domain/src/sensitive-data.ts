import { detectBankNumbers } from './detectors/bank-account.detector.ts';
import { detectCardDetails } from './detectors/card-details.detector.ts';
import { detectCardNumbers } from './detectors/card-number.detector.ts';
import { detectDisguisedCards, readLookalikeDigits } from './detectors/disguised-card.detector.ts';
import { detectEmails } from './detectors/email.detector.ts';
import { detectIbans } from './detectors/iban.detector.ts';
import { detectPasswords } from './detectors/password.detector.ts';
import { detectPhones } from './detectors/phone.detector.ts';
import { detectUsSsns } from './detectors/us-ssn.detector.ts';
import { type Finding, type FindingType, resolveOverlaps } from './finding.ts';
import { foldText, toOriginalSpan } from './text/folded-text.ts';
import { TextScan } from './text/text-scan.ts';

export interface DetectionOptions {
  /** Only report these types; detection still runs in full so overlaps resolve as they would without the filter. */
  types?: readonly FindingType[];
}

/**
 * Every sensitive span in one message, sorted by start and non-overlapping, with offsets in UTF-16 code units of
 * the text as given. Detection runs on a folded copy (Unicode digits, exotic spaces and dashes, invisible characters)
 * so formatting tricks cannot hide a number, and each span maps back to exactly the original characters.
 */
export function detectSensitiveData(text: string, options: DetectionOptions = {}): Finding[] {
  if (text.length === 0) {
    return [];
  }
  const folded = foldText(text);
  const scan = new TextScan(folded);
  const ibans = detectIbans(scan);
  // Card detection reads O/o as 0 and I/l as 1 inside digit words; same length, so offsets hold for both readings.
  const lookalikeText = scan.digitCount > 0 ? readLookalikeDigits(scan.text) : undefined;
  const cardScan = lookalikeText === undefined ? scan : new TextScan({ ...folded, text: lookalikeText });
  const plainCards = detectCardNumbers(cardScan, ibans);
  const cards = plainCards.concat(detectDisguisedCards(cardScan, [...ibans, ...plainCards]));
  const found = ibans.concat(
    cards,
    detectCardDetails(scan, cards),
    detectUsSsns(scan),
    detectBankNumbers(scan),
    detectPasswords(scan),
    scan.text.includes('@') ? detectEmails(scan) : [],
    detectPhones(scan),
  );
  if (found.length === 0) {
    return [];
  }
  const resolved = resolveOverlaps(found).map((finding) => ({
    type: finding.type,
    ...toOriginalSpan(folded, finding.start, finding.end),
  }));
  const wanted = options.types;
  return wanted === undefined ? resolved : resolved.filter((finding) => wanted.includes(finding.type));
}
