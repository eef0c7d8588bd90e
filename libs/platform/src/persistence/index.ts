export * from './database.module.ts';
export * from './inbox.ts';
export * from './migrations.ts';
export * from './postgres-pool.ts';
export * from './sql-client.ts';
export * from './postgres-client.ts';
export * from './grouped-calls.ts';
export * from './pool-database.ts';
