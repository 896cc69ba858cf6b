/**
 * Starts one job's work in a worker_threads Worker (see jobWorker.ts), the way the bootstrap runner does: a small
 * CommonJS script passed with `eval: true` loads the entry from TypeScript source (registering tsx's loader first,
 * under tsx, vitest or Playwright) or from the bundle's sibling `jobWorker.js` (electron.vite.config.ts builds it
 * as its own entry). An in-memory workspace cannot be opened twice, and a missing entry cannot be run: the work then
 * runs in this thread after a turn of the event loop.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { cancelWhen, type Progress } from '../../common/progress';
import { ApiError, type ApiErrorShape } from '../../common/errors';
import type { JobArgs, JobKind } from '../../common/jobs';
import { getNativeBinding } from '../db/open';
import type { Workspace } from '../workspace';
import type { JobWorkerData, JobWorkerMessage } from './jobWorker';
import { performJob, type WorkOutputs } from './work';

const WORKER_SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
if (workerData.register) require(workerData.register).register();
require(workerData.entry).runJobInWorker(parentPort, workerData.data);
`;

/** Where the job worker entry is and whether tsx must be registered to load it. */
export function locateJobWorker(): { entry: string; register: string | null } | null {
  const here = __filename;
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    const entry = path.join(dir, 'jobWorker.ts');
    try {
      const register = createRequire(here).resolve('tsx/cjs/api');
      return existsSync(entry) ? { entry, register } : null;
    } catch {
      return null;
    }
  }
  for (const name of ['jobWorker.js', 'jobWorker.cjs']) {
    const entry = path.join(dir, name);
    if (existsSync(entry)) return { entry, register: null };
  }
  return null;
}

/** A job's work while it runs. */
export interface RunningWork<K extends JobKind> {
  /** Resolves with the work's output; rejects with an ApiError (code 'cancelled' when it stopped on a cancel). */
  done: Promise<WorkOutputs[K]>;
  /** Asks the work to stop at its next check (between rows, series or pages). */
  cancel(): void;
  /** 'worker' or 'in-thread'. */
  where: 'worker' | 'in-thread';
}

function fromShape(e: ApiErrorShape): ApiError {
  return new ApiError(e.code, e.message, e.details);
}

/**
 * Runs `kind` over the workspace in a worker thread with its own connection, reporting through `onProgress`.
 * `mode: 'in-thread'` (or an in-memory workspace) runs it here instead, after a setImmediate.
 */
export function startWork<K extends JobKind>(
  ws: Workspace,
  kind: K,
  arg: JobArgs[K],
  user: string | null,
  onProgress: Progress['report'],
  mode: 'worker' | 'in-thread' = 'worker',
): RunningWork<K> {
  const located = mode === 'worker' && ws.path !== ':memory:' && !ws.path.startsWith('file::memory:') ? locateJobWorker() : null;
  if (!located) {
    let stop = false;
    const done = new Promise<WorkOutputs[K]>((resolve, reject) => {
      setImmediate(() => {
        try {
          resolve(performJob(ws, kind, arg, user, { progress: { report: onProgress }, cancel: cancelWhen(() => stop) }));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    return {
      done,
      cancel: () => {
        stop = true;
      },
      where: 'in-thread',
    };
  }
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const nativeBinding = getNativeBinding();
  const data: JobWorkerData = { kind, arg, user, file: ws.path, cancelFlag, ...(nativeBinding ? { nativeBinding } : {}) };
  const worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: { entry: located.entry, register: located.register, data } });
  const done = new Promise<WorkOutputs[K]>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (msg: JobWorkerMessage) => {
      if (msg.type === 'progress') onProgress(msg.phase, msg.done, msg.total);
      else if (msg.type === 'result') settle(() => resolve(msg.value as WorkOutputs[K]));
      else settle(() => reject(fromShape(msg.error)));
    });
    worker.on('error', (e) => settle(() => reject(new ApiError('internal', `The job's worker failed: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new ApiError('internal', `The job's worker stopped (exit code ${code}) before it finished.`))));
  });
  return {
    done,
    cancel: () => Atomics.store(flag, 0, 1),
    where: 'worker',
  };
}
