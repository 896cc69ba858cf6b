/**
 * The built-in curve forms: value, analytic gradient and inverse of each. All sigmoid forms share
 * the parameters floor f (the value far left: chance level or worst score), ceiling c (the value far
 * right: the best reachable score), rate k > 0 (per unit of x) and location x0 (in units of x).
 * With c < f the same formulas describe a decreasing metric (lower is better), so direction never
 * needs a separate code path.
 */

/** Names of the built-in forms. */
export type FormName = 'logistic' | 'gompertz' | 'richards' | 'power';

/** A curve form with its full parameter vector (fixed parameters included). */
export interface CurveForm {
  readonly name: FormName;
  /** Parameter names in vector order. */
  paramNames: readonly string[];
  /** y = f(x; p). */
  value(x: number, p: ArrayLike<number>): number;
  /** ∂f/∂p_j at x into `out`. */
  gradient(x: number, p: ArrayLike<number>, out: Float64Array): void;
  /**
   * The x at which the curve takes the value y, or NaN when it never does (y outside the open
   * range between the asymptotes).
   */
  inverse(y: number, p: ArrayLike<number>): number;
}

/** Numerically stable logistic σ(z) = 1/(1 + e^(−z)), exact 0/1 only when float64 forces it. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Logistic with floor and ceiling: y = f + (c − f) / (1 + exp(−k·(x − x0))).
 * Parameters [floor f, ceiling c, k (per unit x), x0 (midpoint, units of x)]. At x = x0 the curve is
 * halfway between f and c; the 10 %→90 % rise takes 2·ln 9 / k ≈ 4.39 / k units of x.
 */
export const logistic: CurveForm = {
  name: 'logistic',
  paramNames: ['floor', 'ceiling', 'k', 'x0'],
  value(x, p) {
    const f = p[0] as number;
    return f + ((p[1] as number) - f) * sigmoid((p[2] as number) * (x - (p[3] as number)));
  },
  gradient(x, p, out) {
    const f = p[0] as number;
    const span = (p[1] as number) - f;
    const k = p[2] as number;
    const d = x - (p[3] as number);
    const s = sigmoid(k * d);
    const ds = s * (1 - s);
    out[0] = 1 - s;
    out[1] = s;
    out[2] = span * ds * d;
    out[3] = -span * ds * k;
  },
  inverse(y, p) {
    const s = (y - (p[0] as number)) / ((p[1] as number) - (p[0] as number));
    if (!(s > 0 && s < 1)) return Number.NaN;
    return (p[3] as number) + Math.log(s / (1 - s)) / (p[2] as number);
  },
};

/**
 * Gompertz with floor and ceiling: y = f + (c − f)·exp(−exp(−k·(x − x0))).
 * Parameters [floor, ceiling, k (per unit x), x0 (inflection, units of x)]. At x0 the curve has done
 * 1/e ≈ 36.8 % of its rise; it approaches the ceiling more slowly than it leaves the floor.
 */
export const gompertz: CurveForm = {
  name: 'gompertz',
  paramNames: ['floor', 'ceiling', 'k', 'x0'],
  value(x, p) {
    const f = p[0] as number;
    return f + ((p[1] as number) - f) * Math.exp(-Math.exp(-(p[2] as number) * (x - (p[3] as number))));
  },
  gradient(x, p, out) {
    const f = p[0] as number;
    const span = (p[1] as number) - f;
    const k = p[2] as number;
    const d = x - (p[3] as number);
    const t = Math.exp(-k * d);
    const g = Math.exp(-t);
    // g·t → 0 as t → ∞; computing it directly would give 0·∞ = NaN.
    const h = t > 700 ? 0 : g * t;
    out[0] = 1 - g;
    out[1] = g;
    out[2] = span * h * d;
    out[3] = -span * h * k;
  },
  inverse(y, p) {
    const s = (y - (p[0] as number)) / ((p[1] as number) - (p[0] as number));
    if (!(s > 0 && s < 1)) return Number.NaN;
    return (p[3] as number) - Math.log(-Math.log(s)) / (p[2] as number);
  },
};

/** ln(1 + ν·e^(−z)) without overflow for very negative z. */
function richardsLog(z: number, nu: number): number {
  const a = Math.log(nu) - z;
  return a > 30 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
}

