export * from './routing.database.ts';
export * from './routing/routing.records.ts';
export * from './routing/routing.repository.ts';
export * from './routing/routing.transaction.ts';
