/**
 * ECharts on demand. It is the biggest chunk of the renderer's code (docs/performance.md, "The renderer as built"),
 * and nothing on the first screen needs it
 * before the dashboard's table is up, so it lives in its own chunk: the first chunk compiles and runs sooner, and the
 * API requests that fill the table leave that much earlier. Every Chart shares the one load.
 */
export type Echarts = (typeof import('./echarts'))['echarts'];

let loading: Promise<Echarts> | null = null;

export function loadEcharts(): Promise<Echarts> {
  loading ??= import('./echarts').then((m) => m.echarts);
  return loading;
}

/**
 * Runs `fn` once the browser has painted the current frame (a frame, then a new task), so work queued by an input
 * (a chart redraw after a sort) does not hold back the frame that shows the input's effect. Returns a cancel.
 */
export function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(fn, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
