/**
 * Model page charts: the model's normalized score on each benchmark against the frontier when it was released
 * (and the frontier today), and its score against test-time compute where it was evaluated at several budgets.
 */
import type { DashboardRow } from '../../../src-main/common/dashboard';
import { describeSetting, type Result } from '../../../src-main/common/domain';
import type { EChartsCoreOption } from './echarts';
import { esc, normalize, pct, powTen, score, shareAxisMax, truncate } from './format';
import { lineLook } from './dashboardCharts';
import type { ChartTokens } from './theme.svelte';
import type { ChartLegendItem, ChartTable } from './types';

/** One benchmark row of the model chart. */
export interface ModelBenchRow {
  benchmarkId: number;
  benchmark: string;
  unit: string;
  best: Result;
  normalized: number;
  /** Frontier (normalized) from models released before this one, and the model that held it. */
  atRelease: { y: number; model: string } | null;
  today: { y: number; model: string } | null;
}

/** The model's best aggregate result per benchmark, with the frontier before its release and today. */
export function modelRows(results: Result[], dash: DashboardRow[], releaseX: number | null): ModelBenchRow[] {
  const byBench = new Map<number, Result>();
  const meta = new Map(dash.map((r) => [r.benchmarkId, r]));
  for (const r of results) {
    if (r.subtaskId !== null) continue;
    const m = meta.get(r.benchmarkId);
    const hib = m?.higherIsBetter ?? true;
    const cur = byBench.get(r.benchmarkId);
    if (!cur || (hib ? r.score > cur.score : r.score < cur.score)) byBench.set(r.benchmarkId, r);
  }
  const rows: ModelBenchRow[] = [];
  for (const [bid, best] of byBench) {
    const m = meta.get(bid);
    if (!m) continue;
    const sp = m.sparkline;
    let atRelease: ModelBenchRow['atRelease'] = null;
    if (releaseX !== null) {
      for (let i = 0; i < sp.x.length; i++) {
        if ((sp.x[i] ?? Infinity) < releaseX - 1e-6) atRelease = { y: sp.y[i] ?? 0, model: sp.models[i] ?? '' };
      }
    }
    const last = sp.y.length - 1;
    rows.push({
      benchmarkId: bid,
      benchmark: m.name,
      unit: m.unit,
      best,
      normalized: normalize(best.score, m.floor, m.ceiling),
      atRelease,
      today: last >= 0 ? { y: sp.y[last] ?? 0, model: sp.models[last] ?? '' } : null,
    });
  }
  return rows.sort((a, b) => a.benchmark.localeCompare(b.benchmark));
}

export function modelChartHeight(n: number): number {
  return 90 + Math.max(4, n) * 24;
}

export function modelChart(rows: ModelBenchRow[], tokens: ChartTokens, modelName: string): EChartsCoreOption {
  const names = rows.map((r) => r.benchmark);
  const tip = (p: unknown) => {
    const q = p as { dataIndex: number; seriesName: string };
    const r = rows[q.dataIndex];
    if (!r) return '';
    const b = r.best;
    const lines = [
      `<strong>${esc(r.benchmark)}</strong>`,
      `${esc(modelName)}: <strong>${esc(score(b.score))}</strong> ${esc(r.unit)}${b.stderr !== null ? ` ± ${esc(score(b.stderr, 2))}` : ''} (${esc(pct(r.normalized))} of range)`,
      `Setting: ${esc(describeSetting(b))}`,
      `Source: ${esc(b.source)}${b.sourceKind ? ` (${esc(b.sourceKind)})` : ''}`,
      r.atRelease ? `Frontier before its release: ${esc(pct(r.atRelease.y))} (${esc(r.atRelease.model)})` : 'No earlier result on this benchmark',
      r.today ? `Frontier today: ${esc(pct(r.today.y))} (${esc(r.today.model)})` : '',
    ];
    return lines.filter(Boolean).join('<br>');
  };
  return {
    animation: rows.length < 60,
    legend: { top: 0, left: 0, data: ['This model', 'Frontier before release', 'Frontier today'], textStyle: { fontSize: 11 } },
    grid: { left: 160, right: 30, top: 34, bottom: 40 },
    tooltip: { trigger: 'item', confine: true, formatter: tip },
    xAxis: { type: 'value', min: 0, max: shareAxisMax, name: 'Share of the range (score − floor) / (ceiling − floor)', nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: (v: number) => pct(v, 0) } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { formatter: (s: string) => truncate(s, 24), interval: 0, fontSize: 11 }, triggerEvent: true },
    dataZoom: rows.length > 30 ? [{ type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true }] : [],
    series: [
      {
        type: 'bar',
        name: 'This model',
        data: rows.map((r) => Number(Math.max(0, r.normalized).toFixed(4))),
        barWidth: 10,
        itemStyle: { color: tokens.accent, borderRadius: [0, 3, 3, 0] },
        // Pointing at a benchmark's bar picks it out and greys the other benchmarks' bars.
        emphasis: { focus: 'self' },
        blur: { itemStyle: { color: tokens.muted, opacity: 0.3 } },
        z: 2,
      },
      {
        type: 'scatter',
        name: 'Frontier before release',
        data: rows.map((r) => (r.atRelease ? Number(r.atRelease.y.toFixed(4)) : '-')),
        symbol: 'rect',
        symbolSize: [3, 18],
        itemStyle: { color: tokens.danger },
        z: 3,
      },
      {
        type: 'scatter',
        name: 'Frontier today',
        data: rows.map((r) => (r.today ? Number(r.today.y.toFixed(4)) : '-')),
        symbol: 'rect',
        symbolSize: [2, 18],
        itemStyle: { color: tokens.muted, opacity: 0.7 },
        z: 3,
      },
    ],
  };
}

