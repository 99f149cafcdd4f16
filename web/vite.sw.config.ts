import { defineConfig } from 'vite';

// The service worker, built alone after the app (`vite build -c vite.sw.config.ts`): one
// self-contained classic script at dist/sw.js (a fixed name, served no-cache, scope `/`).
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: 'src/features/offline/sw.ts',
      formats: ['iife'],
      name: 'icabinetServiceWorker',
      fileName: () => 'sw.js',
    },
  },
});
