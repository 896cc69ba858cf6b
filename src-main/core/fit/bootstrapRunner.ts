/**
 * Runs a bootstrap off the main thread in a worker_threads Worker, with progress and cancellation.
 *
 * The worker is started from a small CommonJS script passed with `eval: true`, which loads the
 * worker entry in whichever form the parent runs: from TypeScript source (tsx or vitest) it first
 * registers tsx's CommonJS loader and requires `bootstrapWorker.ts`; from a bundle it requires the
 * sibling `bootstrapWorker.js` (the bundler must emit it as its own entry). If neither can be found
 * the bootstrap runs in this thread in chunks that yield to the event loop between them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { bootstrapSteps } from './bootstrap';
import type { BootstrapResult, BootstrapSpec } from './bootstrap';
import type { BootstrapJob, WorkerMessage } from './bootstrapWorker';
import type { CurveFit, CurvePoint } from './fitCurve';

/** An AbortSignal, or anything with `aborted` and optionally abort events. */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener?(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

/** Options of {@link runBootstrapInWorker}. */
export interface RunnerOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: CancelSignal;
  /** Progress message interval in resamples. Default: about 1 % of the resamples (at least 1). */
  progressEvery?: number;
  /** 'worker' (default: worker, falling back to in-thread chunks) or 'in-thread' (chunks only). */
  mode?: 'worker' | 'in-thread';
}

const WORKER_SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
if (workerData.register) require(workerData.register).register();
require(workerData.entry).runBootstrapJob(parentPort, workerData.job);
`;

/** Where the worker entry is and whether tsx must be registered to load it. */
export function locateWorkerEntry(): { entry: string; register: string | null } | null {
  const here = __filename;
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    const entry = path.join(dir, 'bootstrapWorker.ts');
    try {
      const register = createRequire(here).resolve('tsx/cjs/api');
      return existsSync(entry) ? { entry, register } : null;
    } catch {
      return null;
    }
  }
  for (const name of ['bootstrapWorker.js', 'bootstrapWorker.cjs']) {
    const entry = path.join(dir, name);
    if (existsSync(entry)) return { entry, register: null };
  }
  return null;
}

/**
 * The same computation as `bootstrapFit`, in this thread, in chunks of `chunk` resamples with
 * a setImmediate between chunks so the event loop stays responsive (progress and cancellation are
 * checked between resamples as usual). Same seed, same result.
 */
export async function bootstrapInChunks(
  points: readonly CurvePoint[],
  fit: CurveFit,
  spec: BootstrapSpec,
  options: RunnerOptions = {},
  chunk = 10,
): Promise<BootstrapResult> {
  const it = bootstrapSteps(points, fit, spec, { onProgress: options.onProgress, signal: options.signal });
  for (;;) {
    for (let i = 0; i < chunk; i++) {
      const step = it.next();
      if (step.done) return step.value;
    }
    await new Promise<void>((r) => setImmediate(r));
  }
}

/**
 * Runs `bootstrapFit` in a Worker. Progress arrives as messages (every `progressEvery`
 * resamples) and is passed to `onProgress`; aborting `signal` sets a shared flag that the worker
 * checks between resamples, and the promise resolves with the partial result (`cancelled: true`).
 * Deterministic: the result equals an in-thread bootstrapFit with the same seed.
 * Falls back to {@link bootstrapInChunks} when no worker entry can be located.
 * @returns the bootstrap result; rejects only if the worker itself crashes.
 */
export function runBootstrapInWorker(
  points: readonly CurvePoint[],
  fit: CurveFit,
  spec: BootstrapSpec,
  options: RunnerOptions = {},
): Promise<BootstrapResult> {
  const located = options.mode === 'in-thread' ? null : locateWorkerEntry();
  if (!located) return bootstrapInChunks(points, fit, spec, options);
  const total = spec.resamples ?? 200;
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const job: BootstrapJob = {
    points: points.map((p) => ({ ...p })),
    fit,
    spec,
    cancelFlag,
    progressEvery: options.progressEvery ?? Math.max(1, Math.floor(total / 100)),
  };
  return new Promise<BootstrapResult>((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: { entry: located.entry, register: located.register, job } });
    const onAbort = (): void => {
      Atomics.store(flag, 0, 1);
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener?.('abort', onAbort, { once: true });
    let settled = false;
    const finish = (): void => {
      settled = true;
      options.signal?.removeEventListener?.('abort', onAbort);
      void worker.terminate();
    };
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') {
        if (options.signal?.aborted) onAbort();
        options.onProgress?.(msg.done, msg.total);
      } else if (msg.type === 'result') {
        finish();
        resolve(msg.result);
      } else {
        finish();
        reject(new Error(`bootstrap worker failed: ${msg.message}`));
      }
    });
    worker.on('error', (e) => {
      if (settled) return;
      finish();
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`bootstrap worker exited with code ${code} before finishing`));
    });
  });
}
