/**
 * The benchmark chart: every result as a point (colour = organization, shape = provenance kind), the frontier as a
 * step line of records, the fitted curve with its bootstrap band, the forecast crossing (vertical marker, interval
 * shaded) and the floor / ceiling / threshold / human-baseline lines.
 */
import type { Axis, SeriesFit, SeriesPoint } from '../../../src-main/common/analysis';
import type { EChartsCoreOption } from './echarts';
import { axisValue, esc, score } from './format';
import type { ChartTokens } from './theme.svelte';
import { dodgeLabels } from './labelLayout';
import type { ChartLegendItem, ChartTable } from './types';

/** Marker shape of each provenance kind (and of results that do not say). */
export const KIND_SHAPES: Record<string, { symbol: string; label: string; glyph: string }> = {
  'lab-reported': { symbol: 'circle', label: 'lab-reported', glyph: '●' },
  'third-party': { symbol: 'triangle', label: 'third-party', glyph: '▲' },
  'own-run': { symbol: 'diamond', label: 'own run', glyph: '◆' },
  unknown: { symbol: 'rect', label: 'not stated', glyph: '■' },
};

export function kindShape(kind: string | null): { symbol: string; label: string; glyph: string } {
  return KIND_SHAPES[kind ?? 'unknown'] ?? (KIND_SHAPES.unknown as { symbol: string; label: string; glyph: string });
}

/** A data item that carries its point for tooltips and clicks. */
export interface PointDatum {
  value: [number, number];
  symbol: string;
  point: SeriesPoint;
}

/** The tooltip text of one result point: model, organization, score, setting, source. */
export function pointTooltip(p: SeriesPoint, axis: Axis | string, unit: string): string {
  const rows = [
    `<strong>${esc(p.model)}</strong>${p.organization ? ` <span style="opacity:.7">· ${esc(p.organization)}</span>` : ''}`,
    `Score: <strong>${esc(score(p.y))}</strong> ${esc(unit)}${p.stderr !== null ? ` ± ${esc(score(p.stderr, 2))}` : ''}`,
    `${axis === 'date' ? 'Released' : 'x'}: ${esc(axisValue(p.x, axis))}`,
    `Setting: ${esc(p.setting || 'default')}`,
    `Source: ${esc(p.source)}${p.sourceKind ? ` (${esc(kindShape(p.sourceKind).label)})` : ''}`,
  ];
  return rows.join('<br>');
}

function isDatum(v: unknown): v is PointDatum {
  return typeof v === 'object' && v !== null && 'point' in v;
}

/** Tooltip formatter shared by charts whose scatter data are PointDatum items. */
export function datumTooltip(axis: Axis | string, unit: string): (params: unknown) => string {
  return (params: unknown) => {
    const p = params as { data?: unknown; seriesName?: string; value?: unknown };
    if (isDatum(p.data)) return pointTooltip(p.data.point, axis, unit);
    if (Array.isArray(p.value) && typeof p.value[0] === 'number' && typeof p.value[1] === 'number') {
      return `${esc(p.seriesName ?? '')}<br>${esc(axisValue(p.value[0], axis))}: ${esc(score(p.value[1]))}`;
    }
    return esc(p.seriesName ?? '');
  };
}

/** The model id behind a clicked point, if it is a result point. */
export function clickedModelId(data: unknown): number | null {
  return isDatum(data) ? data.point.modelId : null;
}

export interface BenchmarkChartInput {
  fit: SeriesFit;
  tokens: ChartTokens;
  compact?: boolean;
  /** The chart's height in px (sets how far apart the reference lines' labels must be). */
  height?: number;
}

/** The benchmark page's chart height (px). */
export const BENCHMARK_CHART_HEIGHT = 440;
/** Space right of the plot for the reference lines' labels (floor, ceiling, threshold, human). */
const REF_GUTTER = 124;
const FULL_GRID = { left: 64, right: REF_GUTTER, top: 46, bottom: 78 };
/** Height (px) a reference label takes, at 10.5 px. */
const REF_LABEL_PX = 14;

/** The organizations of a benchmark chart's points, most points first, each with the colour its points are drawn in. */
export function benchmarkOrgs(fit: SeriesFit, tokens: ChartTokens): ChartLegendItem[] {
  const count = new Map<string, number>();
  for (const p of fit.points) count.set(p.organization ?? UNKNOWN_ORG, (count.get(p.organization ?? UNKNOWN_ORG) ?? 0) + 1);
  const orgs = [...count.keys()].sort((a, c) => (count.get(c) ?? 0) - (count.get(a) ?? 0) || a.localeCompare(c));
  const n = Math.max(1, tokens.palette.length);
  return orgs.map((name, i) => ({ name, color: tokens.palette[i % n] ?? tokens.accent }));
}
const UNKNOWN_ORG = 'Unknown organization';

