/**
 * The benchmark chart: every result as a point (colour = organization, shape = provenance kind), the frontier as a
 * step line of records, the fitted curve with its bootstrap band, the forecast crossing (vertical marker, interval
 * shaded) and the floor / ceiling / threshold / human-baseline lines.
 */
import type { Axis, SeriesFit, SeriesPoint } from '../../../src-main/common/analysis';
import type { EChartsCoreOption } from './echarts';
import { axisValue, esc, score } from './format';
import type { ChartTokens } from './theme.svelte';
import type { ChartTable } from './types';

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
}

/** Axis options for an analysis axis: decimal years shown as dates, log10 quantities as powers of ten. */
export function xAxisFor(axis: Axis | string, name: string, compact = false): Record<string, unknown> {
  return {
    type: 'value',
    scale: true,
    name: compact ? '' : name,
    nameLocation: 'middle',
    nameGap: 26,
    splitNumber: compact ? 3 : 6,
    axisLabel: { formatter: (v: number) => axisValue(v, axis, true), hideOverlap: true, showMaxLabel: axis === 'date' ? undefined : false },
  };
}

export function benchmarkChart({ fit, tokens, compact = false }: BenchmarkChartInput): EChartsCoreOption {
  const b = fit.benchmark;
  const axis = fit.axis;
  const byOrg = new Map<string, PointDatum[]>();
  for (const p of fit.points) {
    const org = p.organization ?? 'Unknown organization';
    const list = byOrg.get(org) ?? [];
    list.push({ value: [p.x, p.y], symbol: kindShape(p.sourceKind).symbol, point: p });
    byOrg.set(org, list);
  }
  const orgs = [...byOrg.keys()].sort((a, c) => (byOrg.get(c)?.length ?? 0) - (byOrg.get(a)?.length ?? 0) || a.localeCompare(c));
  const many = fit.points.length > 300;
  const pointSeries = orgs.map((org) => ({
    type: 'scatter',
    name: org,
    data: byOrg.get(org),
    symbolSize: compact ? 5 : many ? 6 : 9,
    itemStyle: { opacity: many ? 0.7 : 0.9, borderColor: tokens.panel, borderWidth: many ? 0 : 0.6 },
    emphasis: { scale: 1.6, focus: 'none' },
    z: 3,
    large: false,
  }));

  const xs = [...fit.points.map((p) => p.x), ...fit.curve.x];
  const xMax = xs.length ? Math.max(...xs) : 0;
  const ys = fit.points.map((p) => p.y);
  const lo = Math.min(b.floor, b.ceiling, ...ys);
  const hi = Math.max(b.floor, b.ceiling, ...ys, b.humanBaseline ?? -Infinity);
  const pad = (hi - lo) * 0.04;

  const hLine = (y: number, label: string, color: string, type: 'solid' | 'dashed' | 'dotted') => ({
    yAxis: y,
    name: label,
    lineStyle: { color, type, width: 1 },
    label: { formatter: label, position: 'insideEndTop', color, fontSize: 10.5 },
  });
  const marks: Record<string, unknown>[] = compact
    ? []
    : [
        hLine(b.floor, `floor ${score(b.floor)}`, tokens.muted, 'dotted'),
        hLine(b.ceiling, `ceiling ${score(b.ceiling)}`, tokens.muted, 'dotted'),
        hLine(fit.forecast.targetY, `threshold ${Math.round(fit.forecast.threshold * 100)}% · ${score(fit.forecast.targetY)}`, tokens.warn, 'dashed'),
      ];
  if (!compact && b.humanBaseline !== null) marks.push(hLine(b.humanBaseline, `human ${score(b.humanBaseline)}`, tokens.ok, 'dashed'));
  const f = fit.forecast;
  if (!compact && f.crossingX !== null) {
    marks.push({
      xAxis: f.crossingX,
      name: 'forecast',
      lineStyle: { color: tokens.danger, type: 'solid', width: 1.5 },
      label: { formatter: `forecast ${axisValue(f.crossingX, axis, true)}`, position: 'insideEndTop', color: tokens.danger, fontSize: 10.5 },
    });
  }
  if (!compact && f.saturatedSince !== null) {
    marks.push({
      xAxis: f.saturatedSince,
      name: 'saturated',
      lineStyle: { color: tokens.ok, type: 'solid', width: 1.5 },
      label: { formatter: `saturated ${axisValue(f.saturatedSince, axis, true)}`, position: 'insideEndTop', color: tokens.ok, fontSize: 10.5 },
    });
  }
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
      z: 4,
      tooltip: { show: false },
      markLine: marks.length ? { symbol: 'none', silent: true, data: marks, animation: false } : undefined,
      markArea: interval
        ? {
            silent: true,
            itemStyle: { color: tokens.danger, opacity: 0.08 },
            label: { show: !compact, formatter: 'forecast interval', color: tokens.danger, fontSize: 10.5, position: 'insideBottom' },
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
          silent: true,
          tooltip: { show: false },
          z: 1,
        },
      );
    }
  }

  const legendNames = [
    ...orgs,
    'Frontier',
    'Fitted curve',
    ...(fit.band ? ['Bootstrap band'] : []),
    ...(path ? ['Frontier forecast'] : []),
    ...(path && pathBand ? [`Frontier forecast ${Math.round((f.level ?? 0.8) * 100)}% interval`] : []),
  ];
  return {
    animation: !many,
    legend: compact ? undefined : { type: 'scroll', top: 0, left: 0, right: 10, data: legendNames, itemWidth: 14, itemHeight: 9, textStyle: { fontSize: 11 } },
    grid: compact ? { left: 42, right: 10, top: 12, bottom: 26 } : { left: 64, right: 28, top: 40, bottom: 78 },
    tooltip: { trigger: 'item', confine: true, formatter: datumTooltip(axis, b.unit) },
    xAxis: { ...xAxisFor(axis, axisName(axis), compact), max: (v: { max: number }) => Math.max(v.max, interval?.[1] ?? v.max) },
    yAxis: {
      type: 'value',
      name: compact ? '' : `Score (${b.unit})`,
      nameLocation: 'middle',
      nameGap: 44,
      min: Number((lo - pad).toPrecision(3)),
      max: Number((hi + pad).toPrecision(3)),
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
