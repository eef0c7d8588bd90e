// Matches E.164 numbers and bare 10-15 digit runs, the two shapes customer numbers take in carrier payloads.
const PHONE_PATTERN = /(?<![\w+./:-])(\+\d{7,15}|\d{10,15})(?![\w/:-]|\.\w)/g;

/** Keeps the country code hint and the last four digits, enough to tell numbers apart in a log. */
export function maskPhoneNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 4) {
    return '*'.repeat(digits.length);
  }
  const prefix = value.startsWith('+') ? `+${digits.slice(0, 1)}` : '';
  const hidden = digits.length - 4 - (prefix ? 1 : 0);
  return `${prefix}${'*'.repeat(hidden)}${digits.slice(-4)}`;
}

export function maskPhoneNumbersIn(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => maskPhoneNumber(match));
}

const MAX_DEPTH = 6;

/** Returns a copy of a log record with every phone-number-like string masked. */
export function maskPhoneNumbersDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return maskPhoneNumbersIn(value);
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => maskPhoneNumbersDeep(item, depth + 1));
  }
  if (value instanceof Error) {
    return { type: value.name, message: maskPhoneNumbersIn(value.message), stack: maskPhoneNumbersIn(value.stack ?? '') };
  }
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    masked[key] = maskPhoneNumbersDeep(item, depth + 1);
  }
  return masked;
}
