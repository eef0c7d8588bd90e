export * from './database.module.ts';
export * from './inbox.ts';
export * from './sql-client.ts';
