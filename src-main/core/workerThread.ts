/**
 * Starting a worker_threads Worker from a module beside the caller, the same way from TypeScript source and from the
 * bundle. A small CommonJS script passed with `eval: true` loads the entry: from source (tsx, vitest, Playwright) it
 * first registers tsx's CommonJS loader and requires `<name>.ts`; from the bundle it requires the sibling
 * `<name>.js` (electron.vite.config.ts builds each worker entry as its own bundle entry). Used by the bootstrap
 * runner (fit/bootstrapRunner.ts) and the background jobs (jobs/runner.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A worker entry module and, from source, the tsx loader to register before requiring it. */
export interface WorkerEntry {
  entry: string;
  register: string | null;
}

const WORKER_SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
if (workerData.register) require(workerData.register).register();
require(workerData.entry)[workerData.main](parentPort, workerData.data);
`;

/**
 * Where the worker entry `name` (a module in the same folder as `callerFile`, which is the caller's `__filename`) is,
 * or null when it cannot be loaded (the caller then does the work in its own thread).
 */
export function locateWorker(callerFile: string, name: string): WorkerEntry | null {
  const dir = path.dirname(callerFile);
  if (callerFile.endsWith('.ts')) {
    const entry = path.join(dir, `${name}.ts`);
    try {
      const register = createRequire(callerFile).resolve('tsx/cjs/api');
      return existsSync(entry) ? { entry, register } : null;
    } catch {
      return null;
    }
  }
  for (const file of [`${name}.js`, `${name}.cjs`]) {
    const entry = path.join(dir, file);
    if (existsSync(entry)) return { entry, register: null };
  }
  return null;
}

/** Starts a Worker that calls `entry`'s export `main(parentPort, data)`. `data` must be structured-cloneable. */
export function startWorker(where: WorkerEntry, main: string, data: unknown): Worker {
  return new Worker(WORKER_SCRIPT, { eval: true, workerData: { entry: where.entry, register: where.register, main, data } });
}
