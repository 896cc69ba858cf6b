/**
 * NIST StRD nonlinear regression problems for the solver tests: a parser for the .dat files and a
 * hand-coded model (value and analytic gradient) for each problem in ../shared/data/nist_strd.
 */
import type { SolverModel } from '../../../../src-main/core/fit/lm';

/** One parsed .dat file. */
export interface NistDataset {
  name: string;
  start1: number[];
  start2: number[];
  certified: number[];
  certifiedSd: number[];
  certifiedRss: number;
  /** Data rows, each [y, x] or [y, x1, x2]. */
  rows: number[][];
}

/** Parses a NIST StRD nonlinear .dat file (parameter lines `bK = start1 start2 value sd`, then data after the `Data:  y x` header). */
export function parseNistDat(name: string, text: string): NistDataset {
  const lines = text.split(/\r?\n/);
  const start1: number[] = [];
  const start2: number[] = [];
  const certified: number[] = [];
  const certifiedSd: number[] = [];
  let certifiedRss = Number.NaN;
  let dataStart = -1;
  lines.forEach((line, idx) => {
    const pm = /^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (pm) {
      start1.push(Number(pm[2]));
      start2.push(Number(pm[3]));
      certified.push(Number(pm[4]));
      certifiedSd.push(Number(pm[5]));
    }
    const rm = /Residual Sum of Squares:\s*(\S+)/.exec(line);
    if (rm) certifiedRss = Number(rm[1]);
    if (/^Data:\s+y\s/.test(line)) dataStart = idx + 1;
  });
  if (dataStart < 0 || start1.length === 0 || Number.isNaN(certifiedRss)) throw new Error(`cannot parse ${name}`);
  const rows: number[][] = [];
  for (const line of lines.slice(dataStart)) {
    const t = line.trim();
    if (!t) continue;
    rows.push(t.split(/\s+/).map(Number));
  }
  return { name, start1, start2, certified, certifiedSd, certifiedRss, rows };
}

type M = SolverModel<number> & { transformY?: (y: number) => number };
const { exp, cos, sin, atan2, PI, pow, log } = Math;

const lanczos: M = {
  value: (x, b) => b[0]! * exp(-b[1]! * x) + b[2]! * exp(-b[3]! * x) + b[4]! * exp(-b[5]! * x),
  gradient: (x, b, g) => {
    for (let k = 0; k < 3; k++) {
      const e = exp(-b[2 * k + 1]! * x);
      g[2 * k] = e;
      g[2 * k + 1] = -b[2 * k]! * x * e;
    }
  },
};

const gauss: M = {
  value: (x, b) =>
    b[0]! * exp(-b[1]! * x) + b[2]! * exp(-((x - b[3]!) ** 2) / b[4]! ** 2) + b[5]! * exp(-((x - b[6]!) ** 2) / b[7]! ** 2),
  gradient: (x, b, g) => {
    const e0 = exp(-b[1]! * x);
    g[0] = e0;
    g[1] = -b[0]! * x * e0;
    for (const [a, c, w] of [
      [2, 3, 4],
      [5, 6, 7],
    ] as const) {
      const d = x - b[c]!;
      const s = b[w]!;
      const e = exp(-(d * d) / (s * s));
      g[a] = e;
      g[c] = (b[a]! * e * 2 * d) / (s * s);
      g[w] = (b[a]! * e * 2 * d * d) / (s * s * s);
    }
  },
};

const rational33: M = {
  value: (x, b) => (b[0]! + b[1]! * x + b[2]! * x * x + b[3]! * x ** 3) / (1 + b[4]! * x + b[5]! * x * x + b[6]! * x ** 3),
  gradient: (x, b, g) => {
    const num = b[0]! + b[1]! * x + b[2]! * x * x + b[3]! * x ** 3;
    const den = 1 + b[4]! * x + b[5]! * x * x + b[6]! * x ** 3;
    const p = [1, x, x * x, x ** 3];
    for (let k = 0; k < 4; k++) g[k] = p[k]! / den;
    for (let k = 1; k < 4; k++) g[3 + k] = (-num * p[k]!) / (den * den);
  },
};

