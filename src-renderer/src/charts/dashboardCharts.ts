/**
 * The dashboard's two overview charts: benchmarks × quarters coloured by headroom left, and every benchmark's
 * normalized frontier against years since its release, lines coloured by release year.
 */
import type { DashboardSummary } from '../../../src-main/common/dashboard';
import type { EChartsCoreOption } from './echarts';
import { esc, pct, truncate } from './format';
import { rampColor } from './colors';
import type { ChartTokens } from './theme.svelte';
import type { ChartTable } from './types';

/** Rows shown at once in the heatmap before its vertical slider takes over. */
const HEATMAP_VISIBLE_ROWS = 24;

export function heatmapHeight(rows: number): number {
  return 96 + Math.min(rows, HEATMAP_VISIBLE_ROWS) * 20;
}

/** Heatmap of headroom left (1 − normalized frontier) per benchmark and quarter; names cut, full in the tooltip. */
export function heatmapChart(h: DashboardSummary['heatmap'], tokens: ChartTokens): EChartsCoreOption {
  const data: [number, number, number][] = [];
  h.values.forEach((row, bi) =>
    row.forEach((v, qi) => {
      if (v !== null) data.push([qi, bi, Number(Math.max(0, Math.min(1, 1 - v)).toFixed(4))]);
    }),
  );
  const n = h.benchmarks.length;
  const scrollY = n > HEATMAP_VISIBLE_ROWS;
  // Benchmarks top to bottom in the table's order: the category axis runs bottom-up, so invert it.
  const yEnd = 100;
  const yStart = scrollY ? 100 - (HEATMAP_VISIBLE_ROWS / n) * 100 : 0;
  const qCount = h.quarters.length;
  const qVisible = 40;
  return {
    animation: false,
    tooltip: {
      confine: true,
      formatter: (p: unknown) => {
        const v = (p as { value: [number, number, number] }).value;
        const bench = h.benchmarks[v[1]] ?? '';
        return `<strong>${esc(bench)}</strong><br>${esc(h.quarters[v[0]] ?? '')}: headroom left <strong>${esc(pct(v[2]))}</strong><br>frontier at ${esc(pct(1 - v[2]))} of the range`;
      },
    },
    grid: { left: 150, right: scrollY ? 46 : 20, top: 10, bottom: 84 },
    xAxis: {
      type: 'category',
      data: h.quarters,
      splitArea: { show: false },
      axisLabel: { hideOverlap: true, rotate: 0, formatter: (q: string) => (q.endsWith('Q1') ? q.slice(0, 4) : '') , interval: 0 },
      axisTick: { alignWithLabel: true, interval: (i: number) => (h.quarters[i] ?? '').endsWith('Q1') },
    },
    yAxis: {
      type: 'category',
      data: h.benchmarks,
      inverse: true,
      axisLabel: { formatter: (s: string) => truncate(s, 22), fontSize: 11, interval: 0 },
      triggerEvent: true,
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: 1,
      dimension: 2,
      calculable: true,
      orient: 'horizontal',
      left: 150,
      bottom: 4,
      itemWidth: 10,
      itemHeight: 180,
      text: ['open (100% left)', 'saturated (0%)'],
      textGap: 8,
      textStyle: { color: tokens.muted, fontSize: 11 },
      inRange: { color: [...tokens.ramp].reverse() },
      formatter: (v: number) => pct(v, 0),
    },
    dataZoom: [
      ...(scrollY
        ? [
            { type: 'slider', yAxisIndex: 0, right: 6, width: 14, start: 0, end: yEnd - yStart, showDetail: false, brushSelect: false },
            { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: false },
          ]
        : []),
      ...(qCount > qVisible ? [{ type: 'slider', xAxisIndex: 0, bottom: 38, height: 14, start: 100 - (qVisible / qCount) * 100, end: 100, showDetail: false }] : []),
    ],
    series: [
      {
        type: 'heatmap',
        name: 'Headroom left',
        data,
        itemStyle: { borderColor: tokens.panel, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: tokens.text, borderWidth: 1 } },
        progressive: 0,
      },
    ],
  };
}

export function heatmapTable(h: DashboardSummary['heatmap']): ChartTable {
  return {
    columns: ['Benchmark', ...h.quarters],
    rows: h.benchmarks.map((b, i) => [b, ...(h.values[i] ?? []).map((v) => (v === null ? null : Number((1 - v).toFixed(3))))]),
  };
}

