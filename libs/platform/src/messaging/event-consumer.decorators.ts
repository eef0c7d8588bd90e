import { SetMetadata } from '@nestjs/common';
import type { EventDefinition } from '@parley/contracts';

export const EVENT_CONSUMER_METADATA = Symbol.for('parley.event-consumer');
export const ON_EVENT_METADATA = Symbol.for('parley.on-event');

export interface EventConsumerOptions {
  /** Names the consumer group `<service>.<name>`; changing it makes a new group that starts over. */
  name: string;
  /** Where a brand-new group starts: every retained event (the default) or only new ones (the default for broadcast). */
  fromBeginning?: boolean;
  /**
   * Every instance of the service gets every event (a group per instance, `<service>.<name>.<instance>`), for work
   * that belongs to the instance itself, such as pushing to the WebSockets connected to it.
   */
  broadcast?: boolean;
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

export const ON_EVENT_BATCH_METADATA = Symbol.for('parley.on-event-batch');

export interface OnEventBatchOptions {
  /** The most events one call receives; a larger fetched batch is handed over in slices of this size. */
  maxEvents?: number;
}

export interface OnEventBatchBinding extends OnEventBatchOptions {
  method: string | symbol;
}

/**
 * Opt-in: marks the one method of an @EventConsumer that receives the validated events of one fetched batch of one
 * partition together, in offset order (each with its context), for example to store them in one transaction. Invalid
 * events are dead-lettered on their own first and never reach it; the batch's offsets are committed only after it
 * returns. When it throws, every event of the slice goes through its @OnEvent handler one at a time with the usual
 * retries and dead-lettering, so both handlers must be idempotent and agree.
 */
export function OnEventBatch(options: OnEventBatchOptions = {}): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    Reflect.defineMetadata(ON_EVENT_BATCH_METADATA, { ...options, method: propertyKey } satisfies OnEventBatchBinding, target.constructor);
    return descriptor;
  };
}
