export * from './audit.js';
export * from './common.js';
export * from './meeting.js';
export * from './participant.js';
export * from './session.js';
export * from './unit.js';
export * from './user.js';
