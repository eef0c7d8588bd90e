import { randomUUID } from 'node:crypto';
import { parseReplacementNcco, validateNcco, type NccoAction } from './ncco.validator.ts';
import type { SimulatorContext } from './simulator.context.ts';
import type { CallEndReason, CallRecord } from './simulator.state.ts';
import type { SigningMode } from './webhook-jwt.signer.ts';

export type CallAnswer = { kind: 'url'; url: string } | { kind: 'ncco'; ncco: unknown[] };

export interface CallSetup {
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  eventUrl: string;
  answer: CallAnswer;
  signing: SigningMode;
}

type PlayOutcome = 'finished' | 'barged-in' | 'interrupted';
type Interrupt = 'barge-in' | 'transfer' | 'hangup';
type NextDigit = { kind: 'digit'; digit: string } | { kind: 'timeout' } | { kind: 'aborted' };

const ANSWER_TIMEOUT_MS = 5_000;
const EVENT_TIMEOUT_MS = 10_000;
/** Simulated speaking rate, roughly 15 characters a second. */
const TALK_MS_PER_CHARACTER = 66;
const MIN_TALK_MS = 300;
/** The simulator cannot know a clip's length, so every stream lasts this long per loop. */
const STREAM_CLIP_MS = 3_000;
/** How long a `connect` leg stays up before the other party hangs up. */
const CONNECT_LEG_MS = 10_000;
/** Vonage's longest call; a `conversation` or infinite loop holds until a transfer, a hangup or this. */
const MAX_HOLD_MS = 7_200_000;
const RATE_PER_MINUTE_EUR = 0.0045;
const DTMF_DIGITS = /^[0-9*#]$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function firstUrl(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === 'string' && value[0] !== '' ? value[0] : undefined;
}

/** One simulated phone call: fetches the NCCO, runs it action by action, and reports events as Vonage does. */
export class CallSession {
  readonly record: CallRecord;
  private readonly context: SimulatorContext;
  private readonly setup: CallSetup;
  private ncco: NccoAction[] = [];
  private index = 0;
  private pendingNcco: NccoAction[] | undefined;
  private ended = false;
  private actionAbort: AbortController | undefined;
  private interrupt: Interrupt | undefined;
  private acceptingDigits: 'input' | 'barge-in' | undefined;
  private readonly digitQueue: string[] = [];
  private digitWaiter: (() => void) | undefined;
  private answeredAtMs: number | undefined;

  constructor(context: SimulatorContext, setup: CallSetup) {
    this.context = context;
    this.setup = setup;
    const uuid = randomUUID();
    this.record = {
      uuid,
      conversationUuid: `CON-${randomUUID()}`,
      direction: setup.direction,
      from: setup.from,
      to: setup.to,
      status: 'started',
      eventUrl: setup.eventUrl,
      createdAt: new Date().toISOString(),
      awaitingInput: false,
      ncco: [],
      log: [],
    };
  }

  start(): void {
    this.context.state.calls.push(this.record);
    this.context.calls.set(this.record.uuid, this);
    this.context.state.changed();
    this.context.logger.info('call started', { callUuid: this.record.uuid, direction: this.setup.direction, from: this.setup.from, to: this.setup.to });
    this.context.background(`call ${this.record.uuid}`, () => this.run());
  }

  pressDigits(digits: string): string[] {
    const handled: string[] = [];
    for (const digit of digits) {
      if (!DTMF_DIGITS.test(digit)) {
        continue;
      }
      const mode = this.ended ? undefined : this.acceptingDigits;
      handled.push(mode ?? 'ignored');
      this.log('dtmf', { digit, handledBy: mode ?? 'ignored' });
      if (mode === undefined) {
        continue;
      }
      this.digitQueue.push(digit);
      if (mode === 'barge-in') {
        this.abortAction('barge-in');
      } else {
        this.digitWaiter?.();
      }
    }
    return handled;
  }