/** Model per problem name. Nelson's x is the row index into its [x1, x2] pairs (see `nelsonX`). */
export const NIST_MODELS: Record<string, M> = {
  Misra1a: {
    value: (x, b) => b[0]! * (1 - exp(-b[1]! * x)),
    gradient: (x, b, g) => {
      g[0] = 1 - exp(-b[1]! * x);
      g[1] = b[0]! * x * exp(-b[1]! * x);
    },
  },
  Misra1b: {
    value: (x, b) => b[0]! * (1 - (1 + (b[1]! * x) / 2) ** -2),
    gradient: (x, b, g) => {
      const u = 1 + (b[1]! * x) / 2;
      g[0] = 1 - u ** -2;
      g[1] = b[0]! * u ** -3 * x;
    },
  },
  Misra1c: {
    value: (x, b) => b[0]! * (1 - (1 + 2 * b[1]! * x) ** -0.5),
    gradient: (x, b, g) => {
      const u = 1 + 2 * b[1]! * x;
      g[0] = 1 - u ** -0.5;
      g[1] = b[0]! * u ** -1.5 * x;
    },
  },
  Misra1d: {
    value: (x, b) => (b[0]! * b[1]! * x) / (1 + b[1]! * x),
    gradient: (x, b, g) => {
      const u = 1 + b[1]! * x;
      g[0] = (b[1]! * x) / u;
      g[1] = (b[0]! * x) / (u * u);
    },
  },
  Chwirut1: {
    value: (x, b) => exp(-b[0]! * x) / (b[1]! + b[2]! * x),
    gradient: (x, b, g) => {
      const e = exp(-b[0]! * x);
      const d = b[1]! + b[2]! * x;
      g[0] = (-x * e) / d;
      g[1] = -e / (d * d);
      g[2] = (-x * e) / (d * d);
    },
  },
  Chwirut2: {} as M,
  DanWood: {
    value: (x, b) => b[0]! * pow(x, b[1]!),
    gradient: (x, b, g) => {
      g[0] = pow(x, b[1]!);
      g[1] = b[0]! * pow(x, b[1]!) * log(x);
    },
  },
  Lanczos1: lanczos,
  Lanczos2: lanczos,
  Lanczos3: lanczos,
  Gauss1: gauss,
  Gauss2: gauss,
  Gauss3: gauss,
  Hahn1: rational33,
  Thurber: rational33,
  Kirby2: {
    value: (x, b) => (b[0]! + b[1]! * x + b[2]! * x * x) / (1 + b[3]! * x + b[4]! * x * x),
    gradient: (x, b, g) => {
      const num = b[0]! + b[1]! * x + b[2]! * x * x;
      const den = 1 + b[3]! * x + b[4]! * x * x;
      g[0] = 1 / den;
      g[1] = x / den;
      g[2] = (x * x) / den;
      g[3] = (-num * x) / (den * den);
      g[4] = (-num * x * x) / (den * den);
    },
  },
  MGH10: {
    value: (x, b) => b[0]! * exp(b[1]! / (x + b[2]!)),
    gradient: (x, b, g) => {
      const e = exp(b[1]! / (x + b[2]!));
      g[0] = e;
      g[1] = (b[0]! * e) / (x + b[2]!);
      g[2] = (-b[0]! * e * b[1]!) / (x + b[2]!) ** 2;
    },
  },
  MGH17: {
    value: (x, b) => b[0]! + b[1]! * exp(-x * b[3]!) + b[2]! * exp(-x * b[4]!),
    gradient: (x, b, g) => {
      const e1 = exp(-x * b[3]!);
      const e2 = exp(-x * b[4]!);
      g[0] = 1;
      g[1] = e1;
      g[2] = e2;
      g[3] = -b[1]! * x * e1;
      g[4] = -b[2]! * x * e2;
    },
  },
  Bennett5: {
    value: (x, b) => b[0]! * pow(b[1]! + x, -1 / b[2]!),
    gradient: (x, b, g) => {
      const u = b[1]! + x;
      const v = pow(u, -1 / b[2]!);
      g[0] = v;
      g[1] = (-b[0]! * v) / (b[2]! * u);
      g[2] = (b[0]! * v * log(u)) / (b[2]! * b[2]!);
    },
  },
  Roszman1: {
    // atan2 keeps arctan[b3/(x−b4)] on the (0, π) branch the certified values use (see SOURCE.txt).
    value: (x, b) => b[0]! - b[1]! * x - atan2(b[2]!, x - b[3]!) / PI,
    gradient: (x, b, g) => {
      const d = x - b[3]!;
      const q = d * d + b[2]! * b[2]!;
      g[0] = 1;
      g[1] = -x;
      g[2] = -d / (PI * q);
      g[3] = -b[2]! / (PI * q);
    },
  },
  ENSO: {
    value: (x, b) => {
      const t = 2 * PI * x;
      return (
        b[0]! +
        b[1]! * cos(t / 12) +
        b[2]! * sin(t / 12) +
        b[4]! * cos(t / b[3]!) +
        b[5]! * sin(t / b[3]!) +
        b[7]! * cos(t / b[6]!) +
        b[8]! * sin(t / b[6]!)
      );
    },
    gradient: (x, b, g) => {
      const t = 2 * PI * x;
      g[0] = 1;
      g[1] = cos(t / 12);
      g[2] = sin(t / 12);
      for (const [p, a, c] of [
        [3, 4, 5],
        [6, 7, 8],
      ] as const) {
        const u = t / b[p]!;
        g[a] = cos(u);
        g[c] = sin(u);
        // d/dP of cos(t/P) = sin(t/P)·t/P²
        g[p] = (b[a]! * sin(u) * t) / (b[p]! * b[p]!) - (b[c]! * cos(u) * t) / (b[p]! * b[p]!);
      }
    },
  },
};
NIST_MODELS.Chwirut2 = NIST_MODELS.Chwirut1!;

/** Nelson: log y = b1 − b2·x1·exp(−b3·x2); the predictor is a [x1, x2] pair and the response is ln y. */
export const NELSON_MODEL: SolverModel<readonly [number, number]> = {
  value: ([x1, x2], b) => b[0]! - b[1]! * x1 * exp(-b[2]! * x2),
  gradient: ([x1, x2], b, g) => {
    const e = exp(-b[2]! * x2);
    g[0] = 1;
    g[1] = -x1 * e;
    g[2] = b[1]! * x1 * x2 * e;
  },
};

/** Number of significant digits on which a and b agree: −log10(|a − b| / |b|), capped at 15. */
export function digits(a: number, b: number): number {
  if (a === b) return 15;
  const rel = Math.abs(a - b) / Math.abs(b);
  return Math.min(15, -Math.log10(rel));
}
