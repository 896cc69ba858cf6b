/** What the crash test's child imports: `ROWS` distinct results per import, for models named after its tag. */
export const ROWS = 3000;

export function csvFor(tag: string): string {
  const lines = ['model,benchmark,subtask,score,stderr,n,date'];
  for (let i = 0; i < ROWS; i++) {
    // i = subtask·720 + benchmark·60 + model, so every row has its own (model, benchmark, subtask) key.
    const model = `${tag}-m${i % 60}`;
    const bench = `bench-${Math.floor(i / 60) % 12}`;
    lines.push(`${model},${bench},st-${Math.floor(i / 720)},${((i * 37) % 100) / 100},0.01,100,2024-01-${String(1 + (i % 28)).padStart(2, '0')}`);
  }
  return lines.join('\n');
}

/** Rows of the big import (above BULK_MIN_ROWS, into an empty workspace: its indexes are dropped and rebuilt). */
export const BIG_ROWS = 60_000;

/** A file of BIG_ROWS distinct results: 200 models × 30 benchmarks × 10 subtasks. */
export function bigCsv(tag: string): string {
  const lines = ['model,benchmark,subtask,score,stderr,n,date'];
  for (let i = 0; i < BIG_ROWS; i++) {
    lines.push(`${tag}-m${i % 200},bench-${Math.floor(i / 200) % 30},st-${Math.floor(i / 6000)},${((i * 37) % 100) / 100},0.01,100,2024-02-01`);
  }
  return lines.join('\n');
}
