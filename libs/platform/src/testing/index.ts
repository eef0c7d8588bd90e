export * from './kafka-test-client.ts';
export * from './test-environment.ts';
export * from './wait-for.ts';
