// Deterministic generator of valid (and deliberately invalid) sensitive numbers; check digits are computed
// here from the published algorithms, and corpus-integrity.spec.ts re-checks them with separate code.

export type Brand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'maestro' | 'mir';

// mulberry32: tiny, seedable and stable across Node versions.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 1) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function mod97(numeric: string): number {
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

const lettersToDigits = (s: string): string =>
  [...s.toUpperCase()].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');

export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - mod97(lettersToDigits(bban + country + '00'))).padStart(2, '0');
}

export type IbanCountry = 'DE' | 'GB' | 'NL' | 'ES' | 'FR' | 'BE' | 'CH' | 'AT' | 'IE' | 'LU' | 'NO' | 'IT';

export class NumberFactory {
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = mulberry32(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.#random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i += 1) out += String(this.int(0, 9));
    return out;
  }

  letters(count: number): string {
    let out = '';
    for (let i = 0; i < count; i += 1) out += String.fromCharCode(65 + this.int(0, 25));
    return out;
  }

  cardPrefix(brand: Brand): string {
    switch (brand) {
      case 'visa':
        return '4';
      case 'mastercard':
        return this.int(0, 2) === 0 ? String(this.int(2221, 2720)) : String(this.int(51, 55));
      case 'amex':
        return this.pick(['34', '37']);
      case 'discover':
        return this.pick(['6011', String(this.int(644, 649)), '65']);
      case 'diners':
        return this.pick([String(this.int(300, 305)), '36', '38', '39']);
      case 'jcb':
        return String(this.int(3528, 3589));
      case 'unionpay':
        return '62';
      case 'maestro':
        return this.pick(['5018', '5020', '5038', '5893', '6304', '6759', '6761', '6762', '6763']);
      case 'mir':
        return String(this.int(2200, 2204));
    }
  }

  static readonly defaultLength: Readonly<Record<Brand, number>> = {
    visa: 16, mastercard: 16, amex: 15, discover: 16, diners: 14, jcb: 16, unionpay: 16, maestro: 16, mir: 16,
  };

  // A Luhn-valid PAN with a real issuer prefix for the brand.
  card(brand: Brand, length: number = NumberFactory.defaultLength[brand]): string {
    const prefix = this.cardPrefix(brand);
    const payload = prefix + this.digits(length - prefix.length - 1);
    return payload + luhnCheckDigit(payload);
  }

  // Same shape as a real PAN but with the check digit off by one to nine: a typo'd card.
  cardBadLuhn(brand: Brand, length?: number): string {
    const good = this.card(brand, length);
    const wrong = (Number(good.slice(-1)) + this.int(1, 9)) % 10;
    return good.slice(0, -1) + String(wrong);
  }

  // Any Luhn-valid digit string starting with `prefix` (IMEIs, ICCIDs, gift cards, timestamps).
  luhnValid(prefix: string, length: number): string {
    const payload = prefix + this.digits(length - prefix.length - 1);
    return payload + luhnCheckDigit(payload);
  }

  // A Luhn-valid 15-digit IMEI with a 35/86 type-allocation code: never a card length for those prefixes.
  imei(): string {
    return this.luhnValid(this.pick(['35', '86', '01']), 15);
  }

  // SIM ICCID: 89 + country/issuer, 19 or 20 digits, Luhn-valid.
  iccid(length: 19 | 20): string {
    return this.luhnValid(this.pick(['8901260', '8952020', '8934071']), length);
  }

  // A Luhn-valid 13-digit millisecond timestamp in 2025–2026.
  timestampMs(): string {
    const base = String(this.int(1_735_689_600, 1_798_761_599)) + this.digits(2);
    return base + luhnCheckDigit(base);
  }

  ssn(): string {
    for (;;) {
      const area = this.int(1, 899);
      if (area === 666) continue;
      const candidate = `${String(area).padStart(3, '0')}${String(this.int(1, 99)).padStart(2, '0')}${String(this.int(1, 9999)).padStart(4, '0')}`;
      if (['078051120', '123456789', '219099999'].includes(candidate)) continue;
      return candidate;
    }
  }

  // ABA routing number: a valid prefix, six digits, and the 3-7-1 check digit.
  routing(): string {
    const prefix = this.pick([
      ...Array.from({ length: 12 }, (_, i) => i + 1),
      ...Array.from({ length: 12 }, (_, i) => i + 21),
      ...Array.from({ length: 12 }, (_, i) => i + 61),
    ]);
    const payload = String(prefix).padStart(2, '0') + this.digits(6);
    const weights = [3, 7, 1, 3, 7, 1, 3, 7];
    const sum = weights.reduce((total, w, i) => total + w * Number(payload[i]), 0);
    return payload + String((10 - (sum % 10)) % 10);
  }

