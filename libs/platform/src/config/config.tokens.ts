/** The service's validated configuration tree. */
export const APP_CONFIG = Symbol.for('parley.app-config');
