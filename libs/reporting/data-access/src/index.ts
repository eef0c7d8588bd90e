export * from './engine/engine-store.ts';
export * from './reports/report-rows.repository.ts';
export * from './reporting.database.ts';
