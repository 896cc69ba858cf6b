/**
 * Rows pasted from a spreadsheet (or added by hand) on their way to the server: read from the clipboard, checked
 * here first so that every problem shows at once, and the stored results they may meet looked up so that their
 * save can be undone exactly.
 */
import type { Result } from '../../../../src-main/common/domain';
import type { ResultInput } from '../../../../src-main/common/schemas';
import { call } from '../../lib/api';
import { lists } from '../../lib/app.svelte';
import { draftsFromTsv, draftToInput, findBenchmark, type DraftRow } from '../../lib/drafts';
import { headerlessResultColumns } from '../../lib/tsv';

/** Messages per draft row (by its key), then per field. */
export type DraftIssues = Map<number, Record<string, string>>;

/** What a paste event carries for the draft grid: nothing (not ours to handle), rows, or why it cannot be used. */
export type Pasted = { kind: 'none' } | { kind: 'error'; message: string } | { kind: 'rows'; drafts: DraftRow[]; ignored: string[] };

/** Read a paste event. Pasting into a text field (an open cell editor, the search box) is ordinary text editing. */
export function readPaste(e: ClipboardEvent): Pasted {
  const target = e.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return { kind: 'none' };
  const text = e.clipboardData?.getData('text/plain') ?? '';
  if (!text.trim()) return { kind: 'none' };
  e.preventDefault();
  const { drafts, ignored, headerless, width } = draftsFromTsv(text, headerlessResultColumns);
  if (!drafts.length) return { kind: 'none' };
  if (!drafts.some((d) => d.model && d.benchmark && d.score)) return { kind: 'error', message: unreadablePaste(headerless, width) };
  return { kind: 'rows', drafts, ignored };
}

/** Why a pasted block gave no row with a model, a benchmark and a score, and how to paste it so that it does. */
function unreadablePaste(headerless: boolean, width: number): string {
  const orders =
    'Without a header row, columns are read as model, benchmark, score (3 columns, or more with stderr, n, … after the score) ' +
    'or as model, benchmark, subtask, score when the third column is not a number.';
  if (!headerless) return 'The pasted header row names no model, benchmark and score columns (e.g. "model⇥benchmark⇥score"), or no row fills all three.';
  if (width < 3) return `The pasted block has ${width === 1 ? 'one column' : `${width} columns`}; a result needs at least model, benchmark and score. ${orders}`;
  return `No pasted row has a model, a benchmark and a score. ${orders} Or add a header row naming the columns (model, benchmark, subtask, score, stderr, source, …).`;
}

export function knownModel(name: string): boolean {
  const n = name.trim().toLowerCase();
  return lists.models.some((m) => m.name.toLowerCase() === n || m.aliases.some((a) => a.toLowerCase() === n));
}

/**
 * The drafts as API rows, or the messages per row when any row cannot be sent. Then names the lists do not know
 * are flagged too, so every problem shows before any round trip.
 */
export function checkDrafts(drafts: DraftRow[]): { inputs: ResultInput[]; issues: DraftIssues } {
  const issues: DraftIssues = new Map();
  const inputs: ResultInput[] = [];
  for (const d of drafts) {
    const { input, issues: rowIssues } = draftToInput(d, lists.benchmarks);
    if (input) inputs.push(input);
    else issues.set(d._key, rowIssues);
  }
  if (!issues.size) return { inputs, issues };
  for (const d of drafts) {
    const rec = { ...(issues.get(d._key) ?? {}) };
    if (d.model && !rec.model && !knownModel(d.model)) rec.model = `unknown model "${d.model}": add it first or log it as a new release`;
    if (d.benchmark && !rec.benchmark && !findBenchmark(lists.benchmarks, d.benchmark)) rec.benchmark = `unknown benchmark "${d.benchmark}": add it on the Benchmarks page first`;
    if (Object.keys(rec).length) issues.set(d._key, rec);
  }
  return { inputs, issues };
}

/** The stored results of these rows' models and benchmarks, by id: what the save may change, for its undo. */
export async function existingFor(inputs: ResultInput[]): Promise<Map<number, Result>> {
  const byName = new Map<string, number>();
  for (const m of lists.models) {
    byName.set(m.name.toLowerCase(), m.id);
    for (const a of m.aliases) byName.set(a.toLowerCase(), m.id);
  }
  const modelIds = [...new Set(inputs.map((i) => byName.get(i.model.trim().toLowerCase())).filter((v): v is number => v !== undefined))];
  const benchIds = [...new Set(inputs.map((i) => findBenchmark(lists.benchmarks, i.benchmark)?.id).filter((v): v is number => v !== undefined))];
  const out = new Map<number, Result>();
  if (!modelIds.length || !benchIds.length) return out;
  try {
    const res = await call('results/query', { modelIds, benchmarkIds: benchIds, limit: 1_000_000 });
    for (const r of res.rows) out.set(r.id, r);
  } catch {
    // Without it undo treats every row as added; the save itself does not depend on it.
  }
  return out;
}
