/**
 * Worker-side entry of a background job: opens its own connection to the workspace file (WAL lets the main process
 * keep reading meanwhile), runs the job's work and posts progress and the outcome. Cancellation arrives through a
 * shared Int32 flag, because the work is synchronous and never yields to the message queue.
 */
import { readFileSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { ApiErrorShape } from '../../common/errors';
import { cancelWhen, type WorkContext } from '../../common/progress';
import type { JobArgs, JobKind } from '../../common/jobs';
import { toErrorShape } from '../dispatch';
import { openWorkspace, setNativeBinding } from '../db/open';
import { performJob } from './work';

/** What the main process hands the worker. */
export interface JobWorkerData {
  kind: JobKind;
  arg: unknown;
  user: string | null;
  /** The workspace file (never ':memory:'). */
  file: string;
  nativeBinding?: string;
  /** Int32Array view over a SharedArrayBuffer; element 0 becomes 1 when the job is cancelled. */
  cancelFlag: SharedArrayBuffer;
}

/** Messages from the worker to the main process. */
export type JobWorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: ApiErrorShape };

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

/** Runs the job and reports on `port`. Called by the worker bootstrap script. */
export function runJobInWorker(port: MessagePort, data: JobWorkerData): void {
  const flag = new Int32Array(data.cancelFlag);
  let lastPhase = '';
  let lastAt = 0;
  const cancelled = () => Atomics.load(flag, 0) === 1;
  const hooks: WorkContext = {
    cancel: cancelWhen(cancelled),
    progress: {
      report: (phase, done, total) => {
        const now = Date.now();
        if (phase === lastPhase && now - lastAt < PROGRESS_MS) return holdAtGate(phase, cancelled);
        lastPhase = phase;
        lastAt = now;
        port.postMessage({ type: 'progress', phase, done, total } satisfies JobWorkerMessage);
        holdAtGate(phase, cancelled);
      },
    },
  };
  let db: ReturnType<typeof openWorkspace> | null = null;
  try {
    setNativeBinding(data.nativeBinding);
    // The main process opened (and migrated) the workspace already.
    db = openWorkspace(data.file, { skipMigrate: true });
    // A refit or report writes one cached fit at a time; while an import holds the write lock it waits here, in
    // its own thread, rather than fail.
    if (data.kind === 'fits/refit' || data.kind === 'reports/pdf') db.pragma('busy_timeout = 600000');
    const value = performJob({ db, path: data.file }, data.kind, data.arg as JobArgs[JobKind], data.user, hooks);
    // Closed before the answer goes out: the main process terminates the worker as soon as it has it.
    db.close();
    port.postMessage({ type: 'result', value } satisfies JobWorkerMessage);
  } catch (e) {
    if (db?.open) db.close();
    port.postMessage({ type: 'error', error: toErrorShape(e).toJSON() } satisfies JobWorkerMessage);
  }
}
