import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../../../src-main/core/demo/catalog';
import { PLANTED, writeDemo, type DemoSummary, type PlantedCase, type PlantedRule } from '../../../../src-main/core/demo/generate';
import { getMeta } from '../../../../src-main/core/db/repositories/meta';
import type { Db } from '../../../../src-main/core/db/open';
import { checkIntegrity, snapshot, tempWorkspace } from '../../../helpers/workspace';

interface Row {
  id: number;
  model: string;
  family: string | null;
  release: string;
  benchmark: string;
  unit: 'fraction' | 'percent' | 'points';
  bFloor: number;
  ceiling: number;
  subtask: string | null;
  sFloor: number | null;
  weight: number | null;
  settingKey: string;
  ttc: number | null;
  effort: string | null;
  score: number;
  stderr: number | null;
  n: number | null;
  source: string;
  sourceKind: string | null;
  evaluatedOn: string | null;
  notes: string | null;
}

function rows(db: Db): Row[] {
  return db
    .prepare(
      `SELECT r.id, m.name AS model, m.family, m.release_date AS release, b.name AS benchmark, b.unit, b.floor AS bFloor, b.ceiling,
              s.name AS subtask, s.floor AS sFloor, s.weight, r.setting_key AS settingKey, r.test_time_compute AS ttc, r.effort,
              r.score, r.stderr, r.n, r.source, r.source_kind AS sourceKind, r.evaluated_on AS evaluatedOn, r.notes
         FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id
         LEFT JOIN subtasks s ON s.id = r.subtask_id ORDER BY r.id`,
    )
    .all() as Row[];
}

const rowKey = (model: string, benchmark: string, subtask: string | null, setting: string, source: string): string =>
  [model, benchmark, subtask ?? '', setting, source].join('\u0000');

/** The planted entries that sit on a row, so clean-data checks can skip exactly those rows. */
function plantedOn(r: Row): PlantedCase[] {
  const k = rowKey(r.model, r.benchmark, r.subtask, r.settingKey, r.source);
  return PLANTED.filter((p) => rowKey(p.model, p.benchmark, p.subtask ?? null, p.setting, p.source) === k);
}
const plantedFor = (r: Row, rule: PlantedRule): boolean => plantedOn(r).some((p) => p.rule === rule || p.alsoMatches.includes(rule));

/** Combined standard error of a difference, with the reporting precision (half a last digit) as a floor. */
function combined(a: Row, b: Row): number {
  const half = a.unit === 'percent' ? 0.05 : a.unit === 'fraction' ? 0.0005 : 0.5;
  return Math.sqrt((a.stderr ?? 0) ** 2 + (b.stderr ?? 0) ** 2) + 2 * half;
}

function group<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k) ?? [];
    list.push(it);
    m.set(k, list);
  }
  return m;
}

