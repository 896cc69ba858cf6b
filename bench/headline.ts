/**
 * The summary table `npm run bench` prints at the end: each bench records its headline figures here as it prints
 * them (with the reference measured in the same run and the ratio, where it has one), so one table gathers the
 * run's results with the machine and load they were measured on.
 */
export interface Headline {
  bench: string;
  measure: string;
  value: string;
  /** The reference measured in the same run (scipy, sqlite3 .import, a target), if any. */
  reference?: string;
  /** value relative to the reference, worded so that more is better (e.g. "9.9× faster", "0.20 of its rows/s"). */
  ratio?: string;
}

const rows: Headline[] = [];

export function headline(h: Headline): void {
  rows.push(h);
}

export function headlines(): readonly Headline[] {
  return rows;
}

/** The table as aligned text. */
export function headlineTable(list: readonly Headline[]): string {
  const cols: [string, (h: Headline) => string][] = [
    ['bench', (h) => h.bench],
    ['measure', (h) => h.measure],
    ['value', (h) => h.value],
    ['reference (same run)', (h) => h.reference ?? ''],
    ['ratio', (h) => h.ratio ?? ''],
  ];
  const widths = cols.map(([name, get]) => Math.max(name.length, ...list.map((h) => get(h).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cols.map(([n]) => n)), line(widths.map((w) => '-'.repeat(w))), ...list.map((h) => line(cols.map(([, get]) => get(h))))].join('\n');
}
