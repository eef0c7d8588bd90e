import { isCardNumber, leadingDigitRun, trailingDigitRun, type Span } from '@parley/compliance-filter-domain';

export interface PendingPart {
  messageId: string;
  /** The part's screened text as it was published, its markers, and where its trailing digits sit in it. */
  text: string;
  findings: Marker[];
  start: number;
  end: number;
}

export interface Marker {
  type: Span['type'];
  start: number;
  end: number;
}

interface Pending {
  parts: PendingPart[];
  digits: string;
  at: number;
}

export interface SplitCard {
  /** Earlier messages whose ending digits belong to the card, to be redacted after the fact. */
  earlier: PendingPart[];
  /** Where the card's last digits sit at the start of the current text. */
  leading: { start: number; end: number };
}

const MAX_CARD_DIGITS = 19;

/**
 * Catches a card number split across consecutive texts of one thread ("4111 1111" then "1111 1111"): each text
 * ending in a run of digits is remembered briefly, in memory only, and a following text that starts with digits
 * completing a valid card makes both parts redacted. The pending digits never leave this process.
 */
export class SplitCardTracker {
  readonly #pending = new Map<string, Pending>();
  readonly #windowMs: number;
  readonly #maxThreads: number;

  constructor(options: { windowMs: number; maxThreads: number }) {
    this.#windowMs = options.windowMs;
    this.#maxThreads = options.maxThreads;
  }

  /** Checks the new raw text against what the thread left pending; returns the split card if they complete one. */
  match(threadId: string, rawText: string, now: number): SplitCard | undefined {
    const pending = this.#pending.get(threadId);
    if (!pending || now - pending.at > this.#windowMs) {
      return undefined;
    }
    const leading = leadingDigitRun(rawText);
    if (!leading || !isCardNumber(pending.digits + leading.digits)) {
      return undefined;
    }
    return { earlier: pending.parts, leading: { start: leading.start, end: leading.end } };
  }

  /**
   * Records how the thread's latest screened text ends. A text made only of digits extends what is pending (a card
   * sent four digits at a time); any other text starts afresh from its own trailing digits, or clears the thread.
   */
  remember(threadId: string, messageId: string, screened: { text: string; findings: Marker[] }, now: number, matched: boolean): void {
    const screenedText = screened.text;
    const trailing = matched ? undefined : trailingDigitRun(screenedText);
    if (!trailing) {
      this.#pending.delete(threadId);
      return;
    }
    const part: PendingPart = { messageId, text: screenedText, findings: screened.findings, start: trailing.start, end: trailing.end };
    const previous = this.#pending.get(threadId);
    const onlyDigits = trailing.start === 0 || screenedText.slice(0, trailing.start).trim() === '';
    const extend = previous && onlyDigits && now - previous.at <= this.#windowMs && previous.digits.length + trailing.digits.length < MAX_CARD_DIGITS;
    const next: Pending = extend
      ? { parts: [...previous.parts, part], digits: previous.digits + trailing.digits, at: now }
      : { parts: [part], digits: trailing.digits, at: now };
    this.#pending.delete(threadId);
    this.#pending.set(threadId, next);
    if (this.#pending.size > this.#maxThreads) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) {
        this.#pending.delete(oldest);
      }
    }
  }
}
