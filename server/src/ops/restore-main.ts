import { restoreCli } from './cli.js';

await restoreCli(process.argv.slice(2));