describe('writeDemo', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let summary: DemoSummary;
  let all: Row[];

  beforeAll(() => {
    ws = tempWorkspace();
    summary = ws.db.transaction(() => writeDemo(ws.db))();
    all = rows(ws.db);
    return () => ws.dispose();
  });

  it('writes the promised numbers of organizations, models, benchmarks, subtasks and results', () => {
    const c = ws.db
      .prepare(
        `SELECT (SELECT count(*) FROM organizations) o, (SELECT count(*) FROM models) m, (SELECT count(*) FROM benchmarks) b,
                (SELECT count(*) FROM subtasks) s, (SELECT count(*) FROM results) r`,
      )
      .get() as { o: number; m: number; b: number; s: number; r: number };
    expect(summary).toEqual({ organizations: c.o, models: c.m, benchmarks: c.b, subtasks: c.s, results: c.r, planted: PLANTED.length });
    expect(c.o).toBeGreaterThanOrEqual(8);
    expect(c.m).toBeGreaterThanOrEqual(60);
    expect(c.m).toBeLessThanOrEqual(80);
    expect(c.b).toBeGreaterThanOrEqual(15);
    expect(c.r).toBeGreaterThanOrEqual(2000);
    expect(c.r).toBeLessThanOrEqual(6000);
    // Several benchmarks with 3–10 subtasks, one subtask with its own floor.
    const perBench = ws.db.prepare('SELECT benchmark_id, count(*) c FROM subtasks GROUP BY benchmark_id').all() as { c: number }[];
    expect(perBench.length).toBeGreaterThanOrEqual(5);
    for (const p of perBench) {
      expect(p.c).toBeGreaterThanOrEqual(3);
      expect(p.c).toBeLessThanOrEqual(10);
    }
    expect((ws.db.prepare("SELECT count(*) c FROM subtasks WHERE floor IS NOT NULL AND name = 'numeric comparison'").get() as { c: number }).c).toBe(1);
  });

  it('covers model families from 2019 to 2026 with growing training compute', () => {
    const years = ws.db.prepare('SELECT min(release_date) lo, max(release_date) hi, min(training_compute_flop) cmin, max(training_compute_flop) cmax FROM models').get() as {
      lo: string;
      hi: string;
      cmin: number;
      cmax: number;
    };
    expect(years.lo.startsWith('2019')).toBe(true);
    expect(years.hi.startsWith('2026')).toBe(true);
    expect(years.cmin).toBeGreaterThanOrEqual(1e21);
    expect(years.cmax).toBeLessThanOrEqual(5e26);
    const fams = ws.db.prepare('SELECT family, count(*) c FROM models GROUP BY family HAVING c >= 4').all();
    expect(fams.length).toBeGreaterThanOrEqual(6);
    // Within a family, newer members have more training compute or newer dates (monotone product lines).
    const models = ws.db.prepare('SELECT family, release_date r, training_compute_flop c FROM models ORDER BY family, release_date').all() as {
      family: string;
      r: string;
      c: number;
    }[];
    for (const [, list] of group(models, (x) => x.family)) {
      for (let i = 1; i < list.length; i++) expect(list[i]!.r > list[i - 1]!.r).toBe(true);
    }
    expect((ws.db.prepare('SELECT count(*) c FROM model_aliases').get() as { c: number }).c).toBeGreaterThanOrEqual(5);
  });

  it('includes reasoning models at three test-time-compute budgets that score higher with more thinking', () => {
    const ttc = all.filter((r) => r.ttc !== null);
    expect(new Set(ttc.map((r) => r.effort))).toEqual(new Set(['low', 'medium', 'high']));
    expect(new Set(ttc.map((r) => r.ttc))).toEqual(new Set([1e3, 8e3, 3.2e4]));
    expect(new Set(ttc.map((r) => r.model)).size).toBeGreaterThanOrEqual(5);
    // On average over all reports, high effort beats low effort.
    const byReport = group(ttc.filter((r) => r.sourceKind === 'lab-reported'), (r) => `${r.model}|${r.benchmark}|${r.subtask ?? ''}`);
    let gains = 0;
    let count = 0;
    for (const list of byReport.values()) {
      const lo = list.find((r) => r.effort === 'low');
      const hi = list.find((r) => r.effort === 'high');
      if (lo && hi && lo.unit !== 'points') {
        gains += hi.score / (hi.unit === 'percent' ? 100 : 1) - lo.score / (lo.unit === 'percent' ? 100 : 1);
        count++;
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(gains / count).toBeGreaterThan(0.02);
  });

  it('uses all three kinds of source and several evaluation settings', () => {
    expect(new Set(all.map((r) => r.sourceKind))).toEqual(new Set(['lab-reported', 'third-party', 'own-run']));
    expect(new Set(all.map((r) => r.settingKey)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((r) => r.unit))).toEqual(new Set(['fraction', 'percent', 'points']));
  });

  it('labels every result and model as synthetic demo data', () => {
    for (const r of all) {
      expect(r.source).toMatch(/^synthetic demo data: /);
      expect(r.notes).toContain('synthetic demo data');
    }
    const notes = ws.db.prepare('SELECT notes FROM models').all() as { notes: string | null }[];
    for (const n of notes) expect(n.notes).toContain('synthetic demo data');
  });

  it('sets the demo flag and the workspace name', () => {
    expect(getMeta(ws.db, 'demo')).toBe('1');
    expect(getMeta(ws.db, 'name')).toBe('Synthetic demo workspace');
  });

  it('leaves the database intact with no foreign key violations', () => {
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('contains every planted inconsistency, including 9.11-vs-9.8 and the 52.8 / 22.1 conflict', () => {
    const byKey = new Map(all.map((r) => [rowKey(r.model, r.benchmark, r.subtask, r.settingKey, r.source), r]));
    for (const p of PLANTED) {
      const r = byKey.get(rowKey(p.model, p.benchmark, p.subtask ?? null, p.setting, p.source));
      expect(r, `${p.rule} ${p.model} ${p.benchmark} ${p.subtask ?? ''}`).toBeDefined();
    }
    const rules = new Set(PLANTED.map((p) => p.rule));
    expect(rules.size).toBe(9);
    const nineEleven = PLANTED.find((p) => p.subtask === 'numeric comparison');
    expect(nineEleven?.rule).toBe('surprising-failure');
    const conflict = all.filter((r) => r.model === 'gale-3' && r.benchmark === 'CompMath' && r.subtask === null && r.settingKey === 'shots=4;cot=1');
    expect(conflict.map((r) => r.score).sort()).toEqual([22.1, 52.8]);
    // Each planted kind is really there.
    const at = (p: PlantedCase): Row => all.find((r) => rowKey(r.model, r.benchmark, r.subtask, r.settingKey, r.source) === rowKey(p.model, p.benchmark, p.subtask ?? null, p.setting, p.source))!;
    for (const p of PLANTED) {
      const r = at(p);
      if (p.rule === 'date-anomaly') expect(r.evaluatedOn! < r.release).toBe(true);
      if (p.rule === 'unit-slip') expect(r.unit === 'fraction' ? r.score > 1 : r.score < 1).toBe(true);
    }
    const impossible = PLANTED.filter((p) => p.rule === 'impossible-value').map(at);
    expect(impossible.some((r) => r.score > r.ceiling)).toBe(true);
    expect(impossible.some((r) => r.score < 0)).toBe(true);
    expect(impossible.some((r) => r.stderr === 0 && r.score > r.bFloor && r.score < r.ceiling)).toBe(true);
    expect(impossible.some((r) => r.n !== null && Math.abs((r.score * r.n) / 100 - Math.round((r.score * r.n) / 100)) > 0.1)).toBe(true);
  });

  it('keeps every non-planted result within [floor − 3·stderr, ceiling] and dated on or after its model release', () => {
    for (const r of all) {
      if (plantedOn(r).length) continue;
      const floor = r.sFloor ?? r.bFloor;
      const se = r.stderr ?? 0;
      expect(r.score, `${r.model} ${r.benchmark} ${r.subtask ?? ''}`).toBeGreaterThanOrEqual(floor - 3 * se);
      expect(r.score, `${r.model} ${r.benchmark} ${r.subtask ?? ''}`).toBeLessThanOrEqual(r.ceiling);
      expect(r.evaluatedOn! >= r.release, `${r.model} ${r.benchmark} ${r.evaluatedOn}`).toBe(true);
      if (r.unit === 'fraction') expect(r.score).toBeLessThanOrEqual(1);
    }
  });

  it('gives non-planted count scores as k/n with stderr √(p(1−p)/n) in the unit', () => {
    for (const r of all) {
      if (plantedOn(r).length || r.unit === 'points') continue;
      expect(r.n).not.toBeNull();
      const scale = r.unit === 'percent' ? 100 : 1;
      const half = r.unit === 'percent' ? 0.05 : 0.0005;
      const n = r.n!;
      // Every k whose k/n rounds to the printed score (several when n exceeds the printed precision).
      const ks: number[] = [];
      for (let k = Math.floor(((r.score - half) / scale) * n); k <= Math.ceil(((r.score + half) / scale) * n); k++) {
        if (k >= 0 && k <= n && Math.abs((scale * k) / n - r.score) <= half + 1e-9) ks.push(k);
      }
      expect(ks.length, `${r.model} ${r.benchmark} ${r.score} of ${n}`).toBeGreaterThan(0);
      const se = (k: number) => scale * Math.sqrt(((k / n) * (1 - k / n)) / n);
      expect(ks.some((k) => Math.abs((r.stderr ?? -1) - se(k)) <= se(k) * 0.01 + 1e-12), `${r.model} ${r.benchmark} ${r.score} ± ${r.stderr}`).toBe(true);
      if (r.score > 0 && r.score < scale) expect(r.stderr).toBeGreaterThan(0);
    }
  });

  it('makes aggregates the weighted mean of their subtasks, except the planted mismatches', () => {
    const reports = group(all, (r) => `${r.model}|${r.benchmark}|${r.settingKey}|${r.source}`);
    let checked = 0;
    for (const list of reports.values()) {
      const agg = list.find((r) => r.subtask === null);
      const subs = list.filter((r) => r.subtask !== null);
      if (!agg || subs.length === 0) continue;
      const wsum = subs.reduce((s, r) => s + (r.weight ?? 0), 0);
      if (Math.abs(wsum - 1) > 1e-6) continue; // only complete reports can be compared
      const mean = subs.reduce((s, r) => s + (r.weight ?? 0) * r.score, 0);
      const tol = agg.unit === 'percent' ? 0.1 : 0.001;
      if (plantedFor(agg, 'aggregate-mismatch')) expect(Math.abs(agg.score - mean)).toBeGreaterThan(3);
      else expect(Math.abs(agg.score - mean), `${agg.model} ${agg.benchmark}`).toBeLessThanOrEqual(tol);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('has no accidental regressions within a family, conflicting reports or effort inversions', () => {
    const problems: string[] = [];
    // Regression: a newer family member scoring clearly below an older one, same benchmark, subtask, setting and source.
    const series = group(all.filter((r) => r.family !== null), (r) => `${r.family}|${r.benchmark}|${r.subtask ?? ''}|${r.settingKey}|${r.source}`);
    for (const list of series.values()) {
      const sorted = [...list].sort((a, b) => (a.release < b.release ? -1 : 1));
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) {
          const older = sorted[i]!;
          const newer = sorted[j]!;
          if (newer.score < older.score - 2 * combined(older, newer) && !plantedFor(newer, 'regression')) {
            problems.push(`regression ${older.model}→${newer.model} ${newer.benchmark} ${newer.subtask ?? ''} ${older.score}→${newer.score}`);
          }
        }
      }
    }
    // Conflicts: two sources, same model, benchmark, subtask and setting, far apart.
    const same = group(all, (r) => `${r.model}|${r.benchmark}|${r.subtask ?? ''}|${r.settingKey}`);
    for (const list of same.values()) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i]!;
          const b = list[j]!;
          if (Math.abs(a.score - b.score) > 2 * combined(a, b) && !plantedFor(a, 'conflicting-reports') && !plantedFor(b, 'conflicting-reports')) {
            problems.push(`conflict ${a.model} ${a.benchmark} ${a.subtask ?? ''} ${a.score} vs ${b.score}`);
          }
        }
      }
    }
    // Effort: more thinking should not score clearly lower.
    const efforts = group(all.filter((r) => r.ttc !== null), (r) => `${r.model}|${r.benchmark}|${r.subtask ?? ''}|${r.source}`);
    for (const list of efforts.values()) {
      const sorted = [...list].sort((a, b) => a.ttc! - b.ttc!);
      for (let i = 0; i + 1 < sorted.length; i++) {
        const a = sorted[i]!;
        const b = sorted[i + 1]!;
        if (b.score < a.score - 2 * combined(a, b) && !plantedOn(a).length && !plantedOn(b).length) {
          problems.push(`effort ${a.model} ${a.benchmark} ${a.subtask ?? ''} ${a.effort}:${a.score} ${b.effort}:${b.score}`);
        }
      }
    }
    // Ordering: within one report, an easier subtask (by the catalog's difficulty) clearly below a harder one.
    const delta = new Map<string, number>();
    for (const b of BENCHMARKS) for (const st of b.subtasks ?? []) delta.set(`${b.name}|${st.name}`, st.delta);
    const reports = group(all.filter((r) => r.subtask !== null), (r) => `${r.model}|${r.benchmark}|${r.settingKey}|${r.source}`);
    for (const list of reports.values()) {
      for (const easy of list) {
        for (const hard of list) {
          const de = delta.get(`${easy.benchmark}|${easy.subtask ?? ''}`) ?? 0;
          const dh = delta.get(`${hard.benchmark}|${hard.subtask ?? ''}`) ?? 0;
          if (de < dh && easy.score < hard.score - 2 * combined(easy, hard) && !plantedFor(easy, 'ordering') && !plantedFor(hard, 'ordering')) {
            problems.push(`ordering ${easy.model} ${easy.benchmark} ${easy.subtask ?? ''}:${easy.score} < ${hard.subtask ?? ''}:${hard.score}`);
          }
        }
      }
    }
    // Dates: nothing evaluated before its benchmark existed, or after the demo's last evaluation day.
    const benchRelease = new Map(BENCHMARKS.map((b) => [b.name, b.release]));
    for (const r of all) {
      if (plantedOn(r).length) continue;
      if (r.evaluatedOn! < (benchRelease.get(r.benchmark) ?? '')) problems.push(`before benchmark ${r.model} ${r.benchmark} ${r.evaluatedOn}`);
      if (r.evaluatedOn! > '2026-10-30') problems.push(`future ${r.model} ${r.benchmark} ${r.evaluatedOn}`);
    }
    expect(problems).toEqual([]);
  });

  describe('determinism', () => {
    let other: ReturnType<typeof tempWorkspace> | null = null;
    afterEach(() => other?.dispose());

    it('produces identical tables on a second run', () => {
      other = tempWorkspace();
      const db2 = other.db;
      db2.transaction(() => writeDemo(db2))();
      const strip = (db: Db) => {
        const snap = snapshot(db);
        // Timestamps differ between runs by design; everything else must match.
        for (const list of Object.values(snap)) {
          for (const row of list as Record<string, unknown>[]) {
            for (const k of ['created_at', 'updated_at', 'logged_at', 'changed_at']) delete row[k];
          }
        }
        return snap;
      };
      expect(strip(db2)).toEqual(strip(ws.db));
    });
  });
});
