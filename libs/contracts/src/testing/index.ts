export * from './event-builder.ts';
