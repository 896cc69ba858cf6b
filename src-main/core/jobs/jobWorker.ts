/**
 * Worker-side entry of a background job: opens its own connection to the workspace file (WAL lets the main process
 * keep reading meanwhile), builds the same handler map as the main process over it and calls the job's method with
 * this worker's progress and cancel, posting progress and the outcome. Cancellation arrives through a shared Int32
 * flag, because the work is synchronous and never yields to the message queue. A report is printed by the main
 * process (Electron can print only there): the handler's printer posts the HTML and waits for the PDF.
 */
import { readFileSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { CallContext } from '../../common/api';
import { ApiError, type ApiErrorShape } from '../../common/errors';
import type { JobMethod } from '../../common/jobs';
import { cancelWhen, type Progress } from '../../common/progress';
import { toErrorShape } from '../dispatch';
import { openWorkspace, setNativeBinding } from '../db/open';
import type { PdfPrinter } from '../report/printer';
import { createHandlers } from '../service';

/** What the main process hands the worker. */
export interface JobWorkerData {
  method: JobMethod;
  /** The argument as the method's schema validated it in the main process. */
  arg: unknown;
  user: string | null;
  /** The workspace file (never ':memory:'). */
  file: string;
  nativeBinding?: string;
  /** Int32Array view over a SharedArrayBuffer; element 0 becomes 1 when the job is cancelled. */
  cancelFlag: SharedArrayBuffer;
  /** The main process has a printer ('reports/pdf' is unavailable without one, as in a direct call). */
  canPrint: boolean;
  /** The job's lane (common/jobs.ts), as the main process read it from the method's metadata. */
  lane: 'write' | 'read';
}

/** Messages from the worker to the main process. */
export type JobWorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'print'; id: number; html: string; meta: Parameters<PdfPrinter>[1] }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: ApiErrorShape };

/** Messages from the main process to the worker: the answer to a 'print'. */
export type MainToJobWorker = { type: 'printed'; id: number; pdf: Uint8Array } | { type: 'print-failed'; id: number; error: ApiErrorShape };

/** Progress messages are sent at most this often (plus every change of phase). */
const PROGRESS_MS = 100;

/**
 * Test seam for the browser tests of Cancel (test/e2e/jobs.spec.ts): while the file named by HEADROOM_JOB_GATE
 * exists, a job holds at each progress report of the phase written in that file (e.g. "writing rows") until the file
 * is removed or the job is cancelled. Without it, whether a click on Cancel lands before a fast import commits is a
 * race with the machine's load (a quiet machine finished the import first; a loaded one did not). Unset in normal
 * use: one environment lookup per progress report.
 */
function holdAtGate(phase: string, cancelled: () => boolean): void {
  const gate = process.env.HEADROOM_JOB_GATE;
  if (!gate) return;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let held: string;
    try {
      held = readFileSync(gate, 'utf8').trim();
    } catch {
      return;
    }
    if (held !== phase || cancelled()) return;
    Atomics.wait(nap, 0, 0, 20);
  }
}

/** Progress posted to the main process, at most every PROGRESS_MS per phase (and held at the test gate). */
function postedProgress(port: MessagePort, cancelled: () => boolean): Progress {
  let lastPhase = '';
  let lastAt = 0;
  return {
    report(phase, done, total) {
      const now = Date.now();
      if (phase === lastPhase && now - lastAt < PROGRESS_MS) return holdAtGate(phase, cancelled);
      lastPhase = phase;
      lastAt = now;
      port.postMessage({ type: 'progress', phase, done, total } satisfies JobWorkerMessage);
      holdAtGate(phase, cancelled);
    },
  };
}

/** A printer that asks the main process to print; `stop()` lets the worker go once the job has ended. */
function printerThroughMain(port: MessagePort): { printPdf: PdfPrinter; stop(): void } {
  const waiting = new Map<number, { resolve: (pdf: Uint8Array) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const onReply = (msg: MainToJobWorker) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.type === 'printed') w.resolve(msg.pdf);
    else w.reject(new ApiError(msg.error.code, msg.error.message, msg.error.details));
  };
  port.on('message', onReply);
  return {
    printPdf: (html, meta) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        port.postMessage({ type: 'print', id, html, meta } satisfies JobWorkerMessage);
      }),
    stop: () => void port.off('message', onReply),
  };
}

/** Runs the job and reports on `port`. Called through core/workerThread.ts. */
export async function runJobInWorker(port: MessagePort, data: JobWorkerData): Promise<void> {
  const flag = new Int32Array(data.cancelFlag);
  const cancelled = () => Atomics.load(flag, 0) === 1;
  const printer = data.canPrint ? printerThroughMain(port) : null;
  let db: ReturnType<typeof openWorkspace> | null = null;
  try {
    setNativeBinding(data.nativeBinding);
    // The main process opened (and migrated) the workspace already.
    const ws = { db: openWorkspace(data.file, { skipMigrate: true }), path: data.file };
    db = ws.db;
    // An analysis that needs the write lock for a cache row while an import holds it waits here, in its own thread
    // (10 minutes); an import keeps the busy timeout every connection gets.
    if (data.lane === 'read') db.pragma('busy_timeout = 600000');
    const handlers = createHandlers(() => ws, printer ? { printPdf: printer.printPdf } : {});
    // The one place the per-method pairing of argument and handler is erased; jobs/start checked arg with its schema.
    const handler = handlers[data.method] as (arg: unknown, ctx: CallContext) => unknown;
    const ctx: CallContext = { user: data.user, progress: postedProgress(port, cancelled), cancel: cancelWhen(cancelled) };
    const value = await handler(data.arg, ctx);
    // Closed before the answer goes out: the main process terminates the worker as soon as it has it.
    db.close();
    port.postMessage({ type: 'result', value } satisfies JobWorkerMessage);
  } catch (e) {
    if (db?.open) db.close();
    port.postMessage({ type: 'error', error: toErrorShape(e).toJSON() } satisfies JobWorkerMessage);
  } finally {
    printer?.stop();
  }
}