/**
 * Richards (generalised logistic): y = f + (c − f) / (1 + ν·exp(−k·(x − x0)))^(1/ν).
 * Parameters [floor, ceiling, k (per unit x), x0 (units of x), ν > 0 (shape, dimensionless)].
 * ν = 1 is the logistic; ν → 0 tends to the Gompertz. x0 is the midpoint only when ν = 1: in general
 * the halfway point is x0 − ln((2^ν − 1)/ν)/k (see {@link midpointOf}).
 */
export const richards: CurveForm = {
  name: 'richards',
  paramNames: ['floor', 'ceiling', 'k', 'x0', 'nu'],
  value(x, p) {
    const f = p[0] as number;
    const nu = p[4] as number;
    const L = richardsLog((p[2] as number) * (x - (p[3] as number)), nu);
    return f + ((p[1] as number) - f) * Math.exp(-L / nu);
  },
  gradient(x, p, out) {
    const f = p[0] as number;
    const span = (p[1] as number) - f;
    const k = p[2] as number;
    const nu = p[4] as number;
    const d = x - (p[3] as number);
    const z = k * d;
    const L = richardsLog(z, nu);
    const R = Math.exp(-L / nu);
    // q = e^(−z)/(1 + ν e^(−z)) = 1/(e^z + ν): finite for every z.
    const q = 1 / (Math.exp(z) + nu);
    out[0] = 1 - R;
    out[1] = R;
    out[2] = span * R * q * d;
    out[3] = -span * R * q * k;
    out[4] = span * R * (L / (nu * nu) - q / nu);
  },
  inverse(y, p) {
    const s = (y - (p[0] as number)) / ((p[1] as number) - (p[0] as number));
    if (!(s > 0 && s < 1)) return Number.NaN;
    const nu = p[4] as number;
    // s = (1 + ν e^(−z))^(−1/ν)  ⇒  z = −ln((s^(−ν) − 1)/ν); expm1 keeps precision for s near 1.
    const u = Math.expm1(-nu * Math.log(s)) / nu;
    return (p[3] as number) - Math.log(u) / (p[2] as number);
  },
};

/**
 * Power law with an irreducible term: y = E + A·(x / xRef)^(−α), for x > 0.
 * Parameters [E (the asymptote as x → ∞, units of y), A (the excess over E at x = xRef, units of y),
 * alpha (dimensionless exponent ≥ 0), xRef (a fixed reference, the geometric mean of the data's x,
 * which keeps A on the scale of the data instead of 1e30 for compute in FLOP)].
 * A > 0 for loss-like metrics (falling towards E), A < 0 for scores rising towards E.
 */
export const power: CurveForm = {
  name: 'power',
  paramNames: ['E', 'A', 'alpha', 'xRef'],
  value(x, p) {
    return (p[0] as number) + (p[1] as number) * Math.exp(-(p[2] as number) * Math.log(x / (p[3] as number)));
  },
  gradient(x, p, out) {
    const lr = Math.log(x / (p[3] as number));
    const t = Math.exp(-(p[2] as number) * lr);
    out[0] = 1;
    out[1] = t;
    out[2] = -(p[1] as number) * t * lr;
    out[3] = ((p[1] as number) * t * (p[2] as number)) / (p[3] as number);
  },
  inverse(y, p) {
    const t = (y - (p[0] as number)) / (p[1] as number);
    if (!(t > 0) || !((p[2] as number) > 0)) return Number.NaN;
    return (p[3] as number) * Math.exp(-Math.log(t) / (p[2] as number));
  },
};

/** Every built-in form by name (read-only: the forms are shared by every fit). */
export const FORMS: Readonly<Record<FormName, CurveForm>> = { logistic, gompertz, richards, power };

/**
 * The x at which a sigmoid form is halfway between floor and ceiling (logistic: x0; Gompertz:
 * x0 + ln(ln 2)/k; Richards: x0 − ln((2^ν − 1)/ν)/k). For the power law: the x where the excess over
 * E has halved from its value at xRef, xRef·2^(1/α). Units of x.
 */
export function midpointOf(form: FormName, p: Record<string, number>): number {
  const k = p.k ?? Number.NaN;
  const x0 = p.x0 ?? Number.NaN;
  switch (form) {
    case 'logistic':
      return x0;
    case 'gompertz':
      return x0 + Math.log(Math.LN2) / k;
    case 'richards': {
      const nu = p.nu ?? 1;
      return x0 - Math.log(Math.expm1(nu * Math.LN2) / nu) / k;
    }
    case 'power':
      return (p.xRef ?? Number.NaN) * 2 ** (1 / (p.alpha ?? Number.NaN));
  }
}
