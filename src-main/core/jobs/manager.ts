/**
 * The jobs layer: 'jobs/start' queues a long-running method (LONG_RUNNING in common/jobs.ts) and returns at once,
 * 'jobs/status' and 'jobs/list' tell where it is, 'jobs/cancel' stops it. Jobs run in two lanes, named by each
 * method's metadata: write jobs (imports), one at a time (each holds the workspace's write lock for its whole run, so
 * two must never overlap), and read jobs (refits and reports), two at a time (they only write one cached fit at a time
 * and wait for the lock in their own thread if an import holds it; a second one, often answered from the cache, need
 * not wait behind a long one). Each runs the method's own handler in a worker thread with its own connection to the
 * workspace (see runner.ts), so the main process answers other calls meanwhile; small work (an import of a small
 * file) runs in this thread, where it takes less time than starting a worker would.
 *
 * While an import's preview or apply runs, the worker holds the workspace's write lock: the main connection's busy
 * timeout is lowered so a write attempted meanwhile fails at once (and `writing()` lets the handlers refuse it with a
 * clear message) instead of blocking the main process for seconds.
 */
import { randomUUID } from 'node:crypto';
import type { JobStartArg } from '../../common/api';
import { ApiError, type ApiErrorShape } from '../../common/errors';
import { jobMeta, type JobMethod, type JobState, type JobStatus } from '../../common/jobs';
import { toErrorShape } from '../dispatch';
import { BUSY_TIMEOUT_MS } from '../db/open';
import { dataFingerprint } from '../db/repositories/meta';
import type { PdfPrinter } from '../report/printer';
import type { Workspace } from '../workspace';
import { startWork, type InThreadCall, type RunningWork } from './runner';

interface Job {
  id: string;
  method: JobMethod;
  arg: unknown;
  user: string | null;
  title: string;
  ws: Workspace;
  state: JobState;
  phase: string;
  done: number;
  total: number;
  message: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  result?: unknown;
  error?: ApiErrorShape;
  cancelRequested: boolean;
  work: RunningWork | null;
  /** For read jobs: the workspace's data fingerprint when the job was queued (see start). */
  dataVersion: string | null;
}

export interface JobManagerOptions {
  /** Calls a method's handler in this thread (jobs that do not get a worker). */
  inThread: InThreadCall;
  /** This process's printer, through which a worker's 'reports/pdf' prints. */
  printPdf?: PdfPrinter;
  /** 'in-thread' runs jobs in this thread (tests of the fallback). Default 'worker'. */
  mode?: 'worker' | 'in-thread';
  /** Finished jobs kept for status calls. Default 50. */
  keep?: number;
  /** Called when a job of a method that writes (metadata `writes`) is done (the dashboard's precompute). */
  onDataChanged?: (ws: Workspace) => void;
}

type Lane = 'write' | 'read';
const laneOf = (method: JobMethod): Lane => jobMeta(method).lane;
/** The main connection's busy timeout while a writer runs (ms): long enough for a checkpoint, short enough not to freeze. */
const BUSY_WHILE_WRITING_MS = 50;

function titleOf(req: JobStartArg): string {
  return (jobMeta(req.method).title as (arg: unknown) => string)(req.arg);
}

