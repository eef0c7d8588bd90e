import type { VoiceFlow } from './voice-flow.ts';

/** NCCO actions Parley uses, as Vonage's Voice API reads them (a JSON array, executed in order). */
export type NccoAction =
  | { action: 'talk'; text: string; language: string; bargeIn?: boolean }
  | { action: 'stream'; streamUrl: [string]; bargeIn?: boolean; loop?: number }
  | {
      action: 'input';
      type: ['dtmf'];
      dtmf: { maxDigits: number; timeOut: number; submitOnHash: boolean };
      eventUrl: [string];
      eventMethod: 'POST';
    };

export type Ncco = NccoAction[];

export type VoiceStep = 'menu' | 'hold';

const MAX_MENU_ATTEMPTS = 3;
const MENU_INPUT_SECONDS = 5;
const HOLD_INPUT_SECONDS = 8;

/** Where the carrier posts what the caller pressed; the step and attempt travel in the URL. */
export type InputUrl = (step: VoiceStep, attempt: number) => string;

function talk(flow: VoiceFlow, text: string, bargeIn: boolean): NccoAction {
  return bargeIn ? { action: 'talk', text, language: flow.language, bargeIn: true } : { action: 'talk', text, language: flow.language };
}

// Vonage requires every barge-in prompt to be followed by an input action, so prompts and inputs come in pairs.
function input(url: string, timeOut: number): NccoAction {
  return {
    action: 'input',
    type: ['dtmf'],
    dtmf: { maxDigits: 1, timeOut, submitOnHash: false },
    eventUrl: [url],
    eventMethod: 'POST',
  };
}

function holdPrompt(flow: VoiceFlow): string {
  return flow.deflection.enabled ? `${flow.hold.message} ${flow.deflection.offer}` : flow.hold.message;
}

/** The queue's first turn: the hold message with the text-message offer, then listen. */
export function queueNcco(flow: VoiceFlow, inputUrl: InputUrl): Ncco {
  return [talk(flow, holdPrompt(flow), true), input(inputUrl('hold', 1), HOLD_INPUT_SECONDS)];
}

/** Every later turn of the queue: hold music (or the hold message again), interruptible by a key press. */
export function holdLoopNcco(flow: VoiceFlow, inputUrl: InputUrl, attempt: number): Ncco {
  const waiting: NccoAction = flow.hold.musicUrl
    ? { action: 'stream', streamUrl: [flow.hold.musicUrl], bargeIn: true, loop: 1 }
    : talk(flow, holdPrompt(flow), true);
  return [waiting, input(inputUrl('hold', attempt), HOLD_INPUT_SECONDS)];
}

function menuNcco(flow: VoiceFlow, inputUrl: InputUrl, attempt: number, preface?: string): Ncco {
  const prompt = flow.menu?.prompt ?? '';
  const text = [preface, attempt === 1 ? flow.greeting : undefined, prompt].filter(Boolean).join(' ');
  return [talk(flow, text, true), input(inputUrl('menu', attempt), MENU_INPUT_SECONDS)];
}

/** What a caller hears when the carrier connects the call. */
export function answerNcco(flow: VoiceFlow, inputUrl: InputUrl): Ncco {
  if (flow.menu) {
    return menuNcco(flow, inputUrl, 1);
  }
  return [talk(flow, flow.greeting, false), ...queueNcco(flow, inputUrl)];
}

export type VoiceDecision =
  | { kind: 'queued'; queue: string | undefined; digit: string | undefined; ncco: Ncco }
  | { kind: 'deflect'; ncco: Ncco }
  | { kind: 'continue'; ncco: Ncco };

/**
 * What a key press (or silence) means at a step of the flow. A menu choice queues the caller; a caller who keeps
 * pressing wrong keys or nothing is queued on the first option after three tries rather than hung up on.
 */
export function decideOnInput(flow: VoiceFlow, step: VoiceStep, digits: string | null | undefined, attempt: number, inputUrl: InputUrl): VoiceDecision {
  const pressed = digits?.trim() ? digits.trim().slice(0, 1) : undefined;
  if (step === 'menu' && flow.menu) {
    const option = flow.menu.options.find((candidate) => candidate.digit === pressed);
    if (option) {
      return { kind: 'queued', queue: option.queue, digit: option.digit, ncco: queueNcco(flow, inputUrl) };
    }
    if (attempt >= MAX_MENU_ATTEMPTS) {
      return { kind: 'queued', queue: flow.menu.options[0]?.queue, digit: undefined, ncco: queueNcco(flow, inputUrl) };
    }
    const preface = pressed === undefined ? undefined : 'Sorry, that is not one of the options.';
    return { kind: 'continue', ncco: menuNcco(flow, inputUrl, attempt + 1, preface) };
  }
  if (flow.deflection.enabled && pressed === flow.deflection.digit) {
    return { kind: 'deflect', ncco: [talk(flow, flow.deflection.confirmation, false)] };
  }
  return { kind: 'continue', ncco: holdLoopNcco(flow, inputUrl, attempt + 1) };
}

/** The caller asked to switch to text, but their number cannot receive one: say so and keep them in the queue. */
export function untextableNcco(flow: VoiceFlow, inputUrl: InputUrl, attempt: number): Ncco {
  return [talk(flow, flow.deflection.untextable, false), ...holdLoopNcco(flow, inputUrl, attempt + 1)];
}

/** For numbers that take no calls. */
export function notInServiceNcco(language = 'en-US'): Ncco {
  return [{ action: 'talk', text: 'Sorry, this number does not take calls.', language }];
}
