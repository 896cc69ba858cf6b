/**
 * A big results import (at least BULK_MIN_ROWS rows into an empty or small workspace) drops the results indexes and
 * builds them again at its end. What it reports and stores must not differ from the usual path: the same counts,
 * repeats found and warned about, the preview rolled back with every index, a re-import that changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../../src-main/common/api';
import { untracked } from '../../../../src-main/common/progress';
import { importRequest } from '../../../../src-main/common/schemas';
import { applyImport, previewImport } from '../../../../src-main/core/importers/tables';
import { BULK_MIN_ROWS } from '../../../../src-main/core/ingest/importWriter';
import { checkIntegrity, snapshot, tempWorkspace } from '../../../helpers/workspace';

const ctx: CallContext = { user: 'tester', ...untracked };
let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.dispose());

const req = (content: string) => importRequest.parse({ fileName: 'big.csv', content });
const apply = (content: string) => ws.db.transaction(() => applyImport(ws.db, req(content), ctx))();

const ROWS = BULK_MIN_ROWS + 2_000;

/** ROWS distinct results (100 models × 52 benchmarks × 10 subtasks), then `tail` lines appended. */
function bigCsv(tail: string[] = []): string {
  const lines = ['model,benchmark,subtask,score,stderr,n,shots,source,date'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`model-${i % 100},Bench ${Math.floor(i / 100) % 52},task-${Math.floor(i / 5200)},${((i * 7919) % 1000) / 1000},0.01,200,${i % 2 ? 5 : 0},src,2024-03-01`);
  }
  return `${[...lines, ...tail].join('\n')}\n`;
}

function indexes(): string[] {
  return (ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('big results import', () => {
  it('previews (rolled back, indexes intact), applies the same, keeps every index; a later big import in the same connection works', () => {
    const before = snapshot(ws.db);
    const idx = indexes();
    // Line ROWS + 2 repeats line 2 exactly; line ROWS + 3 repeats line 3 with another score; one row is invalid.
    const content = bigCsv(['model-0,Bench 0,task-0,0,0.01,200,0,src,2024-03-01', 'model-1,Bench 0,task-0,0.5,0.01,200,5,src,2024-03-01', 'model-x,Bench 0,,abc,,,,,']);
    const p = previewImport(ws.db, req(content), ctx);
    // The repeat with another score is a second run of that result (a replicate), kept beside the first.
    // The exact repeat changes nothing its earlier row does not: counted as repeated, not as unchanged stored data.
    expect(p.counts).toEqual({ add: ROWS + 1, update: 0, unchanged: 0, reject: 1 });
    expect(p.repeated).toBe(1);
    expect(p.warnings).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^1 row repeat an earlier row exactly and add nothing \\(line ${ROWS + 2} repeats line 2\\)`))]));
    expect(p.decisions.find((d) => d.id === 'replicates')?.message).toMatch(new RegExp(`line ${ROWS + 3} repeats line 3`));
    expect(p.rejected).toEqual([expect.objectContaining({ line: ROWS + 4, column: 'score' })]);
    expect(snapshot(ws.db)).toEqual(before);
    expect(indexes()).toEqual(idx);

    const s = apply(content);
    expect({ add: s.add, update: s.update, unchanged: s.unchanged, reject: s.reject }).toEqual(p.counts);
    expect(indexes()).toEqual(idx);
    checkIntegrity(ws.db);
    expect(ws.db.prepare('SELECT count(*) AS c FROM results').get()).toEqual({ c: ROWS + 1 });
    // Provenance: line 3 and its repeat are two runs of one result, each with its own value and line.
    const r3 = ws.db
      .prepare("SELECT r.score, r.source_line, r.run FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'model-1' AND r.subtask_id = (SELECT id FROM subtasks WHERE name = 'task-0' AND benchmark_id = r.benchmark_id) AND r.benchmark_id = (SELECT id FROM benchmarks WHERE name = 'Bench 0') ORDER BY r.id")
      .all();
    expect(r3).toEqual([
      { score: 0.919, source_line: 3, run: null },
      { score: 0.5, source_line: ROWS + 3, run: 'run 2' },
    ]);
    // The natural key is unique again: writing a duplicate key directly fails.
    expect(() => ws.db.prepare('INSERT INTO results (model_id, benchmark_id, subtask_id, shots, setting_key, score, source) SELECT model_id, benchmark_id, subtask_id, shots, setting_key, score, source FROM results WHERE id = 1').run()).toThrow(/UNIQUE/);

    // Re-importing it meets every key, each run its own: nothing changes.
    const again = apply(content);
    expect({ add: again.add, update: again.update, unchanged: again.unchanged, repeated: again.repeated, reject: again.reject }).toEqual({
      add: 0,
      update: 0,
      unchanged: ROWS + 1,
      repeated: 1,
      reject: 1,
    });
    expect(indexes()).toEqual(idx);
  }, 60_000);

  it('a re-import of a big file changes nothing and leaves no trace', () => {
    const content = bigCsv(['model-0,Bench 0,task-0,0,0.01,200,0,src,2024-03-01']);
    const first = apply(content);
    expect({ add: first.add, unchanged: first.unchanged, repeated: first.repeated }).toEqual({ add: ROWS, unchanged: 0, repeated: 1 });
    const before = snapshot(ws.db);
    const again = apply(content);
    expect({ add: again.add, update: again.update, unchanged: again.unchanged, repeated: again.repeated, importId: again.importId }).toEqual({
      add: 0,
      update: 0,
      unchanged: ROWS,
      repeated: 1,
      importId: null,
    });
    expect(snapshot(ws.db)).toEqual(before);
  }, 60_000);
});