export function modelTable(rows: ModelBenchRow[]): ChartTable {
  return {
    columns: ['Benchmark', 'Score', 'Stderr', 'Share of range', 'Frontier before release', 'Frontier today', 'Setting', 'Source'],
    rows: rows.map((r) => [
      r.benchmark,
      r.best.score,
      r.best.stderr,
      Number(r.normalized.toFixed(4)),
      r.atRelease ? Number(r.atRelease.y.toFixed(4)) : null,
      r.today ? Number(r.today.y.toFixed(4)) : null,
      describeSetting(r.best),
      r.best.source,
    ]),
  };
}

/** Benchmarks where the model has aggregate results at two or more test-time-compute budgets. */
export function ttcSeries(results: Result[], dash: DashboardRow[]): { benchmark: string; floor: number; ceiling: number; unit: string; points: Result[] }[] {
  const meta = new Map(dash.map((r) => [r.benchmarkId, r]));
  const by = new Map<number, Result[]>();
  for (const r of results) {
    if (r.subtaskId !== null || r.testTimeCompute === null || r.testTimeCompute <= 0) continue;
    by.set(r.benchmarkId, [...(by.get(r.benchmarkId) ?? []), r]);
  }
  const out: { benchmark: string; floor: number; ceiling: number; unit: string; points: Result[] }[] = [];
  for (const [bid, list] of by) {
    const budgets = new Set(list.map((r) => r.testTimeCompute));
    const m = meta.get(bid);
    if (budgets.size < 2 || !m) continue;
    out.push({ benchmark: m.name, floor: m.floor, ceiling: m.ceiling, unit: m.unit, points: [...list].sort((a, b) => (a.testTimeCompute ?? 0) - (b.testTimeCompute ?? 0)) });
  }
  return out.sort((a, b) => a.benchmark.localeCompare(b.benchmark));
}

/** The test-time-compute chart's legend (drawn by the page: it wraps instead of paging), one entry per benchmark. */
export function ttcLegend(series: ReturnType<typeof ttcSeries>, tokens: ChartTokens): ChartLegendItem[] {
  return series.map((s, i) => ({ name: s.benchmark, color: lineLook(i, tokens.palette).color }));
}

export function ttcChart(series: ReturnType<typeof ttcSeries>, tokens: ChartTokens): EChartsCoreOption {
  return {
    // Hidden: the page draws the legend (ttcLegend); this one is what switches a benchmark's line off.
    legend: { show: false, data: series.map((s) => s.benchmark) },
    grid: { left: 56, right: 24, top: 16, bottom: 44 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: unknown) => {
        const q = p as { data: { r: Result; v: number } | undefined; seriesName: string };
        const r = q.data?.r;
        if (!r) return esc(q.seriesName);
        return `<strong>${esc(r.model)}</strong> on ${esc(q.seriesName)}<br>Score ${esc(score(r.score))}${r.stderr !== null ? ` ± ${esc(score(r.stderr, 2))}` : ''} (${esc(pct(q.data?.v ?? 0))} of range)<br>Test-time compute ${esc((r.testTimeCompute ?? 0).toLocaleString('en-US'))}<br>Setting: ${esc(describeSetting(r))}<br>Source: ${esc(r.source)}`;
      },
    },
    xAxis: { type: 'value', scale: true, name: 'Test-time compute (tokens, log scale)', nameLocation: 'middle', nameGap: 26, splitNumber: 4, axisLabel: { formatter: (v: number) => powTen(v, 'ttc'), showMaxLabel: false, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: shareAxisMax, name: 'Share of range', nameLocation: 'middle', nameGap: 40, axisLabel: { formatter: (v: number) => pct(v, 0) } },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series: series.map((s, i) => {
      const look = lineLook(i, tokens.palette);
      return {
        type: 'line',
        name: s.benchmark,
        symbolSize: 7,
        // One palette colour per benchmark, dashed once the palette is used up (as the frontiers chart).
        lineStyle: { color: look.color, type: look.type },
        itemStyle: { color: look.color },
        // Pointing at a benchmark's line (or its legend entry) picks it out and greys the others.
        emphasis: { focus: 'series' },
        blur: { lineStyle: { color: tokens.muted, opacity: 0.3 }, itemStyle: { color: tokens.muted, opacity: 0.3 } },
        data: s.points.map((r) => {
          const v = normalize(r.score, s.floor, s.ceiling);
          return { value: [Math.log10(r.testTimeCompute ?? 1), v], r, v };
        }),
      };
    }),
  };
}

export function ttcTable(series: ReturnType<typeof ttcSeries>): ChartTable {
  return {
    columns: ['Benchmark', 'Test-time compute', 'Score', 'Stderr', 'Setting', 'Source'],
    rows: series.flatMap((s) => s.points.map((r) => [s.benchmark, r.testTimeCompute, r.score, r.stderr, describeSetting(r), r.source])),
  };
}
