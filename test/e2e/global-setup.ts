// Build the renderer once before the browser tests, so every test serves the same out/renderer.
import { execSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup(): void {
  const root = path.resolve(__dirname, '..', '..');
  execSync('npx vite build --config vite.renderer.config.mts', { cwd: root, stdio: 'inherit' });
}
