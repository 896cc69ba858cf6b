/**
 * The dashboard's two overview charts: benchmarks × quarters coloured by headroom left, and every benchmark's
 * normalized frontier against years since its release, one labelled line per benchmark.
 */
import type { DashboardSummary } from '../../../src-main/common/dashboard';
import type { EChartsCoreOption } from './echarts';
import { esc, pct, truncate } from './format';
import { dodgeLabels } from './labelLayout';
import { FRONTIER_RAMP } from '../../../src-main/common/chartColors';
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
      // The one ramp of every theme and the report, from saturated (0% left) to open.
      inRange: { color: [...FRONTIER_RAMP].reverse() },
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

/** Width (px) of the label gutter right of the frontiers chart's plot. */
const LABEL_GUTTER = 132;
/** Longest label in the gutter, in characters (about 120 px at 11 px). */
const LABEL_CHARS = 19;
/** Height (px) a gutter label takes, at 11 px. */
const LABEL_PX = 14;
const SINCE_GRID = { left: 56, right: LABEL_GUTTER, top: 16, bottom: 44 };

/**
 * Each benchmark's line style in the frontiers chart: a colour of the categorical palette in release order (so a
 * re-sort of the table does not repaint the lines), solid for the first round of the palette, then dashed, then
 * dotted, so no two of up to three palettes' worth of lines look alike.
 */
export function lineLook(i: number, palette: readonly string[]): { color: string; type: 'solid' | 'dashed' | 'dotted' } {
  const n = Math.max(1, palette.length);
  const round = Math.floor(i / n);
  return { color: palette[i % n] ?? '#888888', type: round === 0 ? 'solid' : round === 1 ? 'dashed' : 'dotted' };
}

/**
 * Each benchmark's normalized frontier against years since its release, one distinct line per benchmark named by a
 * label in the gutter at its last value, as Our World in Data's grapher does (dodgeLabels keeps the labels apart;
 * those that cannot fit the chart's height are left out, newest benchmarks first kept, and the tooltip still names
 * every line). Hovering a line, or `Chart.highlight` naming it (a dashboard row under the pointer), draws it bold
 * and greys every other line and label out.
 *
 * `asOf` (decimal year): a frontier holds its last record until then, so each line is drawn on to it.
 * `height` (px): the chart's height, which sets how many labels fit and how far apart they must be.
 */
export function sinceReleaseChart(lines: DashboardSummary['sinceRelease'], tokens: ChartTokens, threshold: number, asOf?: number, height = 360): EChartsCoreOption {
  const many = lines.length > 20;
  const order = lines.map((_l, i) => i).sort((a, b) => (lines[a]?.releaseYear ?? 0) - (lines[b]?.releaseYear ?? 0) || (lines[a]?.benchmark ?? '').localeCompare(lines[b]?.benchmark ?? ''));
  const rank = new Map(order.map((li, k) => [li, k]));
  const grey = tokens.muted;
  const data = lines.map((l) => {
    const d = l.x.map((x, j) => [Number(x.toFixed(3)), Number((l.y[j] ?? 0).toFixed(4)), l.releaseYear]);
    const last = d[d.length - 1];
    const now = asOf === undefined ? null : asOf - l.releaseYear;
    if (last && now !== null && now > (last[0] ?? 0)) d.push([Number(now.toFixed(3)), last[1] ?? 0, l.releaseYear]);
    return d;
  });
  const xMax = Math.max(1, Math.ceil(Math.max(0, ...data.flatMap((d) => d.map((p) => p[0] ?? 0)))));
  // Label positions in the y axis' own units (0–1 of the range): the plot's height in px sets the gap between labels.
  const plotPx = Math.max(40, height - SINCE_GRID.top - SINCE_GRID.bottom);
  const gap = LABEL_PX / plotPx;
  const labelY = dodgeLabels(
    data.map((d) => d[d.length - 1]?.[1] ?? Number.NaN),
    gap,
    gap / 2,
    // Not above the axis' top: ECharts drops a marker outside its coordinate system.
    1,
    lines.map((_l, i) => lines.length - (rank.get(i) ?? 0)),
  );
  const series: Record<string, unknown>[] = lines.map((l, i) => {
    const look = lineLook(rank.get(i) ?? i, tokens.palette);
    const y = labelY[i];
    return {
      type: 'line',
      name: l.benchmark,
      step: 'end',
      data: data[i],
      showSymbol: !many,
      symbolSize: 4,
      lineStyle: { width: many ? 1.3 : 1.9, color: look.color, type: look.type, opacity: 0.95 },
      itemStyle: { color: look.color },
      emphasis: { focus: 'series', lineStyle: { width: 3.2 } },
      blur: { lineStyle: { color: grey, opacity: 0.3 }, itemStyle: { color: grey, opacity: 0.3 } },
      // The label: a marker at the plot's right edge at its laid-out height, its text in the gutter. A marker of the
      // series is greyed with it when another line is picked out.
      markPoint:
        y === null || y === undefined
          ? undefined
          : {
              silent: true,
              symbol: 'circle',
              symbolSize: 0,
              animation: false,
              label: { show: true, position: 'right', distance: 6, formatter: truncate(l.benchmark, LABEL_CHARS), color: look.color, fontSize: 11 },
              blur: { label: { color: grey, opacity: 0.5 } },
              data: [{ coord: [xMax, y], name: l.benchmark }],
            },
    };
  });
  // The threshold on a series of its own, kept at full strength when lines are greyed out.
  series.push({
    type: 'line',
    name: 'saturation threshold',
    data: [],
    silent: true,
    tooltip: { show: false },
    emphasis: { disabled: true },
    markLine: {
      silent: true,
      symbol: 'none',
      blur: { lineStyle: { opacity: 1 }, label: { opacity: 1 } },
      data: [{ yAxis: threshold, lineStyle: { color: tokens.warn, type: 'dashed' }, label: { formatter: `saturation threshold ${pct(threshold, 0)}`, position: 'insideStartTop', color: tokens.warn, fontSize: 10.5, backgroundColor: tokens.panel, padding: [1, 3] } }],
    },
  });
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
    grid: SINCE_GRID,
    xAxis: { type: 'value', name: 'Years since the benchmark’s release', nameLocation: 'middle', nameGap: 26, min: 0, max: xMax },
    yAxis: { type: 'value', name: 'Frontier (share of range)', nameLocation: 'middle', nameGap: 40, min: 0, max: 1, axisLabel: { formatter: (v: number) => pct(v, 0) } },
    series,
  };
}

export function sinceReleaseTable(lines: DashboardSummary['sinceRelease']): ChartTable {
  return {
    columns: ['Benchmark', 'Release year', 'Years since release', 'Frontier (share of range)'],
    rows: lines.flatMap((l) => l.x.map((x, i) => [l.benchmark, Number(l.releaseYear.toFixed(2)), Number(x.toFixed(2)), Number((l.y[i] ?? 0).toFixed(4))])),
  };
}
