/** Where an event came from, for handlers that need more than the event itself. */
export interface EventContext {
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempt: number;
  readonly headers: Readonly<Record<string, string>>;
}

export type EventHandler<TEvent> = (event: TEvent, context: EventContext) => Promise<void>;
