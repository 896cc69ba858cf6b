/**
 * The capability model: one joint fit over every model and every benchmark (or subtask, an "item"), in the spirit of
 * a two-parameter item-response model. Model m has a capability θ_m, item j a difficulty d_j and a slope a_j > 0,
 * and the expected normalized score is
 *
 *   h_mj = σ(a_j·(θ_m − d_j)),   σ(t) = 1/(1 + e^(−t)),   h = (score − floor)/(ceiling − floor).
 *
 * The fit works on the logit scale: each observation is the empirical logit y = logit(h̃) of its normalized score
 * (clamped into (ε, 1 − ε)), with sampling variance v from its standard error or item count by the delta method.
 * On that scale the model is y = a_j(θ_m − d_j) + e, e ~ N(0, v + τ²), where τ² is the misfit no sampling error
 * explains (settings, prompt formats, genuine strengths). That makes the fit an alternating weighted least squares
 * (Berkson's minimum-logit-χ² estimator): with the items fixed each θ_m has a closed form, and with the models
 * fixed each item is a two-parameter Gauss–Newton step in (log a_j, d_j). Every sweep is O(observations).
 *
 * Identifiability: θ is re-standardized after every sweep (mean 0, sd 1 over the models; a and d follow so
 * a(θ − d) is unchanged), a = exp(u) keeps slopes positive. Regularization: Gaussian priors θ ~ N(0, 1),
 * d ~ N(0, 3²), log a ~ N(log 1.5, 1²), which keep models and items with extreme or few scores finite.
 * Robustness: Huber weights (c = 2) on standardized residuals, so a planted 9.11-vs-9.8 failure does not drag its
 * model's θ down; τ² is re-estimated from the median absolute residual.
 * Uncertainty: Laplace approximation conditional on the item parameters: se(θ_m) = 1/√(Σ_j w_mj a_j² + 1), the
 * inverse square root of the per-model block of the Hessian of the penalized objective (item uncertainty ignored,
 * so se is somewhat optimistic for items with few results).
 */

/** Observations in flat typed arrays (the bench runs 200k of them). */
export interface CapabilityData {
  nModels: number;
  nItems: number;
  /** Model index of each observation, 0..nModels−1. */
  model: Int32Array;
  /** Item index of each observation, 0..nItems−1. */
  item: Int32Array;
  /** Empirical logit of the normalized score. */
  y: Float64Array;
  /** Sampling variance of y (logit units²). */
  v: Float64Array;
  /** Optional prior weight per observation (default 1; 0 leaves it out of the fit but still predicts it). */
  weight?: Float64Array;
}

export interface CapabilityFitOptions {
  /** Most sweeps. Default 400. */
  maxSweeps?: number;
  /** Stop when no θ moves more than this between sweeps. Default 1e-5. */
  tolerance?: number;
  /** Huber constant on standardized residuals. Default 2. */
  huber?: number;
  /** Prior sd of difficulties (θ units). Default 3. */
  difficultySd?: number;
  /** Prior mean and sd of log slopes. Default log 1.5 and 1. */
  logSlopeMean?: number;
  logSlopeSd?: number;
}

export interface CapabilityFitResult {
  theta: Float64Array;
  thetaSe: Float64Array;
  difficulty: Float64Array;
  slope: Float64Array;
  /** Observations per model / per item that entered the fit (weight > 0). */
  modelCount: Int32Array;
  itemCount: Int32Array;
  /** Global misfit variance τ² (logit units²). */
  tau2: number;
  /** Per-model residual variance σ_m² (logit units²): robust, shrunk toward τ² with 5 pseudo-observations. */
  modelVar: Float64Array;
  /** Residual y − a(θ − d) of each observation. */
  residual: Float64Array;
  /** Final Huber weight of each observation (1 = not downweighted). */
  robustWeight: Float64Array;
  sweeps: number;
  converged: boolean;
}

/** Logistic function σ(t) = 1/(1 + e^(−t)), stable for large |t|. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** logit(p) = ln(p/(1 − p)); ±Infinity at 0 and 1. */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * Empirical logit of a normalized score and its sampling variance.
 * h is the normalized score (may lie outside [0, 1]); seH its standard error in normalized units (> 0); nEff the
 * effective item count when known (used for the continuity correction h̃ = (h·n + 0.5)/(n + 1)). Without nEff,
 * h is clamped into [ε, 1 − ε] with ε = 0.005. The variance is seH²/(h̃(1 − h̃))², floored at 1e-4 and capped at 25
 * so a single extreme value can neither dominate nor vanish.
 */
export function empiricalLogit(h: number, seH: number, nEff: number | null): { y: number; v: number } {
  const eps = 0.005;
  let hc = Math.min(1, Math.max(0, h));
  if (nEff !== null && nEff > 0) hc = (hc * nEff + 0.5) / (nEff + 1);
  hc = Math.min(1 - eps, Math.max(eps, hc));
  const d = hc * (1 - hc);
  // A binomial floor on the variance: a stated stderr of ~0 at the ceiling must not make a value infinitely sure.
  const seFloor = nEff !== null && nEff > 0 ? Math.sqrt(d / (nEff + 1)) : 0;
  const s = Math.max(seH, seFloor);
  const v = Math.min(25, Math.max(1e-4, (s * s) / (d * d)));
  return { y: logit(hc), v };
}

