/**
 * The jobs layer: 'jobs/start' queues long work and returns at once, 'jobs/status' and 'jobs/list' tell where it is,
 * 'jobs/cancel' stops it. Jobs run in two lanes: imports, one at a time (each holds the workspace's write lock for its
 * whole run, so two must never overlap), and analyses (refits and reports), two at a time (they only write one cached
 * fit at a time and wait for the lock in their own thread if an import holds it; a second one, often answered from
 * the cache, need not wait behind a long one). Each runs in a worker thread with
 * its own connection to the workspace (see runner.ts), so the main process answers other calls meanwhile; an import
 * of a small file runs in this thread, where it takes less time than starting a worker would.
 *
 * While an import's preview or apply runs, the worker holds the workspace's write lock: the main connection's busy
 * timeout is lowered so a write attempted meanwhile fails at once (and `writing()` lets the handlers refuse it with a
 * clear message) instead of blocking the main process for seconds.
 */
import { randomUUID } from 'node:crypto';
import { toErrorShape } from '../dispatch';
import { ApiError, type ApiErrorShape } from '../../common/errors';
import type { JobArgs, JobKind, JobResults, JobStartArg, JobState, JobStatus } from '../../common/jobs';
import { pdfReply, printReport, type PdfPrinter } from '../report/printer';
import type { Workspace } from '../workspace';
import { startWork, type RunningWork } from './runner';

interface Job {
  id: string;
  kind: JobKind;
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
  work: RunningWork<JobKind> | null;
}

export interface JobManagerOptions {
  printPdf?: PdfPrinter;
  /** 'in-thread' runs jobs in this thread (tests of the fallback). Default 'worker'. */
  mode?: 'worker' | 'in-thread';
  /** Finished jobs kept for status calls. Default 50. */
  keep?: number;
  /** Called when a job that writes (an import) has finished and changed the workspace (the dashboard's precompute). */
  onDataChanged?: (ws: Workspace) => void;
}

/** Jobs that hold the workspace's write lock for their whole run. */
const WRITERS: ReadonlySet<JobKind> = new Set(['import/preview', 'import/apply']);
type Lane = 'write' | 'read';
const laneOf = (kind: JobKind): Lane => (WRITERS.has(kind) ? 'write' : 'read');
/** An import of less text than this runs in the main thread: it is done before a worker would have started. */
const IN_THREAD_IMPORT_CHARS = 256 * 1024;

function importSize(arg: unknown): number {
  const a = arg as { content: string; companions?: { content: string }[] };
  return a.content.length + (a.companions ?? []).reduce((n, c) => n + c.content.length, 0);
}
/** The main connection's busy timeout while a writer runs (ms): long enough for a checkpoint, short enough not to freeze. */
const BUSY_WHILE_WRITING_MS = 50;
/** The busy timeout openWorkspace gives every connection (db/open.ts), restored when the import has finished. */
const BUSY_DEFAULT_MS = 5000;

const UNITS: Record<string, string> = { 'reading rows': 'rows', 'writing rows': 'rows', fitting: 'series', 'benchmark pages': 'pages' };

function titleOf(req: JobStartArg): string {
  switch (req.kind) {
    case 'import/preview':
      return `Preview ${req.arg.fileName}`;
    case 'import/apply':
      return `Import ${req.arg.fileName}`;
    case 'fits/refit':
      return `Refit saturation curves${req.arg.resamples !== undefined ? ` (${req.arg.resamples.toLocaleString('en-US')} resamples)` : ''}`;
    case 'reports/pdf':
      return `Report${req.arg.options.title ? ` “${req.arg.options.title}”` : ''} (PDF)`;
  }
}

function describe(phase: string, done: number, total: number): string {
  const unit = UNITS[phase] ?? '';
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
    private readonly options: JobManagerOptions = {},
  ) {}

  /** Queues a job on the current workspace and returns its status (state 'queued' or 'running'). */
  start(req: JobStartArg, user: string | null): JobStatus {
    if (req.kind === 'reports/pdf' && !this.options.printPdf) {
      throw new ApiError('unavailable', 'PDF printing is not available in this process; use `npx headroom report --out FILE.pdf` or the desktop app.');
    }
    // The same analysis asked for again while it is queued or running (a reloaded window, a second one) follows that job.
    if (laneOf(req.kind) === 'read') {
      const same = JSON.stringify(req.arg);
      const ws = this.current();
      for (const j of this.jobs.values()) {
        if (j.kind === req.kind && (j.state === 'queued' || j.state === 'running') && !j.cancelRequested && j.ws === ws && JSON.stringify(j.arg) === same) {
          return this.view(j, false);
        }
      }
    }
    const job: Job = {
      id: randomUUID(),
      kind: req.kind,
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
    };
    this.jobs.set(job.id, job);
    this.lanes[laneOf(job.kind)].queue.push(job);
    this.prune();
    this.next(laneOf(job.kind));
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
      const queue = this.lanes[laneOf(job.kind)].queue;
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

  /** True while an import's preview or apply runs on the workspace at `file` (it holds the write lock). */
  writing(file: string): boolean {
    for (const job of this.lanes.write.running.keys()) if (job.ws.path === file) return true;
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
      kind: job.kind,
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
    if (withResult && job.state === 'done') status.result = job.result as JobResults[JobKind];
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
    const small = WRITERS.has(job.kind) && importSize(job.arg) < IN_THREAD_IMPORT_CHARS;
    const mode = small ? 'in-thread' : this.options.mode;
    // Only an import in a worker holds the lock while this thread runs; an in-thread one uses this connection.
    const writer = WRITERS.has(job.kind) && !small && mode !== 'in-thread' && main.open;
    if (writer) main.pragma(`busy_timeout = ${BUSY_WHILE_WRITING_MS}`);
    try {
      const work = startWork(job.ws, job.kind, job.arg as JobArgs[JobKind], job.user, (phase, done, total) => {
        if (job.cancelRequested) return;
        job.phase = phase;
        job.done = done;
        job.total = total;
        job.message = describe(phase, done, total);
      }, mode);
      job.work = work;
      let value: unknown = await work.done;
      if (job.kind === 'reports/pdf') {
        if (job.cancelRequested) throw new ApiError('cancelled', 'The report was cancelled.');
        const report = value as Awaited<RunningWork<'reports/pdf'>['done']>;
        job.phase = 'printing';
        job.done = 0;
        job.total = 0;
        job.message = '';
        value = pdfReply(report, await printReport(this.options.printPdf as PdfPrinter, report));
        // Printing cannot be interrupted; a cancel during it drops the PDF.
        if (job.cancelRequested) throw new ApiError('cancelled', 'The report was cancelled.');
      }
      this.finish(job, 'done', { result: value, message: job.cancelRequested ? 'Finished before it could stop.' : 'Finished.' });
    } catch (e) {
      const err = toErrorShape(e);
      if (err.code === 'cancelled') this.finish(job, 'cancelled', { message: err.message });
      else this.finish(job, 'failed', { error: err.toJSON(), message: err.message });
    } finally {
      if (writer && main.open) main.pragma(`busy_timeout = ${BUSY_DEFAULT_MS}`);
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
    if (state === 'done' && job.kind === 'import/apply') this.options.onDataChanged?.(job.ws);
  }
}
