/**
 * Seeded pseudo-random numbers for reproducible resampling.
 */

/**
 * mulberry32: a 32-bit state generator (Tommy Ettinger's), returning uniform numbers in [0, 1) with
 * 32 bits of resolution. Same seed, same sequence, on every platform, in a worker or not.
 * @param seed any number; only its low 32 bits are used (0 is a valid seed).
 * @returns a function returning the next number of the sequence.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal deviates by the Box–Muller transform on a uniform generator: z = √(−2 ln u₁)·cos(2π u₂).
 * @param uniform a generator of numbers in [0, 1), e.g. {@link mulberry32}.
 */
export function normalFrom(uniform: () => number): () => number {
  return () => {
    const u1 = 1 - uniform(); // (0, 1]: the log stays finite
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}
