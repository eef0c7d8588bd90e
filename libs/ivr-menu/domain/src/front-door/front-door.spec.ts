import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../hours/business-hours.ts';
import { validateMenu, type MenuDefinition } from '../menu/menu-definition.ts';
import {
  decideOnDeflection,
  decideOnMenuTimeout,
  decideOnOpening,
  decideOnText,
  type FrontDoorSettings,
  type OpenConversation,
  type Outcome,
  type QueueSchedule,
} from './front-door.ts';

const NOW = new Date('2026-11-30T15:00:00Z'); // a Monday, 15:00 UTC

function menu(): MenuDefinition {
  const checked = validateMenu({
    name: 'Main',
    rootNodeId: 'root',
    fallbackQueue: 'support',
    maxInvalidAttempts: 1,
    timeoutSeconds: 600,
    nodes: [
      {
        id: 'root',
        prompt: 'Reply 1 for sales, 2 for support, 3 for more.',
        invalidReply: 'Sorry, reply 1, 2 or 3.',
        options: [
          { key: '1', label: 'Sales', keywords: ['sales'], action: { type: 'queue', queue: 'sales' } },
          { key: '2', label: 'Support', keywords: ['support'], action: { type: 'queue', queue: 'support' } },
          { key: '3', label: 'More', keywords: ['more'], action: { type: 'menu', nodeId: 'more' } },
        ],
      },
      {
        id: 'more',
        prompt: 'Reply 1 for billing, 2 for our address.',
        options: [
          { key: '1', label: 'Billing', keywords: ['billing'], action: { type: 'queue', queue: 'billing' } },
          { key: '2', label: 'Address', keywords: ['address'], action: { type: 'reply', text: '1 Main St.' } },
        ],
      },
    ],
  });
  if (!checked.ok) {
    throw new Error(JSON.stringify(checked.errors));
  }
  return checked.menu;
}

const TEXTS = {
  optOutConfirmation: 'unsubscribed',
  optInConfirmation: 'subscribed',
  help: 'help text',
  optedOutReminder: 'reply START',
  deflectionGreeting: 'switched to text',
  queuedGreeting: 'an agent will answer',
};

const withMenu: FrontDoorSettings = { businessName: 'Acme', queue: 'support', texts: TEXTS, menu: { id: 'main', version: 1, definition: menu() } };
const singleQueue: FrontDoorSettings = { businessName: 'Acme', queue: 'general', texts: TEXTS };

const closedBilling: BusinessHours = { timeZone: 'UTC', weekly: { tue: [{ open: '09:00', close: '17:00' }] }, holidays: [] };
const schedules = new Map<string, QueueSchedule>([['billing', { hours: closedBilling, closedReply: 'closed now', takesMessages: true }]]);
const scheduleOf = (queue: string) => schedules.get(queue);

function types(outcomes: readonly Outcome[]): string[] {
  return outcomes.map((outcome) => outcome.type);
}

function inMenu(nodeId = 'root', invalidAttempts = 0): OpenConversation {
  return { stage: { kind: 'menu', nodeId, invalidAttempts, deadline: new Date(NOW.getTime() + 60_000) } };
}

const text = (value: string, conversation?: OpenConversation, settings = withMenu, optedOut = false) =>
  decideOnText({ conversation, text: value, optedOut, settings, scheduleOf, now: NOW });

