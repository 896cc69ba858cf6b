/**
 * Dense linear algebra kernels for the Levenberg–Marquardt solver, after MINPACK (Moré, Garbow,
 * Hillstrom 1980): Householder QR with column pivoting, the Givens-based solve of the damped
 * least-squares system, and the Levenberg–Marquardt parameter search. Matrices are column-major
 * Float64Arrays (element (i, j) of an m-row matrix at `a[i + j * m]`), as in the Fortran original,
 * because every inner loop then runs down a contiguous column.
 */

const EPS = 2.220446049250313e-16;
const DWARF = 2.2250738585072014e-308;
const RDWARF = 3.834e-20;
const RGIANT = 1.304e19;

/**
 * Euclidean norm ‖v‖₂ = √(Σ vᵢ²) of `v[start .. start+len-1]`, computed without destructive overflow
 * or underflow (Blue's three-accumulator method as in MINPACK's enorm): tiny and huge components are
 * summed in separately scaled accumulators. Returns 0 for an empty range.
 */
export function enorm(v: ArrayLike<number>, len = v.length, start = 0): number {
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let x1max = 0;
  let x3max = 0;
  const agiant = RGIANT / Math.max(len, 1);
  for (let i = start; i < start + len; i++) {
    const xabs = Math.abs(v[i] as number);
    if (xabs > RDWARF && xabs < agiant) {
      s2 += xabs * xabs;
    } else if (xabs <= RDWARF) {
      if (xabs > x3max) {
        const r = x3max / xabs;
        s3 = 1 + s3 * r * r;
        x3max = xabs;
      } else if (xabs !== 0) {
        const r = xabs / x3max;
        s3 += r * r;
      }
    } else if (xabs > x1max) {
      const r = x1max / xabs;
      s1 = 1 + s1 * r * r;
      x1max = xabs;
    } else {
      const r = xabs / x1max;
      s1 += r * r;
    }
  }
  if (s1 !== 0) return x1max * Math.sqrt(s1 + s2 / x1max / x1max);
  if (s2 !== 0) {
    if (s2 >= x3max) return Math.sqrt(s2 * (1 + (x3max / s2) * (x3max * s3)));
    return Math.sqrt(x3max * (s2 / x3max + x3max * s3));
  }
  return x3max * Math.sqrt(s3);
}

/** Norm of column j rows [i0, m) of a column-major m-row matrix. */
function colNorm(a: Float64Array, m: number, j: number, i0: number): number {
  return enorm(a, m - i0, i0 + j * m);
}

/**
 * Householder QR factorisation with column pivoting, A·P = Q·R, in place (MINPACK qrfac).
 * On return the upper triangle of `a` above the diagonal holds R's off-diagonal part, `rdiag` holds
 * R's diagonal, the lower trapezoid holds the Householder vectors, `ipvt[j]` is the original column
 * now in position j and `acnorm[j]` the norm of original column j. Pivoting moves the largest
 * remaining column first, which makes the rank of R visible on its diagonal.
 */
