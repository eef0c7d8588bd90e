export * from './admin-token.guard.ts';
export * from './health/health.controller.ts';
export * from './health/readiness.registry.ts';
export * from './problem-details.filter.ts';
export * from './problem-details.ts';
export * from './zod-validation.pipe.ts';
