export * from './ivr-menu.database.ts';
