/**
 * Chart colours follow the app's CSS variables (app.css) and the theme: the user's choice or the system's
 * light/dark setting (lib/themeChoice.svelte.ts). `chartTheme.tokens` is reactive: option builders read it, so every
 * chart redraws in the other palette when the theme changes.
 */
import { isDark, onThemeChoice } from '../lib/themeChoice.svelte';

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
  /** Categorical palette for organizations, models and benchmarks (distinct in both themes). */
  palette: string[];
}

const LIGHT_PALETTE = ['#2f6fde', '#e07b1a', '#1e9e63', '#c9302c', '#7a4fd0', '#0f9bb0', '#b5417f', '#6b7a12', '#8c5a2b', '#4a5a6a', '#d4a106', '#3b8f8f'];
const DARK_PALETTE = ['#5b93f0', '#f29a45', '#4cc38a', '#f0706b', '#a98bf0', '#3fc4d6', '#e07ab0', '#b4c440', '#c99063', '#9aa5b1', '#f0c94a', '#6cc7c7'];

/**
 * Each CSS colour as the page draws it now. The variables hold light-dark() pairs, which getPropertyValue returns
 * unresolved, so each is read through a hidden element's computed colour (always an rgb() ECharts can parse).
 */
function cssColors(names: string[]): Map<string, string> {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.documentElement.appendChild(probe);
  try {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup table, never read reactively
    const out = new Map<string, string>();
    for (const n of names) {
      probe.style.color = '';
      probe.style.color = `var(${n})`;
      const c = getComputedStyle(probe).color;
      if (c) out.set(n, c);
    }
    return out;
  } finally {
    probe.remove();
  }
}

function readTokens(): ChartTokens {
  const dark = isDark();
  const css = typeof document === 'undefined' ? new Map<string, string>() : cssColors(['--text', '--muted', '--border', '--border-strong', '--panel', '--panel-2', '--accent', '--danger', '--ok', '--warn']);
  const v = (name: string, fallback: string) => css.get(name) || fallback;
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
  };
}

class ChartTheme {
  tokens = $state.raw<ChartTokens>(readTokens());
  constructor() {
    const reread = () => (this.tokens = readTokens());
    if (typeof matchMedia === 'function') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', reread);
    onThemeChoice(reread);
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

