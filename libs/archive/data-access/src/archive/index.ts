export * from './archive.records.ts';
export * from './archive.store.ts';
export * from './archive.transaction.ts';
export * from './archive.exports.ts';
export * from './archive.reading.ts';
export * from './archive.search.ts';
