/**
 * Runs a command against a throw-away MongoDB:
 *   node --import tsx test/utils/with-memory-mongo.ts vitest run --project contract
 * starts a single-node replica set (so transactions work) with mongodb-memory-server, runs the
 * command with MONGODB_URI pointing at it, stops MongoDB and exits with the command's code.
 */
import { spawn } from 'node:child_process';
import { MongoMemoryReplSet } from 'mongodb-memory-server-core';

/** A first start downloads mongod (~100 MB); past this, assume the network is blackholed. */
const START_TIMEOUT_MS = 5 * 60_000;

const command = process.argv.slice(2);

function explainStartFailure(error: unknown): string {
  const cause = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return (
    `\nCould not start MongoDB for the contract tests: mongodb-memory-server could not obtain or start a ` +
    `mongod binary (${cause}). It downloads mongod from fastdl.mongodb.org on first use, so this machine ` +
    'needs internet access for that once (later runs use the cache in ~/.cache/mongodb-binaries), or ' +
    'MONGOMS_SYSTEM_BINARY=/path/to/mongod to use a mongod that is already installed. Alternatively run the ' +
    'suite against a real server (a replica set, for transactions): ' +
    'MONGODB_URI=mongodb://host:27017/?replicaSet=rs0 npx vitest run --project contract. ' +
    'The SQLite contract run does not need any of this: npx vitest run --project contract.\n'
  );
}

/** Starts the replica set, keeping the library's own noisy retry logs unless MONGOMS_DEBUG is set. */
async function startReplSet(): Promise<MongoMemoryReplSet> {
  const quiet = !process.env.MONGOMS_DEBUG;
  const originalWarn = console.warn;
  const originalError = console.error;
  if (quiet) {
    console.warn = () => undefined;
    console.error = () => undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no MongoDB after ${START_TIMEOUT_MS / 1000} s (download or start hung)`)),
        START_TIMEOUT_MS,
      );
    });
    return await Promise.race([MongoMemoryReplSet.create({ replSet: { count: 1 } }), timeout]);
  } finally {
    clearTimeout(timer);
    console.warn = originalWarn;
    console.error = originalError;
  }
}

/** Runs the command with MONGODB_URI set and resolves with its exit code. */
function run(uri: string, argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.resolve(0);
  return new Promise<number>((resolve) => {
    const child = spawn(cmd, args, {
      stdio: 'inherit',
      env: { ...process.env, MONGODB_URI: uri },
      shell: process.platform === 'win32',
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (e) => {
      console.error(`Could not run "${argv.join(' ')}": ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(): Promise<number> {
  if (command.length === 0) {
    console.error('usage: node --import tsx test/utils/with-memory-mongo.ts <command> [args…]');
    return 2;
  }
  let replSet: MongoMemoryReplSet;
  try {
    replSet = await startReplSet();
  } catch (e) {
    console.error(explainStartFailure(e));
    return 1;
  }
  const uri = replSet.getUri();
  console.log(`MongoDB replica set for the tests: ${uri}`);
  try {
    return await run(uri, command);
  } finally {
    await replSet.stop({ doCleanup: true, force: true });
  }
}

process.exitCode = await main();
