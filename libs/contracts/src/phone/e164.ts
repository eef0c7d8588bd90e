import { z } from 'zod';

/** A phone number in E.164 with its leading '+', the only form numbers take inside Parley. */
export const e164Schema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550100');

export type E164 = z.infer<typeof e164Schema>;

/** Carrier payloads carry numbers without '+'; returns the E.164 form, or undefined when it is not a number. */
export function toE164(carrierNumber: string): E164 | undefined {
  const digits = carrierNumber.startsWith('+') ? carrierNumber.slice(1) : carrierNumber;
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : undefined;
}

/** The carrier's form: E.164 digits without '+'. */
export function toCarrierNumber(number: E164): string {
  return number.slice(1);
}
