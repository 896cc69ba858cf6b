/**
 * Background jobs: long work (an import's preview and apply, a refit of every saturation fit, a PDF report) started
 * with 'jobs/start', followed with 'jobs/status' (polled; the same over IPC and HTTP), stopped with 'jobs/cancel'.
 * The work runs in a worker thread with its own connection to the workspace, so the main process keeps answering.
 */
import { z } from 'zod';
import type { ImportPreview, ImportSummary } from './api';
import type { DashboardSummary } from './dashboard';
import type { ApiErrorShape } from './errors';
import { reportRequest, type ReportPdf } from './report';
import { dashboardRequest, importRequest } from './schemas';

export const JOB_KINDS = ['import/preview', 'import/apply', 'fits/refit', 'reports/pdf'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Argument of 'jobs/start': the kind of work and that work's own argument (checked by the same schema as the direct method). */
export const jobStartRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('import/preview'), arg: importRequest }).strict(),
  z.object({ kind: z.literal('import/apply'), arg: importRequest }).strict(),
  z.object({ kind: z.literal('fits/refit'), arg: dashboardRequest }).strict(),
  z.object({ kind: z.literal('reports/pdf'), arg: reportRequest }).strict(),
]);
export type JobStartRequest = z.input<typeof jobStartRequest>;
/** 'jobs/start' after validation (defaults applied). */
export type JobStartArg = z.output<typeof jobStartRequest>;
/** Each kind's argument after validation. */
export type JobArgs = { [K in JobKind]: Extract<z.output<typeof jobStartRequest>, { kind: K }>['arg'] };

export const jobIdRequest = z.object({ jobId: z.string().uuid('must be a job id from jobs/start') }).strict();

/** What each kind of job produces when it finishes. */
export interface JobResults {
  'import/preview': ImportPreview;
  'import/apply': ImportSummary;
  /** The dashboard with every benchmark's fit (each fit is cached as it finishes). */
  'fits/refit': DashboardSummary;
  'reports/pdf': ReportPdf;
}

/**
 * queued: waiting for the job before it (jobs on one workspace run one at a time); running; done (result set);
 * failed (error set; nothing was written by an import); cancelled (an import rolled back, a refit kept the fits it
 * finished).
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus<K extends JobKind = JobKind> {
  jobId: string;
  kind: K;
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
  /** Set when state is 'done' (only on 'jobs/status', not in 'jobs/list'). */
  result?: JobResults[K];
  /** Set when state is 'failed'. */
  error?: ApiErrorShape;
}
