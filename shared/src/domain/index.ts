export * from './meeting-status.js';
export * from './permissions.js';
