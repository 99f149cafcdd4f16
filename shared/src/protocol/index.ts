export * from './events.js';
export * from './result.js';
export * from './rooms.js';
export * from './version.js';
export * as wireParser from './wire-parser.js';
export * from './commands.js';
export * from './rest.js';
export * from './rest/index.js';
