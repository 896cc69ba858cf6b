/**
 * Progress and cancellation of long work, in one shape whatever runs it. Every transport supplies both in the
 * `CallContext` of each call: a direct call (IPC, HTTP, the CLI, tests) gets a progress that goes nowhere and a cancel
 * tied to the request (over HTTP: the client closing it); a background job gets its worker's progress (shown in the
 * jobs tray) and its shared cancel flag (jobs/cancel). So no handler needs to know whether it runs as a job.
 */
import { ApiError } from './errors';

/** Where long work is. */
export interface Progress {
  /**
   * `done` of `total` units of `phase` ("reading rows", "fitting"; total 0 when not known yet). Cheap: callers may
   * call it often (a job's worker posts at most one message per 100 ms and phase).
   */
  report(phase: string, done: number, total: number): void;
}

/** Whether long work should stop. Checked between steps (rows, series, resamples, pages). */
export interface Cancel {
  /** True once the work was cancelled (by jobs/cancel, or by the caller going away). */
  cancelled(): boolean;
  /**
   * Throws ApiError('cancelled') with `message` (default "Cancelled.") once cancelled; inside a transaction this rolls
   * it back, so say in the message what was kept.
   */
  throwIfCancelled(message?: string): void;
}

/** The two together, as long work receives them (CallContext extends it). */
export interface WorkContext {
  progress: Progress;
  cancel: Cancel;
}

/** A progress that goes nowhere (a direct call has no one to show it to). */
export const noProgress: Progress = { report: () => {} };

/** A Cancel that asks `isCancelled` (a flag, a shared Int32 cell, a closed request). */
export function cancelWhen(isCancelled: () => boolean): Cancel {
  return {
    cancelled: isCancelled,
    throwIfCancelled(message = 'Cancelled.') {
      if (isCancelled()) throw new ApiError('cancelled', message);
    },
  };
}

/** A Cancel that never fires (the CLI, tests, calls with no request to lose). */
export const neverCancelled: Cancel = cancelWhen(() => false);

/** No progress shown and no cancel: long work called outside any transport (tests, benches, the precompute). */
export const untracked: WorkContext = { progress: noProgress, cancel: neverCancelled };
