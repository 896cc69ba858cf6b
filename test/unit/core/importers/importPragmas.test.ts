/**
 * A big import runs with foreign keys off and CHECKs ignored while it writes results (withImportPragmas in
 * importers/tables.ts; the writer checks each row itself). It must store exactly what the same import stores with
 * them on, refuse what they would refuse, and put both settings back however it ends: applied, previewed, failed or
 * cancelled, directly, through the API, or as a job.
 */
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../../../src-main/common/api';
import { cancelWhen, noProgress, untracked } from '../../../../src-main/common/progress';
import { importRequest } from '../../../../src-main/common/schemas';
import type { Db } from '../../../../src-main/core/db/open';
import { createDispatcher } from '../../../../src-main/core/dispatch';
import { applyImport, FK_OFF_MIN_CHARS, previewImport, withImportPragmas } from '../../../../src-main/core/importers/tables';
import { createHandlers } from '../../../../src-main/core/service';
import { checkIntegrity, workspacesPerTest } from '../../../helpers/workspace';

const { workspace } = workspacesPerTest();

const ctx: CallContext = { user: 'tester', ...untracked };
const req = (content: string, fileName = 'r.csv') => importRequest.parse({ fileName, content });

/** Rows that create models, benchmarks and subtasks, repeat results (same and other values), and reject cells. */
function csv(rows: number): string {
  const lines = ['model,benchmark,subtask,score,stderr,n,shots,cot,source,source_kind,date'];
  for (let i = 0; i < rows; i++) {
    const sub = i % 3 === 0 ? '' : `t${i % 4}`;
    lines.push(`model-${i % 37},Bench ${Math.floor(i / 37) % 60},${sub},${(i % 97) / 100},0.01,${100 + (i % 5)},${i % 2 ? 5 : 0},${i % 2 ? 'yes' : 'no'},src-${i % 3},third-party,2024-0${1 + (i % 9)}-1${i % 10}`);
  }
  lines.push('model-1,Bench 0,,abc,,,,,src-0,,', 'model-2,Bench 0,,0.5,-1,,,,src-0,,', 'model-3,Bench 1,,0.5,,0,,,src-0,,', 'model-4,Bench 1,,0.5,,,,,src-0,nope,2024-02-31');
  lines.push(lines[5]!, `${lines[6]!.replace(/,0\.\d+,0\.01,/, ',0.99,0.01,')}`);
  return `${lines.join('\n')}\n`;
}

/** Every table the import writes, without the clock's columns. */
function contents(db: Db) {
  return {
    results: db.prepare('SELECT id, model_id, benchmark_id, subtask_id, shots, cot, setting_key, score, stderr, n, source, source_kind, evaluated_on, import_id, source_line, logged_by FROM results ORDER BY id').all(),
    models: db.prepare('SELECT id, name FROM models ORDER BY id').all(),
    benchmarks: db.prepare('SELECT id, name, unit FROM benchmarks ORDER BY id').all(),
    subtasks: db.prepare('SELECT * FROM subtasks ORDER BY id').all(),
    imports: db.prepare('SELECT id, file_name, rows_added, rows_updated, rows_rejected FROM imports ORDER BY id').all(),
    history: db.prepare('SELECT result_id, action, old_value, new_value FROM result_history ORDER BY id').all(),
  };
}

function settings(db: Db) {
  return { foreignKeys: db.pragma('foreign_keys', { simple: true }), ignoreChecks: db.pragma('ignore_check_constraints', { simple: true }) };
}
const ON = { foreignKeys: 1, ignoreChecks: 0 };

