export * from './csv.js';
export * from './domain/index.js';
export * from './errors/index.js';
export * from './ipc/index.js';
export * from './protocol/index.js';
export * from './schemas/index.js';
export * from './time.js';
