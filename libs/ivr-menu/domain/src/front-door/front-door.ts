import { classifyConsent } from '../consent/consent-keywords.ts';
import { isOpen, nextOpening, type BusinessHours } from '../hours/business-hours.ts';
import type { MenuDefinition, MenuNode, MenuOption } from '../menu/menu-definition.ts';
import { matchOption, type MatchedBy } from '../menu/option-matcher.ts';

/** Where an open conversation stands at the front door. */
export type Stage =
  | { kind: 'menu'; nodeId: string; invalidAttempts: number; deadline: Date }
  | { kind: 'queued'; queue: string }
  | { kind: 'waiting-for-opening'; queue: string; opensAt: Date; queuedSince: Date }
  | { kind: 'ended' };

export interface OpenConversation {
  stage: Stage;
  /** The menu version the conversation walks, so a menu saved meanwhile does not strand it. */
  menuVersion?: number;
}

export interface FrontDoorTexts {
  optOutConfirmation: string;
  optInConfirmation: string;
  help: string;
  /** Sent to an opted-out customer who writes anyway: how to opt back in. */
  optedOutReminder: string;
  deflectionGreeting: string;
  /** Sent when a conversation goes straight to a queue (no menu), as the first answer. */
  queuedGreeting?: string;
}

/** What the front door knows about one business number. */
export interface FrontDoorSettings {
  businessName: string;
  /** A menu greets new conversations; without one they go straight to `queue`. */
  menu?: { id: string; version: number; definition: MenuDefinition };
  queue: string;
  texts: FrontDoorTexts;
}

export interface QueueSchedule {
  hours: BusinessHours;
  closedReply: string;
  /** Whether a customer who writes while the queue is closed waits for its next opening (otherwise the conversation ends). */
  takesMessages: boolean;
}

export type ScheduleLookup = (queue: string) => QueueSchedule | undefined;

export type QueueReason = 'menu' | 'single-queue' | 'fallback' | 'voice-deflection' | 'opening';
export type EndReason = 'opted-out' | 'menu-timeout' | 'auto-reply' | 'keyword-reply' | 'after-hours';

/** The facts a decision produces, in the order they happened; the service turns each into an event or a text. */
export type Outcome =
  | { type: 'started'; channel: 'sms' | 'voice' }
  | { type: 'message-received' }
  | { type: 'prompted'; nodeId: string; attempt: number; text: string }
  | { type: 'selected'; nodeId: string; option: MenuOption; matchedBy: MatchedBy }
  | { type: 'invalid-input'; nodeId: string; attempt: number }
  | { type: 'menu-abandoned'; nodeId: string; reason: 'timeout' | 'opted-out' | 'invalid-input'; invalidAttempts: number }
  | { type: 'queued'; queue: string; priority: number; queuedSince: Date; reason: QueueReason }
  | { type: 'after-hours'; queue: string; nextOpeningAt: Date | undefined; waitsForOpening: boolean }
  | { type: 'reply'; text: string; purpose: 'conversation' | 'consent' }
  | { type: 'ended'; reason: EndReason }
  | { type: 'opted-out'; keyword: string }
  | { type: 'opted-in'; keyword: string }
  | { type: 'opt-out-requested' };

export interface Decision {
  /** The conversation's stage afterwards; `ended` closes it. */
  stage: Stage;
  outcomes: Outcome[];
}

export interface TextInput {
  /** The open conversation of this customer on this number, if any. */
  conversation: OpenConversation | undefined;
  /** The screened text. */
  text: string;
  optedOut: boolean;
  settings: FrontDoorSettings;
  scheduleOf: ScheduleLookup;
  now: Date;
}

const DEFAULT_PRIORITY = 0;

function menuDeadline(menu: MenuDefinition, now: Date): Date {
  return new Date(now.getTime() + menu.timeoutSeconds * 1000);
}

function findNode(menu: MenuDefinition, nodeId: string): MenuNode | undefined {
  return menu.nodes.find((node) => node.id === nodeId);
}

function rootOf(menu: MenuDefinition): MenuNode {
  const root = findNode(menu, menu.rootNodeId);
  if (!root) {
    throw new Error(`menu has no root node ${menu.rootNodeId}`);
  }
  return root;
}

/** Puts the conversation in a queue, or tells the customer the queue is closed and waits or ends. */
export function enqueue(
  queue: string,
  options: { priority: number; queuedSince: Date; reason: QueueReason; scheduleOf: ScheduleLookup; now: Date; checkHours: boolean },
): Decision {
  const schedule = options.checkHours ? options.scheduleOf(queue) : undefined;
  if (!schedule || isOpen(schedule.hours, options.now)) {
    return {
      stage: { kind: 'queued', queue },
      outcomes: [{ type: 'queued', queue, priority: options.priority, queuedSince: options.queuedSince, reason: options.reason }],
    };
  }
  const opensAt = nextOpening(schedule.hours, options.now);
  const waits = schedule.takesMessages && opensAt !== undefined;
  const outcomes: Outcome[] = [
    { type: 'reply', text: schedule.closedReply, purpose: 'conversation' },
    { type: 'after-hours', queue, nextOpeningAt: opensAt, waitsForOpening: waits },
  ];
  if (waits && opensAt) {
    return { stage: { kind: 'waiting-for-opening', queue, opensAt, queuedSince: options.queuedSince }, outcomes };
  }
  return { stage: { kind: 'ended' }, outcomes: [...outcomes, { type: 'ended', reason: 'after-hours' }] };
}

