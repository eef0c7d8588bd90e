import { describe, expect, it } from 'vitest';
import { EVENTS } from '../events/event-catalog.ts';
import { ALL_TOPICS, DEAD_LETTER_TOPICS, TOPICS, findTopic } from './topic-catalog.ts';

describe('topic catalog', () => {
  it('names every topic once', () => {
    const names = ALL_TOPICS.map((topic) => topic.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every consumed topic a dead-letter topic fed by its consumers', () => {
    for (const topic of TOPICS.filter((candidate) => candidate.consumers.length > 0)) {
      const dlq = DEAD_LETTER_TOPICS.find((candidate) => candidate.deadLetterOf === topic.name);
      expect(dlq?.name).toBe(`${topic.name}.dlq`);
      expect(dlq?.producers).toEqual(topic.consumers);
      expect(dlq?.sensitivity).toBe(topic.sensitivity);
    }
  });

  it('lets only the gateway write raw text and only the compliance filter read it', () => {
    const raw = ALL_TOPICS.filter((topic) => topic.sensitivity === 'raw' && !topic.name.endsWith('.dlq'));
    expect(raw.map((topic) => topic.name).sort()).toEqual(['sms.inbound.raw', 'sms.outbound.requested']);
    for (const topic of raw) {
      expect(topic.consumers).toEqual(['compliance-filter']);
      expect(topic.retentionMs).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    }
    expect(findTopic('sms.inbound.raw')?.producers).toEqual(['gateway']);
  });

  it('places every event on a catalogued topic its producers may write', () => {
    for (const definition of EVENTS) {
      const topic = findTopic(definition.topic);
      expect(topic, definition.type).toBeDefined();
      for (const producer of definition.producers) {
        expect(topic?.producers, `${definition.type} by ${producer}`).toContain(producer);
      }
    }
  });

  it('gives each event type on a conversation log exactly one producer', () => {
    for (const definition of EVENTS.filter((candidate) => candidate.topic === 'conversation.events')) {
      expect(definition.producers, definition.type).toHaveLength(1);
    }
  });

  it('never has two definitions for one type and version', () => {
    const keys = EVENTS.map((definition) => `${definition.type}@${definition.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
