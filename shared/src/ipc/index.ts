export * from './bridge.js';
export * from './channels.js';
export * from './schemas.js';