export function qrfac(
  m: number,
  n: number,
  a: Float64Array,
  ipvt: Int32Array,
  rdiag: Float64Array,
  acnorm: Float64Array,
  wa: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    acnorm[j] = colNorm(a, m, j, 0);
    rdiag[j] = acnorm[j] as number;
    wa[j] = rdiag[j] as number;
    ipvt[j] = j;
  }
  const minmn = Math.min(m, n);
  for (let j = 0; j < minmn; j++) {
    let kmax = j;
    for (let k = j; k < n; k++) if ((rdiag[k] as number) > (rdiag[kmax] as number)) kmax = k;
    if (kmax !== j) {
      for (let i = 0; i < m; i++) {
        const t = a[i + j * m] as number;
        a[i + j * m] = a[i + kmax * m] as number;
        a[i + kmax * m] = t;
      }
      rdiag[kmax] = rdiag[j] as number;
      wa[kmax] = wa[j] as number;
      const k = ipvt[j] as number;
      ipvt[j] = ipvt[kmax] as number;
      ipvt[kmax] = k;
    }
    let ajnorm = colNorm(a, m, j, j);
    if (ajnorm !== 0) {
      const jj = j + j * m;
      if ((a[jj] as number) < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) a[i + j * m] = (a[i + j * m] as number) / ajnorm;
      a[jj] = (a[jj] as number) + 1;
      for (let k = j + 1; k < n; k++) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += (a[i + j * m] as number) * (a[i + k * m] as number);
        const temp = sum / (a[jj] as number);
        for (let i = j; i < m; i++) a[i + k * m] = (a[i + k * m] as number) - temp * (a[i + j * m] as number);
        const rk = rdiag[k] as number;
        if (rk !== 0) {
          const t = (a[j + k * m] as number) / rk;
          const nr = rk * Math.sqrt(Math.max(0, 1 - t * t));
          rdiag[k] = nr;
          const ratio = nr / (wa[k] as number);
          // The downdated norm loses accuracy by cancellation; recompute it when it has shrunk a lot.
          if (0.05 * ratio * ratio <= EPS) {
            rdiag[k] = colNorm(a, m, k, j + 1);
            wa[k] = rdiag[k] as number;
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
}

/**
 * Solves min ‖[R; D]·z − [qtb; 0]‖ for z where A·P = Q·R and D = diag(diag) (MINPACK qrsolv), using
 * Givens rotations to eliminate D. `r` is n×n inside an ldr-row column-major array: its upper
 * triangle must hold R; its strict lower triangle is overwritten with workspace. The result x is in
 * original (unpivoted) order and `sdiag` receives the diagonal of the triangular factor S with
 * Pᵀ(AᵀA + DD)P = SᵀS.
 */
export function qrsolv(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  x: Float64Array,
  sdiag: Float64Array,
  wa: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[i + j * ldr] = r[j + i * ldr] as number;
    x[j] = r[j + j * ldr] as number;
    wa[j] = qtb[j] as number;
  }
  for (let j = 0; j < n; j++) {
    const l = ipvt[j] as number;
    const dl = diag[l] as number;
    if (dl !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = dl;
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        const sk = sdiag[k] as number;
        if (sk === 0) continue;
        const rkk = r[k + k * ldr] as number;
        let c: number;
        let s: number;
        if (Math.abs(rkk) < Math.abs(sk)) {
          const cotan = rkk / sk;
          s = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          c = s * cotan;
        } else {
          const tan = sk / rkk;
          c = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          s = c * tan;
        }
        r[k + k * ldr] = c * rkk + s * sk;
        const wk = wa[k] as number;
        wa[k] = c * wk + s * qtbpj;
        qtbpj = -s * wk + c * qtbpj;
        for (let i = k + 1; i < n; i++) {
          const rik = r[i + k * ldr] as number;
          const si = sdiag[i] as number;
          r[i + k * ldr] = c * rik + s * si;
          sdiag[i] = -s * rik + c * si;
        }
      }
    }
    sdiag[j] = r[j + j * ldr] as number;
    r[j + j * ldr] = x[j] as number;
  }
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (sdiag[j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    let sum = 0;
    for (let i = j + 1; i < nsing; i++) sum += (r[i + j * ldr] as number) * (wa[i] as number);
    wa[j] = ((wa[j] as number) - sum) / (sdiag[j] as number);
  }
  for (let j = 0; j < n; j++) x[ipvt[j] as number] = wa[j] as number;
}

/**
 * Levenberg–Marquardt parameter search (MINPACK lmpar): finds λ ≥ 0 such that the solution x of
 * (JᵀJ + λ·DᵀD)·x = −Jᵀf satisfies ‖D·x‖ ≈ Δ within 10 %, or λ = 0 if the Gauss–Newton step already
 * lies inside the trust region. Returns the new λ; writes the step (of the opposite sign: it solves
 * for −x as MINPACK does) into `x`.
 */
export function lmpar(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  delta: number,
  parIn: number,
  x: Float64Array,
  sdiag: Float64Array,
  wa1: Float64Array,
  wa2: Float64Array,
): number {
  let par = parIn;
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = qtb[j] as number;
    if (r[j + j * ldr] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    wa1[j] = (wa1[j] as number) / (r[j + j * ldr] as number);
    const temp = wa1[j] as number;
    for (let i = 0; i < j; i++) wa1[i] = (wa1[i] as number) - (r[i + j * ldr] as number) * temp;
  }
  for (let j = 0; j < n; j++) x[ipvt[j] as number] = wa1[j] as number;

  for (let j = 0; j < n; j++) wa2[j] = (diag[j] as number) * (x[j] as number);
  let dxnorm = enorm(wa2, n);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;

  let parl = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) {
      const l = ipvt[j] as number;
      wa1[j] = (diag[l] as number) * ((wa2[l] as number) / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += (r[i + j * ldr] as number) * (wa1[i] as number);
      wa1[j] = ((wa1[j] as number) - sum) / (r[j + j * ldr] as number);
    }
    const temp = enorm(wa1, n);
    parl = fp / delta / temp / temp;
  }
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += (r[i + j * ldr] as number) * (qtb[i] as number);
    wa1[j] = sum / (diag[ipvt[j] as number] as number);
  }
  const gnorm = enorm(wa1, n);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);
  par = Math.max(par, parl);
  par = Math.min(par, paru);
  if (par === 0) par = gnorm / dxnorm;

  for (let iter = 1; ; iter++) {
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    const sp = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = sp * (diag[j] as number);
    qrsolv(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
    for (let j = 0; j < n; j++) wa2[j] = (diag[j] as number) * (x[j] as number);
    dxnorm = enorm(wa2, n);
    const prevFp = fp;
    fp = dxnorm - delta;
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= prevFp && prevFp < 0) || iter === 10) break;
    for (let j = 0; j < n; j++) {
      const l = ipvt[j] as number;
      wa1[j] = (diag[l] as number) * ((wa2[l] as number) / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      wa1[j] = (wa1[j] as number) / (sdiag[j] as number);
      const temp = wa1[j] as number;
      for (let i = j + 1; i < n; i++) wa1[i] = (wa1[i] as number) - (r[i + j * ldr] as number) * temp;
    }
    const temp = enorm(wa1, n);
    const parc = fp / delta / temp / temp;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return par;
}

