/**
 * Colours that mean the same thing wherever a chart is drawn: in the app in either theme, and in the printed report.
 * Plain data, so the renderer (which may import only common/) and the report's server-side charts share it.
 */

/**
 * The headroom heatmap's ramp, from a frontier at the benchmark's floor (all headroom left) to one at its ceiling
 * (saturated). The same ramp in the light and the dark theme, so a saturated cell is the same deep blue in both
 * (a ramp per theme ran from the background outwards and so inverted the colours between themes); neither end
 * is the colour of either background, so no cell disappears into the panel.
 */
export const FRONTIER_RAMP: readonly string[] = ['#e3eef9', '#a9cce6', '#5ea3d3', '#2b75b8', '#0b3f86'];
