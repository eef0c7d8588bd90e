export * from './reporting.database.ts';
