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
import { toOriginalSpan } from './text/folded-text.ts';
import { TextScan } from './text/text-scan.ts';

export interface DetectionOptions {
  /** Only report these types; detection still runs in full so overlaps resolve as they would without the filter. */
  types?: readonly FindingType[];
}

const NO_OPTIONS: DetectionOptions = {};

/**
 * Every sensitive span in one message, sorted by start and non-overlapping, with offsets in UTF-16 code units of
 * the text as given. Detection runs on a folded copy (Unicode digits, exotic spaces and dashes, invisible characters)
 * so formatting tricks cannot hide a number, and each span maps back to exactly the original characters.
 */
export function detectSensitiveData(text: string, options: DetectionOptions = NO_OPTIONS): Finding[] {
  if (text.length === 0) {
    return [];
  }
  const scan = TextScan.of(text);
  const found = detectAll(scan);
  if (found.length === 0) {
    return [];
  }
  const resolved = resolveOverlaps(found).map((finding) => ({
    type: finding.type,
    ...toOriginalSpan(scan.folded, finding.start, finding.end),
  }));
  const wanted = options.types;
  return wanted === undefined ? resolved : resolved.filter((finding) => wanted.includes(finding.type));
}

/** Appends without allocating: most detectors find nothing in most messages. */
function append(target: Finding[], findings: readonly Finding[]): void {
  for (const finding of findings) {
    target.push(finding);
  }
}

/** Every detector's findings, overlaps unresolved, in a fixed order. */
function detectAll(scan: TextScan): Finding[] {
  const ibans = detectIbans(scan);
  // Card detection reads O/o as 0 and I/l as 1 inside digit words; same length, so offsets hold for both readings.
  const lookalikeText = scan.hasLookalikeHint ? readLookalikeDigits(scan.text) : undefined;
  // The reading often changes nothing (its digit words held no look-alike letter); then the scan stands as it is.
  const cardScan =
    lookalikeText === undefined || lookalikeText === scan.text ? scan : new TextScan({ ...scan.folded, text: lookalikeText });
  const plainCards = detectCardNumbers(cardScan, ibans);
  const taken = ibans.length === 0 ? plainCards : ibans.concat(plainCards);
  const disguisedCards = detectDisguisedCards(cardScan, taken);
  const cards = disguisedCards.length === 0 ? plainCards : plainCards.concat(disguisedCards);
  const found: Finding[] = [];
  append(found, ibans);
  append(found, cards);
  append(found, detectCardDetails(scan, cards));
  append(found, detectUsSsns(scan));
  append(found, detectBankNumbers(scan));
  append(found, detectPasswords(scan));
  if (scan.text.includes('@')) {
    append(found, detectEmails(scan));
  }
  append(found, detectPhones(scan));
  return found;
}
