/**
 * Long-running methods as background jobs (see src-main/common/jobs.ts): `runJob(method, arg)` starts one with
 * 'jobs/start', polls
 * 'jobs/status' until it ends and resolves with its result (what `call(method, arg)` would answer), so a view awaits it
 * like any call. Meanwhile the job
 * sits in `jobsTray` (shown by JobsTray.svelte: phase, progress bar, elapsed time, Cancel). The same over IPC and
 * HTTP, since both are the one `call`.
 */
import type { ApiInput, ApiOutputs, JobStartRequest } from '../../../src-main/common/api';
import { jobMeta, type JobMethod, type JobStatus } from '../../../src-main/common/jobs';
import { ApiClientError, call, errorMessage } from './api';
import { refreshAll } from './app.svelte';
import { toast } from './toasts.svelte';

/** How often a running job is asked where it is. */
const POLL_MS = 250;
/** Jobs that end sooner than this never show in the tray (no flash for a cached refit). */
export const SHOW_AFTER_MS = 400;

export interface TrayJob {
  status: JobStatus;
  /** When this window started following it (performance.now()), for the elapsed clock between polls. */
  since: number;
  /** The server's elapsedMs at `since`. */
  elapsedAtSince: number;
  cancelling: boolean;
}

export const jobsTray = $state<{ list: TrayJob[] }>({ list: [] });

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Shows the latest status of a job; `add` puts a job not yet in the tray there (only the job's own follower does). */
function track(status: JobStatus, add = false): void {
  const i = jobsTray.list.findIndex((j) => j.status.jobId === status.jobId);
  const now = performance.now();
  if (i < 0) {
    if (!add) return;
    jobsTray.list = [...jobsTray.list, { status, since: now, elapsedAtSince: status.elapsedMs, cancelling: false }];
    return;
  }
  const old = jobsTray.list[i] as TrayJob;
  jobsTray.list[i] = { ...old, status, since: now, elapsedAtSince: status.elapsedMs, cancelling: old.cancelling || status.phase === 'cancelling' };
}

function untrack(jobId: string): void {
  jobsTray.list = jobsTray.list.filter((j) => j.status.jobId !== jobId);
}

/**
 * Runs the long-running `method` as a background job and resolves with its result. Rejects with an ApiClientError:
 * code 'cancelled' when it was cancelled (its message says what was kept), the job's own error when it failed.
 */
export async function runJob<M extends JobMethod>(method: M, arg: ApiInput<M>): Promise<ApiOutputs[M]> {
  // No dedup here: the server lets a second request for the same analysis follow the running job only while the data
  // is what that job started from (core/jobs/manager.ts), which this window cannot tell; a refit begun before a write
  // would otherwise answer a load made after it with the old data.
  // The cast pairs method and argument, which TypeScript cannot follow through the union of start requests.
  return followStatus((await call('jobs/start', { method, arg } as JobStartRequest)) as JobStatus<M>);
}

/** Polls a job until it ends, keeping its tray entry up to date; resolves with its result. */
async function followStatus<M extends JobMethod>(first: JobStatus<M>): Promise<ApiOutputs[M]> {
  let status: JobStatus = first;
  track(status, true);
  try {
    for (;;) {
      if (status.state === 'done') return status.result as ApiOutputs[M];
      if (status.state === 'cancelled') throw new ApiClientError('cancelled', status.message || 'Cancelled.');
      if (status.state === 'failed') throw new ApiClientError(status.error?.code ?? 'internal', status.error?.message ?? status.message, status.error?.details);
      await sleep(POLL_MS);
      status = await call('jobs/status', { jobId: status.jobId });
      track(status);
    }
  } finally {
    untrack(status.jobId);
  }
}

/**
 * Follows the jobs the server is still running that this window does not know of (after a reload, or a window opened
 * while an import runs), so they show in the tray and can be cancelled; their outcome is told in a toast.
 */
export async function resumeJobs(): Promise<void> {
  for (const s of await call('jobs/list', {})) {
    if ((s.state !== 'running' && s.state !== 'queued') || jobsTray.list.some((j) => j.status.jobId === s.jobId)) continue;
    followStatus(s).then(
      () => {
        toast('success', `${s.title}: finished.`);
        if (jobMeta(s.method).writes) void refreshAll();
      },
      (e: unknown) => toast(e instanceof ApiClientError && e.code === 'cancelled' ? 'info' : 'error', `${s.title}: ${errorMessage(e)}`),
    );
  }
}

/** Asks the server to stop a job; the tray shows "Stopping…" until it has. */
export async function cancelJob(jobId: string): Promise<void> {
  const i = jobsTray.list.findIndex((j) => j.status.jobId === jobId);
  if (i >= 0) jobsTray.list[i] = { ...(jobsTray.list[i] as TrayJob), cancelling: true };
  track(await call('jobs/cancel', { jobId }));
}

/** "0:07", "1:02:03". */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
