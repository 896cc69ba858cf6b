import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataOrigin } from '../../../../src-main/common/domain';
import { ApiError } from '../../../../src-main/common/errors';
import { reportFileName } from '../../../../src-main/common/report';
import { buildReport, esc, withinYear } from '../../../../src-main/core/report/build';
import { gatherReport } from '../../../../src-main/core/report/data';
import { cssString } from '../../../../src-main/core/report/style';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

const ws = tempWorkspace();
const api = apiFor(ws);
let ids: Record<string, number> = {};

beforeAll(async () => {
  await api.call('workspace/loadDemo', {});
  await api.call('flags/recompute', {});
  ids = Object.fromEntries((await api.call('benchmarks/list', {})).map((b) => [b.name, b.id]));
});
afterAll(() => ws.dispose());

const DEMO_ORIGIN: DataOrigin = { kind: 'demo', parts: ['demo'], label: 'Synthetic demo data', asOf: null, sources: [], refreshedOn: null };
const ctx = { workspaceName: 'Lab <workspace>', origin: DEMO_ORIGIN, now: new Date('2026-12-01T00:00:00Z') };

describe('report document', () => {
  it('builds one self-contained HTML document with an inline SVG chart per chosen benchmark and no scripts', () => {
    const r = buildReport(ws.db, { benchmarkIds: [ids.RepoFix as number, ids.CodeDuel as number], title: 'Q4 review', author: 'Ada' }, ctx);
    expect(r.benchmarks).toEqual(['RepoFix', 'CodeDuel']);
    expect(r.html).toMatch(/^<!doctype html>/);
    expect(r.html).toContain('<title>Q4 review</title>');
    expect(r.html).toContain('<meta name="author" content="Ada">');
    expect(r.html).not.toMatch(/<script/i);
    expect(r.html).not.toMatch(/(src|href)="https?:/);
    // Two benchmark charts and the heatmap, each an inline SVG.
    expect(r.html.match(/<svg /g)?.length).toBe(3);
    expect(r.html).toContain('id="benchmark-' + String(ids.RepoFix) + '"');
    // The benchmark pages keep the chosen order.
    expect(r.html.indexOf('<h2>RepoFix')).toBeLessThan(r.html.indexOf('<h2>CodeDuel'));
  });

  it('gives every SVG element id a distinct value, so one chart cannot borrow another chart\'s clip path', () => {
    const r = buildReport(ws.db, { benchmarkIds: [ids.RepoFix as number, ids.CodeDuel as number, ids.LexiQA as number] }, ctx);
    const found = [...r.html.matchAll(/<(?:clipPath|linearGradient|radialGradient|pattern|filter)[^>]* id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(found).size).toBe(found.length);
  });

  it('prints every chosen benchmark\'s forecast date, taken from the same forecast as the dashboard', async () => {
    const chosen = ['CodeDuel', 'OfficeTasks', 'WebAgentArena'];
    const r = buildReport(ws.db, { benchmarkIds: chosen.map((n) => ids[n] as number) }, ctx);
    const asOf = r.html.match(/<dt>As of<\/dt><dd>([\d-]+)</)?.[1] as string;
    const dash = await api.call('dashboard/summary', { asOf, resamples: 100 });
    for (const name of chosen) {
      const row = dash.rows.find((x) => x.name === name);
      expect(row?.crossingDate, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.html).toContain(row?.crossingDate as string);
    }
  });

  it('selects by category, and intersects a category with chosen ids', () => {
    const math = gatherReport(ws.db, { category: 'math' }, ctx);
    expect(math.benchmarks.map((b) => b.category)).toEqual(math.benchmarks.map(() => 'math'));
    expect(math.benchmarks.length).toBeGreaterThan(1);
    const both = gatherReport(ws.db, { category: 'MATH', benchmarkIds: [ids.CompMath as number, ids.RepoFix as number] }, ctx);
    expect(both.benchmarks.map((b) => b.name)).toEqual(['CompMath']);
  });

  it('refuses an unknown benchmark id and a selection that matches nothing', () => {
    expect(() => gatherReport(ws.db, { benchmarkIds: [999_999] }, ctx)).toThrow(ApiError);
    expect(() => gatherReport(ws.db, { benchmarkIds: [999_999] }, ctx)).toThrow(/No benchmark with id 999999/);
    expect(() => gatherReport(ws.db, { category: 'astrology' }, ctx)).toThrow(/No benchmark in category "astrology"/);
  });

  it('counts saturated benchmarks and forecasts within 12 months of the as-of date on the summary page', () => {
    const withFlags = { ...ctx, flags: () => apiFlags };
    const d = gatherReport(ws.db, {}, withFlags);
    const r = buildReport(ws.db, {}, withFlags);
    const saturated = d.summary.rows.filter((x) => x.status === 'saturated').length;
    const soon = withinYear(d.summary.rows, d.options.asOf).length;
    const high = (d.flags ?? []).filter((f) => f.status === 'open' && f.severity === 'high').length;
    expect(saturated).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(0);
    expect(r.html).toContain(`<div class="n">${d.summary.rows.length}</div><div class="l">benchmarks tracked</div>`);
    expect(r.html).toContain(`<div class="n">${saturated}</div><div class="l">saturated</div>`);
    expect(r.html).toContain(`<div class="n">${soon}</div><div class="l">forecast to saturate within 12 months</div>`);
    expect(r.html).toContain(`<div class="n">${high}</div><div class="l">open high-severity flags</div>`);
  });

  it('takes the data cut-off from the latest logged result and defaults the as-of date to it', () => {
    const d = gatherReport(ws.db, {}, ctx);
    const latest = (ws.db.prepare('SELECT max(logged_at) AS t FROM results').get() as { t: string }).t.slice(0, 10);
    expect(d.cutoffLogged).toBe(latest);
    expect(d.options.asOf).toBe(latest);
    expect(gatherReport(ws.db, { asOf: '2025-06-30' }, ctx).options.asOf).toBe('2025-06-30');
  });

  it('leaves the flags section out, and says so in the methods, when the workspace cannot list flags', () => {
    const r = buildReport(ws.db, { benchmarkIds: [ids.CodeDuel as number] }, { workspaceName: 'w' });
    expect(r.sections).not.toContain('flags');
    expect(r.html).not.toContain('id="flags"');
    expect(r.html).toContain('the flags section is left out');
    expect(r.html).not.toContain('open high-severity flags');
  });

  it('shows flags with their evidence values when flags are available', () => {
    const r = buildReport(ws.db, {}, { ...ctx, flags: () => apiFlags });
    expect(r.sections).toContain('flags');
    expect(r.html).toContain('id="flags"');
    // Rules by name, never by id.
    expect(r.html).toContain('Conflicting reports');
    expect(r.html).not.toContain('conflicting-reports');
    expect(r.html).toContain('Score ± se');
  });

  it('prints only the chosen sections, in the fixed order', () => {
    const r = buildReport(ws.db, { sections: ['provenance', 'summary'] }, ctx);
    expect(r.sections).toEqual(['summary', 'provenance']);
    expect(r.html).not.toContain('<svg');
    expect(r.html.indexOf('id="summary"')).toBeLessThan(r.html.indexOf('id="provenance"'));
  });

  it('cites every source with its result count in the provenance section', () => {
    const r = buildReport(ws.db, { sections: ['provenance'] }, ctx);
    const rows = ws.db.prepare('SELECT source, count(*) AS n FROM results GROUP BY source').all() as { source: string; n: number }[];
    expect(rows.length).toBeGreaterThan(3);
    for (const s of rows) expect(r.html).toContain(`<td class="wrap">${esc(s.source)}</td><td>`);
    const total = rows.reduce((a, s) => a + s.n, 0);
    expect(r.html).toContain(`Every source of the ${total} results`);
  });

  it('draws the chart on another axis while taking forecast dates from the release-date fit', () => {
    const r = buildReport(ws.db, { benchmarkIds: [ids.CodeDuel as number], axis: 'compute', sections: ['benchmarks'] }, ctx);
    expect(r.html).toContain('Training compute (log10 FLOP)');
    expect(r.html).toContain('Forecast dates below come from the release-date fit');
  });

  it('says "no backtest yet" for a benchmark with too little history', async () => {
    await api.call('benchmarks/upsert', { name: 'Tiny', unit: 'fraction', floor: 0.25 });
    await api.call('results/upsertMany', {
      rows: [
        { model: 'gale-4', benchmark: 'Tiny', score: 0.5, source: 'own run' },
        { model: 'gale-5', benchmark: 'Tiny', score: 0.6, source: 'own run' },
      ],
    });
    const tiny = (await api.call('benchmarks/list', {})).find((b) => b.name === 'Tiny');
    const r = buildReport(ws.db, { benchmarkIds: [tiny?.id as number], sections: ['benchmarks'] }, ctx);
    expect(r.html).toContain('No backtest yet');
    await api.call('benchmarks/delete', { id: tiny?.id as number });
  });

  it('escapes names in the document and in the CSS of the running header', () => {
    const r = buildReport(ws.db, { benchmarkIds: [ids.CodeDuel as number], title: '</style><b>"x"</b>', sections: ['summary'] }, ctx);
    expect(r.html).toContain('<title>&#60;/style&#62;&#60;b&#62;&#34;x&#34;&#60;/b&#62;</title>');
    expect(r.html.match(/<\/style>/g)?.length).toBe(1);
    expect(r.html).toContain('Lab &#60;workspace&#62;');
    expect(cssString('a "b" \\ </style>')).toBe('"a \\"b\\" \\\\ \\3C /style>"');
  });

  it('suggests a file name from the title', () => {
    expect(reportFileName('Agents & code: Q4 review')).toBe('Agents-code-Q4-review.pdf');
    expect(reportFileName('///')).toBe('headroom-report.pdf');
  });
});

describe('reports API', () => {
  it('returns the document from reports/html and validates its options', async () => {
    const r = await api.call('reports/html', { options: { benchmarkIds: [ids.CodeDuel as number], title: 'T' } });
    expect(r.title).toBe('T');
    expect(r.html).toContain('CodeDuel');
    const bad = await api.raw('reports/html', { options: { threshold: 1.5 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.details?.issues?.[0]?.path).toBe('options.threshold');
  });

  it('says PDF printing is unavailable when the process has no printer', async () => {
    const env = await api.raw('reports/pdf', { options: { benchmarkIds: [ids.CodeDuel as number] } });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('unavailable');
  });
});

// Flags as the API lists them, for the "flags available" case (filled before the tests run).
let apiFlags: Awaited<ReturnType<typeof api.call<'flags/list'>>> = [];
beforeAll(async () => {
  apiFlags = await api.call('flags/list', {});
});
