/**
 * What the PDF tests need outside Node: a Chromium to print with and poppler (pdfinfo, pdftotext, pdftoppm) to read
 * the result. CI installs both; a machine without them gets one clear failure instead of a confusing one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.HEADROOM_CHROMIUM ?? '/usr/bin/chromium';

/** Throw a message that says what is missing and how to get it. */
export function requirePrintTools(): void {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM} (apt-get install -y chromium, or set HEADROOM_CHROMIUM)`);
  for (const tool of ['pdfinfo', 'pdftotext', 'pdftoppm', 'pdffonts', 'pdfimages']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      missing.push(`${tool} (apt-get install -y poppler-utils)`);
    }
  }
  if (missing.length) throw new Error(`The PDF report tests need ${missing.join(' and ')}.`);
}

/** pdfinfo's fields as a map ("Title" → "..."). */
export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) info[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return info;
}

/** The PDF's text, page by page (pdftotext separates pages with a form feed). */
export function pdfPages(file: string): string[] {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f');
}

/** pdffonts' rows: font name and whether it is embedded. */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type... encoding emb sub uni object ID: emb is the 5th column from the end.
    return { name: cols[0] ?? '', embedded: cols[cols.length - 5] === 'yes' };
  });
}
