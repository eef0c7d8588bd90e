import { analyzeSms as analyzeText } from '@parley/sms-domain';

/** How an SMS text is encoded and split into parts, as carriers bill it (3GPP TS 23.038 alphabets). */

export type SmsEncoding = 'text' | 'unicode';
export type SmsEncodingType = 'text' | 'unicode' | 'auto';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** GSM-7 septets for `text`, UTF-16 code units for `unicode`. */
  units: number;
  segments: number;
}

/** The platform's own segment rules, in Vonage's vocabulary: `text` is GSM-7 and `unicode` is UCS-2. */
export function analyzeSms(text: string, encodingType: SmsEncodingType = 'auto'): SmsAnalysis {
  const forced = encodingType === 'auto' ? {} : { encoding: encodingType === 'text' ? ('gsm-7' as const) : ('ucs-2' as const) };
  const analysis = analyzeText(text, forced);
  return { encoding: analysis.encoding === 'gsm-7' ? 'text' : 'unicode', units: analysis.units, segments: analysis.segments };
}
