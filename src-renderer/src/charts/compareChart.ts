/**
 * Compare: selected models side by side per benchmark, as grouped bars of the normalized score with ±1 stderr
 * error bars drawn by a custom series placed on each bar's own slot.
 */
import type { Benchmark, Result } from '../../../src-main/common/domain';
import { describeSetting } from '../../../src-main/common/domain';
import type { EChartsCoreOption } from './echarts';
import { esc, normalize, pct, score, shareAxisMax, truncate } from './format';
import type { ChartTokens } from './theme.svelte';
import type { ChartTable } from './types';
import { formatScore } from '../../../src-main/common/format';

export interface CompareData {
  models: { id: number; name: string }[];
  benchmarks: Benchmark[];
  /** best[b][m]: the model's best aggregate result on the benchmark, or null. */
  best: (Result | null)[][];
}

/** Best aggregate result per (benchmark, model) in each benchmark's direction; benchmarks with no result dropped. */
export function compareData(results: Result[], models: { id: number; name: string }[], benchmarks: Benchmark[]): CompareData {
  const key = (b: number, m: number) => `${b}:${m}`;
  const best = new Map<string, Result>();
  const bmeta = new Map(benchmarks.map((b) => [b.id, b]));
  for (const r of results) {
    if (r.subtaskId !== null) continue;
    const hib = bmeta.get(r.benchmarkId)?.higherIsBetter ?? true;
    const cur = best.get(key(r.benchmarkId, r.modelId));
    if (!cur || (hib ? r.score > cur.score : r.score < cur.score)) best.set(key(r.benchmarkId, r.modelId), r);
  }
  const used = benchmarks.filter((b) => models.some((m) => best.has(key(b.id, m.id)))).sort((a, b) => a.name.localeCompare(b.name));
  return { models, benchmarks: used, best: used.map((b) => models.map((m) => best.get(key(b.id, m.id)) ?? null)) };
}

interface RenderApi {
  value(dim: number): number;
  coord(v: number[]): number[];
  size(v: number[]): number[];
}

const BAR_SHARE = 0.76;

export function compareChart(d: CompareData, tokens: ChartTokens): EChartsCoreOption {
  const n = Math.max(1, d.models.length);
  const nb = d.benchmarks.length;
  const visible = Math.max(3, Math.floor(24 / Math.sqrt(n)));
  const scroll = nb > visible;
  const norm = (bi: number, r: Result | null) => {
    const b = d.benchmarks[bi];
    return r && b ? normalize(r.score, b.floor, b.ceiling) : null;
  };
  const tip = (p: unknown) => {
    const q = p as { dataIndex: number; seriesIndex: number; seriesName: string };
    const mi = q.seriesIndex % n;
    const b = d.benchmarks[q.dataIndex];
    const r = d.best[q.dataIndex]?.[mi] ?? null;
    if (!b) return '';
    if (!r) return `<strong>${esc(d.models[mi]?.name ?? '')}</strong><br>${esc(b.name)}: no result`;
    return [
      `<strong>${esc(r.model)}</strong> on ${esc(b.name)}`,
      `Score <strong>${esc(score(r.score))}</strong> ${esc(b.unit)}${r.stderr !== null ? ` ± ${esc(score(r.stderr, 2))}` : ' (stderr not stated)'}`,
      `${esc(pct(norm(q.dataIndex, r)))} of the range ${esc(score(b.floor))}–${esc(score(b.ceiling))}`,
      `Setting: ${esc(describeSetting(r))}`,
      `Source: ${esc(r.source)}${r.sourceKind ? ` (${esc(r.sourceKind)})` : ''}`,
    ].join('<br>');
  };
  const bars = d.models.map((m, mi) => ({
    type: 'bar',
    name: m.name,
    data: d.benchmarks.map((_b, bi) => {
      const v = norm(bi, d.best[bi]?.[mi] ?? null);
      return v === null ? '-' : Number(v.toFixed(4));
    }),
    barWidth: `${(BAR_SHARE * 100) / n}%`,
    barGap: '0%',
    itemStyle: { color: tokens.palette[mi % tokens.palette.length] },
    // Pointing at a bar (or the model in the legend) picks that model out and greys the others.
    emphasis: { focus: 'series' },
    blur: { itemStyle: { color: tokens.muted, opacity: 0.3 } },
  }));
  const errors = d.models.map((m, mi) => ({
    type: 'custom',
    name: m.name,
    data: d.benchmarks.map((b, bi) => {
      const r = d.best[bi]?.[mi] ?? null;
      if (!r || r.stderr === null) return [bi, '-', '-'];
      const span = b.ceiling - b.floor || 1;
      const v = normalize(r.score, b.floor, b.ceiling);
      const e = Math.abs(r.stderr / span);
      return [bi, v - e, v + e];
    }),
    renderItem: (_params: unknown, api: RenderApi) => {
      const lo = api.value(1);
      const hi = api.value(2);
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
      const cat = api.value(0);
      const pLo = api.coord([cat, lo]);
      const pHi = api.coord([cat, hi]);
      const band = api.size([1, 0])[0] ?? 0;
      const bw = (band * BAR_SHARE) / n;
      const x = (pLo[0] ?? 0) + (-n / 2 + mi + 0.5) * bw;
      const cap = Math.min(6, bw * 0.35);
      const style = { stroke: tokens.text, lineWidth: 1.2 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: pLo[1], x2: x, y2: pHi[1] }, style },
          { type: 'line', shape: { x1: x - cap, y1: pLo[1], x2: x + cap, y2: pLo[1] }, style },
          { type: 'line', shape: { x1: x - cap, y1: pHi[1], x2: x + cap, y2: pHi[1] }, style },
        ],
      };
    },
    encode: { x: 0, y: [1, 2] },
    z: 5,
    silent: true,
    tooltip: { show: false },
  }));
  return {
    animation: nb * n < 400,
    legend: { type: 'scroll', top: 0, left: 0, right: 10, data: d.models.map((m) => m.name), textStyle: { fontSize: 11 } },
    grid: { left: 56, right: 20, top: 36, bottom: scroll ? 96 : 74 },
    tooltip: { trigger: 'item', confine: true, formatter: tip },
    xAxis: {
      type: 'category',
      data: d.benchmarks.map((b) => b.name),
      axisLabel: { interval: 0, rotate: nb > 6 ? 30 : 0, formatter: (s: string) => truncate(s, 16), fontSize: 11 },
      axisTick: { alignWithLabel: true },
      triggerEvent: true,
    },
    yAxis: { type: 'value', min: 0, max: shareAxisMax, name: 'Share of range', nameLocation: 'middle', nameGap: 40, axisLabel: { formatter: (v: number) => pct(v, 0) } },
    dataZoom: scroll ? [{ type: 'slider', xAxisIndex: 0, bottom: 8, height: 16, startValue: 0, endValue: visible - 1, showDetail: false, zoomLock: false }, { type: 'inside', xAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true }] : [],
    series: [...bars, ...errors],
  };
}

export function compareTable(d: CompareData): ChartTable {
  return {
    columns: ['Benchmark', 'Unit', ...d.models.map((m) => m.name)],
    rows: d.benchmarks.map((b, bi) => [
      b.name,
      b.unit,
      ...d.models.map((_m, mi) => {
        const r = d.best[bi]?.[mi] ?? null;
        // The app's formatter (common/format.ts): the CSV reads as the table above it and the report do.
        return r ? `${formatScore(r.score, b.unit)}${r.stderr !== null ? ` ± ${formatScore(r.stderr, b.unit)}` : ''}` : null;
      }),
    ]),
  };
}
