/**
 * Detail pages (a benchmark, a model) opened on top of the current view, with a back stack: clicking a model in a
 * chart or a grid opens its page, Esc or "Back" returns to where the analyst was.
 */

export type Page = { kind: 'benchmark'; id: number } | { kind: 'model'; id: number };

class Pages {
  /** The page shown, or null for the current view itself. */
  current = $state<Page | null>(null);
  /** Pages to return to, most recent last. */
  stack = $state<Page[]>([]);
}

export const pages = new Pages();

function open(p: Page): void {
  const cur = pages.current;
  if (cur && cur.kind === p.kind && cur.id === p.id) return;
  if (cur) pages.stack = [...pages.stack, cur];
  pages.current = p;
  document.querySelector('main.content')?.scrollTo({ top: 0 });
}

/** Open a benchmark's page (fit, forecast, subtasks). */
export function openBenchmark(id: number): void {
  open({ kind: 'benchmark', id });
}

/** Open a model's page (scores against the frontier, settings). */
export function openModel(id: number): void {
  open({ kind: 'model', id });
}

/** Back to the previous page, or to the view; false when there was nothing to go back from. */
export function goBack(): boolean {
  if (!pages.current) return false;
  const prev = pages.stack[pages.stack.length - 1] ?? null;
  pages.stack = pages.stack.slice(0, -1);
  pages.current = prev;
  return true;
}

/** Leave every page (when the analyst picks a view). */
export function closePages(): void {
  pages.current = null;
  pages.stack = [];
}
