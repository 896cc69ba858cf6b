/**
 * The small evidence chart of a flag, drawn from the flag's evidence alone (no extra calls): conflicting reports
 * as each source's value ± se; surprising results as the model's other scores against their expectation; above-trend
 * as the other models' frontier and trend with the point; ordering as subtasks by difficulty; regression as
 * predecessor against successor. Value-level rules (impossible value, unit slip, dates, aggregates) get no chart:
 * their numbers table says it all.
 */
import type { Flag, FlagValue } from '../../../src-main/common/flags';
import type { EChartsCoreOption } from './echarts';
import { axisValue, esc, normalize, pct, score, truncate } from './format';
import type { ChartTokens } from './theme.svelte';
import type { ChartTable } from './types';

/** What the Flags view hands to Chart.svelte. */
export interface FlagChart {
  title: string;
  subtitle: string;
  option: EChartsCoreOption;
  table: ChartTable;
  height: number;
}

interface RenderApi {
  value(dim: number): number;
  coord(v: number[]): number[];
}

/** A source as a short axis label: long "publisher: report" names keep the part after the colon. */
function sourceLabel(s: string): string {
  const i = s.lastIndexOf(': ');
  return truncate(s.length > 24 && i > 0 ? s.slice(i + 2) : s, 24);
}

function valueTooltip(v: FlagValue, unit: string): string {
  return [
    `<strong>${esc(v.model)}</strong> on ${esc(v.benchmark)}${v.subtask ? ` / ${esc(v.subtask)}` : ''}`,
    `Score <strong>${esc(score(v.score))}</strong> ${esc(unit)} ± ${esc(score(v.se, 2))}${v.seBasis === 'stated' ? '' : ` (${v.seBasis} se)`}`,
    v.expected !== null && v.expected !== undefined ? `Expected ${esc(score(v.expected))}` : '',
    `Setting: ${esc(v.setting || 'default')}`,
    `Source: ${esc(v.source)}${v.sourceKind ? ` (${esc(v.sourceKind)})` : ''}`,
    v.evaluatedOn ? `Evaluated ${esc(v.evaluatedOn)}` : '',
  ]
    .filter(Boolean)
    .join('<br>');
}

/** Error bars (lo..hi) on a category axis, drawn by a custom series. */
function errorBars(rows: [number, number, number][], color: string): Record<string, unknown> {
  return {
    type: 'custom',
    name: '± se',
    data: rows,
    renderItem: (_p: unknown, api: RenderApi) => {
      const cat = api.value(0);
      const lo = api.coord([cat, api.value(1)]);
      const hi = api.coord([cat, api.value(2)]);
      const x = lo[0] ?? 0;
      const style = { stroke: color, lineWidth: 1.3 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: lo[1], x2: x, y2: hi[1] }, style },
          { type: 'line', shape: { x1: x - 6, y1: lo[1], x2: x + 6, y2: lo[1] }, style },
          { type: 'line', shape: { x1: x - 6, y1: hi[1], x2: x + 6, y2: hi[1] }, style },
        ],
      };
    },
    encode: { x: 0, y: [1, 2] },
    z: 3,
    silent: true,
    tooltip: { show: false },
  };
}

