/**
 * Flags at the moment of entry, for the views that save values (Log release, the results grid's batch of rows): ask
 * `flags/check` what the values would raise, list it before saving, and let a second save keep the values as they
 * are (the flags then go to the inbox when they recompute after the write).
 */
import type { ApiInput } from '../../../src-main/common/api';
import type { Severity } from '../../../src-main/common/flags';
import { call } from './api';

/** One flag a row would raise, with the row it is about (its index in the request) and a label for it. */
export interface EntryWarning {
  row: number;
  label: string;
  severity: Severity;
  message: string;
}

/** What the rows would raise; none when the check itself fails (it only advises: saving names any real fault). */
export async function checkEntry(arg: ApiInput<'flags/check'>): Promise<EntryWarning[]> {
  try {
    const { flags } = await call('flags/check', arg);
    return flags.map((f) => {
      const r = arg.rows[f.row];
      return { row: f.row, label: r ? [r.model, r.benchmark, r.subtask].filter(Boolean).join(' · ') : '', severity: f.severity, message: f.message };
    });
  } catch {
    return [];
  }
}

/** The line shown beside the Save button when values would raise flags. */
export function entryWarningMessage(n: number): string {
  return `${n === 1 ? 'One value would raise a flag' : `${n} values would raise flags`} (listed below). Save again to keep ${n === 1 ? 'it' : 'them'} as ${n === 1 ? 'it is' : 'they are'}; the flags go to the inbox.`;
}
