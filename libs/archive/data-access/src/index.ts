export * from './archive.database.ts';