/** Category chart of values ± se; `role` colours each point (subject red, compared accent, other muted). */
function valuesChart(
  f: Flag,
  values: FlagValue[],
  labels: string[],
  t: ChartTokens,
  opts: { expected?: { y: number; label: string } | null; expectedPoints?: boolean } = {},
): EChartsCoreOption {
  const unit = f.evidence.unit;
  const color = (v: FlagValue) => (f.subjectResultIds.includes(v.resultId) ? t.danger : f.resultIds.includes(v.resultId) ? t.accent : t.muted);
  const series: Record<string, unknown>[] = [
    errorBars(values.map((v, i) => [i, v.score - v.se, v.score + v.se]), t.text),
    {
      type: 'scatter',
      name: 'Reported',
      symbolSize: 11,
      z: 4,
      data: values.map((v, i) => ({ value: [i, v.score], itemStyle: { color: color(v) }, v })),
      tooltip: { formatter: (p: { data: { v: FlagValue } }) => valueTooltip(p.data.v, unit) },
    },
  ];
  if (opts.expectedPoints) {
    series.push({
      type: 'scatter',
      name: 'Expected',
      symbol: 'diamond',
      symbolSize: 11,
      z: 5,
      itemStyle: { color: 'transparent', borderColor: t.ok, borderWidth: 2 },
      data: values.map((v, i) => (v.expected !== null && v.expected !== undefined ? [i, v.expected] : [i, '-'])),
      tooltip: { formatter: (p: { dataIndex: number }) => `Expected for ${esc(labels[p.dataIndex] ?? '')}: ${esc(score(values[p.dataIndex]?.expected ?? null))}` },
    });
  }
  if (opts.expected) {
    series.push({
      type: 'line',
      name: opts.expected.label,
      data: [],
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: t.ok, type: 'dashed' },
        label: { formatter: `${opts.expected.label} ${score(opts.expected.y)}`, color: t.ok, position: 'insideEndTop', fontSize: 11 },
        data: [{ yAxis: opts.expected.y }],
      },
    });
  }
  return {
    animation: false,
    grid: { left: 58, right: 24, top: 18, bottom: 48 },
    tooltip: { trigger: 'item', confine: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { interval: 0, fontSize: 11, width: 150, overflow: 'truncate', lineHeight: 14 },
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: 'value', scale: true, boundaryGap: ['15%', '15%'], name: unit, nameLocation: 'middle', nameGap: 42, axisLabel: { formatter: (v: number) => score(v) } },
    series,
  };
}

function valuesTable(values: FlagValue[], f: Flag): ChartTable {
  return {
    columns: ['Model', 'Subtask', 'Score', 'se', 'se basis', 'Expected', 'Setting', 'Source', 'Evaluated', 'Role'],
    rows: values.map((v) => [
      v.model,
      v.subtask,
      v.score,
      v.se,
      v.seBasis,
      v.expected ?? null,
      v.setting,
      v.source,
      v.evaluatedOn,
      f.subjectResultIds.includes(v.resultId) ? 'suspect' : f.resultIds.includes(v.resultId) ? 'compared' : 'context',
    ]),
  };
}

function conflictChart(f: Flag, t: ChartTokens): FlagChart {
  const values = f.evidence.values;
  return {
    title: 'Reports of this result',
    subtitle: 'each source’s value ± se · red: suspect · blue: the report it conflicts with · grey: other settings',
    option: valuesChart(f, values, values.map((v) => `${sourceLabel(v.source)}\n${truncate(v.setting || 'default', 22)}`), t),
    table: valuesTable(values, f),
    height: 250,
  };
}

function orderingChart(f: Flag, t: ChartTokens): FlagChart {
  // Easier first: a higher expected score means an easier subtask.
  const values = [...f.evidence.values].sort((a, b) => (b.expected ?? -Infinity) - (a.expected ?? -Infinity));
  return {
    title: 'Subtasks from easier to harder',
    subtitle: 'the model’s score ± se (red: the blamed subtask) and the expected score (green diamonds)',
    option: valuesChart(f, values, values.map((v) => truncate(v.subtask ?? v.benchmark, 22)), t, { expectedPoints: true }),
    table: valuesTable(values, f),
    height: 250,
  };
}

function regressionChart(f: Flag, t: ChartTokens): FlagChart {
  // Predecessor(s) first, then the newer model.
  const values = [...f.evidence.values].sort((a, b) => Number(f.subjectResultIds.includes(a.resultId)) - Number(f.subjectResultIds.includes(b.resultId)));
  const exp = f.evidence.expected;
  return {
    title: 'Predecessor and successor',
    subtitle: 'same benchmark and setting · red: the newer model',
    option: valuesChart(f, values, values.map((v) => `${truncate(v.model, 20)}\n${sourceLabel(v.source)}`), t, {
      expected: exp !== null && exp !== undefined ? { y: exp, label: 'predecessor' } : null,
    }),
    table: valuesTable(values, f),
    height: 250,
  };
}

