import { backupCli } from './cli.js';

await backupCli(process.argv.slice(2));
