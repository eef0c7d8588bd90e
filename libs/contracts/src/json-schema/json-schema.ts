import { z } from 'zod';
import type { EventDefinition } from '../events/event-definition.ts';
import { envelopeSchemaOf } from '../events/event-definition.ts';

export const JSON_SCHEMA_BASE_URI = 'https://parley.dev/schemas/events';

/** JSON Schema (draft 2020-12) of one event's full envelope, as BI teams and other consumers read it. */
export function eventJsonSchema(definition: EventDefinition): Record<string, unknown> {
  const schema = z.toJSONSchema(envelopeSchemaOf(definition), { target: 'draft-2020-12', io: 'output' });
  return {
    ...schema,
    $id: `${JSON_SCHEMA_BASE_URI}/${eventJsonSchemaFileName(definition)}`,
    title: `${definition.type} v${definition.version}`,
    description: definition.description,
    'x-parley-topic': definition.topic,
    'x-parley-producers': [...definition.producers],
  };
}

export function eventJsonSchemaFileName(definition: Pick<EventDefinition, 'type' | 'version'>): string {
  return `${definition.type}.v${definition.version}.schema.json`;
}