function surpriseChart(f: Flag, t: ChartTokens): FlagChart | null {
  const ev = f.evidence;
  const v = ev.values[0];
  if (!v) return null;
  const d = ev.details ?? {};
  const obs = typeof d.observedHeadroom === 'number' ? d.observedHeadroom : normalize(v.score, ev.floor, ev.ceiling);
  const expV = v.expected ?? ev.expected;
  const exp = typeof d.expectedHeadroom === 'number' ? d.expectedHeadroom : expV !== null && expV !== undefined ? normalize(expV, ev.floor, ev.ceiling) : null;
  const others = (ev.modelScores ?? []).filter((p) => p.resultId !== v.resultId);
  const label = (b: string, s: string | null) => `${b}${s ? ` / ${s}` : ''}`;
  const series: Record<string, unknown>[] = [
    {
      type: 'line',
      name: 'observed = expected',
      data: [
        [0, 0],
        [1, 1],
      ],
      symbol: 'none',
      silent: true,
      lineStyle: { color: t.borderStrong, type: 'dashed', width: 1 },
      tooltip: { show: false },
    },
    {
      type: 'scatter',
      name: 'Other results of the model',
      symbolSize: 7,
      itemStyle: { color: t.accent, opacity: 0.75 },
      data: others.map((p) => ({ value: [p.expected, p.observed], p })),
      tooltip: {
        formatter: (q: { data: { p: (typeof others)[number] } }) =>
          `<strong>${esc(label(q.data.p.benchmark, q.data.p.subtask))}</strong><br>observed ${esc(pct(q.data.p.observed))} of range · expected ${esc(pct(q.data.p.expected))}<br>z = ${esc(score(q.data.p.z, 3))}`,
      },
    },
  ];
  if (exp !== null) {
    series.push({
      type: 'scatter',
      name: 'This result',
      symbolSize: 15,
      z: 5,
      itemStyle: { color: t.danger, borderColor: t.panel, borderWidth: 1.5 },
      data: [{ value: [exp, obs] }],
      tooltip: { formatter: () => `${valueTooltip(v, ev.unit)}<br>observed ${esc(pct(obs))} of range · expected ${esc(pct(exp))}` },
    });
  }
  const lo = Math.min(0, obs, ...others.map((p) => p.observed));
  const hi = Math.max(1, obs, ...others.map((p) => p.observed));
  return {
    title: `${f.model ?? 'Model'}: observed against expected`,
    subtitle: 'share of each benchmark’s range · red: this result · the dashed line is “as expected”',
    option: {
      animation: false,
      legend: { top: 0, left: 0, textStyle: { fontSize: 11 }, data: ['Other results of the model', 'This result'] },
      grid: { left: 52, right: 20, top: 30, bottom: 44 },
      tooltip: { trigger: 'item', confine: true },
      xAxis: { type: 'value', min: 0, max: 1, name: 'Expected (capability model)', nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: (x: number) => pct(x, 0) } },
      yAxis: {
        type: 'value',
        min: Math.floor(lo * 10) / 10,
        max: Math.ceil(hi * 10) / 10,
        name: 'Observed',
        nameLocation: 'middle',
        nameGap: 38,
        axisLabel: { formatter: (x: number) => pct(x, 0) },
      },
      series,
    },
    table: {
      columns: ['Benchmark', 'Subtask', 'Observed share', 'Expected share', 'z', 'This result'],
      rows: [
        ...(exp !== null ? [[v.benchmark, v.subtask, Number(obs.toFixed(4)), Number(exp.toFixed(4)), ev.z ?? null, 'yes'] as (string | number | null)[]] : []),
        ...others.map((p) => [p.benchmark, p.subtask, p.observed, p.expected, p.z, '']),
      ],
    },
    height: 280,
  };
}

