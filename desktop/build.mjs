// Bundles the Electron main process and the preload into desktop/dist as CommonJS. Everything but
// `electron` is inlined, so the packaged app needs no node_modules (and the sandboxed preload could
// not load them anyway).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const sharedSrc = path.resolve(here, '..', 'shared', 'src') + path.sep;

/**
 * @icabinet/shared has no side effects (DESIGN §3), but its package.json does not say so; without
 * that esbuild keeps every zod schema of it, and the preload, which only needs channel names,
 * would carry all of zod.
 * @type {import('esbuild').Plugin}
 */
const sharedHasNoSideEffects = {
  name: 'shared-has-no-side-effects',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(@icabinet\/shared$|\.)/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const result = await pluginBuild.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolved',
      });
      if (result.errors.length > 0 || !result.path.startsWith(sharedSrc)) return result;
      return { ...result, sideEffects: false };
    });
  },
};

const common = {
  absWorkingDir: here,
  bundle: true,
  format: 'cjs',
  external: ['electron'],
  plugins: [sharedHasNoSideEffects],
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main/index.ts'],
    outfile: 'dist/main.cjs',
    platform: 'node',
    target: 'node22',
  }),
  // The preload runs in a sandboxed renderer (Chromium's JavaScript, a reduced require()).
  build({
    ...common,
    entryPoints: ['src/preload/index.ts'],
    outfile: 'dist/preload.cjs',
    platform: 'node',
    target: 'chrome140',
  }),
]);
