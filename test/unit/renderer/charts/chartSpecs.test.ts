// The dashboard's charts as the chart worker draws them: ECharts' server-side SVG of the option built from a spec.
// The page puts that SVG into the document as markup, so names from imported files must arrive as text.
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { buildOption, type ChartSpec } from '../../../../src-renderer/src/charts/chartSpecs';
import type { ChartTokens } from '../../../../src-renderer/src/charts/theme.svelte';

const tokens: ChartTokens = {
  dark: false,
  text: '#1d2329',
  muted: '#5f6b76',
  border: '#dde1e6',
  borderStrong: '#c4cad1',
  panel: '#ffffff',
  panel2: '#f1f3f5',
  accent: '#2f6fde',
  danger: '#c9302c',
  ok: '#1e7d4d',
  warn: '#9a6700',
  palette: ['#2f6fde', '#e07b1a'],
};

function svgOf(spec: ChartSpec): string {
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 600, height: 400 });
  try {
    chart.setOption({ ...buildOption(spec), animation: false }, { notMerge: true });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const HOSTILE = '<img src=x onerror=alert(1)>Bench & "Co"';

describe('the dashboard charts drawn as SVG pictures', () => {
  it('put a benchmark name with markup in it into the heatmap as text, not as elements', () => {
    const svg = svgOf({ kind: 'heatmap', tokens, data: { quarters: ['2024 Q1', '2024 Q2'], benchmarks: [HOSTILE, 'Plain'], values: [[0.2, 0.5], [0.9, null]] } });
    expect(svg).not.toMatch(/<img/i);
    expect(svg).toContain('&lt;img src=x');
    expect(svg).toContain('Plain');
  });

  it('put a benchmark name with markup in it into the frontiers chart labels as text, not as elements', () => {
    const svg = svgOf({
      kind: 'sinceRelease',
      tokens,
      threshold: 0.9,
      data: [{ benchmark: HOSTILE, releaseYear: 2022.5, x: [0, 1, 2], y: [0.1, 0.5, 0.95] }],
    });
    expect(svg).not.toMatch(/<img/i);
    expect(svg).toContain('&lt;img src=x');
    expect(svg).toContain('saturation threshold 90%');
  });
});