  // Right shape and prefix, wrong ABA check digit.
  routingBadCheck(): string {
    const good = this.routing();
    return good.slice(0, -1) + String((Number(good.slice(-1)) + this.int(1, 9)) % 10);
  }

  account(length: number): string {
    return String(this.int(1, 9)) + this.digits(length - 1);
  }

  iban(country: IbanCountry): string {
    const bban = this.bban(country);
    return country + ibanCheckDigits(country, bban) + bban;
  }

  // A well-formed IBAN with its two check digits altered, so mod-97 fails.
  ibanBadCheck(country: IbanCountry): string {
    const good = this.iban(country);
    const check = Number(good.slice(2, 4));
    const wrong = String(((check - 2 + this.int(1, 90)) % 97) + 2).padStart(2, '0');
    return good.slice(0, 2) + wrong + good.slice(4);
  }

  // BBAN layouts per country, including the national check digits that ibantools-style validators enforce.
  bban(country: IbanCountry): string {
    switch (country) {
      case 'DE':
        return this.pick(['10070000', '20050550', '37040044', '50010517', '70150000']) + this.digits(10);
      case 'GB':
        return this.pick(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL']) + this.digits(6) + this.digits(8);
      case 'IE':
        return this.pick(['AIBK', 'BOFI']) + this.digits(6) + this.digits(8);
      case 'NL':
        return this.pick(['ABNA', 'INGB', 'RABO', 'TRIO']) + this.digits(10);
      case 'CH':
        return this.pick(['00762', '00230', '08390']) + this.digits(12);
      case 'AT':
        return this.pick(['12000', '20111', '32000']) + this.digits(11);
      case 'LU':
        return this.pick(['001', '002', '019']) + this.digits(13);
      case 'IT':
        return this.italianBban();
      case 'ES':
        return this.spanishBban();
      case 'FR':
        return this.frenchBban();
      case 'BE':
        return this.belgianBban();
      case 'NO':
        return this.norwegianBban();
    }
  }

  // Spanish CCC: entidad(4) oficina(4) DC(2) cuenta(10); each DC digit is mod 11 over weights 1,2,4,8,5,10,9,7,3,6.
  spanishBban(): string {
    const dc = (ten: string): string => {
      const weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
      const r = 11 - (weights.reduce((sum, w, i) => sum + w * Number(ten[i]), 0) % 11);
      return String(r === 11 ? 0 : r === 10 ? 1 : r);
    };
    const bank = this.pick(['2100', '0049', '0182', '2080', '0081']);
    const branch = this.digits(4);
    const account = this.digits(10);
    return bank + branch + dc('00' + bank + branch) + dc(account) + account;
  }

  // French RIB: banque(5) guichet(5) compte(11) clé(2), clé = 97 − ((89·banque + 15·guichet + 3·compte) mod 97).
  frenchBban(): string {
    const bank = this.pick(['30004', '30003', '20041', '10278']);
    const branch = this.digits(5);
    const account = this.digits(11);
    const key = 97n - ((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n);
    return bank + branch + account + String(key).padStart(2, '0');
  }

  // Belgian: ten digits then their value mod 97 (97 when 0).
  belgianBban(): string {
    const ten = this.pick(['539', '001', '068', '363']) + this.digits(7);
    const r = Number(BigInt(ten) % 97n);
    return ten + String(r === 0 ? 97 : r).padStart(2, '0');
  }

  // Norwegian: ten digits and a mod-11 check digit (weights 5,4,3,2,7,6,5,4,3,2); remainder 1 is unusable.
  norwegianBban(): string {
    for (;;) {
      const ten = this.digits(10);
      const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
      const r = weights.reduce((sum, w, i) => sum + w * Number(ten[i]), 0) % 11;
      if (r === 1) continue;
      return ten + String(r === 0 ? 0 : 11 - r);
    }
  }

  // Italian: CIN letter (odd/even position tables over ABI+CAB+conto) + ABI(5) + CAB(5) + conto(12).
  italianBban(): string {
    const abi = this.pick(['03069', '02008', '05034', '03062']);
    const cab = this.digits(5);
    const conto = this.digits(12);
    const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    const body = abi + cab + conto;
    let sum = 0;
    [...body].forEach((char, i) => {
      const value = Number(char);
      sum += i % 2 === 0 ? (odd[value] ?? 0) : value;
    });
    return String.fromCharCode(65 + (sum % 26)) + body;
  }
}
