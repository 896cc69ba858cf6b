/**
 * The public starter workspace, rebuilt from the files vendored in data/public through the importers, and checked
 * against those files as this test reads them itself (papaparse, never the importers): how many results each file
 * gives, a sample of values at the line each result names, model release dates, and the bar for a useful
 * starting point: at least 30 benchmarks in the forecast including the headline ones, GSM8K and HellaSwag saturated,
 * the catalog's chance floors, and release dates on the models behind most results.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../src-main/common/api';
import type { DashboardSummary } from '../../../../src-main/common/dashboard';
import { importRequestsFor } from '../../../../src-main/cli/importFiles';
import { findCatalogEntry } from '../../../../src-main/core/catalog/benchmarkCatalog';
import { dashboardSummary } from '../../../../src-main/core/dashboard/summary';
import { buildPublicWorkspace, mergeTarget, publicDataDir, readPublicManifest, type PublicBuildSummary } from '../../../../src-main/core/public/build';
import { dataOrigin } from '../../../../src-main/core/public/origin';
import { apiFor } from '../../../helpers/api';
import { soakOr } from '../../../helpers/soak';
import { tempWorkspace } from '../../../helpers/workspace';

const dir = publicDataDir();
const manifest = readPublicManifest(dir);
const ws = tempWorkspace();
let built: PublicBuildSummary;
let dash: DashboardSummary;

beforeAll(() => {
  built = buildPublicWorkspace(ws.db);
  dash = dashboardSummary(ws.db, { threshold: 0.9, resamples: 0 });
});
afterAll(() => ws.dispose());

/** A vendored CSV as rows keyed by header, each with the line it starts on (the test's own reading). */
function sourceRows(file: string): { line: number; row: Record<string, string> }[] {
  const text = readFileSync(path.join(dir, 'epoch_benchmark_stitching', file), 'utf8').replace(/^\ufeff/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  // Lines: count the newlines before each record's start (quoted cells may hold newlines).
  const out: { line: number; row: Record<string, string> }[] = [];
  let offset = text.indexOf('\n') + 1;
  let line = 2;
  for (const row of parsed.data) {
    out.push({ line, row });
    // Advance past this record in the text: its end is the next newline outside quotes.
    let i = offset;
    let quoted = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') quoted = !quoted;
      else if (ch === '\n' && !quoted) break;
      else if (ch === '\n') line++;
    }
    offset = i + 1;
    line++;
  }
  return out;
}

function stored(fileName: string): Map<string, { score: number; benchmark: string; unit: string; model: string }> {
  const rows = ws.db
    .prepare(
      `SELECT r.score, r.source_line AS line, r.source_place AS place, b.name AS benchmark, b.unit, m.name AS model
       FROM results r JOIN imports i ON i.id = r.import_id JOIN benchmarks b ON b.id = r.benchmark_id JOIN models m ON m.id = r.model_id
       WHERE i.file_name = ?`,
    )
    .all(fileName) as { score: number; line: number; place: string | null; benchmark: string; unit: string; model: string }[];
  return new Map(rows.map((r) => [`${r.line} ${r.place ?? ''}`, r]));
}

