/**
 * Report charts rendered to SVG in Node with ECharts' server-side renderer, so the printed page carries vector
 * charts and looks the same wherever it is printed (no browser scripting, no canvas). Each function returns one
 * `<svg>` string sized for the A4 text column.
 */
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import { AXIS_LABELS, type SeriesFit } from '../../common/analysis';
import { FRONTIER_RAMP } from '../../common/chartColors';
import type { DashboardSummary } from '../../common/dashboard';
import { fromDecimalYear } from '../fit/axes';
import { formatScore } from '../../common/format';

/**
 * Metric-compatible with the width table ECharts uses to lay out text when there is no canvas (Helvetica/Arial
 * widths), so labels measured in Node fit when the browser draws them. DejaVu Sans is the last resort for glyphs.
 */
export const CHART_FONT = "'Liberation Sans', Arial, Helvetica, 'DejaVu Sans', sans-serif";
/** Width of the A4 text column at 96 px per inch (210 mm − 2 × 14 mm margins). */
export const COLUMN_PX = 680;

const COLORS = {
  points: '#9aa3ad',
  frontier: '#c2410c',
  fit: '#1d4ed8',
  band: 'rgba(29, 78, 216, 0.16)',
  threshold: '#15803d',
  forecast: '#7c3aed',
  excluded: '#dc2626',
  human: '#6b7280',
  axis: '#374151',
  grid: '#e5e7eb',
};

type Option = Parameters<ReturnType<typeof Echarts.init>['setOption']>[0];

/**
 * ECharts, loaded when the first chart is drawn rather than when this module is: it is the heaviest module of the
 * service (about half of what importing core/service.ts costs), and most processes that import the service — the
 * CLI's other commands, every background job's worker thread — never draw a chart.
 */
let echartsModule: typeof Echarts | null = null;
function echarts(): typeof Echarts {
  return (echartsModule ??= createRequire(__filename)('echarts') as typeof Echarts);
}

/** Render one option to an SVG string and free the instance (an undisposed SSR chart keeps Node alive). */
export function renderSvg(option: Option, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT, fontSize: 11, color: COLORS.axis }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A score in the benchmark's own unit: the app's formatter (common/format.ts), so the report reads as the app does. */
export const fmtScore = formatScore;

/** An axis value as a reader reads it: a date (year-month) on the release-date axis, 10^x otherwise. */
export function fmtAxis(x: number | null | undefined, axis: SeriesFit['axis']): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return axis === 'date' ? fromDecimalYear(x) : `10^${x.toFixed(2)}`;
}

/** A y-axis tick: as fmtScore, with whole percents when the axis spans more than a few points. */
function axisScore(v: number, unit: string, span: number): string {
  if (unit === 'fraction') return `${(v * 100).toFixed(span > 0.05 ? 0 : 1)}%`;
  if (unit === 'percent') return `${v.toFixed(span > 5 ? 0 : 1)}%`;
  return fmtScore(v, unit);
}

/** A round tick step (1, 2 or 5 × 10^k) near `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

function niceBounds(values: number[], pad: number): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  return [lo - pad * span, hi + pad * span];
}

/**
 * The benchmark chart: every model's best result (grey), the state-of-the-art frontier (orange steps), the fitted
 * curve (blue) with its bootstrap band, the saturation threshold (green), the forecast crossing with its interval
 * (violet) or the date it was first reached, values left out of the fit (red crosses) and the human baseline.
 */
