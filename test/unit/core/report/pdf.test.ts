/**
 * The printed report, end to end: the demo workspace → HTML → a real Chromium → PDF, read back with poppler.
 * These tests need /usr/bin/chromium (or HEADROOM_CHROMIUM) and poppler-utils; without them they fail saying so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../../src-main/cli/main';
import { createDispatcher } from '../../../../src-main/core/dispatch';
import { pdfPageCount } from '../../../../src-main/core/report/pdfInfo';
import { printReport } from '../../../../src-main/core/report/printer';
import { createHandlers } from '../../../../src-main/core/service';
import { closeWorkspace } from '../../../../src-main/core/workspace';
import { chromiumPrinter } from '../../../../src-main/print/chromium';
import { apiFor } from '../../../helpers/api';
import { CHROMIUM, pdfFonts, pdfInfo, pdfPages, requirePrintTools } from '../../../helpers/printTools';
import { tempWorkspace } from '../../../helpers/workspace';

const ws = tempWorkspace();
const api = apiFor(ws);
const CHOSEN = ['CodeDuel', 'RepoFix', 'OlympiadSprint', 'LexiQA'];
let ids: number[] = [];
let pdfFile = '';
let pages: string[] = [];

beforeAll(async () => {
  requirePrintTools();
  await api.call('workspace/loadDemo', {});
  await api.call('flags/recompute', {});
  const all = await api.call('benchmarks/list', {});
  ids = CHOSEN.map((n) => all.find((b) => b.name === n)?.id as number);
  const report = await api.call('reports/html', { options: { benchmarkIds: ids, title: 'Saturation review — Q4', author: 'Zoë Müller' } });
  const printed = await printReport(chromiumPrinter(CHROMIUM), report);
  pdfFile = path.join(ws.dir, 'report.pdf');
  writeFileSync(pdfFile, printed.pdf);
  writeFileSync(path.join(ws.dir, 'report.html'), report.html);
  pages = pdfPages(pdfFile);
}, 120_000);
afterAll(() => ws.dispose());

describe('printed report', () => {
  it('carries the title and author in the PDF metadata', () => {
    const info = pdfInfo(pdfFile);
    expect(info.Title).toBe('Saturation review — Q4');
    expect(info.Author).toBe('Zoë Müller');
    expect(info.Creator).toBe('Headroom');
    expect(info['Page size']).toMatch(/A4/);
  });

  it('has one page per section and per chosen benchmark, numbered "Page n of N" under a running header', () => {
    const info = pdfInfo(pdfFile);
    const count = Number(info.Pages);
    // summary, table, 4 benchmark pages, heatmap, flags (one or more), methods, provenance
    expect(count).toBeGreaterThanOrEqual(10);
    expect(pdfPageCount(readFileSync(pdfFile))).toBe(count);
    for (let i = 1; i <= count; i++) {
      const text = pages[i - 1] as string;
      expect(text, `page ${i}`).toContain(`Page ${i} of ${count}`);
      expect(text, `page ${i}`).toContain('Synthetic demo workspace ·');
      expect(text, `page ${i}`).toContain('synthetic demo data');
    }
  });

  it('prints every chosen benchmark with its forecast date as selectable text', async () => {
    const text = pages.join('\n');
    const asOf = /As of\s+(\d{4}-\d{2}-\d{2})/.exec(text)?.[1] as string;
    expect(asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const dash = await api.call('dashboard/summary', { asOf, resamples: 100 });
    for (const name of CHOSEN) {
      const row = dash.rows.find((r) => r.name === name);
      const date = row?.forecast.status === 'saturated' ? row.saturatedSinceDate : row?.crossingDate;
      expect(date, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(text).toContain(name);
      expect(text).toContain(date as string);
      // The benchmark's own page starts with its name.
      expect(pages.some((p) => new RegExp(`^\\s*Synthetic demo workspace[^\\n]*\\n+\\s*${name}\\b`).test(p)), name).toBe(true);
    }
  });

  it('embeds every font it uses', () => {
    const fonts = pdfFonts(pdfFile);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    expect(fonts.some((f) => /Liberation|Arial|Helvetica|DejaVu/.test(f.name))).toBe(true);
  });

  it('draws charts as vectors: the chart pages hold no images', () => {
    const out = execFileSync('pdfimages', ['-list', pdfFile], { encoding: 'utf8' });
    expect(out.split('\n').slice(2).filter((l) => l.trim())).toEqual([]);
  });

  it('renders every page to an image (pdftoppm) without errors', () => {
    const dir = path.join(ws.dir, 'png');
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('pdftoppm', ['-png', '-r', '30', pdfFile, path.join(dir, 'p')]);
    expect(readdirSync(dir).length).toBe(Number(pdfInfo(pdfFile).Pages));
  });

  it('lays out nothing wider than the A4 text column (Chromium would shrink every page to fit it)', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      // 210 mm − 2 × 14 mm at 96 px per inch.
      const page = await browser.newPage({ viewport: { width: 688, height: 1000 } });
      await page.goto(`file://${path.join(ws.dir, 'report.html')}`);
      await page.emulateMedia({ media: 'print' });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 689).map((e) => `${e.tagName}.${e.className}`),
      );
      expect(wide).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('prints through the reports/pdf API when the process has a printer', async () => {
    const call = createDispatcher(createHandlers(() => ws, { printPdf: chromiumPrinter(CHROMIUM) }));
    const env = await call('reports/pdf', { options: { benchmarkIds: [ids[0] as number], sections: ['summary', 'benchmarks'], title: 'One' } });
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    const value = env.value as { pdfBase64: string; pages: number; fileName: string };
    expect(value.pages).toBe(2);
    expect(value.fileName).toBe('One.pdf');
    expect(Buffer.from(value.pdfBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('headroom report', () => {
  function io() {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), readFile: () => '' } };
  }

  it('writes the PDF for the chosen benchmarks with title and author, and leaves no temporary file', async () => {
    const w = tempWorkspace();
    await apiFor(w).call('workspace/loadDemo', {});
    closeWorkspace(w);
    const out = path.join(w.dir, 'out.pdf');
    const t = io();
    const code = await main(['report', '--db', w.path, '--out', out, '--benchmarks', 'CodeDuel,RepoFix', '--title', 'CLI report', '--author', 'Grace', '--chromium', CHROMIUM], t.io);
    expect(t.out.stderr).toBe('');
    expect(code).toBe(0);
    expect(t.out.stdout).toMatch(/^wrote .*out\.pdf: \d+ pages, 2 benchmarks/);
    const info = pdfInfo(out);
    expect(info.Title).toBe('CLI report');
    expect(info.Author).toBe('Grace');
    const text = pdfPages(out).join('\n');
    expect(text).toContain('CodeDuel');
    expect(text).toContain('RepoFix');
    expect(readdirSync(w.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    w.dispose();
  });

  it('says in one line that no browser was found, and writes nothing', async () => {
    const w = tempWorkspace();
    closeWorkspace(w);
    const out = path.join(w.dir, 'none.pdf');
    const t = io();
    const code = await main(['report', '--db', w.path, '--out', out, '--chromium', path.join(w.dir, 'no-such-chromium')], t.io);
    expect(code).toBe(1);
    expect(t.out.stderr).toMatch(/^headroom report: no browser at .*no-such-chromium \(named by --chromium\)\n$/);
    expect(existsSync(out)).toBe(false);
    w.dispose();
  });

  it('refuses a bad command line with usage errors', async () => {
    const t = io();
    expect(await main(['report', '--out', 'x.txt'], t.io)).toBe(2);
    expect(t.out.stderr).toMatch(/--out must name a \.pdf file/);
    expect(await main(['report', '--out', 'x.pdf', '--threshold', '2'], t.io)).toBe(2);
    expect(await main(['report', '--out', 'x.pdf', '--sections', 'summary,nope'], t.io)).toBe(2);
    expect(t.out.stderr).toMatch(/unknown section nope/);
  });
});