function describe(method: JobMethod, phase: string, done: number, total: number): string {
  const unit = jobMeta(method).units?.[phase] ?? '';
  const n = (v: number) => v.toLocaleString('en-US');
  if (total > 0) return `${n(done)} of ${n(total)}${unit ? ` ${unit}` : ''}`;
  if (done > 0) return `${n(done)}${unit ? ` ${unit}` : ''}`;
  return '';
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly lanes: Record<Lane, { limit: number; queue: Job[]; running: Map<Job, Promise<void>> }> = {
    write: { limit: 1, queue: [], running: new Map() },
    read: { limit: 2, queue: [], running: new Map() },
  };

  constructor(
    private readonly current: () => Workspace,
    private readonly options: JobManagerOptions,
  ) {}

  /** Queues a job on the current workspace and returns its status (state 'queued' or 'running'). */
  start(req: JobStartArg, user: string | null): JobStatus {
    // The same analysis asked for again while it is queued or running (a reloaded window, a second one) follows that
    // job, but only while the data is what that job started from: a refit queued before a write would answer with the
    // old data (a benchmark added since would vanish from the dashboard when it lands).
    const dataVersion = laneOf(req.method) === 'read' ? dataFingerprint(this.current().db) : null;
    if (dataVersion !== null) {
      const same = JSON.stringify(req.arg);
      const ws = this.current();
      for (const j of this.jobs.values()) {
        if (
          j.method === req.method &&
          (j.state === 'queued' || j.state === 'running') &&
          !j.cancelRequested &&
          j.ws === ws &&
          j.dataVersion === dataVersion &&
          JSON.stringify(j.arg) === same
        ) {
          return this.view(j, false);
        }
      }
    }
    const job: Job = {
      id: randomUUID(),
      method: req.method,
      arg: req.arg,
      user,
      title: titleOf(req),
      ws: this.current(),
      state: 'queued',
      phase: 'waiting',
      done: 0,
      total: 0,
      message: '',
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
      cancelRequested: false,
      work: null,
      dataVersion,
    };
    this.jobs.set(job.id, job);
    this.lanes[laneOf(job.method)].queue.push(job);
    this.prune();
    this.next(laneOf(job.method));
    return this.view(job, false);
  }

  /** A job's status; the result (or error) is included once it has finished. */
  status(jobId: string): JobStatus {
    return this.view(this.get(jobId), true);
  }

  /** Every job still remembered, newest first, without results. */
  list(): JobStatus[] {
    return [...this.jobs.values()].reverse().map((j) => this.view(j, false));
  }

  /**
   * Cancels a job: a queued one at once; a running one at its next check (an import rolls back, a refit keeps the
   * fits it finished). Cancelling a finished job changes nothing.
   */
  cancel(jobId: string): JobStatus {
    const job = this.get(jobId);
    if (job.state === 'queued') {
      const queue = this.lanes[laneOf(job.method)].queue;
      queue.splice(queue.indexOf(job), 1);
      this.finish(job, 'cancelled', { message: 'Cancelled before it started.' });
    } else if (job.state === 'running' && !job.cancelRequested) {
      job.cancelRequested = true;
      job.phase = 'cancelling';
      job.message = 'Stopping…';
      job.work?.cancel();
    }
    return this.view(job, false);
  }

  /**
   * True while a 'write' job (an import's preview or apply) runs in a worker on the workspace at `file`: its own
   * connection holds the write lock. One running in this thread holds no lock while another call runs.
   */
  writing(file: string): boolean {
    for (const job of this.lanes.write.running.keys()) if (job.ws.path === file && job.work?.where === 'worker') return true;
    return false;
  }

  /** Resolves when no job runs or waits (tests, shutdown). */
  async idle(): Promise<void> {
    for (const lane of Object.values(this.lanes)) while (lane.running.size > 0) await Promise.all(lane.running.values());
  }

  /** Cancels every job and waits for the running one to stop. */
  async close(): Promise<void> {
    for (const lane of Object.values(this.lanes)) {
      for (const j of [...lane.queue]) this.cancel(j.id);
      for (const j of lane.running.keys()) this.cancel(j.id);
    }
    await this.idle();
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError('not-found', `There is no job ${jobId} (finished jobs are forgotten after a while, and when the app restarts).`);
    return job;
  }

  private view(job: Job, withResult: boolean): JobStatus {
    const now = Date.now();
    const status: JobStatus = {
      jobId: job.id,
      method: job.method,
      title: job.title,
      state: job.state,
      phase: job.phase,
      done: job.done,
      total: job.total,
      message: job.message,
      startedAt: new Date(job.startedAt ?? job.createdAt).toISOString(),
      finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
      elapsedMs: job.startedAt === null ? 0 : (job.finishedAt ?? now) - job.startedAt,
    };
    if (job.error) status.error = job.error;
    if (withResult && job.state === 'done') status.result = job.result as JobStatus['result'];
    return status;
  }

  private prune(): void {
    const keep = this.options.keep ?? 50;
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null);
    for (const j of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(j.id);
  }

  private next(name: Lane): void {
    const lane = this.lanes[name];
    while (lane.running.size < lane.limit) {
      const job = lane.queue.shift();
      if (!job) return;
      lane.running.set(
        job,
        this.run(job).finally(() => {
          lane.running.delete(job);
          this.next(name);
        }),
      );
    }
  }

  private async run(job: Job): Promise<void> {
    job.state = 'running';
    job.phase = 'starting';
    job.startedAt = Date.now();
    const main = job.ws.db;
    const meta = jobMeta(job.method) as { lane: Lane; small?: (arg: unknown) => boolean };
    const mode = meta.small?.(job.arg) ? 'in-thread' : this.options.mode;
    let writer = false;
    try {
      const work = startWork({
        ws: job.ws,
        method: job.method,
        arg: job.arg,
        user: job.user,
        mode,
        inThread: this.options.inThread,
        ...(this.options.printPdf ? { printPdf: this.options.printPdf } : {}),
        progress: {
          report: (phase, done, total) => {
            if (job.cancelRequested) return;
            job.phase = phase;
            job.done = done;
            job.total = total;
            job.message = describe(job.method, phase, done, total);
          },
        },
      });
      job.work = work;
      // Only a writer in a worker holds the lock while this thread runs; one in this thread uses this connection.
      writer = meta.lane === 'write' && work.where === 'worker' && main.open;
      if (writer) main.pragma(`busy_timeout = ${BUSY_WHILE_WRITING_MS}`);
      const value = await work.done;
      this.finish(job, 'done', { result: value, message: job.cancelRequested ? 'Finished before it could stop.' : 'Finished.' });
    } catch (e) {
      const err = toErrorShape(e);
      if (err.code === 'cancelled') this.finish(job, 'cancelled', { message: err.message });
      else this.finish(job, 'failed', { error: err.toJSON(), message: err.message });
    } finally {
      if (writer && main.open) main.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  private finish(job: Job, state: JobState, outcome: { result?: unknown; error?: ApiErrorShape; message: string }): void {
    job.state = state;
    job.phase = state;
    job.finishedAt = Date.now();
    job.startedAt ??= job.finishedAt;
    job.message = outcome.message;
    if (outcome.result !== undefined) job.result = outcome.result;
    if (outcome.error) job.error = outcome.error;
    job.work = null;
    job.arg = null;
    if (state === 'done' && jobMeta(job.method).writes) this.options.onDataChanged?.(job.ws);
  }
}
