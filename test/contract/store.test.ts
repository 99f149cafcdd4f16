import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { dropMongoDatabase, openMongoStoreOn, openStore } from './store-under-test.js';
import { storeContract } from './store.contract.js';

// One temporary folder for this file, one data directory per test inside it.
const root = await mkdtemp(join(tmpdir(), 'icabinet-contract-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let sqliteCases = 0;
storeContract('SQLite', async () => {
  const store = await openStore({ dataDir: join(root, `case-${++sqliteCases}`) });
  return { store, dispose: () => store.close() };
});

const mongodbUri = process.env.MONGODB_URI;
if (mongodbUri) {
  // A database per test, all named after this run, each dropped when its test ends.
  const run = `icabinet_contract_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let mongoCases = 0;
  storeContract('MongoDB', async () => {
    const dbName = `${run}_${++mongoCases}`;
    const store = await openMongoStoreOn(mongodbUri, dbName);
    return {
      store,
      dispose: async () => {
        await store.close();
        await dropMongoDatabase(mongodbUri, dbName);
      },
    };
  });
} else {
  const reason =
    'MongoDB contract run skipped: MONGODB_URI is not set (npm run test:mongo runs it against mongodb-memory-server)';
  process.stdout.write(`${reason}\n`);
  describe.skip(reason, () => {
    it('runs the Store contract against MongoDB', () => undefined);
  });
}
