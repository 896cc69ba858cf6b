/**
 * Background jobs: any long-running method of the API (listed in LONG_RUNNING below) can be started with
 * 'jobs/start' `{ method, arg }`, followed with 'jobs/status' (polled; the same over IPC and HTTP) and stopped with
 * 'jobs/cancel'. The job runs the method's own handler, in a worker thread with its own connection to the workspace,
 * so the main process keeps answering. Adding a long-running method: its handler (core/service.ts) and one line here.
 *
 * No zod here: the renderer's first chunk imports this module.
 */
import type { ApiOutputs, DirectArg, DirectMethod } from './api';
import type { ApiErrorShape } from './errors';

/** What the jobs layer needs to know about a long-running method. */
export interface JobMeta<A> {
  /** What the job is about, for the progress tray ("Import results.csv"). */
  title(arg: A): string;
  /**
   * 'write': holds the workspace's write lock for its whole run, so such jobs run one at a time and other writes
   * answer 'unavailable' meanwhile (imports); 'read': writes at most a cache row at a time and waits for the lock in
   * its own thread, two run at once (refits, reports).
   */
  lane: 'write' | 'read';
  /** It changes what the dashboard shows: once it is done, the dashboard is precomputed again (as after any write). */
  writes?: boolean;
  /** The unit counted in each phase it reports ("writing rows" → rows), for the tray's "120 of 2,000 rows". */
  units?: Readonly<Record<string, string>>;
  /** True when the work is small enough to run in the main thread, where it ends sooner than a worker would start. */
  small?(arg: A): boolean;
}

/** An import of less text than this runs in the main thread: it is done before a worker would have started. */
const IN_THREAD_IMPORT_CHARS = 256 * 1024;
const importChars = (a: { content: string; companions?: { content: string }[] | undefined }) =>
  a.content.length + (a.companions ?? []).reduce((n, c) => n + c.content.length, 0);
const ROWS = { 'reading rows': 'rows', 'writing rows': 'rows' } as const;

/** Every method that may run as a background job, with what the jobs layer needs to know of it. */
export const LONG_RUNNING = {
  'import/preview': { title: (a) => `Preview ${a.fileName}`, lane: 'write', units: ROWS, small: (a) => importChars(a) < IN_THREAD_IMPORT_CHARS },
  'import/apply': {
    title: (a) => `Import ${a.fileName}`,
    lane: 'write',
    writes: true,
    units: ROWS,
    small: (a) => importChars(a) < IN_THREAD_IMPORT_CHARS,
  },
  'workspace/loadPublic': {
    title: () => 'Load the public benchmark results',
    lane: 'write',
    writes: true,
    units: { 'importing files': 'files' },
  },
  'fits/refit': {
    title: (a) => `Refit saturation curves${a.resamples !== undefined ? ` (${a.resamples.toLocaleString('en-US')} resamples)` : ''}`,
    lane: 'read',
    units: { fitting: 'series' },
  },
  'reports/pdf': {
    title: (a) => `Report${a.options.title ? ` “${a.options.title}”` : ''} (PDF)`,
    lane: 'read',
    units: { fitting: 'series', 'benchmark pages': 'pages' },
  },
} satisfies { [M in DirectMethod]?: JobMeta<DirectArg<M>> };

/** A method that may run as a job. */
export type JobMethod = keyof typeof LONG_RUNNING & DirectMethod;
export const JOB_METHODS = Object.keys(LONG_RUNNING) as JobMethod[];

/** True for a method listed in LONG_RUNNING. */
export function isJobMethod(method: string): method is JobMethod {
  return Object.prototype.hasOwnProperty.call(LONG_RUNNING, method);
}

/** A long-running method's metadata, typed for its argument. */
export function jobMeta<M extends JobMethod>(method: M): JobMeta<DirectArg<M>> {
  return LONG_RUNNING[method] as JobMeta<DirectArg<M>>;
}

/**
 * queued: waiting for a place in its lane (write jobs run one at a time, read jobs two); running; done (result set);
 * failed (error set; nothing was written by an import); cancelled (an import rolled back, a refit kept the fits it
 * finished).
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus<M extends JobMethod = JobMethod> {
  jobId: string;
  /** The method the job runs. */
  method: M;
  /** What the job is about, for the progress tray ("Import results.csv"). */
  title: string;
  state: JobState;
  /** The step it is on ("reading rows", "writing rows", "fitting", "printing"). */
  phase: string;
  /** Units of the phase done and in all (rows, series, pages); total 0 when not known yet. */
  done: number;
  total: number;
  /** A human line about where it is ("120,000 of 200,000 rows"), or why it stopped. */
  message: string;
  startedAt: string;
  finishedAt: string | null;
  elapsedMs: number;
  /** Set when state is 'done' (only on 'jobs/status', not in 'jobs/list'): what the direct call would have answered. */
  result?: ApiOutputs[M];
  /** Set when state is 'failed'. */
  error?: ApiErrorShape;
}
