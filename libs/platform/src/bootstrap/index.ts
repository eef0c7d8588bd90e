export * from './platform.module.ts';
export * from './run-service.ts';
export * from './service-app.ts';
export * from './run-migrations.ts';
export * from './periodic-task.ts';
