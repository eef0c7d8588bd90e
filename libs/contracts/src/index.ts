export * from './errors/domain-error.ts';
export * from './envelope/envelope.ts';
export * from './events/event-catalog.ts';
export * from './events/event-definition.ts';
export * from './events/diagnostics/probe.events.ts';
export * from './json-schema/json-schema.ts';
export * from './services/service-name.ts';
export * from './topics/topic-catalog.ts';
