/** The service's JSON logger (pino). */
export const LOGGER = Symbol.for('parley.logger');
