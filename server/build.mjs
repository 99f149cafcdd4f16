// Bundles the server (with @icabinet/shared) into dist/; npm packages stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: {
    index: 'src/index.ts',
    main: 'src/main.ts',
    'seed-demo': 'src/seed-demo.ts',
    // npm run backup / npm run restore (server/src/ops).
    backup: 'src/ops/backup-main.ts',
    restore: 'src/ops/restore-main.ts',
    // The PDF inspection worker is its own file: worker_threads starts it by path.
    'pdf-inspect.worker': 'src/modules/documents/pdf-inspect.worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: Object.keys(pkg.dependencies).filter((d) => d !== '@icabinet/shared'),
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
  absWorkingDir: new URL('.', import.meta.url).pathname,
});
