import type { EventDefinition } from './event-definition.ts';
import { eventKey } from './event-definition.ts';
import { probeForwarded, probeStarted } from './diagnostics/probe.events.ts';

/** Every event the platform publishes; add a new event here and its JSON Schema and docs follow. */
export const EVENTS: readonly EventDefinition[] = [probeStarted, probeForwarded];

const byKey = new Map(EVENTS.map((definition) => [eventKey(definition), definition]));

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return byKey.get(eventKey({ type, version }));
}

export function eventsOnTopic(topic: string): readonly EventDefinition[] {
  return EVENTS.filter((definition) => definition.topic === topic);
}
