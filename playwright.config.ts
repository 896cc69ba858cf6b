// Browser end-to-end tests: Debian's Chromium (Playwright cannot download browsers here) against the real
// HTTP server and a real temporary workspace per test (see test/e2e/fixtures.ts).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/artifacts',
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1400, height: 860 },
    // The app honours prefers-reduced-motion (no chart animations, no looping busy indicators). Chromium here paints
    // in software: an animated chart or spinner repaints 60 times a second, which was most of the suite's CPU time.
    // Motion itself is not under test; test/e2e/motion.spec.ts checks that the app animates when motion is allowed.
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
