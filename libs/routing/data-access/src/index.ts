export * from './routing.database.ts';
