import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './port.js';

export * from './port.js';
export { foldForSearch } from './search.js';
export { openSqliteStore, SQLITE_FILE_NAME } from './sqlite/sqlite-store.js';
export type { SqliteSettings, SqliteStore } from './sqlite/sqlite-store.js';
export { LATEST_MIGRATION, MIGRATIONS } from './sqlite/migrations.js';

/** Where the store lives: MongoDB when a URI is configured, else SQLite in the data directory. */
export interface OpenStoreOptions {
  dataDir: string;
  mongodbUri?: string | undefined;
}

/**
 * Opens the configured store: the MongoDB adapter when `mongodbUri` is set, else SQLite at
 * `<dataDir>/icabinet.sqlite` (the folder is created if missing). Fails with StoreOpenError.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.mongodbUri) {
    // Loaded only when used, so a SQLite install never pays for mongoose at startup.
    const { openMongoStore } = await import('./mongo/mongo-store.js');
    return openMongoStore(opts.mongodbUri);
  }
  return openSqliteStore(opts.dataDir);
}

/** Opens the MongoDB store directly, e.g. on a test database; see openMongoStore in mongo/. */
export async function openMongoStoreOn(uri: string, dbName: string): Promise<Store> {
  const { openMongoStore } = await import('./mongo/mongo-store.js');
  return openMongoStore(uri, { dbName });
}

/** Drops a MongoDB database (the contract tests clean up with it). */
export async function dropMongoDatabase(uri: string, dbName: string): Promise<void> {
  const mongo = await import('./mongo/mongo-store.js');
  return mongo.dropMongoDatabase(uri, dbName);
}
export type * from './jobs.port.js';
export type * from './integrations.port.js';
export type * from './invitations.port.js';
export type * from './room.port.js';
export type * from './annotations.port.js';