export function seriesChartSvg(f: SeriesFit, width = COLUMN_PX, height = 340): string {
  const unit = f.benchmark.unit;
  const date = f.axis === 'date';
  const excluded = new Set(f.excluded.map((e) => e.modelId));
  const kept = f.points.filter((p) => !excluded.has(p.modelId));
  const left = f.points.filter((p) => excluded.has(p.modelId));
  const frontier = f.frontier.filter((p) => !excluded.has(p.modelId));
  const fc = f.forecast;

  // x range: the data, the drawn curve, and the crossing (with its interval) when it is not absurdly far out.
  const path = fc.path ?? null;
  const xs = [...f.points.map((p) => p.x), ...f.curve.x, ...(path && f.points.length ? [path.x[path.x.length - 1] as number] : [])];
  const lastX = xs.length ? Math.max(...xs) : 0;
  const farthest = lastX + (date ? 8 : 4);
  if (fc.crossingX !== null && fc.crossingX <= farthest) xs.push(fc.crossingX);
  const intervalHi = fc.interval?.[1] ?? null;
  if (fc.interval && fc.interval[0] !== null && fc.interval[0] <= farthest) xs.push(fc.interval[0]);
  if (intervalHi !== null && intervalHi <= farthest) xs.push(intervalHi);
  const [x0, x1] = xs.length ? niceBounds(xs, 0.03) : [0, 1];
  const xMin = date ? Math.floor(x0) : x0;
  const xMax = date ? Math.ceil(x1) : x1;

  const ys = [f.benchmark.floor, f.benchmark.ceiling, ...kept.map((p) => p.y)];
  const yMin = Math.min(...ys);
  const yMax = Math.max(...ys);
  const ySpan = yMax - yMin || 1;
  const yStep = niceStep(ySpan / 5);
  // A little air around the data, but never past the unit's own range (no "−20%" or "120%" ticks on a percent axis).
  const unitRange = unit === 'fraction' ? [0, 1] : unit === 'percent' ? [0, 100] : null;
  let yLo = Math.floor((yMin - 0.02 * ySpan) / yStep) * yStep;
  let yHi = Math.ceil((yMax + 0.02 * ySpan) / yStep) * yStep;
  if (unitRange && yMin >= (unitRange[0] as number)) yLo = Math.max(yLo, unitRange[0] as number);
  if (unitRange && yMax <= (unitRange[1] as number)) yHi = Math.min(yHi, unitRange[1] as number);

  const curve = f.curve.x.map((x, i) => [x, f.curve.y[i] ?? null]);
  const band = f.band;
  const bandLo = band ? band.x.map((x, i) => [x, band.lo[i] ?? null]) : [];
  const bandWidth = band ? band.x.map((x, i) => { const lo = band.lo[i]; const hi = band.hi[i]; return [x, lo === null || lo === undefined || hi === null || hi === undefined ? null : hi - lo]; }) : [];

  const markLines: Record<string, unknown>[] = [
    { yAxis: fc.targetY, lineStyle: { color: COLORS.threshold, type: 'dashed', width: 1 }, label: { formatter: `saturation ${Math.round(fc.threshold * 100)}%`, position: 'insideStartTop', color: COLORS.threshold, backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] } },
  ];
  if (f.benchmark.humanBaseline !== null) {
    markLines.push({ yAxis: f.benchmark.humanBaseline, lineStyle: { color: COLORS.human, type: 'dotted', width: 1 }, label: { formatter: 'human baseline', position: 'insideEndBottom', color: COLORS.human, backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] } });
  }
  const crossing = fc.status === 'forecast' ? fc.crossingX : fc.status === 'saturated' ? fc.saturatedSince : null;
  if (crossing !== null && crossing <= xMax) {
    markLines.push({
      xAxis: crossing,
      lineStyle: { color: COLORS.forecast, type: 'solid', width: 1.2 },
      label: { formatter: `${fc.status === 'saturated' ? 'saturated' : 'forecast'} ${fmtAxis(crossing, f.axis)}`, position: 'end', distance: 3, color: COLORS.forecast, fontWeight: 'bold' },
    });
  }
  const markAreas: unknown[] = [];
  if (fc.status === 'forecast' && fc.interval && fc.interval[0] !== null) {
    markAreas.push([{ xAxis: Math.max(fc.interval[0], xMin) }, { xAxis: intervalHi === null ? xMax : Math.min(intervalHi, xMax) }]);
  }

  const best = frontier[frontier.length - 1];
  const option: Option = {
    grid: { left: 58, right: 22, top: 50, bottom: 42 },
    legend: {
      top: 0,
      left: 'center',
      itemWidth: 16,
      itemHeight: 8,
      textStyle: { fontSize: 10 },
      data: ['results', 'frontier', 'fit', ...(band ? ['90% band'] : []), ...(path ? ['frontier forecast'] : []), ...(left.length ? ['left out'] : [])],
    },
    xAxis: {
      type: 'value',
      min: xMin,
      max: xMax,
      name: AXIS_LABELS[f.axis],
      nameLocation: 'middle',
      nameGap: 26,
      splitLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: { formatter: (v: number) => (date ? String(Math.round(v)) : v.toFixed(1)), hideOverlap: true },
      ...(date ? { interval: 1 } : {}),
    },
    yAxis: {
      type: 'value',
      min: yLo,
      max: yHi,
      interval: yStep,
      name: `${f.benchmark.name} (${unit})`,
      nameLocation: 'middle',
      nameGap: 44,
      splitLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: { formatter: (v: number) => axisScore(v, unit, ySpan) },
    },
    series: [
      ...(band
        ? [
            { name: '90% band lo', type: 'line', data: bandLo, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, z: 1 },
            { name: '90% band', type: 'line', data: bandWidth, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: COLORS.band }, itemStyle: { color: COLORS.band }, silent: true, z: 1 },
          ]
        : []),
      // The frontier forecast from the as-of date, with its calibrated band (release-date axis).
      ...(path && path.low.every((v) => v !== null) && path.high.every((v) => v !== null)
        ? [
            { name: 'forecast band lo', type: 'line', data: path.x.map((x, i) => [x, path.low[i]]), stack: 'fband', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, z: 1 },
            { name: 'forecast band', type: 'line', data: path.x.map((x, i) => [x, (path.high[i] as number) - (path.low[i] as number)]), stack: 'fband', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(124, 58, 237, 0.12)' }, silent: true, z: 1 },
          ]
        : []),
      ...(path
        ? [{ name: 'frontier forecast', type: 'line', data: path.x.map((x, i) => [x, path.value[i]]), symbol: 'none', lineStyle: { color: COLORS.forecast, type: 'dashed', width: 1.4 }, itemStyle: { color: COLORS.forecast }, z: 3 }]
        : []),
      {
        name: 'results',
        type: 'scatter',
        data: kept.map((p) => [p.x, p.y]),
        symbolSize: 5,
        itemStyle: { color: 'transparent', borderColor: COLORS.points, borderWidth: 1 },
        z: 2,
      },
      {
        name: 'fit',
        type: 'line',
        data: curve,
        symbol: 'none',
        lineStyle: { color: COLORS.fit, width: 2 },
        itemStyle: { color: COLORS.fit },
        z: 3,
        markLine: { symbol: 'none', silent: true, data: markLines },
        markArea: { silent: true, itemStyle: { color: 'rgba(124, 58, 237, 0.08)' }, data: markAreas },
      },
      {
        name: 'frontier',
        type: 'line',
        step: 'end',
        data: frontier.map((p) => [p.x, p.y]),
        symbol: 'circle',
        symbolSize: 5,
        lineStyle: { color: COLORS.frontier, width: 1.4 },
        itemStyle: { color: COLORS.frontier },
        z: 4,
        ...(best
          ? {
              markPoint: {
                symbol: 'circle',
                symbolSize: 7,
                itemStyle: { color: COLORS.frontier },
                label: { show: true, position: 'left', distance: 6, formatter: best.model, fontSize: 10, color: COLORS.frontier, backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] },
                data: [{ coord: [best.x, best.y] }],
              },
            }
          : {}),
      },
      ...(left.length
        ? [{ name: 'left out', type: 'scatter', symbol: 'triangle', symbolSize: 7, data: left.map((p) => [p.x, Math.max(Math.min(p.y, yHi), yLo)]), itemStyle: { color: COLORS.excluded }, z: 5 }]
        : []),
    ],
  } as Option;
  return renderSvg(option, width, height);
}

