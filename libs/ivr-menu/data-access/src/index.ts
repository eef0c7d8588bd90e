export * from './conversations/conversations.repository.ts';
export * from './front-door/front-door-config.repository.ts';
export * from './ivr-menu.database.ts';
