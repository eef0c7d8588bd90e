// The GSM 03.38 default alphabet (3GPP TS 23.038): one septet each, including LF, CR and space.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// The extension table: each costs two septets (an escape and the character) and is never split across parts.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'gsm-7' | 'ucs-2';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** Septets for GSM-7, 16-bit code units for UCS-2. */
  units: number;
  segments: number;
  /** Capacity of each segment: 160/70 for a single message, 153/67 once a header is needed. */
  unitsPerSegment: number;
  /** Units left in the last segment before another one starts. */
  remainingInSegment: number;
  /** Characters outside GSM-7 that force UCS-2, for a composer to point out. */
  nonGsmCharacters: string[];
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'gsm-7': { single: 160, multi: 153 },
  'ucs-2': { single: 70, multi: 67 },
};

function gsmCost(character: string): number | undefined {
  if (GSM7_BASIC.has(character)) {
    return 1;
  }
  return GSM7_EXTENSION.has(character) ? 2 : undefined;
}

/**
 * How a text travels as SMS: the encoding the carrier picks automatically (or the one forced), and how many
 * parts it costs. Forced GSM-7 sends a character outside the alphabet as one replacement septet.
 */
export function analyzeSms(text: string, options: { encoding?: SmsEncoding } = {}): SmsAnalysis {
  const characters = Array.from(text);
  const nonGsm = [...new Set(characters.filter((character) => gsmCost(character) === undefined))];
  const encoding: SmsEncoding = options.encoding ?? (nonGsm.length === 0 ? 'gsm-7' : 'ucs-2');
  // A surrogate pair (an emoji, say) is two UCS-2 units and, like a GSM-7 escape, never split across parts.
  const costs = characters.map((character) => (encoding === 'gsm-7' ? (gsmCost(character) ?? 1) : character.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const limits = LIMITS[encoding];
  if (units <= limits.single) {
    return {
      encoding,
      units,
      segments: 1,
      unitsPerSegment: limits.single,
      remainingInSegment: limits.single - units,
      nonGsmCharacters: nonGsm,
    };
  }
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > limits.multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return {
    encoding,
    units,
    segments,
    unitsPerSegment: limits.multi,
    remainingInSegment: limits.multi - used,
    nonGsmCharacters: nonGsm,
  };
}
