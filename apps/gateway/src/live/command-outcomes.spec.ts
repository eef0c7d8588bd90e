import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommandOutcomes } from './command-outcomes.ts';

describe('CommandOutcomes', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands the answer to every request waiting on the command, and to a repeat of it afterwards', async () => {
    const outcomes = new CommandOutcomes();
    const first = outcomes.expect('cmd-1', 5_000);
    const second = outcomes.expect('cmd-1', 5_000);
    outcomes.settle('cmd-1', { kind: 'applied', eventType: 'conversation.assigned' });
    outcomes.settle('cmd-1', { kind: 'rejected', code: 'already-accepted', reason: 'a copy' });
    expect(await first).toEqual({ kind: 'applied', eventType: 'conversation.assigned' });
    expect(await second).toEqual({ kind: 'applied', eventType: 'conversation.assigned' });
    expect(await outcomes.expect('cmd-1', 5_000)).toEqual({ kind: 'applied', eventType: 'conversation.assigned' });
  });

  it('answers undefined when nothing came in time, and ignores answers nobody waits for', async () => {
    const outcomes = new CommandOutcomes();
    outcomes.settle('cmd-early', { kind: 'applied', eventType: 'conversation.closed' });
    const waiting = outcomes.expect('cmd-early', 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await waiting).toBeUndefined();
    outcomes.settle('cmd-early', { kind: 'blocked', reasons: [], explanation: 'late' });
    const again = outcomes.expect('cmd-early', 10);
    await vi.advanceTimersByTimeAsync(10);
    expect(await again).toBeUndefined();
  });
});
