import { SetMetadata } from '@nestjs/common';
import type { EventDefinition } from '@parley/contracts';

export const EVENT_CONSUMER_METADATA = Symbol.for('parley.event-consumer');
export const ON_EVENT_METADATA = Symbol.for('parley.on-event');

export interface EventConsumerOptions {
  /** Names the consumer group `<service>.<name>`; changing it makes a new group that starts over. */
  name: string;
  /** Where a brand-new group starts: every retained event (the default) or only new ones. */
  fromBeginning?: boolean;
}

/** Marks a provider whose @OnEvent methods share one consumer group. */
export function EventConsumer(options: EventConsumerOptions): ClassDecorator {
  return SetMetadata(EVENT_CONSUMER_METADATA, options);
}

/** Marks a method that handles one event type and version; the consumer subscribes to that event's topic. */
export function OnEvent(definition: EventDefinition): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const existing = (Reflect.getMetadata(ON_EVENT_METADATA, target.constructor) ?? []) as OnEventBinding[];
    Reflect.defineMetadata(ON_EVENT_METADATA, [...existing, { definition, method: propertyKey }], target.constructor);
    return descriptor;
  };
}

export interface OnEventBinding {
  definition: EventDefinition;
  method: string | symbol;
}
