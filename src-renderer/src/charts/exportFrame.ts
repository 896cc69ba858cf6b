/**
 * An exported chart stands on its own, as Our World in Data's grapher exports do: its title and subtitle above the
 * plot, and a line naming where the data come from and the day it was exported below it. The chart itself is
 * ECharts' own picture (SVG markup or a PNG); this frames it without drawing it again.
 */
import { esc } from './format';

export interface ExportFrame {
  title: string;
  subtitle?: string | undefined;
  /** Where the data come from ("Headroom workspace “x” · 312 results"). */
  source: string;
  /** The day of the export (YYYY-MM-DD). */
  date: string;
  /** Panel colour behind everything, text and muted colours (the theme the chart was drawn in). */
  background: string;
  text: string;
  muted: string;
  font: string;
}

const PAD = 14;
const TITLE_PX = 16;
const SUB_PX = 12;
const FOOT_PX = 11;

/** Heights (CSS px) of the header over the chart and the footer under it. */
export function frameBands(f: ExportFrame): { header: number; footer: number } {
  return { header: PAD + TITLE_PX + 6 + (f.subtitle ? SUB_PX + 6 : 0) + 4, footer: FOOT_PX + 2 * PAD - 4 };
}

function footLine(f: ExportFrame): string {
  // One line, so a long source never runs into the date.
  return `Source: ${f.source} · exported ${f.date}`;
}

/** The chart's SVG markup inside a larger SVG holding the title, subtitle, source line and date. */
export function framedSvg(chartSvg: string, width: number, height: number, f: ExportFrame): string {
  const { header, footer } = frameBands(f);
  const total = header + height + footer;
  // The chart's own root <svg> becomes a nested one placed under the header (x/y on a nested svg place it).
  const inner = chartSvg.replace(/^\s*(<\?xml[^>]*>\s*)?<svg\b/, `<svg x="0" y="${header}"`);
  const font = esc(f.font);
  const titleY = PAD + TITLE_PX;
  const subY = titleY + 6 + SUB_PX;
  const footY = header + height + PAD + FOOT_PX - 6;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">`,
    `<rect width="100%" height="100%" fill="${esc(f.background)}"/>`,
    `<text x="${PAD}" y="${titleY}" font-family="${font}" font-size="${TITLE_PX}" font-weight="600" fill="${esc(f.text)}">${esc(f.title)}</text>`,
    f.subtitle ? `<text x="${PAD}" y="${subY}" font-family="${font}" font-size="${SUB_PX}" fill="${esc(f.muted)}">${esc(f.subtitle)}</text>` : '',
    inner,
    `<text x="${PAD}" y="${footY}" font-family="${font}" font-size="${FOOT_PX}" fill="${esc(f.muted)}">${esc(footLine(f))}</text>`,
    '</svg>',
  ].join('');
}

/** The chart's PNG (a data URL drawn at `ratio` × its CSS size) with the title, subtitle, source and date. */
export async function framedPng(chartPng: string, width: number, height: number, ratio: number, f: ExportFrame): Promise<string> {
  const { header, footer } = frameBands(f);
  const img = new Image();
  img.src = chartPng;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round((header + height + footer) * ratio);
  const g = canvas.getContext('2d');
  if (!g) return chartPng;
  g.scale(ratio, ratio);
  g.fillStyle = f.background;
  g.fillRect(0, 0, width, header + height + footer);
  g.textBaseline = 'alphabetic';
  const text = (s: string, x: number, y: number, px: number, color: string, weight = '400') => {
    g.font = `${weight} ${px}px ${f.font}`;
    g.fillStyle = color;
    g.textAlign = 'left';
    g.fillText(s, x, y, width - 2 * PAD);
  };
  const titleY = PAD + TITLE_PX;
  text(f.title, PAD, titleY, TITLE_PX, f.text, '600');
  if (f.subtitle) text(f.subtitle, PAD, titleY + 6 + SUB_PX, SUB_PX, f.muted);
  g.drawImage(img, 0, header, width, height);
  const footY = header + height + PAD + FOOT_PX - 6;
  text(footLine(f), PAD, footY, FOOT_PX, f.muted);
  return canvas.toDataURL('image/png');
}
