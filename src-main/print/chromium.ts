/**
 * Print HTML to PDF with a locally installed Chromium or Chrome in headless mode (`--print-to-pdf`), with no
 * dependency: no Playwright or Puppeteer at run time, nothing downloaded. The report's CSS paged media carries
 * the page size, running header and page numbers, so the browser's own header and footer are turned off.
 * Outside core on purpose: core builds the document, this layer drives a browser.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiError } from '../common/errors';
import type { PdfPrinter } from '../core/report/printer';

/** Where Chromium or Chrome usually lives, per platform, in the order tried. */
export function chromiumCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      path.join(env.HOME ?? '', 'Applications/Chromium.app/Contents/MacOS/Chromium'),
      path.join(env.HOME ?? '', 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [
      path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.win32.join(r, 'Chromium', 'Application', 'chrome.exe'),
      path.win32.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/local/bin/chromium',
    '/opt/google/chrome/chrome',
  ];
}

/** Thrown when no browser can be found or started; its message is one line fit for a CLI. */
export class ChromiumUnavailableError extends Error {
  override readonly name = 'ChromiumUnavailableError';
}

/**
 * The browser to print with: `explicit` (a --chromium option) first, then HEADROOM_CHROMIUM, then the usual install
 * paths. An explicit path that does not exist is an error rather than a silent fallback.
 */
export function findChromium(explicit?: string | null, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const named = explicit || env.HEADROOM_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new ChromiumUnavailableError(`no browser at ${named} (named by ${explicit ? '--chromium' : 'HEADROOM_CHROMIUM'})`);
    return named;
  }
  const found = chromiumCandidates(platform, env).find((p) => existsSync(p));
  if (!found) {
    throw new ChromiumUnavailableError(
      'no Chromium or Chrome found to print the PDF; install one (e.g. apt-get install chromium) or name it with --chromium PATH or HEADROOM_CHROMIUM',
    );
  }
  return found;
}

export interface ChromiumPrintOptions {
  /** The browser binary (see findChromium). */
  executable: string;
  /**
   * Give up after this long. Default 120 s, far above a 40-benchmark report's print time (bench/report.ts;
   * docs/performance.md).
   */
  timeoutMs?: number;
}

/** Flags that keep a headless print quiet and offline (no update checks, sync or first-run pages). */
const QUIET_FLAGS = [
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--mute-audio',
  '--hide-scrollbars',
  '--no-pdf-header-footer',
  '--generate-pdf-document-outline',
];

/**
 * Print an HTML document to PDF bytes: write it to a private temporary folder, run the browser with
 * `--print-to-pdf` and a throw-away profile, read the file back, remove the folder. The sandbox is turned off only
 * when running as root, where Chromium refuses to start with it (containers, CI).
 */
export async function printHtmlWithChromium(html: string, options: ChromiumPrintOptions): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-print-'));
  try {
    const input = path.join(dir, 'report.html');
    const output = path.join(dir, 'report.pdf');
    writeFileSync(input, html, 'utf8');
    const args = [
      ...QUIET_FLAGS,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--user-data-dir=${path.join(dir, 'profile')}`,
      `--print-to-pdf=${output}`,
      pathToFileURL(input).href,
    ];
    const stderr = await new Promise<string>((resolve, reject) => {
      let err = '';
      let child;
      try {
        child = spawn(options.executable, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
      } catch (e) {
        reject(new ChromiumUnavailableError(`cannot start ${options.executable}: ${e instanceof Error ? e.message : String(e)}`));
        return;
      }
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new ChromiumUnavailableError(`${options.executable} did not finish printing within ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s`));
      }, options.timeoutMs ?? 120_000);
      child.stderr.on('data', (d: Buffer) => {
        if (err.length < 20_000) err += d.toString('utf8');
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new ChromiumUnavailableError(`cannot start ${options.executable}: ${e.message}`));
      });
      child.on('close', () => {
        clearTimeout(timer);
        resolve(err);
      });
    });
    if (!existsSync(output)) {
      const last = stderr.trim().split('\n').filter((l) => !/dbus|Fontconfig/i.test(l)).pop() ?? 'no message';
      throw new ChromiumUnavailableError(`${options.executable} wrote no PDF (${last.slice(0, 300)})`);
    }
    const pdf = readFileSync(output);
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ChromiumUnavailableError(`${options.executable} wrote something that is not a PDF`);
    return pdf;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A PdfPrinter over a local Chromium, found lazily (so a server starts even where no browser is installed). A
 * missing or failing browser becomes an 'unavailable' API error carrying the one-line reason.
 */
export function chromiumPrinter(explicit?: string | null, timeoutMs?: number): PdfPrinter {
  return async (html) => {
    try {
      return await printHtmlWithChromium(html, { executable: findChromium(explicit), ...(timeoutMs ? { timeoutMs } : {}) });
    } catch (e) {
      if (e instanceof ChromiumUnavailableError) throw new ApiError('unavailable', e.message);
      throw e;
    }
  };
}