/** The first step of a new conversation: the menu's first prompt, or straight to the number's one queue. */
function greet(settings: FrontDoorSettings, scheduleOf: ScheduleLookup, now: Date): Decision {
  const menu = settings.menu?.definition;
  if (menu) {
    const root = rootOf(menu);
    return {
      stage: { kind: 'menu', nodeId: root.id, invalidAttempts: 0, deadline: menuDeadline(menu, now) },
      outcomes: [{ type: 'prompted', nodeId: root.id, attempt: 0, text: root.prompt }],
    };
  }
  const greeting: Outcome[] = settings.texts.queuedGreeting ? [{ type: 'reply', text: settings.texts.queuedGreeting, purpose: 'conversation' }] : [];
  const queued = enqueue(settings.queue, { priority: DEFAULT_PRIORITY, queuedSince: now, reason: 'single-queue', scheduleOf, now, checkHours: true });
  return { stage: queued.stage, outcomes: [...greeting, ...queued.outcomes] };
}

/** A reply to a menu step: the chosen option's action, a re-prompt, or the fallback queue after too many misses. */
function answerMenu(stage: Extract<Stage, { kind: 'menu' }>, text: string, settings: FrontDoorSettings, scheduleOf: ScheduleLookup, now: Date): Decision {
  const menu = settings.menu?.definition;
  if (!menu) {
    // The menu was removed while the customer was in it: the number's queue takes them.
    return enqueue(settings.queue, { priority: DEFAULT_PRIORITY, queuedSince: now, reason: 'single-queue', scheduleOf, now, checkHours: true });
  }
  const node = findNode(menu, stage.nodeId) ?? rootOf(menu);
  const match = matchOption(node, text);
  if (!match) {
    const attempt = stage.invalidAttempts + 1;
    if (attempt > menu.maxInvalidAttempts) {
      const queued = enqueue(menu.fallbackQueue, { priority: DEFAULT_PRIORITY, queuedSince: now, reason: 'fallback', scheduleOf, now, checkHours: true });
      return {
        stage: queued.stage,
        outcomes: [
          { type: 'invalid-input', nodeId: node.id, attempt },
          { type: 'menu-abandoned', nodeId: node.id, reason: 'invalid-input', invalidAttempts: attempt },
          ...queued.outcomes,
        ],
      };
    }
    return {
      stage: { kind: 'menu', nodeId: node.id, invalidAttempts: attempt, deadline: menuDeadline(menu, now) },
      outcomes: [
        { type: 'invalid-input', nodeId: node.id, attempt },
        { type: 'prompted', nodeId: node.id, attempt, text: node.invalidReply ?? node.prompt },
      ],
    };
  }
  const selected: Outcome = { type: 'selected', nodeId: node.id, option: match.option, matchedBy: match.matchedBy };
  const action = match.option.action;
  switch (action.type) {
    case 'queue': {
      const queued = enqueue(action.queue, { priority: DEFAULT_PRIORITY, queuedSince: now, reason: 'menu', scheduleOf, now, checkHours: true });
      return { stage: queued.stage, outcomes: [selected, ...queued.outcomes] };
    }
    case 'menu': {
      const next = findNode(menu, action.nodeId) ?? rootOf(menu);
      return {
        stage: { kind: 'menu', nodeId: next.id, invalidAttempts: 0, deadline: menuDeadline(menu, now) },
        outcomes: [selected, { type: 'prompted', nodeId: next.id, attempt: 0, text: next.prompt }],
      };
    }
    case 'reply':
      return {
        stage: { kind: 'ended' },
        outcomes: [selected, { type: 'reply', text: action.text, purpose: 'conversation' }, { type: 'ended', reason: 'auto-reply' }],
      };
  }
}

/** Starts a conversation when there is none, so every message, keywords included, belongs to one. */
function opening(conversation: OpenConversation | undefined): Outcome[] {
  return conversation ? [{ type: 'message-received' }] : [{ type: 'started', channel: 'sms' }, { type: 'message-received' }];
}

function leaveMenu(stage: Stage, reason: 'opted-out'): Outcome[] {
  return stage.kind === 'menu' ? [{ type: 'menu-abandoned', nodeId: stage.nodeId, reason, invalidAttempts: stage.invalidAttempts }] : [];
}

/**
 * What the front door does with one screened text from a customer: consent keywords first (STOP always wins; START
 * and YES only mean opt-in for a customer who opted out, since "yes" is also a normal answer), then the menu or
 * the queue. Pure: the caller loads the state, applies the decision and publishes its outcomes.
 */
