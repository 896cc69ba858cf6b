/**
 * Draws a chart as a static SVG picture off the page's main thread (ECharts' server-side rendering mode, which needs
 * no document). The dashboard shows this picture as soon as its data arrives; the interactive canvas chart (tooltips,
 * zoom, clicks) takes its place when the pointer or keyboard focus first reaches it. A big chart's first draw runs
 * cold ECharts code long enough (bench/renderer.ts; docs/performance.md, Renderer) that on the main thread it would
 * hold back the page's answer to a click in the first second after opening.
 *
 * Options hold functions (formatters), which cannot cross to a worker, so the worker builds the option itself from
 * the chart's plain data with the same builder the page uses (chartSpecs.ts).
 */
import { echarts } from './echarts';
import { buildOption, type ChartSpec } from './chartSpecs';

export interface ChartWorkerRequest {
  id: number;
  spec: ChartSpec;
  /** echartsTheme(tokens), built in the page (it reads the page's font). */
  theme: Record<string, unknown>;
  width: number;
  height: number;
}
export type ChartWorkerReply = { id: number; svg: string } | { id: number; error: string };

// Text is measured as the page would (the default without a document guesses from character counts).
const measure = new OffscreenCanvas(1, 1).getContext('2d');
if (measure) {
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      measure.font = font ?? '12px sans-serif';
      return measure.measureText(text);
    },
  });
}

self.onmessage = (e: MessageEvent<ChartWorkerRequest>) => {
  const { id, spec, theme, width, height } = e.data;
  try {
    const chart = echarts.init(null, theme, { renderer: 'svg', ssr: true, width, height });
    try {
      chart.setOption({ ...buildOption(spec), animation: false }, { notMerge: true });
      const reply: ChartWorkerReply = { id, svg: chart.renderToSVGString() };
      self.postMessage(reply);
    } finally {
      chart.dispose();
    }
  } catch (err) {
    const reply: ChartWorkerReply = { id, error: err instanceof Error ? err.message : String(err) };
    self.postMessage(reply);
  }
};
