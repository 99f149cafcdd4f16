export * from './annotations.js';
export * from './invitations.js';
export * from './meeting-status.js';
export * from './permissions.js';
export * from './quorum.js';
export * from './room.js';
export * from './speakers.js';
export * from './timers.js';
