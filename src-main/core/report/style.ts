/**
 * The report's stylesheet: print first (A4, CSS paged media with running header and page numbers in the margin
 * boxes, no figure or table row split across pages), plus a screen layout that draws each section as an A4 sheet so
 * the in-app preview looks like the printed pages.
 */

/** Text as a CSS string literal: quotes, backslashes and line breaks escaped, and `<` so it cannot close the style element. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ').replace(/</g, '\\3C ')}"`;
}

export interface PageChrome {
  /** Running header, left: workspace name and date. */
  headerLeft: string;
  /** Running header, right: what the data is ("synthetic demo data", "public data as of 2025-12-03"), or empty. */
  headerRight: string;
  /** Footer, left: the report's title. */
  footerLeft: string;
}

/** Page margins (mm): the header and footer sit in the top and bottom margins. */
export const MARGIN_MM = { top: 20, right: 14, bottom: 18, left: 14 } as const;

export function reportCss(chrome: PageChrome): string {
  const m = MARGIN_MM;
  return `
@font-face { font-family: 'Report Sans'; font-weight: 400; font-style: normal;
  src: local('Liberation Sans'), local('LiberationSans'), local('Arial'), local('ArialMT'), local('Helvetica'), local('DejaVu Sans'); }
@font-face { font-family: 'Report Sans'; font-weight: 700; font-style: normal;
  src: local('Liberation Sans Bold'), local('LiberationSans-Bold'), local('Arial Bold'), local('Arial-BoldMT'), local('Helvetica Bold'), local('DejaVu Sans Bold'); }
@font-face { font-family: 'Report Sans'; font-weight: 400; font-style: italic;
  src: local('Liberation Sans Italic'), local('LiberationSans-Italic'), local('Arial Italic'), local('Arial-ItalicMT'), local('Helvetica Oblique'), local('DejaVu Sans Oblique'); }

@page {
  size: A4;
  margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm;
  @top-left { content: ${cssString(chrome.headerLeft)}; font: 8pt 'Report Sans', 'DejaVu Sans', sans-serif; color: #4b5563; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { content: ${cssString(chrome.headerRight)}; font: 700 8pt 'Report Sans', 'DejaVu Sans', sans-serif; color: #b45309; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-left { content: ${cssString(chrome.footerLeft)}; font: 8pt 'Report Sans', 'DejaVu Sans', sans-serif; color: #4b5563; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt 'Report Sans', 'DejaVu Sans', sans-serif; color: #4b5563; vertical-align: top; padding-top: 3mm; }
}

:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Report Sans', 'Liberation Sans', Arial, Helvetica, 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.38; color: #111827; background: #fff; }
h1 { font-size: 21pt; line-height: 1.15; margin: 0 0 4mm; }
h2 { font-size: 14pt; margin: 0 0 2.5mm; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 0 0 2.2mm; }
.muted { color: #4b5563; }
.small { font-size: 8.5pt; }
.sheet + .sheet { break-before: page; }
.sheet-head, .sheet-foot { display: none; }
.keep, figure, tr, .kpis, .flag, .kv { break-inside: avoid; }
figure { margin: 2mm 0 3mm; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 8pt; color: #4b5563; margin-top: 1mm; }
table { width: 100%; border-collapse: collapse; font-size: 8.3pt; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
th { text-align: left; font-weight: 700; border-bottom: 0.8pt solid #374151; padding: 1.6pt 4pt; vertical-align: bottom; }
td { border-bottom: 0.4pt solid #d1d5db; padding: 1.8pt 4pt; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.wrap { overflow-wrap: anywhere; }
table.sat th { white-space: normal; }
.kv td:first-child { color: #4b5563; width: 38%; }
.badge { display: inline-block; padding: 0 4pt; border-radius: 3pt; font-size: 7.8pt; font-weight: 700; white-space: nowrap; }
.st-saturated { background: #dcfce7; color: #166534; }
.st-saturating { background: #fef3c7; color: #92400e; }
.st-open { background: #dbeafe; color: #1e40af; }
.st-no-trend { background: #f3f4f6; color: #374151; }
.sev-high { background: #fee2e2; color: #991b1b; }
.sev-medium { background: #fef3c7; color: #92400e; }
.sev-low { background: #f3f4f6; color: #374151; }
.demo { border: 0.8pt solid #f59e0b; background: #fffbeb; color: #92400e; padding: 2mm 3mm; margin: 0 0 4mm; font-weight: 700; }
.origin { border: 0.8pt solid #93c5fd; background: #eff6ff; color: #1e3a8a; padding: 2mm 3mm; margin: 0 0 4mm; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin: 5mm 0 6mm; }
.kpis.three { grid-template-columns: repeat(3, 1fr); }
.kpi { border: 0.6pt solid #d1d5db; border-radius: 2mm; padding: 3mm; }
.kpi .n { font-size: 22pt; font-weight: 700; line-height: 1.1; }
.kpi .l { font-size: 8.5pt; color: #4b5563; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.6mm 5mm; font-size: 9pt; margin: 0 0 3mm; }
.meta dt { color: #4b5563; }
.meta dd { margin: 0; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
.note { font-size: 8.5pt; color: #4b5563; border-left: 1.5pt solid #d1d5db; padding-left: 2.5mm; margin: 2mm 0; }
.flag { border: 0.6pt solid #e5e7eb; border-radius: 1.5mm; padding: 2mm 3mm; margin: 0 0 2.5mm; }
.flag table { margin: 1mm 0 0; }
.formula { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 8.6pt; background: #f9fafb; padding: 1mm 2mm; display: inline-block; }
ul.toc { margin: 0; padding-left: 5mm; }

@media screen {
  html { background: #d1d5db; }
  body { padding: 14px 0; background: #d1d5db; }
  .sheet { position: relative; width: 210mm; min-height: 297mm; margin: 0 auto 14px; padding: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm; background: #fff; box-shadow: 0 1px 5px rgba(0, 0, 0, 0.3); }
  .sheet-head, .sheet-foot { display: flex; justify-content: space-between; position: absolute; left: ${m.left}mm; right: ${m.right}mm; font-size: 8pt; color: #4b5563; }
  .sheet-head { top: ${m.top - 9}mm; }
  .sheet-foot { bottom: ${m.bottom - 10}mm; }
  .sheet-head .demo-tag { color: #b45309; font-weight: 700; }
}
`;
}
