/**
 * Fit-all planning: decide which series need a refit against a cache of earlier results.
 */
import { fitCurve } from './fitCurve';
import type { CurveFit, CurvePoint, FitOptions } from './fitCurve';

/** One series to fit, identified by a key such as `benchmarkId/subtaskId/axis`. */
export interface SeriesInput {
  key: string;
  points: CurvePoint[];
  /** Per-series fit options (fixed floor/ceiling, form...). */
  options?: FitOptions;
}

/** A cached result for a key, with the hash of the input that produced it. */
export interface CacheEntry {
  hash: string;
  result: CurveFit;
}

/** The plan: which keys to refit, which cached results to reuse, which cache keys are gone. */
export interface RefitPlan {
  refit: string[];
  reuse: string[];
  /** Keys in the cache that no longer correspond to any series (can be deleted). */
  stale: string[];
}

/** Version of the fitting engine folded into every hash, so an engine change invalidates the cache. */
export const ENGINE_VERSION = 'fit-2';

/** cyrb53: a fast 53-bit string hash (not cryptographic), as 14 hex digits. */
function cyrb53(str: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const v = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return v.toString(16).padStart(14, '0');
}

/** JSON with object keys sorted, so equal content always serialises the same way. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return typeof v === 'number' && !Number.isFinite(v) ? JSON.stringify(String(v)) : JSON.stringify(v);
}

/**
 * Content hash of a series: cyrb53 over the canonical JSON of (engine version, points sorted by x
 * then y, options). Point order does not matter; any change of a value, a point's se or n, or an
 * option does.
 */
export function hashSeries(points: readonly CurvePoint[], options: FitOptions = {}): string {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y || (a.se ?? 0) - (b.se ?? 0) || (a.n ?? 0) - (b.n ?? 0));
  return cyrb53(canonical({ v: ENGINE_VERSION, p: sorted.map((p) => [p.x, p.y, p.se ?? null, p.n ?? null]), o: options }));
}

/**
 * Which series need fitting: a key is reused when the cache holds an entry with the same hash,
 * refitted otherwise. Cache keys not among the series are listed as stale. Duplicate keys in
 * `series` are planned once (the last wins).
 * @param series each with its key and content hash (see {@link hashSeries}).
 * @param cache a Map or a plain record from key to { hash, result }.
 */
export function planRefits(
  series: readonly { key: string; hash: string }[],
  cache: ReadonlyMap<string, { hash: string }> | Readonly<Record<string, { hash: string }>>,
): RefitPlan {
  const get = (k: string): { hash: string } | undefined =>
    cache instanceof Map ? cache.get(k) : Object.prototype.hasOwnProperty.call(cache, k) ? (cache as Record<string, { hash: string }>)[k] : undefined;
  const latest = new Map<string, string>();
  for (const s of series) latest.set(s.key, s.hash);
  const refit: string[] = [];
  const reuse: string[] = [];
  for (const [key, hash] of latest) {
    if (get(key)?.hash === hash) reuse.push(key);
    else refit.push(key);
  }
  const cacheKeys = cache instanceof Map ? [...cache.keys()] : Object.keys(cache);
  const stale = cacheKeys.filter((k) => !latest.has(k));
  return { refit, reuse, stale };
}

/**
 * Fits one series: hashes its content and fits it with `options` merged over its own options.
 * @returns the key, the hash to store beside the result, and the fit.
 */
export function fitSeries(series: SeriesInput, options: FitOptions = {}): { key: string; hash: string; result: CurveFit } {
  const merged: FitOptions = { ...options, ...(series.options ?? {}) };
  return { key: series.key, hash: hashSeries(series.points, merged), result: fitCurve(series.points, merged) };
}