/**
 * Inverse of RᵀR mapped back through the pivoting: (JᵀJ)⁻¹ = P·R⁻¹·R⁻ᵀ·Pᵀ, for an upper-triangular R
 * held in the first n rows of an ldr-row column-major array (diagonal included) with permutation
 * `ipvt`. Columns whose |R_jj| ≤ tol·|R_00| are treated as rank-deficient: their rows and columns
 * of the result are NaN, because a variance that the data cannot determine must not be reported as a
 * number. Returns an n×n row-major array of arrays, and the numerical rank.
 */
export function invertRtR(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  tol: number,
): { inv: number[][]; rank: number } {
  const r00 = Math.abs(r[0] as number);
  let rank = 0;
  while (rank < n && Math.abs(r[rank + rank * ldr] as number) > tol * r00) rank++;
  // Rinv: upper-triangular inverse of the leading rank×rank block, column-major.
  const rinv = new Float64Array(rank * rank);
  for (let j = 0; j < rank; j++) {
    rinv[j + j * rank] = 1 / (r[j + j * ldr] as number);
    for (let i = j - 1; i >= 0; i--) {
      let sum = 0;
      for (let k = i + 1; k <= j; k++) sum += (r[i + k * ldr] as number) * (rinv[k + j * rank] as number);
      rinv[i + j * rank] = -sum / (r[i + i * ldr] as number);
    }
  }
  const inv: number[][] = [];
  for (let i = 0; i < n; i++) inv.push(new Array<number>(n).fill(Number.NaN));
  for (let a = 0; a < rank; a++) {
    for (let b = a; b < rank; b++) {
      // (R⁻¹R⁻ᵀ)_{ab} = Σ_k Rinv_{ak}·Rinv_{bk}, k ≥ max(a, b)
      let sum = 0;
      for (let k = b; k < rank; k++) sum += (rinv[a + k * rank] as number) * (rinv[b + k * rank] as number);
      const pa = ipvt[a] as number;
      const pb = ipvt[b] as number;
      (inv[pa] as number[])[pb] = sum;
      (inv[pb] as number[])[pa] = sum;
    }
  }
  return { inv, rank };
}