  transferTo(ncco: unknown[]): void {
    const validation = validateNcco(ncco);
    if (!validation.ok) {
      throw new Error(validation.reason);
    }
    this.log('transfer', { ncco: validation.ncco });
    this.pendingNcco = validation.ncco;
    this.abortAction('transfer');
  }

  transferToUrl(url: string): void {
    this.log('transfer', { url });
    this.context.background(`transfer ${this.record.uuid}`, async () => {
      const ncco = await this.fetchNcco([url]);
      if (ncco && !this.ended) {
        this.pendingNcco = ncco;
        this.abortAction('transfer');
      }
    });
  }

  hangup(by: 'caller' | 'api'): void {
    this.end(by === 'caller' ? 'caller-hangup' : 'api-hangup');
  }

  /** Ends the call without posting anything, as the simulator is going away. */
  terminate(): void {
    this.end('simulator-stopped');
  }

  get active(): boolean {
    return !this.ended;
  }

  private end(reason: CallEndReason): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.record.endReason = reason;
    this.log('end', { reason });
    this.abortAction('hangup');
  }

  /** Records a REST call made on the call that the simulator does not act on (mute, play TTS, ...). */
  note(action: string, detail: Record<string, unknown>): void {
    this.log(action, detail);
  }

  private log(action: string, detail: Record<string, unknown>): void {
    this.record.log.push({ at: new Date().toISOString(), action, detail });
    this.context.state.changed();
  }

  private setPlaying(playing: CallRecord['playing']): void {
    if (playing) {
      this.record.playing = playing;
    } else {
      delete this.record.playing;
    }
    this.context.state.changed();
  }

  private scaled(ms: number): number {
    return ms * this.context.settings.timeScale;
  }

  private abortAction(reason: Interrupt): void {
    if (this.actionAbort && !this.actionAbort.signal.aborted) {
      this.interrupt = reason;
      this.actionAbort.abort();
    }
  }

  private eventBase(status: string): Record<string, unknown> {
    return {
      from: this.record.from,
      to: this.record.to,
      uuid: this.record.uuid,
      conversation_uuid: this.record.conversationUuid,
      status,
      direction: this.record.direction,
      timestamp: new Date().toISOString(),
    };
  }

  private fallbackUrls(primary: string): string[] {
    const fallback = this.context.settings.webhooks.voiceFallbackAnswerUrl;
    return fallback ? [primary, primary, fallback, fallback] : [primary, primary];
  }

  private async postEvent(status: string, extra: Record<string, unknown> = {}): Promise<void> {
    const body = JSON.stringify({ ...this.eventBase(status), ...extra });
    const result = await this.context.dispatcher.deliverToSequence(
      { kind: 'voice-event', method: 'POST', url: this.record.eventUrl, body, signing: this.setup.signing, timeoutMs: EVENT_TIMEOUT_MS, callUuid: this.record.uuid },
      [this.record.eventUrl, this.record.eventUrl],
    );
    this.log('event', { status, statusCode: result.statusCode, error: result.error });
  }

  private async postError(reason: string): Promise<void> {
    const body = JSON.stringify({ reason, conversation_uuid: this.record.conversationUuid, timestamp: new Date().toISOString() });
    await this.context.dispatcher.deliverToSequence(
      { kind: 'voice-event', method: 'POST', url: this.record.eventUrl, body, signing: this.setup.signing, timeoutMs: EVENT_TIMEOUT_MS, callUuid: this.record.uuid },
      [this.record.eventUrl],
    );
    this.log('error', { reason });
  }

  /** GETs an NCCO the way the answer webhook is fetched: twice, then the fallback twice. */
  private async fetchNcco(urls: string[]): Promise<NccoAction[] | undefined> {
    const [primary = ''] = urls;
    const query: Array<[string, string]> = [
      ['to', this.record.to],
      ['from', this.record.from],
      ['uuid', this.record.uuid],
      ['conversation_uuid', this.record.conversationUuid],
    ];
    const result = await this.context.dispatcher.deliverToSequence(
      { kind: 'voice-answer', method: 'GET', url: primary, query, signing: this.setup.signing, timeoutMs: ANSWER_TIMEOUT_MS, callUuid: this.record.uuid },
      this.fallbackUrls(primary),
    );
    this.log('answer', { url: primary, statusCode: result.statusCode, error: result.error });
    if (!result.ok) {
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.responseBody ?? '');
    } catch {
      parsed = undefined;
    }
    const validation = validateNcco(parsed);
    if (!validation.ok) {
      await this.postError(`Invalid NCCO: ${validation.reason}`);
      return undefined;
    }
    return validation.ncco;
  }

  private async run(): Promise<void> {
    await this.postEvent('started');
    this.record.status = 'ringing';
    await this.postEvent('ringing');
    const answer = this.setup.answer;
    let ncco: NccoAction[] | undefined;
    if (answer.kind === 'url') {
      ncco = this.ended ? undefined : await this.fetchNcco([answer.url]);
    } else {
      const validation = validateNcco(answer.ncco);
      ncco = validation.ok ? validation.ncco : undefined;
      if (!validation.ok) {
        await this.postError(`Invalid NCCO: ${validation.reason}`);
      }
    }
    if (!ncco || this.ended) {
      await this.finishUnanswered();
      return;
    }
    this.record.status = 'answered';
    this.record.answeredAt = new Date().toISOString();
    this.answeredAtMs = performance.now();
    await this.postEvent('answered', { start_time: null, rate: null, network: null });
    this.replaceNcco(ncco);
    while (!this.ended) {
      if (this.pendingNcco) {
        this.replaceNcco(this.pendingNcco);
        this.pendingNcco = undefined;
      }
      const action = this.ncco[this.index];
      if (!action) {
        this.end('ncco-finished');
        break;
      }
      this.index += 1;
      this.record.currentAction = action.action;
      this.context.state.changed();
      const replacement = await this.execute(action);
      this.record.currentAction = undefined;
      this.context.state.changed();
      if (replacement && !this.pendingNcco) {
        this.replaceNcco(replacement);
      }
    }
    await this.finishAnswered();
  }

  private replaceNcco(ncco: NccoAction[]): void {
    this.ncco = ncco;
    this.index = 0;
    this.record.ncco = ncco;
    this.context.state.changed();
  }

  private async finishUnanswered(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.record.endReason = 'answer-failed';
    }
    this.record.status = 'failed';
    this.record.endedAt = new Date().toISOString();
    this.context.state.changed();
    if (this.record.endReason !== 'simulator-stopped') {
      await this.postEvent(this.record.endReason === 'caller-hangup' ? 'cancelled' : 'failed');
    }
    this.context.logger.info('call ended', { callUuid: this.record.uuid, reason: this.record.endReason });
  }

  private async finishAnswered(): Promise<void> {
    const endedAt = new Date();
    this.record.status = 'completed';
    this.record.endedAt = endedAt.toISOString();
    this.record.currentAction = undefined;
    this.record.awaitingInput = false;
    this.context.state.changed();
    this.context.logger.info('call ended', { callUuid: this.record.uuid, reason: this.record.endReason });
    if (this.record.endReason === 'simulator-stopped') {
      return;
    }
    // Durations are reported in simulated seconds so that a compressed test call still looks like a real one.
    const elapsedMs = performance.now() - (this.answeredAtMs ?? performance.now());
    const duration = Math.round(elapsedMs / this.context.settings.timeScale / 1000);
    await this.postEvent('completed', {
      start_time: this.record.answeredAt,
      end_time: this.record.endedAt,
      duration: String(duration),
      rate: RATE_PER_MINUTE_EUR.toFixed(8),
      price: (RATE_PER_MINUTE_EUR * Math.ceil(duration / 60)).toFixed(8),
      network: '23410',
    });
  }

  /** Runs one action; resolves with a replacement NCCO when a webhook returned one. */
  private async execute(action: NccoAction): Promise<NccoAction[] | undefined> {
    switch (action.action) {
      case 'talk': {
        const text = String(action.text);
        const loop = numberOr(action.loop, 1);
        const once = Math.max(MIN_TALK_MS, text.length * TALK_MS_PER_CHARACTER);
        this.setPlaying({ action: 'talk', text });
        const outcome = await this.play(loop === 0 ? undefined : once * loop, action.bargeIn === true);
        this.setPlaying(undefined);
        this.log('talk', { text, bargeIn: action.bargeIn === true, loop, language: action.language, outcome });
        return undefined;
      }
      case 'stream': {
        const loop = numberOr(action.loop, 1);
        const streamUrl = firstUrl(action.streamUrl);
        this.setPlaying({ action: 'stream', ...(streamUrl ? { streamUrl } : {}) });
        const outcome = await this.play(loop === 0 ? undefined : STREAM_CLIP_MS * loop, action.bargeIn === true);
        this.setPlaying(undefined);
        this.log('stream', { streamUrl, bargeIn: action.bargeIn === true, loop, outcome });
        return undefined;
      }
      case 'input':
        return this.runInput(action);
      case 'wait': {
        const outcome = await this.play(numberOr(action.timeout, 10) * 1000, false);
        this.log('wait', { timeout: numberOr(action.timeout, 10), outcome });
        return undefined;
      }
      case 'conversation': {
        const musicOnHoldUrl = firstUrl(action.musicOnHoldUrl);
        this.log('conversation', { name: action.name, musicOnHoldUrl, state: 'joined' });
        this.setPlaying({ action: 'conversation', ...(musicOnHoldUrl ? { streamUrl: musicOnHoldUrl } : {}) });
        const outcome = await this.play(undefined, false);
        this.setPlaying(undefined);
        this.log('conversation', { name: action.name, state: 'left', outcome });
        return undefined;
      }
      case 'connect': {
        const endpoint: unknown = Array.isArray(action.endpoint) ? action.endpoint[0] : undefined;
        this.log('connect', { endpoint, from: action.from, state: 'connected' });
        const limitMs = numberOr(action.limit, 7200) * 1000;
        const outcome = await this.play(Math.min(CONNECT_LEG_MS, limitMs), false);
        this.log('connect', { endpoint, state: 'disconnected', outcome });
        return undefined;
      }
      case 'record':
        this.log('record', { format: action.format ?? 'mp3', eventUrl: firstUrl(action.eventUrl) });
        return undefined;
      case 'notify':
        return this.runNotify(action);
      default:
        this.log(action.action, { skipped: true });
        return undefined;
    }
  }

  /** Plays something for `ms` simulated milliseconds (forever when undefined) unless interrupted. */
  private async play(ms: number | undefined, bargeIn: boolean): Promise<PlayOutcome> {
    if (this.ended) {
      return 'interrupted';
    }
    const controller = new AbortController();
    this.actionAbort = controller;
    this.interrupt = undefined;
    this.acceptingDigits = bargeIn ? 'barge-in' : undefined;
    if (!bargeIn) {
      this.digitQueue.length = 0;
    }
    const completed = await this.context.dispatcher.pause(this.scaled(ms ?? MAX_HOLD_MS), controller.signal);
    this.actionAbort = undefined;
    this.acceptingDigits = undefined;
    if (completed) {
      return 'finished';
    }
    return this.interrupt === 'barge-in' ? 'barged-in' : 'interrupted';
  }

  private nextDigit(timeoutMs: number, signal: AbortSignal): Promise<NextDigit> {
    const queued = this.digitQueue.shift();
    if (queued !== undefined) {
      return Promise.resolve({ kind: 'digit', digit: queued });
    }
    if (signal.aborted) {
      return Promise.resolve({ kind: 'aborted' });
    }
    return new Promise((resolve) => {
      const settle = (value: NextDigit): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.digitWaiter = undefined;
        resolve(value);
      };
      const onAbort = (): void => settle({ kind: 'aborted' });
      const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.digitWaiter = () => {
        const digit = this.digitQueue.shift();
        if (digit !== undefined) {
          settle({ kind: 'digit', digit });
        }
      };
    });
  }

  private async runInput(action: NccoAction): Promise<NccoAction[] | undefined> {
    const types = Array.isArray(action.type) ? (action.type as string[]) : ['dtmf'];
    const dtmf = isRecord(action.dtmf) ? action.dtmf : {};
    const speech = isRecord(action.speech) ? action.speech : {};
    const maxDigits = Math.min(20, Math.max(1, numberOr(dtmf.maxDigits, 4)));
    const timeOutSeconds = Math.min(10, Math.max(0, numberOr(dtmf.timeOut, 3)));
    const submitOnHash = dtmf.submitOnHash === true;
    const collectsDigits = types.includes('dtmf');
    const waitMs = this.scaled((collectsDigits ? timeOutSeconds : numberOr(speech.startTimeout, 10)) * 1000);

    const controller = new AbortController();
    this.actionAbort = controller;
    this.interrupt = undefined;
    this.acceptingDigits = collectsDigits ? 'input' : undefined;
    this.record.awaitingInput = true;
    this.context.state.changed();
    let digits = '';
    let timedOut = false;
    let interrupted = this.ended;
    while (!interrupted) {
      const next = await this.nextDigit(waitMs, controller.signal);
      if (next.kind === 'timeout') {
        timedOut = true;
        break;
      }
      if (next.kind === 'aborted') {
        interrupted = true;
        break;
      }
      if (next.digit === '#' && submitOnHash) {
        break;
      }
      digits += next.digit;
      if (digits.length >= maxDigits) {
        break;
      }
    }
    this.actionAbort = undefined;
    this.acceptingDigits = undefined;
    this.record.awaitingInput = false;
    this.digitQueue.length = 0;
    if (interrupted) {
      this.log('input', { digits, interrupted: true });
      return undefined;
    }

    const eventUrl = firstUrl(action.eventUrl) ?? this.record.eventUrl;
    const result = {
      speech: collectsDigits ? { results: [] } : { results: [], timeout_reason: 'start_timeout' },
      dtmf: { digits: collectsDigits ? digits : null, timed_out: collectsDigits ? timedOut : false },
      from: this.record.from,
      to: this.record.to,
      uuid: this.record.uuid,
      conversation_uuid: this.record.conversationUuid,
      timestamp: new Date().toISOString(),
    };
    const delivery = await this.context.dispatcher.deliverToSequence(
      { kind: 'voice-input', method: 'POST', url: eventUrl, body: JSON.stringify(result), signing: this.setup.signing, timeoutMs: EVENT_TIMEOUT_MS, callUuid: this.record.uuid },
      this.fallbackUrls(eventUrl),
    );
    const replacement = delivery.ok ? parseReplacementNcco(delivery.responseBody) : undefined;
    this.log('input', {
      digits: result.dtmf.digits,
      timed_out: result.dtmf.timed_out,
      eventUrl,
      statusCode: delivery.statusCode,
      replacedNcco: replacement?.ok === true,
    });
    if (replacement && !replacement.ok) {
      await this.postError(`Invalid NCCO: ${replacement.reason}`);
      return undefined;
    }
    return replacement?.ncco;
  }

  private async runNotify(action: NccoAction): Promise<NccoAction[] | undefined> {
    const eventUrl = firstUrl(action.eventUrl) ?? this.record.eventUrl;
    const delivery = await this.context.dispatcher.deliverToSequence(
      { kind: 'voice-notify', method: 'POST', url: eventUrl, body: JSON.stringify(action.payload), signing: this.setup.signing, timeoutMs: EVENT_TIMEOUT_MS, callUuid: this.record.uuid },
      this.fallbackUrls(eventUrl),
    );
    const replacement = delivery.ok ? parseReplacementNcco(delivery.responseBody) : undefined;
    this.log('notify', { eventUrl, payload: action.payload, statusCode: delivery.statusCode, replacedNcco: replacement?.ok === true });
    if (replacement && !replacement.ok) {
      await this.postError(`Invalid NCCO: ${replacement.reason}`);
      return undefined;
    }
    return replacement?.ncco;
  }
}