/** Each benchmark's normalized frontier since its release; colour = release year (visualMap as the key). */
export function sinceReleaseChart(lines: DashboardSummary['sinceRelease'], tokens: ChartTokens, threshold: number): EChartsCoreOption {
  const years = lines.map((l) => l.releaseYear);
  const minY = years.length ? Math.floor(Math.min(...years)) : 2018;
  const maxY = years.length ? Math.ceil(Math.max(...years)) : 2025;
  const span = Math.max(1, maxY - minY);
  const colorOf = (y: number) => rampColor(tokens.yearRamp, (y - minY) / span);
  const many = lines.length > 20;
  const series: Record<string, unknown>[] = lines.map((l) => ({
    type: 'line',
    name: l.benchmark,
    step: 'end',
    data: l.x.map((x, i) => [Number(x.toFixed(3)), Number((l.y[i] ?? 0).toFixed(4)), l.releaseYear]),
    showSymbol: !many,
    symbolSize: 4,
    lineStyle: { width: many ? 1.2 : 1.8, color: colorOf(l.releaseYear), opacity: many ? 0.75 : 0.95 },
    itemStyle: { color: colorOf(l.releaseYear) },
    emphasis: { focus: 'series', lineStyle: { width: 3 } },
    // No end labels: frontiers that saturate all end at the top together and their names overlapped (hideOverlap
    // does not apply across series); the legend and the tooltip name every line.
  }));
  // The key for the colours: a visualMap over a hidden series holding each benchmark's release year.
  series.push({ type: 'scatter', name: 'release-year-key', data: years.map((y) => [0, -10, y]), symbolSize: 0, silent: true, tooltip: { show: false } });
  return {
    // No animation: a filter or a sort should show its final state at once (an animation held it back by a second,
    // and with dozens of lines repainted every frame while the page should answer clicks).
    animation: false,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: unknown) => {
        const q = p as { seriesName?: string; value?: [number, number, number] };
        const v = q.value ?? [0, 0, 0];
        return `<strong>${esc(q.seriesName ?? '')}</strong> (released ${esc(v[2].toFixed(1))})<br>${esc(v[0].toFixed(1))} years after release: ${esc(pct(v[1]))} of the range`;
      },
    },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 18, bottom: 10, width: 150, data: lines.map((l) => l.benchmark), textStyle: { fontSize: 11, width: 120, overflow: 'truncate' }, itemWidth: 14, itemHeight: 8, tooltip: { show: true } },
    grid: { left: 56, right: 170, top: 16, bottom: 66 },
    xAxis: { type: 'value', name: 'Years since the benchmark’s release', nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: { type: 'value', name: 'Frontier (share of range)', nameLocation: 'middle', nameGap: 40, min: 0, max: 1, axisLabel: { formatter: (v: number) => pct(v, 0) } },
    visualMap: {
      type: 'continuous',
      min: minY,
      max: maxY,
      dimension: 2,
      seriesIndex: series.length - 1,
      orient: 'horizontal',
      left: 56,
      bottom: 2,
      itemWidth: 10,
      itemHeight: 160,
      calculable: false,
      text: [`released ${maxY}`, `${minY}`],
      textStyle: { color: tokens.muted, fontSize: 11 },
      inRange: { color: Array.from({ length: 6 }, (_v, i) => colorOf(minY + (span * i) / 5)) },
      formatter: (v: number) => String(Math.round(v)),
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series: [
      ...series.slice(0, -1).map((s, i) =>
        i === 0
          ? {
              ...s,
              markLine: {
                silent: true,
                symbol: 'none',
                data: [{ yAxis: threshold, lineStyle: { color: tokens.warn, type: 'dashed' }, label: { formatter: `saturation threshold ${pct(threshold, 0)}`, position: 'insideStartTop', color: tokens.warn, fontSize: 10.5, backgroundColor: tokens.panel, padding: [1, 3] } }],
              },
            }
          : s,
      ),
      series[series.length - 1],
    ],
  };
}

export function sinceReleaseTable(lines: DashboardSummary['sinceRelease']): ChartTable {
  return {
    columns: ['Benchmark', 'Release year', 'Years since release', 'Frontier (share of range)'],
    rows: lines.flatMap((l) => l.x.map((x, i) => [l.benchmark, Number(l.releaseYear.toFixed(2)), Number(x.toFixed(2)), Number((l.y[i] ?? 0).toFixed(4))])),
  };
}
