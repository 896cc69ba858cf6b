/**
 * Runs a bootstrap off the main thread in a worker_threads Worker, with progress and cancellation.
 *
 * The worker is started by core/workerThread.ts from `bootstrapWorker.ts` (source) or the sibling
 * `bootstrapWorker.js` (bundle). If neither can be found the bootstrap runs in this thread in chunks that
 * yield to the event loop between them.
 */
import type { Worker } from 'node:worker_threads';
import type { Cancel, Progress } from '../../common/progress';
import { locateWorker, startWorker, type WorkerEntry } from '../workerThread';
import { bootstrapSteps } from './bootstrap';
import type { BootstrapResult, BootstrapSpec } from './bootstrap';
import type { BootstrapJob, PoolReply, PoolRequest, WorkerMessage } from './bootstrapWorker';
import type { CurveFit, CurvePoint } from './fitCurve';

/** Options of {@link runBootstrapInWorker}. */
export interface RunnerOptions {
  /** Told ('resampling', done, total) every `progressEvery` resamples. */
  progress?: Progress;
  /** Checked at each progress message (and before starting); once cancelled, the worker stops at its next resample. */
  cancel?: Cancel;
  /** Progress message interval in resamples. Default: about 1 % of the resamples (at least 1). */
  progressEvery?: number;
  /** 'worker' (default: worker, falling back to in-thread chunks) or 'in-thread' (chunks only). */
  mode?: 'worker' | 'in-thread';
}

/** Where the worker entry is and whether tsx must be registered to load it. */
export function locateWorkerEntry(): WorkerEntry | null {
  return locateWorker(__filename, 'bootstrapWorker');
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
  const it = bootstrapSteps(points, fit, spec, {
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.cancel ? { cancel: options.cancel } : {}),
  });
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
 * resamples) and is passed to `progress`; once `cancel` says so (checked at each message) a shared
 * flag tells the worker to stop at its next resample, and the promise resolves with the partial
 * result (`cancelled: true`).
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
    const worker = startWorker(located, 'runBootstrapJob', job);
    const stopIfCancelled = (): void => {
      if (options.cancel?.cancelled()) Atomics.store(flag, 0, 1);
    };
    stopIfCancelled();
    let settled = false;
    const finish = (): void => {
      settled = true;
      void worker.terminate();
    };
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') {
        stopIfCancelled();
        options.progress?.report('resampling', msg.done, msg.total);
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

/**
 * A fixed set of worker threads that run many bootstraps (e.g. one per series when refitting a whole
 * workspace): each job goes to the next idle worker, so `size` bootstraps run at once and the
 * worker start-up cost is paid once per worker rather than once per series. Results equal
 * `bootstrapFit` with the same seed. No progress or cancellation per job (use
 * {@link runBootstrapInWorker} for one interactive bootstrap). Without a worker entry the jobs run
 * in this thread in chunks ({@link bootstrapInChunks}).
 */
export class BootstrapPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { req: PoolRequest; resolve: (r: BootstrapResult) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: BootstrapResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private readonly inThread: boolean;

  /** @param size number of worker threads (default 2). */
  constructor(size = 2) {
    const located = locateWorkerEntry();
    this.inThread = located === null;
    if (!located) return;
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = startWorker(located, 'servePool', null);
      worker.on('message', (msg: PoolReply) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.type === 'result') p.resolve(msg.result);
        else p.reject(new Error(`bootstrap worker failed: ${msg.message}`));
        this.release(worker);
      });
      worker.on('error', (e) => this.failWorker(worker, e));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Bootstraps one fit on the next free worker. */
  run(points: readonly CurvePoint[], fit: CurveFit, spec: BootstrapSpec): Promise<BootstrapResult> {
    if (this.inThread) return bootstrapInChunks(points, fit, spec);
    return new Promise<BootstrapResult>((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, points: points.map((p) => ({ ...p })), fit, spec }, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates the workers; jobs still queued or running are rejected. */
  async close(): Promise<void> {
    for (const q of this.queue.splice(0)) q.reject(new Error('bootstrap pool closed'));
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error('bootstrap pool closed'));
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as (typeof this.queue)[number];
      this.pending.set(job.req.id, { worker, resolve: job.resolve, reject: job.reject });
      worker.postMessage(job.req);
    }
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.dispatch();
  }

  private failWorker(worker: Worker, e: Error): void {
    for (const [id, p] of this.pending) {
      if (p.worker !== worker) continue;
      this.pending.delete(id);
      p.reject(e);
    }
  }
}
