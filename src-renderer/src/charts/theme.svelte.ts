/**
 * Chart colours follow the app's CSS variables (app.css) and the system's light/dark setting. `chartTheme.tokens`
 * is reactive: option builders read it, so every chart redraws in the other palette when the system theme flips.
 */

/** Colours a chart needs, read from the app's CSS variables. */
export interface ChartTokens {
  dark: boolean;
  text: string;
  muted: string;
  border: string;
  borderStrong: string;
  panel: string;
  panel2: string;
  accent: string;
  danger: string;
  ok: string;
  warn: string;
  /** Categorical palette for organizations and models (distinct in both themes). */
  palette: string[];
  /** Sequential ramp for headroom (low → high). */
  ramp: string[];
  /** Ramp for years (older → newer), distinct hues so a line's year reads at a glance. */
  yearRamp: string[];
}

const LIGHT_PALETTE = ['#2f6fde', '#e07b1a', '#1e9e63', '#c9302c', '#7a4fd0', '#0f9bb0', '#b5417f', '#6b7a12', '#8c5a2b', '#4a5a6a', '#d4a106', '#3b8f8f'];
const DARK_PALETTE = ['#5b93f0', '#f29a45', '#4cc38a', '#f0706b', '#a98bf0', '#3fc4d6', '#e07ab0', '#b4c440', '#c99063', '#9aa5b1', '#f0c94a', '#6cc7c7'];
const LIGHT_RAMP = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];
const DARK_RAMP = ['#0d1b2e', '#1d4a7a', '#3b7fc4', '#7fb4ea', '#dcecff'];
const LIGHT_YEARS = ['#2c1e8f', '#7b1fa2', '#c2185b', '#e8590c', '#d99a00'];
const DARK_YEARS = ['#8c7cf0', '#c77dff', '#ff6fa8', '#ff9a3c', '#f5e050'];

function readTokens(): ChartTokens {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    dark,
    text: v('--text', dark ? '#e3e7eb' : '#1d2329'),
    muted: v('--muted', dark ? '#9aa5b1' : '#5f6b76'),
    border: v('--border', dark ? '#30363d' : '#dde1e6'),
    borderStrong: v('--border-strong', dark ? '#444c56' : '#c4cad1'),
    panel: v('--panel', dark ? '#1b1f24' : '#ffffff'),
    panel2: v('--panel-2', dark ? '#22272e' : '#f1f3f5'),
    accent: v('--accent', dark ? '#5b93f0' : '#2f6fde'),
    danger: v('--danger', dark ? '#f0706b' : '#c9302c'),
    ok: v('--ok', dark ? '#4cc38a' : '#1e7d4d'),
    warn: v('--warn', dark ? '#e3b341' : '#9a6700'),
    palette: dark ? DARK_PALETTE : LIGHT_PALETTE,
    ramp: dark ? DARK_RAMP : LIGHT_RAMP,
    yearRamp: dark ? DARK_YEARS : LIGHT_YEARS,
  };
}

class ChartTheme {
  tokens = $state.raw<ChartTokens>(readTokens());
  constructor() {
    if (typeof matchMedia === 'function') {
      matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
        this.tokens = readTokens();
      });
    }
  }
}

/**
 * The user asked their system for less motion (prefers-reduced-motion): charts are drawn in their final state at
 * once, without ECharts' entry and update animations (WCAG 2.3.3). Read once, at start.
 */
export const reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** `option` as it should be drawn here: without animations when the user prefers reduced motion. */
export function withMotionPreference<T extends object>(option: T): T {
  return reducedMotion ? { ...option, animation: false } : option;
}

/** The current chart colours; reactive. */
export const chartTheme = new ChartTheme();

/** The ECharts theme object for the current tokens: text, axes, tooltips and sliders in the app's colours. */
export function echartsTheme(t: ChartTokens): Record<string, unknown> {
  const axis = {
    axisLine: { lineStyle: { color: t.borderStrong } },
    axisTick: { lineStyle: { color: t.borderStrong } },
    axisLabel: { color: t.muted },
    splitLine: { lineStyle: { color: t.border } },
    nameTextStyle: { color: t.muted },
  };
  return {
    color: t.palette,
    backgroundColor: 'transparent',
    textStyle: { color: t.text, fontFamily: getComputedStyle(document.body).fontFamily },
    title: { textStyle: { color: t.text }, subtextStyle: { color: t.muted } },
    legend: { textStyle: { color: t.text }, pageTextStyle: { color: t.muted }, pageIconColor: t.accent, pageIconInactiveColor: t.border },
    tooltip: { backgroundColor: t.panel, borderColor: t.borderStrong, textStyle: { color: t.text } },
    valueAxis: axis,
    categoryAxis: axis,
    logAxis: axis,
    timeAxis: axis,
    dataZoom: {
      backgroundColor: 'transparent',
      borderColor: t.border,
      textStyle: { color: t.muted },
      fillerColor: t.dark ? 'rgba(91,147,240,0.18)' : 'rgba(47,111,222,0.12)',
      handleStyle: { color: t.panel2, borderColor: t.borderStrong },
      moveHandleStyle: { color: t.borderStrong },
      dataBackground: { lineStyle: { color: t.borderStrong }, areaStyle: { color: t.border } },
    },
    visualMap: { textStyle: { color: t.muted } },
  };
}

export { rampColor } from './colors';
