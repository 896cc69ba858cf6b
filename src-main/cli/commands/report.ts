/**
 * `headroom report`: build the PDF report of a workspace and print it with a local Chromium. The document comes
 * from the same 'reports/html' API the app's preview uses; the flags are re-checked first (as `headroom flags`
 * does) so the report does not show stale ones.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AXES, type Axis } from '../../common/analysis';
import { REPORT_SECTIONS, type ReportOptions, type ReportSection } from '../../common/report';
import { printReport } from '../../core/report/printer';
import { ChromiumUnavailableError, chromiumPrinter, findChromium } from '../../print/chromium';
import { UsageError, type CliIo } from '../io';
import { openForCli } from '../workspaceCall';
import { DEFAULT_DB } from './data';

/** Write a file whole or not at all: a temporary file beside it, then a rename (atomic on one file system). */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export async function runReportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      out: { type: 'string' },
      benchmarks: { type: 'string', multiple: true },
      category: { type: 'string' },
      axis: { type: 'string', default: 'date' },
      threshold: { type: 'string', default: '0.9' },
      sections: { type: 'string', multiple: true },
      title: { type: 'string' },
      author: { type: 'string' },
      'as-of': { type: 'string' },
      resamples: { type: 'string', default: '100' },
      chromium: { type: 'string' },
      html: { type: 'string' },
      'no-recompute': { type: 'boolean', default: false },
    },
  });
  if (!values.out && !values.html) throw new UsageError('--out FILE.pdf is required (or --html FILE.html for the document alone)');
  if (values.out && !values.out.toLowerCase().endsWith('.pdf')) throw new UsageError(`--out must name a .pdf file (got "${values.out}")`);
  if (!(AXES as readonly string[]).includes(values.axis)) throw new UsageError(`--axis must be one of ${AXES.join(', ')} (got "${values.axis}")`);
  const threshold = Number(values.threshold);
  if (!(threshold > 0 && threshold < 1)) throw new UsageError(`--threshold must be a number strictly between 0 and 1 (got "${values.threshold}")`);
  const resamples = Number(values.resamples);
  if (!Number.isInteger(resamples) || resamples < 0 || resamples > 2000) throw new UsageError('--resamples must be a whole number from 0 to 2000');
  const sections = list(values.sections);
  const unknown = sections.filter((s) => !(REPORT_SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new UsageError(`unknown section ${unknown.join(', ')}; sections are ${REPORT_SECTIONS.join(', ')}`);
  if (!existsSync(values.db)) throw new UsageError(`no such workspace: ${values.db}`);
  // Find the browser before any work, so a machine without one fails at once with one line.
  let browser: string | null = null;
  if (values.out) {
    try {
      browser = findChromium(values.chromium ?? null);
    } catch (e) {
      if (e instanceof ChromiumUnavailableError) {
        io.stderr(`headroom report: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }

  const cli = openForCli(values.db);
  try {
    let benchmarkIds: number[] | undefined;
    const names = list(values.benchmarks);
    if (names.length) {
      const all = await cli.call('benchmarks/list', {});
      benchmarkIds = names.map((name) => {
        const key = name.toLowerCase();
        const b = all.find((x) => x.name.toLowerCase() === key || x.aliases.some((a) => a.toLowerCase() === key));
        if (!b) throw new UsageError(`no benchmark called "${name}" in ${values.db}`);
        return b.id;
      });
    }
    if (!values['no-recompute']) await cli.call('flags/recompute', {});
    const options: ReportOptions = {
      axis: values.axis as Axis,
      threshold,
      resamples,
      ...(benchmarkIds ? { benchmarkIds } : {}),
      ...(values.category ? { category: values.category } : {}),
      ...(sections.length ? { sections: sections as ReportSection[] } : {}),
      ...(values.title ? { title: values.title } : {}),
      ...(values.author ? { author: values.author } : {}),
      ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
    };
    const t0 = performance.now();
    const report = await cli.call('reports/html', { options });
    const built = performance.now() - t0;
    if (values.html) {
      writeFileAtomic(values.html, Buffer.from(report.html, 'utf8'));
      io.stdout(`wrote ${values.html} (${report.benchmarks.length} benchmarks, ${Math.round(report.html.length / 1024)} KB)\n`);
    }
    if (!values.out || !browser) return 0;
    const t1 = performance.now();
    // A browser that fails to print surfaces as an 'unavailable' ApiError, which main prints in one line.
    const printed = await printReport(chromiumPrinter(browser), report);
    writeFileAtomic(values.out, printed.pdf);
    io.stdout(
      `wrote ${values.out}: ${printed.pages} pages, ${report.benchmarks.length} benchmarks (${report.sections.join(', ')}); ` +
        `built in ${(built / 1000).toFixed(1)} s, printed in ${((performance.now() - t1) / 1000).toFixed(1)} s with ${browser}\n`,
    );
    return 0;
  } finally {
    cli.close();
  }
}
