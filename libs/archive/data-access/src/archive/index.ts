export * from './archive.records.ts';
export * from './archive.store.ts';
export * from './archive.transaction.ts';