/** Axis options for an analysis axis: decimal years shown as dates, log10 quantities as powers of ten. */
export function xAxisFor(axis: Axis | string, name: string, compact = false): Record<string, unknown> {
  return {
    type: 'value',
    scale: true,
    name: compact ? '' : name,
    nameLocation: 'middle',
    nameGap: 26,
    splitNumber: compact ? 3 : 6,
    // The axis' ends are where the data and the interval stop, not round values: labelled, they read "2029  Jun 2029".
    axisLabel: { formatter: (v: number) => axisValue(v, axis, true), hideOverlap: true, showMaxLabel: false },
  };
}

/**
 * The benchmark chart. Pointing at a result picks its model out: the point grows, the tooltip names it, every other
 * point is greyed (as Our World in Data's grapher greys the entities not picked); the organizations' legend (drawn by the
 * page, benchmarkOrgs) picks out one organization's points the same way. Reference lines are named right of the
 * plot, their labels moved apart where lines run close (dodgeLabels), and the forecast's date stands above the plot
 * rather than along its line, so no label lies on the curve, the band or another label.
 */
export function benchmarkChart({ fit, tokens, compact = false, height = BENCHMARK_CHART_HEIGHT }: BenchmarkChartInput): EChartsCoreOption {
  const b = fit.benchmark;
  const axis = fit.axis;
  const byOrg = new Map<string, PointDatum[]>();
  for (const p of fit.points) {
    const org = p.organization ?? UNKNOWN_ORG;
    const list = byOrg.get(org) ?? [];
    list.push({ value: [p.x, p.y], symbol: kindShape(p.sourceKind).symbol, point: p });
    byOrg.set(org, list);
  }
  const orgs = benchmarkOrgs(fit, tokens);
  const many = fit.points.length > 300;
  const grey = tokens.muted;
  const pointSeries = orgs.map((org) => ({
    type: 'scatter',
    name: org.name,
    data: byOrg.get(org.name),
    symbolSize: compact ? 5 : many ? 6 : 9,
    itemStyle: { color: org.color, opacity: many ? 0.7 : 0.9, borderColor: tokens.panel, borderWidth: many ? 0 : 0.6 },
    // The tooltip names the model under the pointer (a label as well would cover its neighbours).
    emphasis: { scale: 1.6, focus: compact ? 'none' : 'self' },
    blur: { itemStyle: { color: grey, opacity: 0.3 } },
    z: 3,
    large: false,
  }));

  const xs = [...fit.points.map((p) => p.x), ...fit.curve.x];
  const xMax = xs.length ? Math.max(...xs) : 0;
  const ys = fit.points.map((p) => p.y);
  const lo = Math.min(b.floor, b.ceiling, ...ys);
  const hi = Math.max(b.floor, b.ceiling, ...ys, b.humanBaseline ?? -Infinity);
  const pad = (hi - lo) * 0.04;

  const yMin = Number((lo - pad).toPrecision(3));
  const yMax = Number((hi + pad).toPrecision(3));
  // Reference lines, labelled right of the plot at their height; labels of lines closer than a label's height are
  // moved apart (in px of the plot, then given to ECharts as each label's vertical offset).
  const refs: { y: number; text: string; color: string; type: 'solid' | 'dashed' | 'dotted' }[] = compact
    ? []
    : [
        { y: b.floor, text: `floor ${score(b.floor)}`, color: tokens.muted, type: 'dotted' },
        { y: b.ceiling, text: `ceiling ${score(b.ceiling)}`, color: tokens.muted, type: 'dotted' },
        { y: fit.forecast.targetY, text: `threshold ${Math.round(fit.forecast.threshold * 100)}% · ${score(fit.forecast.targetY)}`, color: tokens.warn, type: 'dashed' },
        ...(b.humanBaseline !== null ? [{ y: b.humanBaseline, text: `human ${score(b.humanBaseline)}`, color: tokens.ok, type: 'dashed' as const }] : []),
      ];
  const plotPx = Math.max(40, height - FULL_GRID.top - FULL_GRID.bottom);
  const toPx = (y: number) => ((y - yMin) / (yMax - yMin || 1)) * plotPx;
  const placed = dodgeLabels(refs.map((r) => toPx(r.y)), REF_LABEL_PX, REF_LABEL_PX / 2 - 4, plotPx);
  const marks: Record<string, unknown>[] = refs.map((r, i) => ({
    yAxis: r.y,
    name: r.text,
    lineStyle: { color: r.color, type: r.type, width: 1 },
    label: { formatter: r.text, position: 'end', distance: 6, color: r.color, fontSize: 10.5, offset: [0, -((placed[i] ?? toPx(r.y)) - toPx(r.y))], show: placed[i] !== null },
  }));
  const f = fit.forecast;
  // The crossing's date above the plot, level (along the line it crossed the curve and the band).
  const vLine = (x: number, text: string, color: string) => ({
    xAxis: x,
    name: text,
    lineStyle: { color, type: 'solid', width: 1.5 },
    label: { formatter: text, position: 'end', distance: 8, color, fontSize: 10.5, fontWeight: 'bold' },
  });
  if (!compact && f.crossingX !== null) marks.push(vLine(f.crossingX, `forecast ${axisValue(f.crossingX, axis, true)}`, tokens.danger));
  if (!compact && f.saturatedSince !== null) marks.push(vLine(f.saturatedSince, `saturated ${axisValue(f.saturatedSince, axis, true)}`, tokens.ok));
  const interval = f.interval && f.interval[0] !== null ? [f.interval[0], f.interval[1] ?? Math.max(xMax, f.interval[0])] : null;

  const bandLo: (number | string)[][] = [];
  const bandSpan: (number | string)[][] = [];
  if (fit.band) {
    fit.band.x.forEach((x, i) => {
      const l = fit.band?.lo[i] ?? null;
      const h = fit.band?.hi[i] ?? null;
      bandLo.push([x, l === null || h === null ? '-' : l]);
      bandSpan.push([x, l === null || h === null ? '-' : h - l]);
    });
  }
  const curve = fit.curve.x.map((x, i) => [x, fit.curve.y[i] ?? null]);

  const series: Record<string, unknown>[] = [
    ...pointSeries,
    {
      type: 'line',
      name: 'Frontier',
      data: fit.frontier.map((p) => ({ value: [p.x, p.y], symbol: 'none', point: p })),
      step: 'end',
      showSymbol: false,
      lineStyle: { color: tokens.text, width: 1.4, opacity: 0.75 },
      itemStyle: { color: tokens.text },
      // The frontier, the curve and the band are not entities: they stay when a model is picked out.
      blur: { lineStyle: { opacity: 0.75 } },
      z: 2,
      tooltip: { show: false },
    },
    {
      type: 'line',
      name: 'Fitted curve',
      data: curve,
      showSymbol: false,
      smooth: false,
      lineStyle: { color: tokens.accent, width: 2.2 },
      itemStyle: { color: tokens.accent },
      blur: { lineStyle: { opacity: 1 } },
      z: 4,
      tooltip: { show: false },
      markLine: marks.length ? { symbol: 'none', silent: true, data: marks, animation: false, blur: { lineStyle: { opacity: 1 }, label: { opacity: 1 } } } : undefined,
      markArea: interval
        ? {
            silent: true,
            itemStyle: { color: tokens.danger, opacity: 0.08 },
            // Above the lowest reference line (the floor, usually), which runs along the bottom of the plot.
            label: { show: !compact, formatter: 'forecast interval', color: tokens.danger, fontSize: 10.5, position: 'insideBottom', distance: 4 + Math.max(0, Math.min(plotPx / 2, ...refs.map((r) => toPx(r.y)))) },
            data: [[{ xAxis: interval[0] }, { xAxis: interval[1] }]],
          }
        : undefined,
    },
  ];
  if (fit.band) {
    series.push(
      { type: 'line', name: 'Band', data: bandLo, stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false }, z: 1, itemStyle: { color: tokens.accent } },
      {
        type: 'line',
        name: 'Bootstrap band',
        data: bandSpan,
        stack: 'band',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        areaStyle: { color: tokens.accent, opacity: tokens.dark ? 0.22 : 0.14 },
        itemStyle: { color: tokens.accent },
        blur: { areaStyle: { opacity: tokens.dark ? 0.22 : 0.14 } },
        silent: true,
        tooltip: { show: false },
        z: 1,
      },
    );
  }

  // The frontier forecast (release-date axis): the predicted best score from the as-of date on, and its calibrated band.
  const path = f.path ?? null;
  const pathBand = path && path.low.every((v) => v !== null) && path.high.every((v) => v !== null);
  if (path) {
    const level = `${Math.round((f.level ?? 0.8) * 100)}%`;
    series.push({
      type: 'line',
      name: 'Frontier forecast',
      data: path.x.map((x, i) => [x, path.value[i] ?? null]),
      showSymbol: false,
      lineStyle: { color: tokens.danger, width: 2, type: 'dashed' },
      itemStyle: { color: tokens.danger },
      blur: { lineStyle: { opacity: 1 } },
      z: 4,
      tooltip: { show: false },
    });
    if (pathBand) {
      series.push(
        { type: 'line', name: 'Frontier band base', data: path.x.map((x, i) => [x, path.low[i]]), stack: 'fband', showSymbol: false, lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false }, z: 1 },
        {
          type: 'line',
          name: `Frontier forecast ${level} interval`,
          data: path.x.map((x, i) => [x, (path.high[i] as number) - (path.low[i] as number)]),
          stack: 'fband',
          showSymbol: false,
          lineStyle: { opacity: 0 },
          areaStyle: { color: tokens.danger, opacity: tokens.dark ? 0.2 : 0.12 },
          itemStyle: { color: tokens.danger },
          blur: { areaStyle: { opacity: tokens.dark ? 0.2 : 0.12 } },
          silent: true,
          tooltip: { show: false },
          z: 1,
        },
      );
    }
  }

  const lineNames = [
    'Frontier',
    'Fitted curve',
    ...(fit.band ? ['Bootstrap band'] : []),
    ...(path ? ['Frontier forecast'] : []),
    ...(path && pathBand ? [`Frontier forecast ${Math.round((f.level ?? 0.8) * 100)}% interval`] : []),
  ];
  return {
    animation: !many,
    // The organizations' legend is the page's (benchmarkOrgs; it wraps instead of paging); this one, kept hidden,
    // is what switches an organization's points off. The lines' legend is short and never pages.
    legend: compact
      ? undefined
      : [
          { show: false, data: orgs.map((o) => o.name) },
          { type: 'plain', top: 0, right: REF_GUTTER, data: lineNames, itemWidth: 14, itemHeight: 9, textStyle: { fontSize: 11 } },
        ],
    grid: compact ? { left: 42, right: 10, top: 12, bottom: 26 } : FULL_GRID,
    tooltip: { trigger: 'item', confine: true, formatter: datumTooltip(axis, b.unit) },
    xAxis: { ...xAxisFor(axis, axisName(axis), compact), max: (v: { max: number }) => Math.max(v.max, interval?.[1] ?? v.max) },
    yAxis: {
      type: 'value',
      name: compact ? '' : `Score (${b.unit})`,
      nameLocation: 'middle',
      nameGap: 44,
      min: yMin,
      max: yMax,
      splitNumber: compact ? 3 : 5,
      axisLabel: { formatter: (v: number) => score(v, 3), showMinLabel: false, showMaxLabel: false },
    },
    dataZoom: compact
      ? [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }]
      : [
          { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
          { type: 'inside', yAxisIndex: 0, filterMode: 'none', zoomOnMouseWheel: 'shift', moveOnMouseMove: false },
          { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 18, bottom: 8, labelFormatter: (v: number) => axisValue(v, axis, true) },
        ],
    series,
  };
}

export function axisName(axis: Axis | string): string {
  const names: Record<string, string> = {
    date: 'Release date',
    compute: 'Training compute (FLOP)',
    parameters: 'Parameters',
    ttc: 'Test-time compute (tokens)',
    capability: 'Capability index',
  };
  return names[axis] ?? axis;
}

/** The data of a benchmark chart as a table. */
export function benchmarkTable(fit: SeriesFit): ChartTable {
  const front = new Set(fit.frontier.map((p) => `${p.modelId}|${p.x}`));
  return {
    columns: ['Model', 'Organization', axisName(fit.axis), 'Score', 'Stderr', 'Setting', 'Source kind', 'Source', 'Record'],
    rows: [...fit.points]
      .sort((a, c) => a.x - c.x)
      .map((p) => [
        p.model,
        p.organization,
        axisValue(p.x, fit.axis),
        p.y,
        p.stderr,
        p.setting || 'default',
        p.sourceKind,
        p.source,
        front.has(`${p.modelId}|${p.x}`) ? 'yes' : '',
      ]),
  };
}
