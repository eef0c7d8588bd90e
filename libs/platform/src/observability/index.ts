export * from './logger.ts';
export * from './metrics.ts';
export * from './nest-logger.ts';
export * from './phone-masking.ts';
export * from './telemetry.ts';
export * from './observability.tokens.ts';
