/**
 * resultCheckFailure is the JavaScript reading of the CHECK constraints of `results` that a big import relies on while
 * SQLite skips its own (ignore_check_constraints): it must refuse every row SQLite refuses. It is derived from
 * RESULT_RULES (common/resultRules.ts), whose `check` texts are pinned here to the schema's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RESULT_FIELDS, RESULT_RULES } from '../../../../src-main/common/resultRules';
import { pushInsertParams, RESULT_INSERT_PARAMS, resultCheckFailure, type ResolvedResult } from '../../../../src-main/core/db/repositories/results';
import { tempWorkspace } from '../../../helpers/workspace';

const spaces: ReturnType<typeof tempWorkspace>[] = [];
afterEach(() => {
  while (spaces.length) spaces.pop()!.dispose();
});

const base: ResolvedResult = {
  modelId: 1,
  benchmarkId: 1,
  subtaskId: null,
  shots: null,
  cot: null,
  passK: null,
  testTimeCompute: null,
  effort: null,
  settingKey: '',
  score: 0.5,
  stderr: null,
  n: null,
  source: '',
  sourceKind: null,
  evaluatedOn: null,
  notes: null,
  importId: null,
  sourceLine: null,
  sourcePlace: null,
  loggedBy: null,
};

const EDGES: Partial<ResolvedResult>[] = [
  ...[-1, -0.5, -0, 0, 1, 5].map((shots) => ({ shots })),
  ...[true, false].map((cot) => ({ cot })),
  ...[-1, 0, 1, 2].map((passK) => ({ passK })),
  ...[-1, 0, -0, 1e-300, 1, Infinity, -Infinity].map((testTimeCompute) => ({ testTimeCompute })),
  ...[-1e-12, -0, 0, 0.01, Infinity].map((stderr) => ({ stderr })),
  ...[-1, 0, 1, 100].map((n) => ({ n })),
  ...['lab-reported', 'third-party', 'own-run', 'Own-run', 'own run', ''].map((sourceKind) => ({ sourceKind }) as Partial<ResolvedResult>),
  ...['2024-01-15', '2024-1-15', '2024-13-40', '1999-19-39', '2024-01-15T00:00', '202a-01-15', ' 2024-01-15', '2024/01/15', '', '２０２４-01-15'].map(
    (evaluatedOn) => ({ evaluatedOn }),
  ),
];

describe('resultCheckFailure', () => {
  it('refuses exactly the rows whose insert SQLite refuses with a CHECK constraint', () => {
    const ws = tempWorkspace();
    spaces.push(ws);
    const db = ws.db;
    db.exec("INSERT INTO models (name) VALUES ('m'); INSERT INTO benchmarks (name) VALUES ('b')");
    const insert = db.prepare(`INSERT INTO results (model_id, benchmark_id, subtask_id, shots, cot, pass_k, test_time_compute, effort, setting_key,
      score, stderr, n, source, source_kind, evaluated_on, notes, import_id, source_line, logged_by, source_place, partial, run)
      VALUES (${Array(RESULT_INSERT_PARAMS).fill('?').join(', ')})`);
    // Whether SQLite refuses the row, with its CHECKs on or ignored (a STRICT type error is refused either way).
    const refused = (params: unknown[], ignoreChecks: boolean): boolean => {
      db.pragma(`ignore_check_constraints = ${ignoreChecks ? 'ON' : 'OFF'}`);
      try {
        db.transaction(() => {
          insert.run(params);
          throw new Error('rollback');
        })();
      } catch (e) {
        return (e as Error).message !== 'rollback';
      } finally {
        db.pragma('ignore_check_constraints = OFF');
      }
      return false;
    };
    let checkRefusals = 0;
    for (const edge of EDGES) {
      const row = { ...base, ...edge };
      const params: unknown[] = [];
      pushInsertParams(params, row);
      const withChecks = refused(params, false);
      const withoutChecks = refused(params, true);
      const js = resultCheckFailure(row) !== null;
      // Checks ignored plus resultCheckFailure refuses what SQLite with its checks refuses: no more, no less.
      expect(withoutChecks || js, JSON.stringify(edge)).toBe(withChecks);
      if (withChecks && !withoutChecks) checkRefusals++;
    }
    expect(checkRefusals).toBeGreaterThan(15);
  });

  it('copies the CHECK clauses the results table has (a migration that changes them must change resultCheckFailure too)', () => {
    const ws = tempWorkspace();
    spaces.push(ws);
    const sql = (ws.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'results'").get() as { sql: string }).sql;
    const checks = sql.match(/CHECK \((?:[^()]|\([^()]*\))*\)/g);
    expect(checks).toEqual([
      'CHECK (shots IS NULL OR shots >= 0)',
      'CHECK (cot IS NULL OR cot IN (0, 1))',
      'CHECK (pass_k IS NULL OR pass_k >= 1)',
      'CHECK (test_time_compute IS NULL OR test_time_compute > 0)',
      'CHECK (stderr IS NULL OR stderr >= 0)',
      'CHECK (n IS NULL OR n > 0)',
      "CHECK (source_kind IS NULL OR source_kind IN ('lab-reported', 'third-party', 'own-run'))",
      "CHECK (evaluated_on IS NULL OR evaluated_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')",
    ]);
  });

  it('RESULT_RULES names each CHECK clause of results, each on the column that has it', () => {
    const ws = tempWorkspace();
    spaces.push(ws);
    const sql = (ws.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'results'").get() as { sql: string }).sql;
    const checks = sql.match(/CHECK \((?:[^()]|\([^()]*\))*\)/g);
    const fromRules = RESULT_FIELDS.flatMap((f) => {
      const rule = RESULT_RULES[f];
      return rule.check === null ? [] : [`CHECK (${rule.check})`];
    });
    expect([...fromRules].sort()).toEqual([...(checks ?? [])].sort());
    for (const f of RESULT_FIELDS) {
      const rule = RESULT_RULES[f];
      // A rule's CHECK is about its own column.
      if (rule.check !== null) expect(rule.check.startsWith(`${rule.column} IS NULL OR ${rule.column} `), f).toBe(true);
    }
  });
});
