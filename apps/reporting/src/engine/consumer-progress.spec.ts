import { describe, expect, it } from 'vitest';
import { ConsumerProgress, HOLD_WATERMARK } from './consumer-progress.ts';

const NOW = new Date('2025-03-03T10:30:00.000Z');

describe('ConsumerProgress', () => {
  it('is the clock when no partition is behind', () => {
    const progress = new ConsumerProgress();
    progress.note('conversation.events', 0, '2025-03-03T09:00:00.000Z');
    expect(progress.reached(NOW, [{ topic: 'conversation.events', partition: 0, lag: 0 }])).toEqual(NOW);
    expect(progress.reached(NOW, [])).toEqual(NOW);
  });

  it('is the earliest last event time among the partitions still behind', () => {
    const progress = new ConsumerProgress();
    progress.note('conversation.events', 0, '2025-03-03T09:40:00.000Z');
    progress.note('conversation.events', 1, '2025-03-03T09:10:00.000Z');
    progress.note('agent.events', 0, '2025-03-03T08:00:00.000Z');
    const reached = progress.reached(NOW, [
      { topic: 'conversation.events', partition: 0, lag: 120 },
      { topic: 'conversation.events', partition: 1, lag: 3 },
      { topic: 'agent.events', partition: 0, lag: 0 },
    ]);
    expect(reached.toISOString()).toBe('2025-03-03T09:10:00.000Z');
  });

  it('never says later than the clock, even for events stamped in the future', () => {
    const progress = new ConsumerProgress();
    progress.note('voice.events', 2, '2025-03-03T10:33:00.000Z');
    expect(progress.reached(NOW, [{ topic: 'voice.events', partition: 2, lag: 1 }])).toEqual(NOW);
  });

  it('holds the watermark while a partition behind has given nothing yet, and after clear()', () => {
    const progress = new ConsumerProgress();
    expect(progress.reached(NOW, [{ topic: 'conversation.events', partition: 5, lag: 10 }])).toBe(HOLD_WATERMARK);
    progress.note('conversation.events', 5, '2025-03-03T10:00:00.000Z');
    expect(progress.reached(NOW, [{ topic: 'conversation.events', partition: 5, lag: 10 }]).toISOString()).toBe('2025-03-03T10:00:00.000Z');
    progress.clear();
    expect(progress.reached(NOW, [{ topic: 'conversation.events', partition: 5, lag: 10 }])).toBe(HOLD_WATERMARK);
  });
});
