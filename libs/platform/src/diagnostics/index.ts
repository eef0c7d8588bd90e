export * from './probe-relay.consumer.ts';
