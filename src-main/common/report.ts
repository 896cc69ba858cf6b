/**
 * PDF reports: the options a report is built from (with their zod schema, so the renderer's builder and the CLI
 * are checked by the same rules as the API) and the wire shapes of 'reports/html' and 'reports/pdf'. The builder
 * itself lives in src-main/core/report; printing lives outside core (src-main/print, the Electron shell).
 */
import { z } from 'zod';
import { AXES } from './analysis';

export const REPORT_SECTIONS = ['summary', 'table', 'benchmarks', 'heatmap', 'flags', 'methods', 'provenance'] as const;
/**
 * summary: counts on the first page; table: the saturation table; benchmarks: one page per benchmark (chart,
 * forecast, backtest); heatmap: frontier by quarter; flags: inconsistency flags with their evidence (only when the
 * workspace has the flags feature); methods: formulas, thresholds, cut-off; provenance: every source with counts.
 */
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const REPORT_SECTION_LABELS: Record<ReportSection, string> = {
  summary: 'Summary',
  table: 'Saturation table',
  benchmarks: 'Benchmark pages',
  heatmap: 'Frontier heatmap',
  flags: 'Flags and evidence',
  methods: 'Methods',
  provenance: 'Provenance',
};

const posInt = z.number().int('must be a whole number').min(1, 'must be 1 or more');

/** Everything a report is built from. Empty selection (no ids, no category) means every benchmark. */
export const reportOptions = z
  .object({
    /** Benchmarks to report on, in this order; combined with `category` when both are given (intersection). */
    benchmarkIds: z.array(posInt).max(1_000).optional(),
    /** Only benchmarks of this category (case-insensitive). */
    category: z.string().trim().max(200).optional(),
    /** Axis of the per-benchmark charts. Forecast dates always come from the release-date axis. Default 'date'. */
    axis: z.enum(AXES).optional(),
    /** Fraction q of the floor-to-ceiling range that counts as saturated. Default 0.9. */
    threshold: z.number().gt(0, 'must be above 0').lt(1, 'must be below 1').optional(),
    /** Sections to include, printed in the fixed order of REPORT_SECTIONS. Default all. */
    sections: z.array(z.enum(REPORT_SECTIONS)).max(REPORT_SECTIONS.length).optional(),
    title: z.string().trim().max(300).optional(),
    author: z.string().trim().max(300).optional(),
    /** The date the report speaks for (YYYY-MM-DD). Default: the data cut-off (latest result's logged date). */
    asOf: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
      .optional(),
    /** Bootstrap resamples behind the bands and intervals. Default 100 (what the dashboard uses, so fits are shared from the cache). */
    resamples: z.number().int().min(0).max(2_000).optional(),
  })
  .strict();

export type ReportOptions = z.input<typeof reportOptions>;

export const reportRequest = z.object({ options: reportOptions }).strict();

/** What 'reports/html' returns: one self-contained HTML document (inline SVG charts, no scripts). */
export interface ReportHtml {
  html: string;
  title: string;
  author: string | null;
  /** Benchmarks in the report, in order. */
  benchmarks: string[];
  /** Sections actually included (flags is dropped when the workspace cannot list flags). */
  sections: ReportSection[];
  /** Milliseconds spent building (fits are cached, so a second build is faster). */
  buildMs: number;
}

/** What 'reports/pdf' returns. */
export interface ReportPdf {
  pdfBase64: string;
  pages: number;
  title: string;
  /** A file name to suggest when saving. */
  fileName: string;
}

/** A file name from a report title: letters, digits, dashes; never empty. */
export function reportFileName(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${stem || 'headroom-report'}.pdf`;
}