/** Smallest heatmap row height (px): 40 benchmarks still fit one page. */
export const HEATMAP_ROW_PX = 15;

/**
 * The frontier heatmap: one row per benchmark, one column per quarter, the colour the normalized frontier at the
 * quarter's end (0 = chance, 1 = ceiling; blank before a benchmark's first result).
 */
export function heatmapSvg(h: DashboardSummary['heatmap'], width = COLUMN_PX): string {
  const rows = h.benchmarks.length;
  // Few benchmarks get taller rows; many get HEATMAP_ROW_PX each, up to one page.
  const rowPx = Math.max(HEATMAP_ROW_PX, Math.min(28, Math.floor(520 / Math.max(rows, 1))));
  const height = 16 + Math.max(rows, 3) * rowPx + 74;
  const data: [number, number, number][] = [];
  h.values.forEach((row, yi) =>
    row.forEach((v, xi) => {
      if (v !== null && Number.isFinite(v)) data.push([xi, rows - 1 - yi, Math.round(v * 1000) / 1000]);
    }),
  );
  // One label per year (the Q1 column) keeps the axis readable over many quarters.
  const option: Option = {
    grid: { left: 118, right: 16, top: 16, bottom: 74 },
    xAxis: {
      type: 'category',
      data: h.quarters,
      splitArea: { show: false },
      axisTick: { show: false },
      axisLabel: { interval: 0, formatter: (v: string) => (v.endsWith('Q1') ? v.slice(0, 4) : ''), fontSize: 10 },
    },
    yAxis: {
      type: 'category',
      data: [...h.benchmarks].reverse(),
      axisTick: { show: false },
      axisLabel: { fontSize: 10, width: 110, overflow: 'truncate' },
    },
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      itemWidth: 10,
      itemHeight: 160,
      text: ['ceiling (1)', 'chance (0)'],
      textStyle: { fontSize: 10 },
      inRange: { color: [...FRONTIER_RAMP] },
    },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#ffffff', borderWidth: 1 } }],
  } as Option;
  return renderSvg(option, width, height);
}
