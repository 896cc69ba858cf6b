/**
 * Colour arithmetic with no access to the page (so the chart worker, which has no document, can use it too).
 */

/** Interpolate a colour along a ramp, f in [0, 1]. */
export function rampColor(ramp: string[], f: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(f) ? f : 0)) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(x));
  const a = hex(ramp[i] ?? '#000000');
  const b = hex(ramp[i + 1] ?? '#000000');
  const u = x - i;
  const mix = (p: number, q: number) => Math.round(p + (q - p) * u);
  return `rgb(${mix(a[0], b[0])}, ${mix(a[1], b[1])}, ${mix(a[2], b[2])})`;
}

function hex(c: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  return m ? [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)] : [0, 0, 0];
}
