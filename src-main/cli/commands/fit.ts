/**
 * `headroom fit`: fit one curve to two columns of a CSV file and print the result.
 */
import Papa from 'papaparse';
import { parseArgs } from 'node:util';
import { fitCurve } from '../../core/fit/fitCurve';
import type { CurveFit, CurvePoint, FitOptions } from '../../core/fit/fitCurve';
import type { FormName } from '../../core/fit/forms';

/** The side effects the command needs, injected so tests run it without a terminal or files. */
export interface FitCommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(p: string): string;
}

const USAGE = `usage: headroom fit --csv FILE --x COL --y COL [--form logistic|gompertz|richards|power|auto]
                    [--floor V|free] [--ceiling V|free] [--weights COL] [--lower-is-better] [--json]`;
const FORM_NAMES = ['logistic', 'gompertz', 'richards', 'power', 'auto'] as const;

class UsageError extends Error {}

function parseLevel(flag: string, v: string | undefined): number | 'free' {
  if (v === undefined || v === 'free') return 'free';
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number or 'free', got '${v}'`);
  return n;
}

function cellNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return Number.NaN;
  return Number(v.trim());
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(5) : v.toPrecision(7);
}

function table(fit: CurveFit): string {
  const lines = [`form        ${fit.form}`, `status      ${fit.status}${fit.message && fit.message !== 'ok' ? `: ${fit.message}` : ''}`];
  const names = Object.keys(fit.params);
  if (names.length > 0) {
    lines.push('', 'parameter   estimate        std. error');
    for (const nm of names) {
      const fixed = nm in fit.fixed;
      lines.push(`${nm.padEnd(12)}${fmt(fit.params[nm]).padEnd(16)}${fixed ? '(fixed)' : fmt(fit.se[nm])}`);
    }
    lines.push('');
  }
  lines.push(`n           ${fit.n}`, `RSS         ${fmt(fit.rss)}`, `AICc        ${fmt(fit.aicc)}`, `iterations  ${fit.iterations}`, `converged   ${fit.converged}`);
  for (const c of fit.candidates ?? []) lines.push(`candidate   ${c.form.padEnd(10)} ${c.status.padEnd(17)} AICc ${fmt(c.aicc)}`);
  for (const w of fit.warnings) lines.push(`warning     ${w}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `headroom fit` with the given arguments (without the command name).
 * Reads the CSV (header row required) with papaparse, takes x and y from the named columns (rows
 * where either is empty are skipped and counted), optionally a standard-error column for weights
 * w = 1/se², fits one series and prints form, parameters with standard errors, RSS, AICc, status
 * and iterations: a table, or JSON with --json.
 * @returns the exit code: 0 for a fit with status 'ok', 1 for a fit with another status or an
 * unreadable file, 2 for bad arguments (the message names the flag).
 */
export async function runFitCommand(argv: string[], io: FitCommandIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        csv: { type: 'string' },
        x: { type: 'string' },
        y: { type: 'string' },
        form: { type: 'string' },
        floor: { type: 'string' },
        ceiling: { type: 'string' },
        weights: { type: 'string' },
        'lower-is-better': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (e) {
    io.stderr(`headroom fit: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let options: FitOptions;
  let csvPath: string;
  let xCol: string;
  let yCol: string;
  try {
    for (const flag of ['csv', 'x', 'y'] as const) {
      if (typeof values[flag] !== 'string' || values[flag] === '') throw new UsageError(`--${flag} is required`);
    }
    csvPath = values.csv as string;
    xCol = values.x as string;
    yCol = values.y as string;
    const form = (values.form as string | undefined) ?? 'logistic';
    if (!(FORM_NAMES as readonly string[]).includes(form)) throw new UsageError(`--form must be one of ${FORM_NAMES.join(', ')}, got '${form}'`);
    options = {
      form: form as FormName | 'auto',
      floor: parseLevel('floor', values.floor as string | undefined),
      ceiling: parseLevel('ceiling', values.ceiling as string | undefined),
      higherIsBetter: values['lower-is-better'] !== true,
      weights: typeof values.weights === 'string' ? 'se' : 'none',
    };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`headroom fit: ${e.message}\n${USAGE}\n`);
    return 2;
  }

  let text: string;
  try {
    text = io.readFile(csvPath);
  } catch (e) {
    io.stderr(`headroom fit: cannot read --csv ${csvPath}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const parsed = Papa.parse<Record<string, unknown>>(text, { header: true, skipEmptyLines: true, dynamicTyping: false });
  const fields = parsed.meta.fields ?? [];
  const wCol = typeof values.weights === 'string' ? values.weights : undefined;
  for (const [flag, col] of [
    ['x', xCol],
    ['y', yCol],
    ['weights', wCol],
  ] as const) {
    if (col !== undefined && !fields.includes(col)) {
      io.stderr(`headroom fit: --${flag} column '${col}' is not in ${csvPath} (columns: ${fields.join(', ')})\n`);
      return 2;
    }
  }
  const points: CurvePoint[] = [];
  let skipped = 0;
  for (const row of parsed.data) {
    const xv = row[xCol];
    const yv = row[yCol];
    if (xv === undefined || yv === undefined || String(xv).trim() === '' || String(yv).trim() === '') {
      skipped++;
      continue;
    }
    const p: CurvePoint = { x: cellNumber(xv), y: cellNumber(yv) };
    if (wCol !== undefined) {
      const se = cellNumber(row[wCol]);
      p.se = Number.isNaN(se) ? null : se;
    }
    points.push(p);
  }
  const fit = fitCurve(points, options);
  if (skipped > 0) fit.warnings.push(`${skipped} row${skipped > 1 ? 's' : ''} with an empty x or y skipped`);
  if (values.json) io.stdout(`${JSON.stringify(fit, null, 2)}\n`);
  else io.stdout(table(fit));
  return fit.status === 'ok' ? 0 : 1;
}
