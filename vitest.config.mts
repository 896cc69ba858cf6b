import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one fork fewer than the cores: one fork on a 2-core machine. The parent only schedules and
    // reports, and many tests wait on child processes, worker threads or the disk, so one fork per core keeps both
    // cores busy (test/integration/crash.test.ts alone then no longer sets the suite's length).
    maxWorkers: availableParallelism(),
  },
});
