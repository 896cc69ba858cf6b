/**
 * Flags shared outside the Flags view: the nav badge (open high-severity flags) and the flag another page asked the
 * view to open (a model page's flag list links into the inbox).
 */
import type { Flag, FlagStatus, Severity } from '../../../src-main/common/flags';
import { FLAG_RULE_LABELS } from '../../../src-main/common/format';
import { call } from './api';

class FlagState {
  /** Open flags of high severity, for the nav badge; null until first counted. */
  openHigh = $state<number | null>(null);
  /** A flag to select when the Flags view opens next, consumed once. */
  pendingId = $state<number | null>(null);
}

export const flagState = new FlagState();

let seq = 0;

/** Count the open high-severity flags again (after a recompute, a resolution, an import, an undo). */
export async function refreshFlagBadge(): Promise<void> {
  const my = ++seq;
  try {
    const open = await call('flags/list', { status: 'open', minSeverity: 'high' });
    if (my === seq) flagState.openHigh = open.length;
  } catch {
    // The badge is a hint; a workspace without the flags table yet (or a failed call) just shows none.
    if (my === seq) flagState.openHigh = null;
  }
}

/** Display names of the rules, for filters and chips: the same as the report's (common/format.ts). */
export const RULE_LABELS = FLAG_RULE_LABELS;

export const STATUS_LABELS: Record<FlagStatus, string> = { open: 'open', confirmed: 'confirmed bad', dismissed: 'dismissed', fixed: 'fixed' };

/** Badge class of a severity chip (app.css badge variants). */
export function severityClass(s: Severity): string {
  return s === 'high' ? 'danger' : s === 'medium' ? 'warn' : '';
}

/** Badge class of a status. */
export function statusClass(s: FlagStatus): string {
  return s === 'open' ? 'accent' : s === 'fixed' ? 'ok' : s === 'confirmed' ? 'danger' : '';
}

/** What a flag is about, as one line: "gale-3 · CompMath / algebra". */
export function flagSubject(f: Flag): string {
  return [f.model, [f.benchmark, f.subtask].filter(Boolean).join(' / ')].filter(Boolean).join(' · ');
}
