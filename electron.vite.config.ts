// electron-vite builds the three Electron bundles from this project's folders (not its src/main defaults).
// main and preload build as CommonJS (package.json has no "type": "module"), which keeps the sandboxed preload working.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import renderer from './vite.renderer.config.mts';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          // Its own entry so the bootstrap runner finds out/main/bootstrapWorker.js beside the main bundle.
          bootstrapWorker: resolve(__dirname, 'src-main/core/fit/bootstrapWorker.ts'),
          // Likewise out/main/jobWorker.js for background jobs (imports, refits, reports; core/jobs/runner.ts).
          jobWorker: resolve(__dirname, 'src-main/core/jobs/jobWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/preload.ts') } },
    },
  },
  renderer,
});