function median(values: Float64Array, count: number): number {
  if (count === 0) return Number.NaN;
  // Typed-array sort is numeric.
  const a = values.slice(0, count).sort();
  const mid = count >> 1;
  return count % 2 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
}

/**
 * Fit θ, d and a by alternating weighted least squares on the logit scale (see the module comment).
 * Edge cases: a model or item without observations keeps its prior (θ = 0, d = 0, a = 1.5) with se 1; a single
 * model gives θ = 0 (standardization needs two); all-equal scores give slopes near the prior and θ near 0.
 * @returns plain typed arrays indexed like the input (models 0..nModels−1, items 0..nItems−1).
 */
export function fitCapabilityModel(data: CapabilityData, options: CapabilityFitOptions = {}): CapabilityFitResult {
  const { nModels, nItems, model, item, y, v } = data;
  const N = y.length;
  const maxSweeps = options.maxSweeps ?? 400;
  const tol = options.tolerance ?? 1e-5;
  const c = options.huber ?? 2;
  const precD = 1 / (options.difficultySd ?? 3) ** 2;
  const muU = options.logSlopeMean ?? Math.log(1.5);
  const precU = 1 / (options.logSlopeSd ?? 1) ** 2;

  const theta = new Float64Array(nModels);
  const d = new Float64Array(nItems);
  const u = new Float64Array(nItems).fill(muU);
  const a = new Float64Array(nItems).fill(Math.exp(muU));
  const rw = new Float64Array(N).fill(1);
  const prior = data.weight ?? new Float64Array(N).fill(1);
  const residual = new Float64Array(N);
  const modelCount = new Int32Array(nModels);
  const itemCount = new Int32Array(nItems);
  for (let i = 0; i < N; i++) {
    if (prior[i]! > 0) {
      modelCount[model[i]!]!++;
      itemCount[item[i]!]!++;
    }
  }

  // Start: θ from each model's mean logit, d from each item's negative mean logit; both standardized below.
  {
    const sm = new Float64Array(nModels);
    const si = new Float64Array(nItems);
    for (let i = 0; i < N; i++) {
      if (!(prior[i]! > 0)) continue;
      sm[model[i]!]! += y[i]!;
      si[item[i]!]! += y[i]!;
    }
    for (let m = 0; m < nModels; m++) theta[m] = modelCount[m]! ? sm[m]! / modelCount[m]! : 0;
    for (let j = 0; j < nItems; j++) d[j] = itemCount[j]! ? -si[j]! / itemCount[j]! : 0;
  }

  const num = new Float64Array(nModels);
  const prev = new Float64Array(nModels);
  const prevA = new Float64Array(nItems);
  const prevD = new Float64Array(nItems);
  const den = new Float64Array(nModels);
  const gU = new Float64Array(nItems);
  const gD = new Float64Array(nItems);
  const hUU = new Float64Array(nItems);
  const hUD = new Float64Array(nItems);
  const hDD = new Float64Array(nItems);
  const absR = new Float64Array(N);
  const vBuf = new Float64Array(N);
  let tau2 = 0.25;
  let sweeps = 0;
  let converged = false;

  const standardize = (): void => {
    let s = 0;
    let s2 = 0;
    let k = 0;
    for (let m = 0; m < nModels; m++) {
      if (!modelCount[m]) continue;
      s += theta[m]!;
      s2 += theta[m]! * theta[m]!;
      k++;
    }
    if (k < 2) return;
    const mean = s / k;
    const sd = Math.sqrt(Math.max(1e-12, s2 / k - mean * mean));
    for (let m = 0; m < nModels; m++) theta[m] = modelCount[m] ? (theta[m]! - mean) / sd : 0;
    for (let j = 0; j < nItems; j++) {
      a[j] = a[j]! * sd;
      u[j] = Math.log(a[j]!);
      d[j] = (d[j]! - mean) / sd;
    }
  };
  standardize();

  const updateScaleAndWeights = (): void => {
    let k = 0;
    for (let i = 0; i < N; i++) {
      if (!(prior[i]! > 0)) continue;
      const j = item[i]!;
      const r = y[i]! - a[j]! * (theta[model[i]!]! - d[j]!);
      residual[i] = r;
      absR[k] = Math.abs(r);
      vBuf[k] = v[i]!;
      k++;
    }
    if (k === 0) return;
    const mad = 1.4826 * median(absR, k);
    tau2 = Math.max(0.01, mad * mad - median(vBuf, k));
    for (let i = 0; i < N; i++) {
      if (!(prior[i]! > 0)) continue;
      const t = Math.abs(residual[i]!) / Math.sqrt(v[i]! + tau2);
      rw[i] = t <= c ? 1 : c / t;
    }
  };

  for (sweeps = 1; sweeps <= maxSweeps; sweeps++) {
    // θ given the items: weighted least squares with the N(0, 1) prior, closed form per model.
    num.fill(0);
    den.fill(1);
    for (let i = 0; i < N; i++) {
      const p = prior[i]!;
      if (!(p > 0)) continue;
      const j = item[i]!;
      const m = model[i]!;
      const w = (p * rw[i]!) / (v[i]! + tau2);
      const aj = a[j]!;
      num[m]! += w * aj * (y[i]! + aj * d[j]!);
      den[m]! += w * aj * aj;
    }
    prev.set(theta);
    prevA.set(a);
    prevD.set(d);
    for (let m = 0; m < nModels; m++) theta[m] = num[m]! / den[m]!;
    standardize();
    // Measured after standardizing: the prior's pull on θ and the rescaling cancel at the fixed point.
    let maxStep = 0;
    for (let m = 0; m < nModels; m++) maxStep = Math.max(maxStep, Math.abs(theta[m]! - prev[m]!));

    // Items given θ: one damped Gauss–Newton step in (u = log a, d) per item, with the Gaussian priors.
    gU.fill(0);
    gD.fill(0);
    hUU.fill(0);
    hUD.fill(0);
    hDD.fill(0);
    for (let i = 0; i < N; i++) {
      const p = prior[i]!;
      if (!(p > 0)) continue;
      const j = item[i]!;
      const w = (p * rw[i]!) / (v[i]! + tau2);
      const aj = a[j]!;
      const diff = theta[model[i]!]! - d[j]!;
      const r = y[i]! - aj * diff;
      const ju = aj * diff;
      const jd = -aj;
      gU[j]! += w * ju * r;
      gD[j]! += w * jd * r;
      hUU[j]! += w * ju * ju;
      hUD[j]! += w * ju * jd;
      hDD[j]! += w * jd * jd;
    }
    for (let j = 0; j < nItems; j++) {
      const Huu = hUU[j]! + precU;
      const Hud = hUD[j]!;
      const Hdd = hDD[j]! + precD;
      const bu = gU[j]! - precU * (u[j]! - muU);
      const bd = gD[j]! - precD * d[j]!;
      const det = Huu * Hdd - Hud * Hud;
      if (!(det > 0)) continue;
      let du = (Hdd * bu - Hud * bd) / det;
      let dd = (Huu * bd - Hud * bu) / det;
      // Damping: a log-slope step above 0.5 or a difficulty step above 1 is cut back (keeps early sweeps stable).
      const scale = Math.min(1, 0.5 / Math.abs(du || 1e-300), 1 / Math.abs(dd || 1e-300));
      du *= scale;
      dd *= scale;
      u[j] = u[j]! + du;
      a[j] = Math.exp(u[j]!);
      d[j] = d[j]! + dd;
    }
    for (let j = 0; j < nItems; j++) maxStep = Math.max(maxStep, Math.abs(d[j]! - prevD[j]!), Math.abs(a[j]! - prevA[j]!) / a[j]!);
    if (sweeps % 5 === 0 || sweeps <= 3) updateScaleAndWeights();
    // At least two rounds of weights and τ² before convergence can be declared.
    if (maxStep < tol && sweeps >= 10) {
      converged = true;
      break;
    }
  }
  if (sweeps > maxSweeps) sweeps = maxSweeps;
  updateScaleAndWeights();

  // Laplace standard errors and per-model residual spread.
  const thetaSe = new Float64Array(nModels);
  den.fill(1);
  const excess = new Float64Array(nModels);
  for (let i = 0; i < N; i++) {
    const p = prior[i]!;
    if (!(p > 0)) continue;
    const j = item[i]!;
    const m = model[i]!;
    den[m]! += (p * rw[i]! * a[j]! * a[j]!) / (v[i]! + tau2);
    // Each residual's excess over its sampling variance, capped at 9τ² so an outlier cannot blow up its model's spread.
    excess[m]! += Math.min(Math.max(0, residual[i]! * residual[i]! - v[i]!), 9 * tau2);
  }
  const modelVar = new Float64Array(nModels);
  const nu = 5;
  for (let m = 0; m < nModels; m++) {
    thetaSe[m] = 1 / Math.sqrt(den[m]!);
    modelVar[m] = Math.max(0.25 * tau2, (nu * tau2 + excess[m]!) / (nu + modelCount[m]!));
  }
  // Predictions for observations left out of the fit (weight 0) too.
  for (let i = 0; i < N; i++) {
    const j = item[i]!;
    residual[i] = y[i]! - a[j]! * (theta[model[i]!]! - d[j]!);
  }
  return { theta, thetaSe, difficulty: d, slope: a, modelCount, itemCount, tau2, modelVar, residual, robustWeight: rw, sweeps, converged };
}
