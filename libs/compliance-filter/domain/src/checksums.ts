/** The Luhn (mod 10) check on an ASCII digit string, as card numbers carry it. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let value = digits.charCodeAt(index) - 0x30;
    if (double) {
      value *= 2;
      if (value > 9) {
        value -= 9;
      }
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ISO 7064 mod 97-10 over an upper-case IBAN with the country and check digits moved to the end. */
export function passesIbanMod97(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index += 1) {
    const code = rearranged.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) {
      remainder = (remainder * 10 + (code - 0x30)) % 97;
    } else if (code >= 0x41 && code <= 0x5a) {
      // Letters count as two digits, A = 10 … Z = 35.
      remainder = (remainder * 100 + (code - 0x41 + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder === 1;
}

const ABA_WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1];

/** The ABA routing-number check: digits weighted 3, 7, 1 repeating sum to a multiple of ten. */
export function passesAbaChecksum(digits: string): boolean {
  if (digits.length !== 9) {
    return false;
  }
  let sum = 0;
  for (let index = 0; index < 9; index += 1) {
    sum += (digits.charCodeAt(index) - 0x30) * (ABA_WEIGHTS[index] ?? 0);
  }
  return sum % 10 === 0;
}
