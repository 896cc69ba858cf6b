/**
 * Worker-side entry of the bootstrap runner: receives one job in workerData, runs
 * {@link bootstrapFit}, posts progress and the result. Cancellation arrives through a shared Int32
 * flag because the bootstrap loop is synchronous and never yields to the message queue.
 */
import type { MessagePort } from 'node:worker_threads';
import { cancelWhen } from '../../common/progress';
import { bootstrapFit } from './bootstrap';
import type { BootstrapSpec } from './bootstrap';
import type { CurveFit, CurvePoint } from './fitCurve';

/** The job a worker runs. */
export interface BootstrapJob {
  points: CurvePoint[];
  fit: CurveFit;
  spec: BootstrapSpec;
  /** Int32Array view over a SharedArrayBuffer; element 0 becomes 1 when the parent cancels. */
  cancelFlag: SharedArrayBuffer;
  /** Post a progress message every this many resamples. */
  progressEvery: number;
}

/** Messages from the worker to the parent. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; result: ReturnType<typeof bootstrapFit> }
  | { type: 'error'; message: string };

/** A request to a pool worker (see BootstrapPool in bootstrapRunner.ts). */
export interface PoolRequest {
  id: number;
  points: CurvePoint[];
  fit: CurveFit;
  spec: BootstrapSpec;
}

/** A pool worker's reply to one {@link PoolRequest}. */
export type PoolReply = { id: number; type: 'result'; result: ReturnType<typeof bootstrapFit> } | { id: number; type: 'error'; message: string };

/** Serves bootstrap requests on `port` one after another until the worker is terminated. */
export function servePool(port: MessagePort): void {
  port.on('message', (req: PoolRequest) => {
    try {
      port.postMessage({ id: req.id, type: 'result', result: bootstrapFit(req.points, req.fit, req.spec) } satisfies PoolReply);
    } catch (e) {
      port.postMessage({ id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies PoolReply);
    }
  });
}

/** Runs the job and reports on `port`. Called by the worker bootstrap script. */
export function runBootstrapJob(port: MessagePort, job: BootstrapJob): void {
  const flag = new Int32Array(job.cancelFlag);
  const every = Math.max(1, job.progressEvery);
  try {
    const result = bootstrapFit(job.points, job.fit, job.spec, {
      cancel: cancelWhen(() => Atomics.load(flag, 0) === 1),
      progress: {
        report: (_phase, done, total) => {
          if (done % every === 0 || done === total) port.postMessage({ type: 'progress', done, total } satisfies WorkerMessage);
        },
      },
    });
    port.postMessage({ type: 'result', result } satisfies WorkerMessage);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
  }
}