describe('public workspace build', () => {
  it('imports every listed file once, through the importers, and records the sources and as-of date', () => {
    const files = manifest.sources.flatMap((s) => s.files.map((f) => `${s.folder}/${f}`));
    expect(built.files.map((f) => f.fileName)).toEqual(files);
    // Results files keep an imports row (models and benchmarks tables do not: they write no results).
    const imports = ws.db.prepare('SELECT file_name FROM imports ORDER BY id').all() as { file_name: string }[];
    expect(imports.map((i) => i.file_name)).toEqual(files.filter((f) => !/model_versions|benchmark_optim/.test(f)));
    const origin = dataOrigin(ws.db);
    expect(origin.kind).toBe('public');
    expect(origin.asOf).toBe('2025-12-03');
    expect(origin.label).toContain('Epoch AI');
    expect(origin.label).toContain('as of 2025-12-03');
    expect(origin.label).not.toMatch(/made up|synthetic/i);
  });

  it("stores every successful run of Epoch AI's own evaluations with the score and date of its line", () => {
    const rows = sourceRows('benchmarks_runs.csv');
    const success = rows.filter((r) => r.row.Status === 'Success');
    const got = stored('epoch_benchmark_stitching/benchmarks_runs.csv');
    expect(got.size).toBe(success.length);
    for (const { line, row } of success) {
      const r = got.get(`${line} column "Best score (across scorers)"`);
      expect(r, `line ${line}`).toBeDefined();
      expect(r!.score).toBe(Number(row['Best score (across scorers)']));
    }
  });

  it("stores each row of Epoch AI's MMLU and GSM8K leaderboards that names a model, with the percentage its cell writes", () => {
    for (const slug of ['mmlu', 'gsm8k']) {
      const rows = sourceRows(`external_benchmark_${slug}.csv`).filter((r) => r.row.EM?.trim() && (r.row['Model version']?.trim() || r.row.Name?.trim()));
      const got = stored(`epoch_benchmark_stitching/external_benchmark_${slug}.csv`);
      expect(got.size).toBe(rows.length);
      for (const { line, row } of rows) {
        const r = got.get(`${line} column "EM"`)!;
        const percent = Number(row.EM!.replace('%', ''));
        expect(r.score, `${slug} line ${line}`).toBeCloseTo(r.unit === 'percent' ? percent : percent / 100, 12);
      }
    }
  });

  it("gives each model of Epoch AI's model list the release date of its line", () => {
    const byModel = new Map<string, string>();
    for (const { row } of sourceRows('model_versions.csv')) {
      const date = row['Version release date']?.trim();
      // The effort or thinking-budget suffix is a setting of results, not part of the model (docs/formats.md).
      const base = row.id!.trim().replace(/_(minimal|low|medium|high|xhigh|max|\d+K)$/, '');
      if (date) byModel.set(base.toLowerCase(), date);
    }
    const models = ws.db.prepare('SELECT name, release_date AS date FROM models').all() as { name: string; date: string | null }[];
    const dated = new Map(models.map((m) => [m.name.toLowerCase(), m.date]));
    let checked = 0;
    for (const [name, date] of byModel) {
      if (!dated.has(name)) continue;
      expect(dated.get(name), name).toBe(date);
      checked++;
    }
    expect(checked).toBeGreaterThan(byModel.size * 0.95);
  });

  it('forecasts at least 30 benchmarks, among them the headline ones, with GSM8K and HellaSwag saturated', () => {
    const withResults = dash.rows.filter((r) => r.resultCount > 0);
    expect(withResults.length).toBeGreaterThanOrEqual(30);
    // No empty benchmark from the benchmarks table: its "ARC AI2" row describes ARC-Challenge (the catalog's name).
    expect(dash.rows.filter((r) => r.resultCount === 0).map((r) => r.name)).toEqual([]);
    const byName = new Map(dash.rows.map((r) => [r.name.toLowerCase(), r]));
    for (const name of ['GPQA Diamond', 'MMLU', 'GSM8K', 'MATH level 5', 'SWE-bench Verified', 'FrontierMath']) {
      expect(byName.get(name.toLowerCase())?.resultCount ?? 0, name).toBeGreaterThan(0);
    }
    expect(byName.get('gsm8k')?.status).toBe('saturated');
    expect(byName.get('hellaswag')?.status).toBe('saturated');
  });

  it("gives every benchmark the catalog knows its chance floor, on the benchmark's own scale", () => {
    let withFloor = 0;
    for (const row of dash.rows) {
      const entry = findCatalogEntry(row.name);
      if (!entry || !entry.scale.floor) continue;
      const scale = (u: string) => (u === 'percent' ? 100 : 1);
      const expected = entry.scale.unit === 'points' ? entry.scale.floor : (entry.scale.floor / scale(entry.scale.unit)) * scale(row.unit);
      expect(row.floor, row.name).toBeCloseTo(expected, 9);
      withFloor++;
    }
    // GPQA Diamond, MMLU, HellaSwag, ARC, Winogrande, PIQA, BoolQ, ANLI, ...
    expect(withFloor).toBeGreaterThanOrEqual(10);
  });

  it('has a release date on the models behind most results', () => {
    const m = ws.db.prepare('SELECT count(*) AS n, sum(release_date IS NOT NULL) AS dated FROM models').get() as { n: number; dated: number };
    const r = ws.db
      .prepare('SELECT count(*) AS n, sum(m.release_date IS NOT NULL) AS dated FROM results r JOIN models m ON m.id = r.model_id')
      .get() as { n: number; dated: number };
    // Epoch AI's leaderboards name some models only by a display name their model list does not have (HELM's
    // "J1-Jumbo v1 (178B)", GLaM sizes): those have no date in any vendored file.
    expect(r.dated / r.n).toBeGreaterThanOrEqual(0.85);
    expect(m.dated / m.n).toBeGreaterThanOrEqual(0.6);
  });

  it('merges a name only into a near-certain match', () => {
    const u = (candidates: [number, number][]) => ({ kind: 'model' as const, name: 'x', suggestion: 'create' as const, reason: '', candidates: candidates.map(([id, score]) => ({ id, name: `m${id}`, score })) });
    expect(mergeTarget(u([[1, 1]]))?.id).toBe(1);
    expect(mergeTarget(u([[1, 0.95], [2, 0.9]]))?.id).toBe(1);
    expect(mergeTarget(u([[1, 1], [2, 1]]))).toBeNull();
    expect(mergeTarget(u([[1, 0.9]]))?.id).toBe(1);
    expect(mergeTarget(u([[1, 0.9], [2, 0.9]]))).toBeNull();
    expect(mergeTarget(u([[1, 0.85]]))).toBeNull();
    expect(built.files.find((f) => f.fileName === 'openai_simple_evals/README.md')?.merged).toContain('o3 → o3-2025-04-16');
  });
});