describe('decideOnText', () => {
  it('starts a conversation with the menu prompt, whatever the first text says', () => {
    const decision = text('2');
    expect(types(decision.outcomes)).toEqual(['started', 'message-received', 'prompted']);
    expect(decision.stage).toMatchObject({ kind: 'menu', nodeId: 'root', invalidAttempts: 0, deadline: new Date(NOW.getTime() + 600_000) });
  });

  it('skips the menu for a number with one queue', () => {
    const decision = text('hello', undefined, singleQueue);
    expect(types(decision.outcomes)).toEqual(['started', 'message-received', 'reply', 'queued']);
    expect(decision.outcomes.at(-1)).toMatchObject({ queue: 'general', reason: 'single-queue', queuedSince: NOW });
    expect(decision.stage).toEqual({ kind: 'queued', queue: 'general' });
  });

  it('queues a selection and walks into a sub-menu', () => {
    expect(text('support', inMenu()).outcomes).toContainEqual(expect.objectContaining({ type: 'queued', queue: 'support', reason: 'menu' }));
    const deeper = text('3', inMenu());
    expect(types(deeper.outcomes)).toEqual(['message-received', 'selected', 'prompted']);
    expect(deeper.stage).toMatchObject({ kind: 'menu', nodeId: 'more' });
  });

  it('re-prompts an invalid reply, then goes to the fallback queue', () => {
    const first = text('banana', inMenu());
    expect(types(first.outcomes)).toEqual(['message-received', 'invalid-input', 'prompted']);
    expect(first.outcomes[2]).toMatchObject({ attempt: 1, text: 'Sorry, reply 1, 2 or 3.' });
    const second = text('banana', inMenu('root', 1));
    expect(types(second.outcomes)).toEqual(['message-received', 'invalid-input', 'menu-abandoned', 'queued']);
    expect(second.outcomes[3]).toMatchObject({ queue: 'support', reason: 'fallback' });
  });

  it('ends the conversation after an automatic reply', () => {
    const decision = text('2', inMenu('more'));
    expect(types(decision.outcomes)).toEqual(['message-received', 'selected', 'reply', 'ended']);
    expect(decision.stage).toEqual({ kind: 'ended' });
  });

  it('answers a closed queue with its reply and waits for the opening', () => {
    const decision = text('billing', inMenu('more'));
    expect(types(decision.outcomes)).toEqual(['message-received', 'selected', 'reply', 'after-hours']);
    expect(decision.stage).toMatchObject({ kind: 'waiting-for-opening', queue: 'billing', opensAt: new Date('2026-12-01T09:00:00Z'), queuedSince: NOW });
  });

  it('ends instead of waiting when the closed queue takes no messages', () => {
    schedules.set('sales', { hours: closedBilling, closedReply: 'closed', takesMessages: false });
    try {
      const decision = text('1', inMenu());
      expect(types(decision.outcomes)).toEqual(['message-received', 'selected', 'reply', 'after-hours', 'ended']);
      expect(decision.outcomes.at(-1)).toMatchObject({ reason: 'after-hours' });
    } finally {
      schedules.delete('sales');
    }
  });

  it('opts out on STOP from anywhere, confirms once, and closes the conversation', () => {
    const decision = text('STOP', inMenu());
    expect(types(decision.outcomes)).toEqual(['message-received', 'menu-abandoned', 'opted-out', 'reply', 'ended']);
    expect(decision.outcomes[3]).toMatchObject({ text: 'unsubscribed', purpose: 'consent' });
    const again = text('stop', undefined, withMenu, true);
    expect(types(again.outcomes)).toEqual(['started', 'message-received', 'ended']);
  });

  it('treats START and YES as opt-in only for a customer who opted out', () => {
    expect(types(text('YES', undefined, withMenu, true).outcomes)).toEqual(['started', 'message-received', 'opted-in', 'reply', 'ended']);
    const answer = text('yes', { stage: { kind: 'queued', queue: 'support' } });
    expect(types(answer.outcomes)).toEqual(['message-received']);
  });

  it('reminds an opted-out customer how to opt back in, and queues nothing', () => {
    const decision = text('hello?', undefined, withMenu, true);
    expect(types(decision.outcomes)).toEqual(['started', 'message-received', 'reply', 'ended']);
    expect(decision.outcomes[2]).toMatchObject({ text: 'reply START', purpose: 'consent' });
  });

  it('answers HELP inside an open conversation without moving it', () => {
    const conversation = inMenu('more');
    const decision = text('HELP', conversation);
    expect(types(decision.outcomes)).toEqual(['message-received', 'reply']);
    expect(decision.stage).toBe(conversation.stage);
  });

  it('flags a plain-language opt-out and carries on', () => {
    const decision = text('please stop texting me', { stage: { kind: 'queued', queue: 'support' } });
    expect(types(decision.outcomes)).toEqual(['message-received', 'opt-out-requested']);
  });

  it('keeps a queued conversation where it is for later texts, emoji and empty ones included', () => {
    for (const value of ['', '🙂', 'any news?']) {
      expect(types(text(value, { stage: { kind: 'queued', queue: 'sales' } }).outcomes)).toEqual(['message-received']);
    }
  });
});

describe('timeouts, openings and deflections', () => {
  it('abandons a silent menu step', () => {
    const decision = decideOnMenuTimeout({ kind: 'menu', nodeId: 'more', invalidAttempts: 1, deadline: NOW });
    expect(decision.outcomes).toEqual([
      { type: 'menu-abandoned', nodeId: 'more', reason: 'timeout', invalidAttempts: 1 },
      { type: 'ended', reason: 'menu-timeout' },
    ]);
  });

  it('queues a waiting conversation at the opening with its original place', () => {
    const since = new Date('2026-11-29T22:00:00Z');
    const decision = decideOnOpening({ kind: 'waiting-for-opening', queue: 'billing', opensAt: NOW, queuedSince: since });
    expect(decision.outcomes).toEqual([{ type: 'queued', queue: 'billing', priority: 0, queuedSince: since, reason: 'opening' }]);
  });

  it('queues a deflected caller with their priority and original time, even in a closed queue', () => {
    const queuedSince = new Date(NOW.getTime() - 300_000);
    const decision = decideOnDeflection({ conversation: undefined, queue: 'billing', priority: 10, queuedSince, settings: withMenu, scheduleOf, now: NOW });
    expect(types(decision.outcomes)).toEqual(['started', 'reply', 'queued']);
    expect(decision.outcomes[2]).toEqual({ type: 'queued', queue: 'billing', priority: 10, queuedSince, reason: 'voice-deflection' });
  });

  it('runs the text menu for a caller whose voice menu chose no queue', () => {
    const decision = decideOnDeflection({ conversation: undefined, queue: undefined, priority: 0, queuedSince: NOW, settings: withMenu, scheduleOf, now: NOW });
    expect(types(decision.outcomes)).toEqual(['started', 'reply', 'prompted']);
  });

  it('moves a caller who is in the text menu already to the call queue', () => {
    const decision = decideOnDeflection({ conversation: inMenu(), queue: 'sales', priority: 5, queuedSince: NOW, settings: withMenu, scheduleOf, now: NOW });
    expect(types(decision.outcomes)).toEqual(['reply', 'queued']);
  });
});
