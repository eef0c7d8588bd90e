export * from './compliance-filter.database.ts';
