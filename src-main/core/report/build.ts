/**
 * The report document: one self-contained HTML page (inline SVG charts, CSS paged media, no scripts, no network),
 * so the in-app preview, the desktop app's printToPDF and a headless Chromium all print the same pages. Printing is
 * not done here: core builds the document, an outer layer (src-main/print, the Electron shell) prints it.
 */
import type { DashboardRow } from '../../common/dashboard';
import type { ReportHtml, ReportOptions, ReportSection } from '../../common/report';
import { REPORT_SECTION_LABELS } from '../../common/report';
import type { Db } from '../db/open';
import { toDecimalYear } from '../fit/axes';
import { DAMPING } from '../fit/frontierForecast';
import { AXIS_LABELS, type TrackRecord } from '../../common/analysis';
import { fmtAxis, fmtScore, heatmapSvg, seriesChartSvg } from './charts';
import { gatherReport, publicSnapshot, stopIfCancelled, type BenchmarkPage, type ReportContext, type ReportData, type ReportFlag } from './data';
import { reportCss } from './style';
import { fitStatusLabel, flagRuleLabel } from '../../common/format';

/** HTML-escape text for element content and attribute values. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STATUS_TEXT: Record<DashboardRow['status'], string> = {
  saturated: 'saturated',
  saturating: 'saturating',
  open: 'open',
  'no-trend': 'no trend',
};

function statusBadge(s: DashboardRow['status']): string {
  return `<span class="badge st-${s}">${STATUS_TEXT[s]}</span>`;
}

/** "Training compute (log10 FLOP)" → "training compute (log10 FLOP)": mid-sentence, acronyms kept. */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function pct(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

function years(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(1)} y`;
}

function intervalText(lo: string | null | undefined, hi: string | null | undefined): string {
  if (!lo && !hi) return '—';
  return `${lo ?? '…'} – ${hi ?? 'later'}`;
}

/** An interval of dates to the month: in a table the day would be false precision. */
function monthInterval(i: [string | null, string | null] | null | undefined): string {
  return i ? intervalText(i[0]?.slice(0, 7), i[1]?.slice(0, 7)) : '—';
}

/** The date a row speaks of: when it saturated, or the forecast crossing. */
function saturationDate(r: DashboardRow): string {
  if (r.forecast.status === 'saturated') return r.saturatedSinceDate ? `reached ${r.saturatedSinceDate}` : 'reached';
  if (r.forecast.status === 'forecast') return r.crossingDate ?? '—';
  if (r.forecast.status === 'no-crossing') return 'not within 20 y';
  return '—';
}

/** Rows forecast to cross the threshold within a year of the as-of date. */
export function withinYear(rows: readonly DashboardRow[], asOf: string): DashboardRow[] {
  const now = toDecimalYear(asOf);
  return rows.filter((r) => r.forecast.status === 'forecast' && r.forecast.crossingX !== null && r.forecast.crossingX <= now + 1);
}

function openHighFlags(flags: readonly ReportFlag[] | null): number | null {
  return flags === null ? null : flags.filter((f) => f.status === 'open' && f.severity === 'high').length;
}

function sheet(id: ReportSection | string, label: string, d: ReportData, body: string): string {
  return `<section class="sheet" id="${esc(id)}" data-section="${esc(id)}">
<div class="sheet-head"><span>${esc(headerLeft(d))}</span><span class="${hasDemo(d) ? 'demo-tag' : 'origin-tag'}">${esc(originTag(d))}</span></div>
${body}
<div class="sheet-foot"><span>${esc(d.options.title)}</span><span>${esc(label)}</span></div>
</section>`;
}

const hasDemo = (d: ReportData) => d.origin?.parts.includes('demo') ?? false;

/** The running header's right side: what the data is, in a few words. */
function originTag(d: ReportData): string {
  const o = d.origin;
  if (!o || o.kind === 'empty') return '';
  if (o.kind === 'demo') return 'synthetic demo data';
  const pub = o.asOf ? `public data as of ${o.asOf}` : '';
  if (o.kind === 'public') return pub;
  if (o.kind === 'user') return '';
  return [o.parts.includes('public') ? pub : '', hasDemo(d) ? 'part synthetic demo data' : '', o.parts.includes('user') ? 'own data' : ''].filter(Boolean).join(' + ');
}

/**
 * The summary's statement of what the data is: the demo's "made up" warning only where demo data is present (and
 * then only about that part), the public sources with their licences and snapshot dates where public data is.
 */
function originNote(d: ReportData): string {
  const o = d.origin;
  if (!o) return '';
  const out: string[] = [];
  if (o.kind === 'demo') out.push('<div class="demo">Synthetic demo data: every model, benchmark and score in this report is made up.</div>');
  else if (hasDemo(d)) out.push('<div class="demo">Part of this data is synthetic demo data: the demo\'s models, benchmarks and scores are made up, and they are mixed here with other data (see Provenance).</div>');
  if (o.parts.includes('public')) {
    const list = o.sources.map((s) => `${esc(s.name)} (${esc(s.license)} licence, snapshot ${esc(s.date)})`).join(', ');
    out.push(`<div class="origin">Public benchmark results from ${list}, as of ${esc(o.asOf ?? '')}${o.refreshedOn ? `; Epoch AI files imported ${esc(o.refreshedOn)}` : ''}${o.parts.includes('user') ? ', together with data added in this workspace' : ''}. Sources are listed under Provenance.</div>`);
  }
  return out.join('\n');
}

function headerLeft(d: ReportData): string {
  return `${d.workspaceName} · ${d.options.asOf}`;
}

function summarySection(d: ReportData): string {
  const rows = d.summary.rows;
  const saturated = rows.filter((r) => r.status === 'saturated').length;
  const soon = withinYear(rows, d.options.asOf);
  const high = openHighFlags(d.flags);
  const scope = d.options.benchmarkIds ? `${rows.length} chosen benchmark${rows.length === 1 ? '' : 's'}` : `all ${rows.length} benchmarks`;
  const next = rows
    .filter((r) => r.forecast.status === 'forecast' && r.forecast.crossingX !== null)
    .sort((a, b) => (a.forecast.crossingX as number) - (b.forecast.crossingX as number))
    .slice(0, 6);
  const kpi = (n: number, label: string) => `<div class="kpi"><div class="n">${n}</div><div class="l">${esc(label)}</div></div>`;
  return sheet(
    'summary',
    'Summary',
    d,
    `<h1>${esc(d.options.title)}</h1>
${originNote(d)}
<dl class="meta">
  ${d.origin && d.origin.kind !== 'empty' ? `<dt>Data</dt><dd>${esc(d.origin.label)}</dd>` : ''}
  ${d.options.author ? `<dt>Author</dt><dd>${esc(d.options.author)}</dd>` : ''}
  <dt>Workspace</dt><dd>${esc(d.workspaceName)}</dd>
  <dt>Scope</dt><dd>${esc(scope)}${d.options.category ? ` in category “${esc(d.options.category)}”` : ''}</dd>
  <dt>Saturation threshold</dt><dd>${pct(d.options.threshold)} of the way from chance to ceiling</dd>
  <dt>Chart axis</dt><dd>${esc(AXIS_LABELS[d.options.axis])}</dd>
  <dt>Data cut-off</dt><dd>${publicSnapshot(d.origin) ? `${esc(publicSnapshot(d.origin)!)} (the public sources' snapshot)` : esc(d.cutoffLogged ?? 'no results')}${d.cutoffEvaluated ? ` (latest evaluation ${esc(d.cutoffEvaluated)})` : ''}</dd>
  <dt>As of</dt><dd>${esc(d.options.asOf)}</dd>
  <dt>Generated</dt><dd>${esc(d.generatedOn)} by Headroom</dd>
</dl>
<div class="kpis${high === null ? ' three' : ''}">
  ${kpi(rows.length, 'benchmarks tracked')}
  ${kpi(saturated, 'saturated')}
  ${kpi(soon.length, 'forecast to saturate within 12 months')}
  ${high === null ? '' : kpi(high, 'open high-severity flags')}
</div>
<h3>Next to saturate</h3>
${
  next.length
    ? `<table><thead><tr><th>Benchmark</th><th>Forecast</th><th>${pct(d.track.level)} interval</th><th class="num">Headroom left</th></tr></thead><tbody>
${next.map((r) => `<tr><td>${esc(r.name)}</td><td class="nowrap">${esc(r.crossingDate ?? '—')}</td><td class="nowrap">${esc(intervalText(r.intervalDates?.[0], r.intervalDates?.[1]))}</td><td class="num">${pct(r.headroomLeft)}</td></tr>`).join('\n')}
</tbody></table>`
    : '<p class="muted">No benchmark in this report has a forecast crossing ahead.</p>'
}
<h3>Contents</h3>
<ul class="toc">${d.options.sections
      .filter((s) => s !== 'summary')
      .map((s) => `<li>${esc(REPORT_SECTION_LABELS[s])}${s === 'benchmarks' ? ` (${d.pages.length})` : ''}</li>`)
      .join('')}</ul>`,
  );
}

function tableSection(d: ReportData): string {
  const body = d.summary.rows
    .map((r) => {
      const date = r.forecast.status === 'saturated' ? (r.saturatedSinceDate ?? '—') : saturationDate(r);
      const interval = r.forecast.status === 'forecast' ? monthInterval(r.intervalDates) : '—';
      return `<tr><td class="nowrap">${esc(r.name)}${r.category ? `<br><span class="muted small">${esc(r.category)}</span>` : ''}</td>
<td class="num">${r.best ? esc(fmtScore(r.best.score, r.unit)) : '—'}</td><td class="nowrap">${r.best ? esc(r.best.model) : ''}</td>
<td class="num">${pct(r.headroomLeft)}</td><td>${statusBadge(r.status)}</td><td class="nowrap">${esc(date)}</td>
<td class="nowrap">${esc(interval)}</td><td class="num">${years(r.yearsToSaturation)}</td><td class="num">${r.resultCount}</td></tr>`;
    })
    .join('\n');
  return sheet(
    'table',
    'Saturation table',
    d,
    `<h2>Saturation table</h2>
<p class="muted small">Best result on the state-of-the-art frontier, normalized headroom left (1 − (best − chance)/(ceiling − chance)), status, and the date the
benchmark saturated or the release-date forecast of its crossing of ${pct(d.options.threshold)}, with its ${pct(d.track.level)} predictive interval (calibrated on the track record in Methods). “From release” counts years from the
benchmark's release to that date.</p>
<table class="sat"><thead><tr><th>Benchmark</th><th class="num">Best</th><th>Model</th><th class="num">Headroom left</th><th>Status</th><th>Saturated / forecast</th><th>${pct(d.track.level)} interval</th><th class="num">From release</th><th class="num">Results</th></tr></thead>
<tbody>
${body}
</tbody></table>`,
  );
}

function forecastTable(p: BenchmarkPage, row: DashboardRow | undefined): string {
  const f = p.dateFit;
  const fc = f.forecast;
  const unit = f.benchmark.unit;
  const kv = (k: string, v: string) => `<tr><td>${esc(k)}</td><td>${v}</td></tr>`;
  const params = f.fit.params;
  const rows = [
    kv('Status', row ? statusBadge(row.status) : esc(fc.status)),
    kv('Saturation score', `${esc(fmtScore(fc.targetY, unit))} <span class="muted">(${pct(fc.threshold)} of the range)</span>`),
    kv('Best so far', fc.bestObserved ? `${esc(fmtScore(fc.bestObserved.y, unit))} <span class="muted">${esc(row?.best?.model ?? '')} · ${esc(fmtAxis(fc.bestObserved.x, 'date'))}</span>` : '—'),
    fc.status === 'saturated'
      ? kv('Saturated since', esc(fmtAxis(fc.saturatedSince, 'date')))
      : kv('Forecast crossing', esc(fc.status === 'forecast' ? fmtAxis(fc.crossingX, 'date') : fc.status === 'no-crossing' ? 'no crossing within 20 years' : 'unavailable')),
    kv(`${pct(fc.level ?? 0.9)} interval`, fc.interval ? esc(intervalText(fmtAxis(fc.interval[0], 'date'), fc.interval[1] === null ? null : fmtAxis(fc.interval[1], 'date'))) : '—'),
    kv('Release → saturation', `${years(fc.timeToSaturation)}${fc.timeToSaturationInterval ? ` <span class="muted">(${years(fc.timeToSaturationInterval[0])} – ${fc.timeToSaturationInterval[1] === null ? 'later' : years(fc.timeToSaturationInterval[1])})</span>` : ''}`),
    kv('Fit', `${esc(f.fit.form)}, ${f.fit.n} points, ${esc(fitStatusLabel(f.fit.status))}${f.fit.status === 'ok' && params.k != null && params.x0 != null ? ` <span class="muted">(k = ${params.k.toFixed(2)}/y, midpoint ${esc(fmtAxis(params.x0, 'date'))})</span>` : ''}`),
    kv('Bootstrap', `${f.resamples} resamples`),
  ];
  if (f.fit.status !== 'ok') rows.push(kv('Why no curve', esc(f.fit.message)));
  if (f.excluded.length) rows.push(kv('Left out of the fit', f.excluded.map((e) => `${esc(e.model)} (${esc(fmtScore(e.y, unit))}): ${esc(e.reason)}`).join('<br>')));
  return `<table class="kv"><thead><tr><th colspan="2">Forecast (release-date axis)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A track record (one benchmark's or the pooled one) as a table: the forecast against the naive baselines by horizon. */
function trackTable(t: TrackRecord, title: string): string {
  const scored = t.byHorizon.filter((h) => h.count > 0);
  const ahead = (h: number) => (h < 1 ? `${Math.round(h * 12)} months` : `${h} year${h === 1 ? '' : 's'}`);
  const rows = scored
    .map(
      (h) =>
        `<tr><td>${ahead(h.horizon)} ahead</td><td class="num">${h.count}</td><td class="num">${pct(h.mae, 1)}</td><td class="num">${pct(h.flatMae, 1)}</td><td class="num">${pct(h.linearMae, 1)}</td><td class="num">${pct(h.coverage)}</td></tr>`,
    )
    .join('');
  const c = t.crossing;
  const cross = c.dated
    ? `Crossing dates of the ${c.dated} forecasts made before a crossing that happened were off by ${c.mae!.toFixed(2)} years on average (the 2-year linear trend: ${c.linearMae === null ? '—' : `${c.linearMae.toFixed(2)} years`}); ${c.determinable ? `${pct(c.coverage)} of ${c.determinable} fell inside their ${pct(t.level)} interval` : 'no interval could be scored'}.`
    : 'No crossing happened after a forecast was made, so no crossing date can be scored yet.';
  return `<table><thead><tr><th>${esc(title)}${t.worseThanFlat ? ' <span class="badge">worse than flat</span>' : ''}</th><th class="num">Cases</th><th class="num">Error</th><th class="num">Flat</th><th class="num">Linear</th><th class="num">${pct(t.level)} held</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6" class="muted">No prediction could be scored yet.</td></tr>'}</tbody></table>
<p class="small muted">Mean |predicted − actual| frontier as a share of the chance-to-ceiling range, at half-yearly past cut-offs (only models released before each), against “the frontier stays where it is” and a straight line through the last 2 years' records. ${cross}</p>`;
}

function backtestTable(p: BenchmarkPage): string {
  if (!p.backtest) {
    return `<table class="kv"><thead><tr><th>Track record</th></tr></thead><tbody><tr><td class="muted">No backtest yet: a cut-off needs at least 3 results known and half a year of later data to score a prediction against.</td></tr></tbody></table>`;
  }
  return trackTable(p.backtest, 'Track record');
}

function benchmarkSection(d: ReportData, p: BenchmarkPage): string {
  const b = p.benchmark;
  const row = d.summary.rows.find((r) => r.benchmarkId === b.id);
  const f = p.axisFit;
  const meta = [
    b.category ? `category ${b.category}` : null,
    `${b.metric} (${b.unit}, ${b.higherIsBetter ? 'higher is better' : 'lower is better'})`,
    `chance ${fmtScore(p.dateFit.benchmark.floor, b.unit)} → ceiling ${fmtScore(b.ceiling, b.unit)}`,
    b.humanBaseline !== null ? `human baseline ${fmtScore(b.humanBaseline, b.unit)}` : null,
    b.releaseDate ? `released ${b.releaseDate}` : null,
    `${b.resultCount} results from ${p.dateFit.points.length} models`,
  ].filter((x): x is string => x !== null);
  const axisNote =
    d.options.axis === 'date'
      ? ''
      : `<p class="note">The chart uses ${esc(lowerFirst(AXIS_LABELS[d.options.axis]))} (${f.points.length} models have it). Forecast dates below come from the release-date fit.${
          f.forecast.status === 'forecast' ? ` On this axis the curve crosses the threshold at ${esc(fmtAxis(f.forecast.crossingX, d.options.axis))}.` : ''
        }</p>`;
  const chart =
    f.points.length > 0
      ? `<figure>${seriesChartSvg(f)}<figcaption>${esc(b.name)}: every model's best result (grey), the state-of-the-art frontier (orange), the ${esc(f.fit.form)} fit through the field (blue) with its 90% bootstrap band, the saturation threshold (green)${f.forecast.method === 'frontier' ? `, the frontier forecast (dashed) with its ${pct(f.forecast.level ?? 0.8)} band, and its crossing with the interval (violet)` : ' and the forecast crossing with its 90% interval (violet)'}.</figcaption></figure>`
      : `<p class="note">No results on this axis.</p>`;
  return sheet(
    `benchmark-${b.id}`,
    b.name,
    d,
    `<h2>${esc(b.name)}${row ? ` ${statusBadge(row.status)}` : ''}</h2>
<p class="muted small">${meta.map(esc).join(' · ')}</p>
${b.description ? `<p class="small">${esc(b.description)}</p>` : ''}
${chart}
${axisNote}
<div class="cols"><div>${forecastTable(p, row)}</div><div>${backtestTable(p)}</div></div>`,
  );
}

function heatmapSection(d: ReportData): string {
  const h = d.summary.heatmap;
  return sheet(
    'heatmap',
    'Frontier heatmap',
    d,
    `<h2>Frontier heatmap</h2>
<p class="muted small">Each cell is the best result reached by the end of the quarter, normalized so that 0 is chance and 1 is the ceiling. Blank cells come before a benchmark's first result.</p>
<figure>${heatmapSvg(h)}<figcaption>${h.benchmarks.length} benchmarks × ${h.quarters.length} quarters (${esc(h.quarters[0] ?? '')} to ${esc(h.quarters[h.quarters.length - 1] ?? '')}).</figcaption></figure>`,
  );
}

function flagBlock(f: ReportFlag): string {
  const e = f.evidence;
  const values = e.values
    .map(
      (v) =>
        `<tr><td>${esc(v.model)}</td><td>${esc(v.subtask ? `${v.benchmark} / ${v.subtask}` : v.benchmark)}</td><td class="num">${esc(fmtScore(v.score, e.unit))} ± ${esc(fmtScore(v.se, e.unit))}</td><td>${esc(v.setting)}</td><td class="wrap">${esc(v.source)}</td><td class="nowrap">${esc(v.evaluatedOn ?? '—')}</td></tr>`,
    )
    .join('');
  const numbers = [
    e.expected !== null && e.expected !== undefined ? `expected ${fmtScore(e.expected, e.unit)}` : null,
    e.difference !== null && e.difference !== undefined ? `difference ${fmtScore(e.difference, e.unit)}` : null,
    e.z !== null && e.z !== undefined ? `z = ${e.z.toFixed(1)}` : null,
  ].filter((x): x is string => x !== null);
  return `<div class="flag"><p><span class="badge sev-${f.severity}">${esc(f.severity)}</span> <strong>${esc(flagRuleLabel(f.rule))}</strong> · ${esc(f.status)} · ${esc(f.message)}</p>
${numbers.length ? `<p class="small muted">${esc(numbers.join(' · '))}</p>` : ''}
${values ? `<table><thead><tr><th>Model</th><th>Benchmark</th><th class="num">Score ± se</th><th>Setting</th><th>Source</th><th>Evaluated</th></tr></thead><tbody>${values}</tbody></table>` : ''}
${e.notes?.length ? `<p class="small muted">${e.notes.map(esc).join(' ')}</p>` : ''}</div>`;
}

/** Flags printed with their evidence tables; any further ones get one table row each. */
export const MAX_FLAGS_WITH_EVIDENCE = 40;

function flagsSection(d: ReportData): string {
  const flags = [...(d.flags ?? [])].filter((f) => f.status === 'open' || f.status === 'confirmed');
  const rank = { high: 0, medium: 1, low: 2 } as const;
  flags.sort((a, b) => rank[a.severity] - rank[b.severity] || a.id - b.id);
  const resolved = (d.flags ?? []).length - flags.length;
  // A workspace with hundreds of flags would print hundreds of pages: the most severe get their evidence, the rest a line each.
  const full = flags.slice(0, MAX_FLAGS_WITH_EVIDENCE);
  const rest = flags.slice(MAX_FLAGS_WITH_EVIDENCE);
  const restTable = rest.length
    ? `<h3>${rest.length} more flag${rest.length === 1 ? '' : 's'}</h3>
<table><thead><tr><th>Severity</th><th>Rule</th><th>Model</th><th>Benchmark</th><th>Message</th></tr></thead><tbody>
${rest.map((f) => `<tr><td><span class="badge sev-${f.severity}">${esc(f.severity)}</span></td><td class="nowrap">${esc(flagRuleLabel(f.rule))}</td><td>${esc(f.model ?? '—')}</td><td>${esc(f.subtask ? `${f.benchmark ?? ''} / ${f.subtask}` : (f.benchmark ?? '—'))}</td><td class="wrap">${esc(f.message)}</td></tr>`).join('\n')}
</tbody></table>`
    : '';
  return sheet(
    'flags',
    'Flags',
    d,
    `<h2>Flags and evidence</h2>
<p class="muted small">Results that do not fit together, open or confirmed, most severe first, ${flags.length > MAX_FLAGS_WITH_EVIDENCE ? `the first ${MAX_FLAGS_WITH_EVIDENCE}` : 'each'} with the values ${flags.length > MAX_FLAGS_WITH_EVIDENCE ? 'they rest' : 'it rests'} on.${resolved ? ` ${resolved} dismissed or fixed flag${resolved === 1 ? ' is' : 's are'} not shown.` : ''}</p>
${flags.length ? full.map(flagBlock).join('\n') : '<p>No open or confirmed flags on these benchmarks.</p>'}
${restTable}`,
  );
}

function methodsSection(d: ReportData): string {
  const o = d.options;
  const flagsNote =
    d.flags === null
      ? '<p class="note">Inconsistency flags are not available in this workspace\'s version of Headroom, so the flags section is left out and the summary does not count them.</p>'
      : `<p>Flags come from Headroom's inconsistency checks (impossible values, unit slips, conflicting reports, regressions, ordering, aggregate mismatches,
results far above the trend or far from what a model's other scores predict). They are listed as last checked${d.flagsCheckedAt ? ` (${esc(d.flagsCheckedAt)})` : ''}:
${d.flags.length} flag${d.flags.length === 1 ? '' : 's'} concern these benchmarks. ${d.flagsCheckedAt ? '' : 'No check has stored a flag yet; run <span class="formula">headroom flags</span> (or the report command, which checks first) for current flags.'}</p>`;
  return sheet(
    'methods',
    'Methods',
    d,
    `<h2>Methods</h2>
<h3>Scores and headroom</h3>
<p>Scores stay in each benchmark's own unit. Every benchmark states its chance floor <i>f</i> and ceiling <i>c</i>; analyses use normalized headroom
<span class="formula">h = (y − f) / (c − f)</span>, so 0 is chance and 1 is the ceiling whatever the unit or direction.</p>
<h3>Curve and forecast</h3>
<p>Each model contributes its best result on the benchmark. The curve drawn through the field is a logistic in the release date with floor and ceiling fixed at the benchmark's:
<span class="formula">y(x) = f + (c − f) / (1 + exp(−k·(x − x₀)))</span>, fitted by weighted least squares (bounded Levenberg–Marquardt), with a ${o.resamples}-resample bootstrap band.
Values no curve in the benchmark's range can produce (above the ceiling, outside the unit's range, far below chance) are left out and named on the benchmark's page.</p>
<p>A benchmark is saturated when the best model reaches <span class="formula">y* = f + q·(c − f)</span> with threshold q = ${o.threshold}; if the state-of-the-art frontier already passed y* the
benchmark is <i>saturated</i> since that result. Otherwise the forecast is of the frontier itself (the best result so far F, as a share h of the range, on the logit scale
<span class="formula">z = ln(h / (1 − h))</span>): from the latest release date with a result, it rises at
<span class="formula">${DAMPING}·d</span> per year, d being the frontier's average logit gain per year since its first record (new records are the random part; a benchmark with too few
records borrows the median d of the workspace's other benchmarks). The ${pct(d.track.level)} predictive interval of the frontier on a date, and so of the crossing date, comes from the
residuals of this same forecast at every half-yearly past cut-off of every benchmark in the workspace (split-conformal quantiles by horizon). An interval end
“later” did not come within 20 years.</p>
<p>Status: <i>saturated</i> — the frontier passed y*; <i>saturating</i> — the crossing is within 2 years of the as-of date; <i>open</i> — a trend exists but the crossing is later or never;
<i>no trend</i> — no result, or a single record with nothing to borrow from. “Forecast to saturate within 12 months” counts forecast crossings no later than one year after ${esc(o.asOf)}.</p>
${o.axis === 'date' ? '' : `<p>Charts use ${esc(lowerFirst(AXIS_LABELS[o.axis]))}; forecast dates always come from the release-date forecast.</p>`}
<h3>Track record</h3>
<p>The forecast shown is backtested as it is: at every half-yearly cut-off, with only the models released before it, the frontier 6, 12 and 24 months later is predicted and
compared with what happened. Intervals are scored out of sample (calibrated only on cases resolved by each cut-off). Over every benchmark in this workspace:</p>
${trackTable(d.track.pooled, 'All benchmarks')}
<h3>Frontier heatmap</h3>
<p>The frontier at a quarter's end is the best result of any model released by then; the heatmap shows it normalized (h above).</p>
<h3>Flags</h3>
${flagsNote}
<h3>Data cut-off</h3>
<p>This report covers results logged up to ${esc(d.cutoffLogged ?? '—')} (the latest result's logged date)${d.cutoffEvaluated ? `, evaluated up to ${esc(d.cutoffEvaluated)}` : ''}.
${publicSnapshot(d.origin) ? `The public sources are a snapshot of ${esc(publicSnapshot(d.origin)!)}, imported into this workspace when it was built. ` : ''}Statuses and the 12-month window are taken as of ${esc(o.asOf)}. It was generated on ${esc(d.generatedOn)}; adding results later changes the fits.</p>`,
  );
}

/** A file name that may break after a folder's slash or an underscore rather than inside a word. */
function fileCell(name: string): string {
  return esc(name).replace(/([/_])/g, '$1<wbr>');
}

function provenanceSection(d: ReportData): string {
  const body = d.sources
    .map(
      (s) =>
        `<tr><td class="wrap">${esc(s.source || '(none stated)')}</td><td>${esc(s.kind ?? '—')}</td><td class="num">${s.results}</td><td class="num">${s.models}</td><td class="num">${s.benchmarks}</td><td class="nowrap">${esc(s.firstEvaluated && s.lastEvaluated ? (s.firstEvaluated === s.lastEvaluated ? s.firstEvaluated : `${s.firstEvaluated} – ${s.lastEvaluated}`) : '—')}</td><td class="wrap">${s.files.map(fileCell).join(', ') || '—'}</td></tr>`,
    )
    .join('\n');
  return sheet(
    'provenance',
    'Provenance',
    d,
    `<h2>Provenance</h2>
<p class="muted small">Every source of the ${d.totals.results} results behind this report (${d.totals.models} models, ${d.benchmarks.length} benchmarks, ${d.totals.sources} sources), most cited first.</p>
<table><thead><tr><th>Source</th><th>Kind</th><th class="num">Results</th><th class="num">Models</th><th class="num">Benchmarks</th><th>Evaluated</th><th>Imported from</th></tr></thead>
<tbody>
${body || '<tr><td colspan="7" class="muted">No results.</td></tr>'}
</tbody></table>
${publicSources(d)}`,
  );
}

/** The published sources of the workspace's public data, with their licence, snapshot and address. */
function publicSources(d: ReportData): string {
  const o = d.origin;
  if (!o || !o.sources.length) return '';
  const items = o.sources.map((s) => `<li>${esc(s.title)}: ${esc(s.license)} licence, snapshot of ${esc(s.date)}, <span class="wrap">${esc(s.url)}</span></li>`).join('\n');
  return `<h3>Published sources</h3>
<p class="muted small">The public results were imported from these files, vendored with Headroom (data/public); each result keeps its file, line and column.</p>
<ul class="small">${items}</ul>`;
}

/** Render gathered data as the report's HTML document. */
export function renderReport(d: ReportData): string {
  const parts: string[] = [];
  for (const s of d.options.sections) {
    if (s === 'summary') parts.push(summarySection(d));
    else if (s === 'table') parts.push(tableSection(d));
    else if (s === 'benchmarks') for (const p of d.pages) parts.push(benchmarkSection(d, p));
    else if (s === 'heatmap') parts.push(heatmapSection(d));
    else if (s === 'flags' && d.flags !== null) parts.push(flagsSection(d));
    else if (s === 'methods') parts.push(methodsSection(d));
    else if (s === 'provenance') parts.push(provenanceSection(d));
  }
  const css = reportCss({ headerLeft: headerLeft(d), headerRight: originTag(d), footerLeft: d.options.title });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(d.options.title)}</title>
${d.options.author ? `<meta name="author" content="${esc(d.options.author)}">` : ''}
<meta name="generator" content="Headroom">
<meta name="date" content="${esc(d.generatedOn)}">
<style>${css}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

/**
 * Build a report: gather the data (fits from the cache where unchanged) and render the HTML document.
 * `ctx` says what only the caller knows: the workspace's name, whether it is the demo, and how to list flags.
 */
export function buildReport(db: Db, options: ReportOptions, ctx: ReportContext): ReportHtml {
  const t0 = performance.now();
  const data = gatherReport(db, options, ctx);
  stopIfCancelled(ctx);
  ctx.progress?.report('drawing charts', 0, 0);
  const html = renderReport(data);
  return {
    html,
    title: data.options.title,
    author: data.options.author,
    benchmarks: data.benchmarks.map((b) => b.name),
    sections: data.options.sections,
    buildMs: Math.round(performance.now() - t0),
  };
}
