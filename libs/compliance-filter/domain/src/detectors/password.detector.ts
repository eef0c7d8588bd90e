import { type Finding } from '../finding.ts';
import { type TextRange, type TextScan, keywordPattern } from '../text/text-scan.ts';

const PASSWORD_KEYWORDS = keywordPattern(
  'user(?:name)? ?/ ?pass(?:word)?|usuario ?/ ?contrase[nñ]a|pass ?words?|passwd|pwd|pw|pass ?codes?|pass ?phrase|pass|' +
    'pin(?: ?(?:code|number|no|#))?|nip|contrase[nñ]as?|contra|clave(?: de acceso)?|log-?in|credentials|credenciales',
);
// "contra" is slang for contraseña only where a clause starts or after a possessive or article ("mi contra"), not "against".
const SLANG_CONTRA_BEFORE = /(?:^|[.,;:!?\n(]|\b(?:mi|tu|su|la|nueva|nuestra))\s*$/iu;
// Apostrophe contractions ("doesn't", "shouldn't", "it's", "we'll") are words, never a stated value.
const CONTRACTION = /^\p{L}+['’](?:t|s|d|m|re|ve|ll)$/iu;
// "PIN, the current one is 5502" / "nip, el actual es 5502": a short aside naming the same secret before its value.
const ASIDE_BEFORE_VALUE = /^\s*[,;-]\s*(?:the|my|el|la|mi)\s+(?:\p{L}+\s+){0,2}?(?:is|es|was|era)\s+/iu;
// "Frontdesk2024 (the email pw)" / "4821 is my pin": a value, a link, at most an article and one word, then the keyword.
const VALUE_BEFORE_KEYWORD =
  /(?:^|\s)(\S{4,64}?)\s*(?:\(|,|-|=|\b(?:is|es|was|era)\b)\s*(?:(?:the|my|our|your|mi|la|el|tu|su)\s+)?(?:[\p{L}-]+\s+)?$/iu;
// A keyword that closes its sentence (before a ")" at most), as it does when the value came first.
const KEYWORD_CLOSES = /^\)?\s*(?:$|[.,;!?\n])/u;
const MAX_QUALIFIER_WORDS = 3;
// A PIN's value must be 4–8 digits, so a longer qualifier ("PIN for my new debit card is …") stays safe.
const MAX_PIN_QUALIFIER_WORDS = 5;
// One-time and verification codes are credentials, but the label set leaves them out of PASSWORD.
const OTP_WORDING =
  /(?:one[- ]?time|otp|verification|verify|2fa|two[- ]factor|c[oó]digo de verificaci[oó]n|verificaci[oó]n|un solo uso)[^.\n]{0,20}$/iu;
const CHANGE_WORDING = /(?:changed?|set|reset|updated?|cambi[eé]|cambiado|puse)\b[^.\n]{0,20}$/iu;
// A pass that admits someone somewhere ("boarding pass: 1234ABC") is not a password.
const PASS_NOT_PASSWORD = /(?:boarding|bus|day|season|hall|gate|parking|access|guest|visitor)\s+$/iu;
// A gate, door or lockbox PIN opens a physical lock: an access code the label set leaves out.
const PHYSICAL_ACCESS = /(?:gate|lock ?box|door|garage|buzzer|keypad|port[oó]n|puerta|candado)\s+$/iu;
// "clave" also names tracking keys, voter ids and the CLABE; those are not passwords.
const CLAVE_NOT_PASSWORD =
  /^\s+(?:de )?(?:rastreo|elector|producto|seguimiento|reservaci[oó]n|confirmaci[oó]n|interbancaria|lada|bancaria)/iu;
const QUALIFIERS = new Set(['for', 'to', 'of', 'on', 'at', 'de', 'del', 'para', 'en']);
const WORD_CONNECTORS = new Set(['is', 'es', 'was', 'era', 'será', 'sera', 'now', 'ahora']);
const STOP_WORDS = new Set(
  (
    'is es was were the a an my your our his her their this that it its not no and or but so to for of on in at by with from ' +
    'as be been being has have had will would should can could may might must do does did reset change changed changing ' +
    'expired expire expires expiring incorrect wrong invalid correct right required needed missing empty blank same ' +
    'different too very also still just now here there please pls again case sensitive protected manager link field hint ' +
    'strength policy rules requirements forgotten forgot lost locked blocked ok okay fine good bad weak strong secure safe ' +
    'long short working work works updated update saved stored sent attached below above following if when what which ' +
    'who how why where then than yes yet none null hidden mine yours login sign enter continue access screen page about ' +
    'going currently due ' +
    'el la los las un una mi tu su del que y o sí si está esta son para por con sin al lo le se ya muy incorrecta ' +
    'incorrecto equivocada olvidada olvide olvidé nueva nuevo actual temporal segura bloqueada vencida expirada caducada ' +
    'obligatoria requerida correcta correcto válida valida inválida invalida'
  ).split(' '),
);
// Words that open a new clause after a stated value ("my password is banana and my pin is 1234").
const CLAUSE_STARTS = new Set(
  ['and', 'but', 'or', 'so', 'thanks', 'thank', 'thx', 'please', 'pls', 'ok', 'y', 'pero', 'o', 'gracias', 'porfa'],
);
const MASKED_VALUE = /^[*x•#._-]+$/iu;
const PIN_VALUE = /^\d{4,8}$/;
const MAX_VALUE_LENGTH = 64;

type KeywordKind = 'password' | 'pass' | 'pin' | 'login' | 'clave';
type Connector = 'none' | 'word' | 'symbol' | 'to';

function kindOf(keyword: string): KeywordKind {
  const lower = keyword.toLowerCase();
  if (lower.startsWith('pin') || lower === 'nip') {
    return 'pin';
  }
  if (lower === 'pass') {
    return 'pass';
  }
  if (lower.startsWith('log') || lower.startsWith('cred') || lower.includes('/')) {
    return 'login';
  }
  return lower.startsWith('clave') ? 'clave' : 'password';
}

function skipSpaces(text: string, index: number): number {
  let position = index;
  while (position < text.length && /\s/.test(text[position] ?? '')) {
    position += 1;
  }
  return position;
}

function wordAt(text: string, index: number): string {
  const match = /^[\p{L}\p{N}]+/u.exec(text.slice(index, index + 24));
  return match === null ? '' : match[0];
}

/** Skips "is", ":", "=", "→" and the like; reports the kind of link seen. */
function readConnector(text: string, index: number, allowTo: boolean): { index: number; connector: Connector } {
  let position = index;
  let connector: Connector = 'none';
  for (let step = 0; step < 2; step += 1) {
    position = skipSpaces(text, position);
    const symbol = /^(?:=>|->|→|[:=#-])/u.exec(text.slice(position, position + 2));
    if (symbol !== null) {
      position += symbol[0].length;
      connector = 'symbol';
      continue;
    }
    const word = wordAt(text, position).toLowerCase();
    if (WORD_CONNECTORS.has(word) || (allowTo && word === 'to')) {
      position += word.length;
      connector = connector === 'symbol' ? 'symbol' : word === 'to' ? 'to' : 'word';
      continue;
    }
    break;
  }
  return { index: skipSpaces(text, position), connector };
}

/** The value token at index: a quoted phrase, or the next run of non-space characters less trailing punctuation. */
function readValue(text: string, index: number): TextRange | undefined {
  const quote = text[index] ?? '';
  const closing = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»' }[quote];
  if (closing !== undefined) {
    const end = text.indexOf(closing, index + 1);
    return end > index + 1 && end - index <= MAX_VALUE_LENGTH && !text.slice(index + 1, end).includes('\n')
      ? { start: index + 1, end }
      : undefined;
  }
  let end = index;
  while (end < text.length && end - index < MAX_VALUE_LENGTH && !/\s/.test(text[end] ?? '')) {
    end += 1;
  }
  while (end > index && /[.,;:?)\]}"'”’»]/u.test(text[end - 1] ?? '')) {
    end -= 1;
  }
  return end > index ? { start: index, end } : undefined;
}

function isPasswordLike(value: string): boolean {
  return /[^\p{L}]/u.test(value);
}

function isAcceptableValue(value: string, kind: KeywordKind, connector: Connector): boolean {
  if (kind === 'pin') {
    return PIN_VALUE.test(value);
  }
  if (
    value.length < 4 ||
    STOP_WORDS.has(value.toLowerCase()) ||
    MASKED_VALUE.test(value) ||
    CONTRACTION.test(value) ||
    /^https?:|^www\./iu.test(value)
  ) {
    return false;
  }
  if (kind === 'pass' && connector !== 'symbol') {
    return false;
  }
  return connector === 'symbol' || connector === 'word' ? true : isPasswordLike(value);
}

/** "login is bob / hunter2": the part after the first slash, comma or "and"; a URL is not a pair. */
function readLoginPair(text: string, index: number): TextRange | undefined {
  const rest = text.slice(index, index + 140);
  const pair = /^(\S{1,64}?)\s*(?:\/|,|\||\band\b|\by\b)\s*/iu.exec(rest);
  if (pair === null || /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/iu.test(rest)) {
    return undefined;
  }
  const value = readValue(text, index + pair[0].length);
  return value !== undefined && value.end - value.start >= 4 ? value : undefined;
}

function statedValue(text: string, hit: TextRange, kind: KeywordKind): TextRange | undefined {
  let position = hit.end;
  const aside = ASIDE_BEFORE_VALUE.exec(text.slice(position, position + 40));
  if (aside !== null) {
    return pickValue(text, position + aside[0].length, kind, 'word');
  }
  const next = wordAt(text, skipSpaces(text, position)).toLowerCase();
  if (QUALIFIERS.has(next) && !(next === 'to' && CHANGE_WORDING.test(text.slice(Math.max(0, hit.start - 40), hit.start)))) {
    // "password for my bank is …": a few words, then a connector must follow.
    position = skipSpaces(text, position) + next.length;
    const maxWords = kind === 'pin' ? MAX_PIN_QUALIFIER_WORDS : MAX_QUALIFIER_WORDS;
    for (let word = 0; word < maxWords; word += 1) {
      const link = readConnector(text, position, false);
      if (link.connector !== 'none') {
        break;
      }
      const following = wordAt(text, link.index);
      if (following === '') {
        return undefined;
      }
      position = link.index + following.length;
    }
    const link = readConnector(text, position, false);
    if (link.connector === 'none') {
      return undefined;
    }
    return pickValue(text, link.index, kind, link.connector);
  }
  const allowTo = CHANGE_WORDING.test(text.slice(Math.max(0, hit.start - 40), hit.start));
  const link = readConnector(text, position, allowTo);
  return pickValue(text, link.index, kind, link.connector);
}

function pickValue(text: string, index: number, kind: KeywordKind, connector: Connector): TextRange | undefined {
  if (kind === 'login') {
    return connector === 'none' ? undefined : readLoginPair(text, index);
  }
  const value = readValue(text, index);
  if (value === undefined) {
    return undefined;
  }
  const raw = text.slice(value.start, value.end);
  // "Your password is about to expire": a plain word after "is" that the sentence carries on from is not a value.
  if (connector === 'word' && kind !== 'pin' && !isPasswordLike(raw) && continuesSentence(text, value.end)) {
    return undefined;
  }
  // After "changed it to", only a value that looks like a password counts, as with no connector at all.
  return isAcceptableValue(raw, kind, connector === 'to' ? 'none' : connector) ? value : undefined;
}

/** Whether a value written before its keyword looks like a secret: a PIN's digits, or letters mixed with digits or symbols. */
function isValueBeforeKeyword(value: string, kind: KeywordKind): boolean {
  if (kind === 'pin') {
    return PIN_VALUE.test(value);
  }
  const hasLetter = /\p{L}/u.test(value);
  const isAddress = /^[^@\s]+@[^@\s]+\.\p{L}{2,}$/u.test(value);
  return hasLetter && isPasswordLike(value) && !isAddress && isAcceptableValue(value, kind, 'none');
}

/** "it's Frontdesk2024 (the email pw)", "4821 is my pin": the value stated before a keyword that ends the sentence. */
function valueBefore(text: string, hit: TextRange, kind: KeywordKind): TextRange | undefined {
  if (kind === 'login' || kind === 'pass' || !KEYWORD_CLOSES.test(text.slice(hit.end, hit.end + 3))) {
    return undefined;
  }
  const windowStart = Math.max(0, hit.start - 100);
  const match = VALUE_BEFORE_KEYWORD.exec(text.slice(windowStart, hit.start));
  const raw = match?.[1];
  if (match === null || raw === undefined) {
    return undefined;
  }
  const rawStart = windowStart + match.index + match[0].indexOf(raw);
  const value = readValue(text, rawStart + (/^[(["“‘'«]/u.test(raw) ? 1 : 0));
  if (value === undefined || OTP_WORDING.test(text.slice(Math.max(0, value.start - 40), value.start))) {
    return undefined;
  }
  return isValueBeforeKeyword(text.slice(value.start, value.end), kind) ? value : undefined;
}

function continuesSentence(text: string, index: number): boolean {
  if (/^[.,;:!?\n]/u.test(text.slice(index, index + 1))) {
    return false;
  }
  const next = wordAt(text, skipSpaces(text, index)).toLowerCase();
  return next !== '' && !CLAUSE_STARTS.has(next);
}

/**
 * Passwords and PINs stated in a message ("my password is …", "pw: …", "PIN 4821", "contraseña: …", "login is x / y"):
 * the value only, never the keyword; no value when the words around it are about forgetting or resetting, and
 * nothing for one-time or verification codes.
 */
export function detectPasswords(scan: TextScan): Finding[] {
  const text = scan.text;
  const findings: Finding[] = [];
  for (const hit of scan.hits(PASSWORD_KEYWORDS)) {
    const keyword = text.slice(hit.start, hit.end);
    const kind = kindOf(keyword);
    if (OTP_WORDING.test(text.slice(Math.max(0, hit.start - 40), hit.start))) {
      continue;
    }
    if (kind === 'pass' && PASS_NOT_PASSWORD.test(text.slice(Math.max(0, hit.start - 12), hit.start))) {
      continue;
    }
    if (PHYSICAL_ACCESS.test(text.slice(Math.max(0, hit.start - 10), hit.start))) {
      continue;
    }
    const isOtherClave =
      CLAVE_NOT_PASSWORD.test(text.slice(hit.end, hit.end + 30)) || /palabra\s+$/iu.test(text.slice(Math.max(0, hit.start - 10), hit.start));
    if (kind === 'clave' && isOtherClave) {
      continue;
    }
    if (keyword.toLowerCase() === 'contra' && !SLANG_CONTRA_BEFORE.test(text.slice(Math.max(0, hit.start - 12), hit.start))) {
      continue;
    }
    const value = statedValue(text, hit, kind) ?? valueBefore(text, hit, kind);
    if (value !== undefined) {
      findings.push({ type: 'PASSWORD', start: value.start, end: value.end });
    }
  }
  return findings;
}
