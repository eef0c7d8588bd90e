export * from './archive.database.ts';
export * from './archive/index.ts';
