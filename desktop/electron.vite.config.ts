/**
 * Build of the Electron app: main (+ the core worker as its own file),
 * a CommonJS preload (sandboxed preloads cannot be ES modules) and the
 * React renderer. `npx electron-vite build` from desktop/ writes out/.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const src = (path: string) => resolve(here, 'src', path);

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Native and I/O-heavy dependencies stay in node_modules (better-sqlite3 must).
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: src('main/index.ts'),
          // main/index.ts starts it by file name: out/main/core-worker.js.
          'core-worker': src('core/worker/core-worker.ts'),
          // The core starts it by the file name main/index.ts passes: out/main/search-index-worker.js.
          'search-index-worker': src('core/search/search-index-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: src('preload/index.ts') },
        external: ['electron'],
        // Only HOST_IPC_CHANNEL is used from the contract; drop the schemas around it.
        treeshake: { moduleSideEffects: false },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: src('renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(here, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: { index: src('renderer/index.html') } },
    },
  },
});
