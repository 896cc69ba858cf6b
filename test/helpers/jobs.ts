import type { JobStatus } from '../../src-main/common/jobs';

/** True once a job has ended, whichever way. */
export const finished = (s: JobStatus): boolean => s.state === 'done' || s.state === 'failed' || s.state === 'cancelled';

/** Polls 'jobs/status' every 20 ms until `until` holds; every status seen goes into `seen`. */
export async function waitForJob(
  status: (jobId: string) => Promise<JobStatus>,
  jobId: string,
  until: (s: JobStatus) => boolean = finished,
  seen: JobStatus[] = [],
): Promise<JobStatus> {
  for (;;) {
    const s = await status(jobId);
    seen.push(s);
    if (until(s)) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}
