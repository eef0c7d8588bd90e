export * from './config-fragment.ts';
export * from './config-fragments.ts';
export * from './config.tokens.ts';
