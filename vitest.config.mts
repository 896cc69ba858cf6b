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
    // A fork runs its test files one after another in the same module cache instead of importing the product's
    // modules again for every file (the import time was a third of the unit stage). Safe because no test mocks a
    // module, stubs the environment or fakes timers, and the modules' own state is keyed by connection (WeakMaps)
    // or is constant (the benchmark catalog); a test that starts doing so must restore it.
    isolate: false,
  },
});