describe('withImportPragmas', () => {
  it('an import with foreign keys off stores and reports exactly what the same import with them on does', () => {
    const [a, b] = [workspace(), workspace()];
    const content = csv(3000);
    for (const file of ['r.csv', 'r.csv']) {
      // The second import of the same name meets every result (unchanged, or updated by the changed line).
      const body = file === 'r.csv' && contents(a.db).results.length ? content.replace('model-0,Bench 0,,0,', 'model-0,Bench 0,,0.42,') : content;
      const on = a.db.transaction(() => applyImport(a.db, req(body, file), ctx))();
      const off = withImportPragmas(b.db, body, () => b.db.transaction(() => applyImport(b.db, req(body, file), ctx))(), 0);
      expect(off).toEqual(on);
      expect(contents(b.db)).toEqual(contents(a.db));
      expect(settings(b.db)).toEqual(ON);
    }
    expect(contents(a.db).results.length).toBeGreaterThan(2000);
    expect(checkIntegrity(b.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('turns foreign keys off only before BEGIN and for content of at least FK_OFF_MIN_CHARS', () => {
    const { db } = workspace();
    const seen: unknown[] = [];
    withImportPragmas(db, 'x'.repeat(FK_OFF_MIN_CHARS - 1), () => seen.push(settings(db).foreignKeys));
    withImportPragmas(db, 'x'.repeat(FK_OFF_MIN_CHARS), () => seen.push(settings(db).foreignKeys));
    db.transaction(() => withImportPragmas(db, 'x', () => seen.push(settings(db).foreignKeys), 0))();
    expect(seen).toEqual([1, 0, 1]);
    expect(settings(db)).toEqual(ON);
  });

  it('puts foreign keys and CHECKs back after an import that is applied, previewed, fails or is cancelled', () => {
    const { db } = workspace();
    const content = csv(5000);
    const run = (fn: () => unknown) => {
      try {
        fn();
      } catch {
        // the failures are the point here
      }
      expect(settings(db)).toEqual(ON);
    };
    const cancelled: CallContext = { user: 'tester', progress: noProgress, cancel: cancelWhen(() => true) };
    run(() => previewImport(db, req(content), ctx));
    run(() => withImportPragmas(db, content, () => db.transaction(() => applyImport(db, req(`${content}a,"b,0.5\n`), ctx))(), 0));
    run(() => withImportPragmas(db, content, () => db.transaction(() => applyImport(db, req(content), cancelled))(), 0));
    expect(db.prepare('SELECT count(*) AS c FROM results').get()).toEqual({ c: 0 });
    let added = 0;
    run(() => (added = withImportPragmas(db, content, () => db.transaction(() => applyImport(db, req(content), ctx))(), 0).add));
    expect(added).toBeGreaterThan(2000);
    expect(db.prepare('SELECT count(*) AS c FROM results').get()).toEqual({ c: added });
  });

  it('puts them back after a big import through the API and as a job, applied or cancelled', async () => {
    const ws = workspace();
    const content = csv(Math.ceil(FK_OFF_MIN_CHARS / 60));
    expect(content.length).toBeGreaterThanOrEqual(FK_OFF_MIN_CHARS);
    const call = createDispatcher(createHandlers(() => ws));
    const applied = await call('import/apply', { fileName: 'r.csv', content }, { user: 'tester' });
    expect(applied.ok).toBe(true);
    expect(settings(ws.db)).toEqual(ON);
    let fkDuring: unknown = null;
    const hooks = (cancel: boolean) => ({
      progress: {
        report: () => {
          fkDuring ??= settings(ws.db).foreignKeys;
        },
      },
      cancel: cancelWhen(() => cancel),
    });
    // What a job's worker runs: the same handler over its connection, with the job's progress and cancel.
    const apply = createHandlers(() => ws)['import/apply'];
    expect(() => apply(req(content.replace(/src-/g, 'other-')), { user: 'tester', ...hooks(true) })).toThrow(/cancelled/);
    expect(settings(ws.db)).toEqual(ON);
    const before = (ws.db.prepare('SELECT count(*) AS c FROM results').get() as { c: number }).c;
    apply(req(content.replace(/src-/g, 'other-')), { user: 'tester', ...hooks(false) });
    expect(fkDuring).toBe(0);
    expect(settings(ws.db)).toEqual(ON);
    expect((ws.db.prepare('SELECT count(*) AS c FROM results').get() as { c: number }).c).toBe(2 * before);
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });
});