describe('refreshing the public workspace from a newer copy of Epoch AI\'s folder', () => {
  /**
   * A user's newer download: the vendored folder copied under another name (as a zip of CSVs or another checkout
   * would be), with one score corrected, one run added and one leaderboard cell changed.
   */
  function newerCopy(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'headroom-refresh-'));
    const folder = path.join(root, 'benchmark-stitching-newer');
    cpSync(path.join(dir, 'epoch_benchmark_stitching'), folder, { recursive: true });
    const edit = (file: string, change: (rows: Record<string, string>[]) => void) => {
      const text = readFileSync(path.join(folder, file), 'utf8').replace(/^\ufeff/, '');
      const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      change(parsed.data);
      writeFileSync(path.join(folder, file), `${Papa.unparse(parsed.data, { columns: parsed.meta.fields!, newline: '\n' })}\n`);
    };
    edit('benchmarks_runs.csv', (rows) => {
      const run = rows.find((r) => r.Status === 'Success')!;
      run['Best score (across scorers)'] = String(Number(run['Best score (across scorers)']) / 2);
      rows.push({ ...run, id: 'refresh-test-run', model: 'refresh-test-model-2026-01-01', 'Best score (across scorers)': '0.5' });
    });
    edit('external_benchmark_mmlu.csv', (rows) => {
      const row = rows.find((r) => r.EM?.trim() && r['Model version']?.trim())!;
      row.EM = `${(Number(row.EM!.replace('%', '')) + 1).toFixed(1)}%`;
    });
    return folder;
  }

  it('adds the new result, shows each changed value in the preview, and duplicates nothing', async () => {
    const folder = newerCopy();
    const api = apiFor(ws);
    const before = (ws.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
    // npm test imports the changed files and an unchanged one; the soak run imports the whole folder.
    const wanted = soakOr(['benchmarks_runs.csv', 'external_benchmark_mmlu.csv', 'external_benchmark_gsm8k.csv'], null);
    const requests = importRequestsFor(folder).filter((r) => wanted === null || wanted.includes(path.basename(r.fileName)));
    const previews = new Map<string, ImportPreview>();
    for (const r of requests) previews.set(path.basename(r.fileName), await api.call('import/preview', r));

    const runs = previews.get('benchmarks_runs.csv')!;
    expect(runs.counts).toMatchObject({ add: 1, update: 1 });
    const changed = runs.sample.filter((s) => s.action === 'update');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.changes!.some((c) => c.startsWith('score:'))).toBe(true);
    expect(runs.created.models).toEqual(['refresh-test-model-2026-01-01']);
    const mmlu = previews.get('external_benchmark_mmlu.csv')!;
    expect(mmlu.counts).toMatchObject({ add: 0, update: 1 });
    expect(mmlu.sample.find((s) => s.action === 'update')!.changes).toEqual([expect.stringMatching(/^score: [\d.]+ → [\d.]+$/)]);
    for (const [file, p] of previews) {
      if (file === 'benchmarks_runs.csv' || file === 'external_benchmark_mmlu.csv') continue;
      expect({ file, add: p.counts.add }).toEqual({ file, add: 0 });
    }

    const values = () =>
      new Map((ws.db.prepare('SELECT id, score, stderr FROM results').all() as { id: number; score: number; stderr: number | null }[]).map((r) => [r.id, `${r.score} ${r.stderr}`]));
    const was = values();
    for (const r of requests) await api.call('import/apply', r);
    const now = values();
    expect(now.size).toBe(before + 1);
    // Exactly the two edited values changed; every other stored value is as it was.
    expect([...was].filter(([id, v]) => now.get(id) !== v)).toHaveLength(2);
    // The refresh is Epoch AI's data: the workspace still says public, with the day of the refresh.
    const origin = dataOrigin(ws.db);
    expect(origin.kind).toBe('public');
    expect(origin.refreshedOn).toBe(new Date().toISOString().slice(0, 10));
    rmSync(path.dirname(folder), { recursive: true, force: true });
  });
});
