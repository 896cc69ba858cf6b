/**
 * Charts described by plain data (a builder's name and its arguments), so that the chart worker can build the very
 * option the page builds. Only charts drawn on the first screen need this; the others pass an option directly.
 */
import type { DashboardSummary } from '../../../src-main/common/dashboard';
import { heatmapChart, sinceReleaseChart } from './dashboardCharts';
import type { EChartsCoreOption } from './echarts';
import type { ChartTokens } from './theme.svelte';

export type ChartSpec =
  | { kind: 'heatmap'; data: DashboardSummary['heatmap']; tokens: ChartTokens }
  | { kind: 'sinceRelease'; data: DashboardSummary['sinceRelease']; tokens: ChartTokens; threshold: number; asOf?: number; height?: number };

export function buildOption(spec: ChartSpec): EChartsCoreOption {
  switch (spec.kind) {
    case 'heatmap':
      return heatmapChart(spec.data, spec.tokens);
    case 'sinceRelease':
      return sinceReleaseChart(spec.data, spec.tokens, spec.threshold, spec.asOf, spec.height);
  }
}
