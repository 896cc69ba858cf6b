/**
 * The dashboard's first request, sent as the page starts, before the app mounts and before the workspace info and
 * the model and benchmark lists (which the server would otherwise answer first: on a big workspace they take longer
 * than the cached summary itself). The dashboard takes the answer when it first loads. Any later reload of the
 * workspace info (every write and every workspace switch ends with one) drops an answer not yet taken, so a
 * dashboard opened after a change never shows the summary from before it.
 */
import type { DashboardSummary } from '../../../src-main/common/dashboard';
import { call } from './api';

/** The saturation threshold the dashboard opens with. */
export const DEFAULT_THRESHOLD = 0.9;

let pending: { threshold: number; answer: Promise<DashboardSummary> } | null = null;

export function prefetchDashboard(threshold = DEFAULT_THRESHOLD): void {
  // frontiersOnly: on a workspace whose fits are not cached, the table need not wait for them (views/Overview.svelte).
  const answer = call('dashboard/summary', { threshold, resamples: 0, frontiersOnly: true });
  // A failure (no workspace open yet) is the dashboard's to report when it asks itself.
  answer.catch(() => undefined);
  pending = { threshold, answer };
}

/** The prefetched summary for `threshold`, once; null when there is none (then ask the server). */
export function takeDashboardPrefetch(threshold: number): Promise<DashboardSummary> | null {
  if (!pending || pending.threshold !== threshold) return null;
  const { answer } = pending;
  pending = null;
  return answer;
}

export function dropDashboardPrefetch(): void {
  pending = null;
}
