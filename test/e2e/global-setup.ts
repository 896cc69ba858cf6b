// Once before the browser tests: build the renderer, so every test serves the same out/renderer (`npm test`,
// scripts/test.mjs, builds it in its static stage beside the type checks and says so with HEADROOM_RENDERER_BUILT),
// and the demo workspace with its fits computed, which tests copy (demoTemplate.ts).
import { execSync } from 'node:child_process';
import path from 'node:path';
import { buildDemoTemplate } from './demoTemplate';

export default async function globalSetup(): Promise<void> {
  if (process.env.HEADROOM_RENDERER_BUILT !== '1') {
    const root = path.resolve(__dirname, '..', '..');
    execSync('npx vite build --config vite.renderer.config.mts --logLevel warn', { cwd: root, stdio: 'inherit' });
  }
  await buildDemoTemplate();
}