export function decideOnText(input: TextInput): Decision {
  const { conversation, text, optedOut, settings, scheduleOf, now } = input;
  const consent = classifyConsent(text);
  const current: Stage | undefined = conversation?.stage;
  if (consent?.intent === 'opt-out') {
    const confirm: Outcome[] = optedOut
      ? []
      : [
          { type: 'opted-out', keyword: consent.keyword },
          { type: 'reply', text: settings.texts.optOutConfirmation, purpose: 'consent' },
        ];
    return {
      stage: { kind: 'ended' },
      outcomes: [...opening(conversation), ...(current ? leaveMenu(current, 'opted-out') : []), ...confirm, { type: 'ended', reason: 'opted-out' }],
    };
  }
  if (consent?.intent === 'opt-in' && optedOut) {
    const outcomes: Outcome[] = [
      ...opening(conversation),
      { type: 'opted-in', keyword: consent.keyword },
      { type: 'reply', text: settings.texts.optInConfirmation, purpose: 'consent' },
    ];
    return conversation
      ? { stage: conversation.stage, outcomes }
      : { stage: { kind: 'ended' }, outcomes: [...outcomes, { type: 'ended', reason: 'keyword-reply' }] };
  }
  if (optedOut) {
    // Texts cannot reach them until they opt back in; one reminder says how, and nothing waits for an agent.
    return {
      stage: { kind: 'ended' },
      outcomes: [
        ...opening(conversation),
        { type: 'reply', text: settings.texts.optedOutReminder, purpose: 'consent' },
        { type: 'ended', reason: 'opted-out' },
      ],
    };
  }
  if (consent?.intent === 'help') {
    const outcomes: Outcome[] = [...opening(conversation), { type: 'reply', text: settings.texts.help, purpose: 'consent' }];
    return conversation
      ? { stage: conversation.stage, outcomes }
      : { stage: { kind: 'ended' }, outcomes: [...outcomes, { type: 'ended', reason: 'keyword-reply' }] };
  }
  const flagged: Outcome[] = consent?.intent === 'opt-out-request' ? [{ type: 'opt-out-requested' }] : [];
  if (!conversation || conversation.stage.kind === 'ended') {
    const greeted = greet(settings, scheduleOf, now);
    return { stage: greeted.stage, outcomes: [...opening(undefined), ...flagged, ...greeted.outcomes] };
  }
  const stage = conversation.stage;
  if (stage.kind === 'menu') {
    const answered = answerMenu(stage, text, settings, scheduleOf, now);
    return { stage: answered.stage, outcomes: [...opening(conversation), ...flagged, ...answered.outcomes] };
  }
  return { stage, outcomes: [...opening(conversation), ...flagged] };
}

/** A menu step whose customer stayed silent past its deadline: the conversation is abandoned there. */
export function decideOnMenuTimeout(stage: Extract<Stage, { kind: 'menu' }>): Decision {
  return {
    stage: { kind: 'ended' },
    outcomes: [
      { type: 'menu-abandoned', nodeId: stage.nodeId, reason: 'timeout', invalidAttempts: stage.invalidAttempts },
      { type: 'ended', reason: 'menu-timeout' },
    ],
  };
}

/** A conversation that waited for its queue to open: at the opening it joins the queue, keeping its place. */
export function decideOnOpening(stage: Extract<Stage, { kind: 'waiting-for-opening' }>): Decision {
  return {
    stage: { kind: 'queued', queue: stage.queue },
    outcomes: [{ type: 'queued', queue: stage.queue, priority: DEFAULT_PRIORITY, queuedSince: stage.queuedSince, reason: 'opening' }],
  };
}

export interface DeflectionInput {
  conversation: OpenConversation | undefined;
  /** The voice queue the caller was waiting in, when the voice menu chose one. */
  queue: string | undefined;
  priority: number;
  /** When the caller joined the voice queue: their place in line. */
  queuedSince: Date;
  settings: FrontDoorSettings;
  scheduleOf: ScheduleLookup;
  now: Date;
}

/**
 * A caller who pressed 1 to continue by text: a conversation starts at once with a greeting and joins the queue
 * the voice menu chose, with the caller's priority and original place; without a chosen queue the text menu runs.
 * A customer already in an open conversation keeps it, and moves to the call's queue if still in the menu.
 */
export function decideOnDeflection(input: DeflectionInput): Decision {
  const { conversation, queue, settings, now } = input;
  const start: Outcome[] = conversation ? [] : [{ type: 'started', channel: 'voice' }];
  const greeting: Outcome = { type: 'reply', text: settings.texts.deflectionGreeting, purpose: 'conversation' };
  const stage = conversation?.stage;
  if (stage && stage.kind !== 'menu' && stage.kind !== 'ended') {
    return { stage, outcomes: [greeting] };
  }
  if (queue) {
    // The caller already waited in a live voice queue: their place holds even if the text queue's hours differ.
    const queued = enqueue(queue, { priority: input.priority, queuedSince: input.queuedSince, reason: 'voice-deflection', scheduleOf: input.scheduleOf, now, checkHours: false });
    return { stage: queued.stage, outcomes: [...start, greeting, ...queued.outcomes] };
  }
  const greeted = greet(settings, input.scheduleOf, now);
  return { stage: greeted.stage, outcomes: [...start, greeting, ...greeted.outcomes] };
}
