/** Where an event came from, for handlers that need more than the event itself. */
export interface EventContext {
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempt: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Tells the group this member is alive; a handler that waits long (a throttled carrier, say) calls it. */
  heartbeat(): Promise<void>;
}

export type EventHandler<TEvent> = (event: TEvent, context: EventContext) => Promise<void>;

/** One validated event of a fetched batch, as an @OnEventBatch method receives it. */
export interface BatchedEvent<TEvent = unknown> {
  readonly event: TEvent;
  readonly context: EventContext;
}

export type EventBatchHandler<TEvent = unknown> = (events: readonly BatchedEvent<TEvent>[]) => Promise<void>;
