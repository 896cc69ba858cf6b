/**
 * The desktop app's PDF printer: the report's HTML in a hidden, script-less, sandboxed window, printed with
 * Chromium's own printToPDF (the same engine as the CLI's headless Chromium, so the pages match). No IPC is
 * involved: the 'reports/pdf' handler calls this in the main process. Cannot be run on machines without the
 * Electron binary (scripts/start.mjs says so and points to `headroom serve`); kept small for that reason.
 */
import { BrowserWindow } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PdfPrinter } from '../core/report/printer';

export const electronPrinter: PdfPrinter = async (html) => {
  // A file rather than a data: URL, which Chromium caps in size (a 40-benchmark report is a few MB of SVG).
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-print-'));
  const file = path.join(dir, 'report.html');
  writeFileSync(file, html, 'utf8');
  const win = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' },
  });
  try {
    win.webContents.on('will-navigate', (e) => e.preventDefault());
    await win.loadFile(file);
    // Page size, margins, running header and page numbers come from the document's CSS paged media.
    return await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, generateTaggedPDF: true, generateDocumentOutline: true });
  } finally {
    win.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
};