function aboveTrendChart(f: Flag, t: ChartTokens): FlagChart | null {
  const ev = f.evidence;
  const v = ev.values[0];
  const tr = ev.trend;
  const rx = ev.details?.releaseYear;
  if (!v || !tr || typeof rx !== 'number') return null;
  const series: Record<string, unknown>[] = [
    {
      type: 'line',
      name: 'Trend of the other models',
      data: tr.x.map((x, i) => [x, tr.y[i] ?? null]),
      symbol: 'none',
      smooth: false,
      lineStyle: { color: t.accent, width: 2 },
      tooltip: { show: false },
    },
    {
      type: 'scatter',
      name: 'Frontier of the other models',
      symbolSize: 8,
      itemStyle: { color: t.muted },
      data: tr.frontier.map((p) => ({ value: [p.x, p.y], m: p.model })),
      tooltip: { formatter: (q: { data: { value: [number, number]; m: string } }) => `<strong>${esc(q.data.m)}</strong><br>${esc(axisValue(q.data.value[0], 'date'))}: ${esc(score(q.data.value[1]))} ${esc(ev.unit)}` },
    },
    {
      type: 'scatter',
      name: 'This result',
      symbolSize: 15,
      z: 5,
      itemStyle: { color: t.danger, borderColor: t.panel, borderWidth: 1.5 },
      data: [{ value: [rx, v.score] }],
      tooltip: { formatter: () => valueTooltip(v, ev.unit) },
    },
  ];
  const allX = [...tr.x, ...tr.frontier.map((p) => p.x), rx];
  return {
    title: `${f.benchmark ?? 'Benchmark'}: frontier trend and this result`,
    subtitle: 'trend fitted to the frontier of the other models · red: this result at the model’s release',
    option: {
      animation: false,
      legend: { top: 0, left: 0, textStyle: { fontSize: 11 } },
      grid: { left: 56, right: 20, top: 30, bottom: 44 },
      tooltip: { trigger: 'item', confine: true },
      xAxis: {
        type: 'value',
        min: Math.floor(Math.min(...allX) * 2) / 2,
        max: Math.ceil(Math.max(...allX) * 2) / 2,
        name: 'Release date',
        nameLocation: 'middle',
        nameGap: 26,
        axisLabel: { formatter: (x: number) => axisValue(x, 'date', true), hideOverlap: true },
      },
      yAxis: { type: 'value', min: ev.floor, max: ev.ceiling, name: ev.unit, nameLocation: 'middle', nameGap: 40, axisLabel: { formatter: (x: number) => score(x) } },
      series,
    },
    table: {
      columns: ['Model', 'Date', 'Score', 'Kind'],
      rows: [
        [v.model, axisValue(rx, 'date'), v.score, 'this result'],
        ...tr.frontier.map((p) => [p.model, axisValue(p.x, 'date'), p.y, 'frontier of others']),
        ...tr.x.map((x, i) => ['(trend)', axisValue(x, 'date'), tr.y[i] ?? null, 'trend']),
      ],
    },
    height: 280,
  };
}

/** The evidence chart of a flag, or null for rules whose numbers table is enough. */
export function flagChart(f: Flag, t: ChartTokens): FlagChart | null {
  switch (f.rule) {
    case 'conflicting-reports':
      return conflictChart(f, t);
    case 'surprising-failure':
    case 'surprising-success':
      return surpriseChart(f, t);
    case 'above-trend':
      return aboveTrendChart(f, t);
    case 'ordering':
      return f.evidence.values.length > 1 ? orderingChart(f, t) : null;
    case 'regression':
      return f.evidence.values.length > 1 ? regressionChart(f, t) : null;
    default:
      return null;
  }
}
