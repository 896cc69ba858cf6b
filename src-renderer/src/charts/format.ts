/**
 * Turning axis values into text: decimal years into dates, log10 quantities into "3.2e21", scores into short
 * numbers; plus HTML escaping for tooltips (names come from imported files) and name truncation for axis labels.
 */
import type { Axis } from '../../../src-main/common/analysis';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A decimal year (2023.5) as an ISO date (2023-07-02). */
export function decimalYearToIso(x: number): string {
  const year = Math.floor(x);
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return new Date(start + (x - year) * (end - start)).toISOString().slice(0, 10);
}

/** A decimal year as "Jul 2023". */
export function decimalYearToMonth(x: number): string {
  const iso = decimalYearToIso(x);
  return `${MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''} ${iso.slice(0, 4)}`;
}

/** An ISO date as a decimal year. */
export function isoToDecimalYear(iso: string): number {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  const year = d.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  return year + (d.getTime() - start) / (Date.UTC(year + 1, 0, 1) - start);
}

/** 10^x written compactly: 3.2e21, 70B style for parameters. */
export function powTen(x: number, axis: Axis = 'compute'): string {
  const v = 10 ** x;
  if (axis === 'parameters' || axis === 'ttc') {
    if (v >= 1e12) return `${trim(v / 1e12)}T`;
    if (v >= 1e9) return `${trim(v / 1e9)}B`;
    if (v >= 1e6) return `${trim(v / 1e6)}M`;
    if (v >= 1e3) return `${trim(v / 1e3)}K`;
    return trim(v);
  }
  if (x >= 4 || x <= -3) {
    const e = Math.floor(x);
    const m = 10 ** (x - e);
    return Math.abs(m - 1) < 0.005 ? `1e${e}` : `${m.toFixed(1)}e${e}`;
  }
  return trim(v);
}

function trim(v: number): string {
  return Number(v.toPrecision(3)).toLocaleString('en-US');
}

/** An axis value as text, for ticks (`short`) or tooltips. */
export function axisValue(x: number, axis: Axis | string, short = false): string {
  if (axis === 'date') return short ? (Math.abs(x - Math.round(x)) < 1e-6 ? String(Math.round(x)) : decimalYearToMonth(x)) : decimalYearToIso(x);
  if (axis === 'capability') return x.toFixed(2);
  return powTen(x, axis as Axis);
}

/** A score as text: up to 4 significant digits, no trailing zeros. */
export function score(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(digits)));
}

/** A fraction as a percentage: 0.123 → "12.3%". */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}

/** Years as "2.3 y". */
export function years(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v.toFixed(1)} y`;
}

/** Escape text for HTML tooltips. */
export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Cut a long name for an axis label; the full name goes in the tooltip. */
export function truncate(s: string, max = 22): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Normalized headroom position (score − floor)/(ceiling − floor), in the benchmark's direction. */
export function normalize(v: number, floor: number, ceiling: number): number {
  const span = ceiling - floor;
  return span === 0 ? 0 : (v - floor) / span;
}

/** A file name from a chart title. */
export function fileSlug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'chart';
}

/**
 * The end of a share-of-range axis (0 = floor, 1 = ceiling): 1, or past it (a score above the stated ceiling) the
 * next 20% step, so the axis ends on one of its own ticks rather than at "110%" beside "100%".
 */
export function shareAxisMax(v: { max: number }): number {
  return Math.max(1, Math.ceil(v.max * 5 - 1e-9) / 5);
}
