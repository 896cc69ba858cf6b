// The renderer's Vite config, shared by electron-vite (desktop build) and `headroom serve` (browser build).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, 'src-renderer');

export default defineConfig({
  root,
  base: './',
  plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.mjs') })],
  // The chart worker (src-renderer/src/charts/chartWorker.ts) is an ES module like the page's code.
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, 'out', 'renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: resolve(root, 'index.html') },
    // Rolldown prints a yellow [PLUGIN_TIMINGS] block when plugins take most of a build (always, for a cold Svelte
    // compile); on the first `headroom serve` it reads like an error. Build times are measured by bench/renderer.ts.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
