export * from './compliance-filter.database.ts';
export * from './policies/tenant-policies.repository.ts';
