/**
 * Starts one job's work: in a worker_threads Worker (jobWorker.ts, started by core/workerThread.ts like the bootstrap
 * worker), which opens its own connection to the workspace and calls the method's own handler there; or in this
 * thread, through this process's handler map, for an in-memory workspace (it cannot be opened twice), when no worker
 * entry can be found, or when asked to ('in-thread': small imports, tests).
 */
import type { CallContext } from '../../common/api';
import { ApiError, type ApiErrorShape } from '../../common/errors';
import { jobMeta, type JobMethod } from '../../common/jobs';
import { cancelWhen, type Progress } from '../../common/progress';
import { toErrorShape } from '../dispatch';
import { getNativeBinding } from '../db/open';
import type { PdfPrinter } from '../report/printer';
import type { Workspace } from '../workspace';
import { locateWorker, startWorker, type WorkerEntry } from '../workerThread';
import type { JobWorkerData, JobWorkerMessage, MainToJobWorker } from './jobWorker';

/** Where the job worker entry is and whether tsx must be registered to load it. */
export function locateJobWorker(): WorkerEntry | null {
  return locateWorker(__filename, 'jobWorker');
}

/** Calls a method's handler in this thread (the handler map of createHandlers). */
export type InThreadCall = (method: JobMethod, arg: unknown, ctx: CallContext) => unknown;

/** What to run, where, and what the worker may ask this thread for. */
export interface WorkRequest {
  ws: Workspace;
  method: JobMethod;
  /** The argument as validated by the method's schema. */
  arg: unknown;
  user: string | null;
  progress: Progress;
  /** 'in-thread' runs it here (after a turn of the event loop). Default 'worker'. */
  mode?: 'worker' | 'in-thread';
  /** This thread's printer: a worker's 'reports/pdf' prints through it (Electron can print only in the main process). */
  printPdf?: PdfPrinter;
  inThread: InThreadCall;
}

/** A job's work while it runs. */
export interface RunningWork {
  /** Resolves with the handler's answer; rejects with an ApiError (code 'cancelled' when it stopped on a cancel). */
  done: Promise<unknown>;
  /** Asks the work to stop at its next check (between rows, series or pages). */
  cancel(): void;
  /** 'worker': it has its own connection (an import there holds the write lock while this thread runs). */
  where: 'worker' | 'in-thread';
}

function fromShape(e: ApiErrorShape): ApiError {
  return new ApiError(e.code, e.message, e.details);
}

/** Runs `req.method` with `req.arg` as a job: in a worker thread with its own connection, or in this thread. */
export function startWork(req: WorkRequest): RunningWork {
  const { ws } = req;
  const located = req.mode !== 'in-thread' && ws.path !== ':memory:' && !ws.path.startsWith('file::memory:') ? locateJobWorker() : null;
  if (!located) {
    let stop = false;
    const ctx: CallContext = { user: req.user, progress: req.progress, cancel: cancelWhen(() => stop) };
    // After a turn of the event loop, so jobs/start answers first (and a cancel right after it is seen).
    const done = new Promise<void>((r) => setImmediate(r)).then(() => req.inThread(req.method, req.arg, ctx));
    return { done, cancel: () => void (stop = true), where: 'in-thread' };
  }
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const nativeBinding = getNativeBinding();
  const data: JobWorkerData = {
    method: req.method,
    arg: req.arg,
    user: req.user,
    file: ws.path,
    cancelFlag,
    canPrint: req.printPdf !== undefined,
    lane: jobMeta(req.method).lane,
    ...(nativeBinding ? { nativeBinding } : {}),
  };
  const worker = startWorker(located, 'runJobInWorker', data);
  const reply = (msg: MainToJobWorker) => worker.postMessage(msg);
  const done = new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (msg: JobWorkerMessage) => {
      if (msg.type === 'progress') req.progress.report(msg.phase, msg.done, msg.total);
      else if (msg.type === 'print') {
        const printer = req.printPdf as PdfPrinter;
        printer(msg.html, msg.meta).then(
          (pdf) => reply({ type: 'printed', id: msg.id, pdf }),
          (e: unknown) => reply({ type: 'print-failed', id: msg.id, error: toErrorShape(e).toJSON() }),
        );
      } else if (msg.type === 'result') settle(() => resolve(msg.value));
      else settle(() => reject(fromShape(msg.error)));
    });
    worker.on('error', (e) => settle(() => reject(new ApiError('internal', `The job's worker failed: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new ApiError('internal', `The job's worker stopped (exit code ${code}) before it finished.`))));
  });
  return { done, cancel: () => Atomics.store(flag, 0, 1), where: 'worker' };
}
