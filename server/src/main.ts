/** The server package's public surface, for the test workspace and tools. */
export { startIcabinet, type Running } from './runtime.js';
export { loadConfig, ConfigError, type Config } from './config/config.js';
export { openStore } from './store/index.js';
export { StoreOpenError, type Store } from './store/port.js';
export { GENESIS_HASH, hashEntry } from './modules/audit/audit.service.js';
export { sessionIdOf } from './modules/auth/auth.service.js';
export { createLogger } from './logger.js';
