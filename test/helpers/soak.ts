/**
 * Two sizes of the same test: the quick size `npm test` runs on every change, and the soak size `npm run test:soak`
 * runs before a release (HEADROOM_SOAK=1). A soak-sized run is the same test with more trials, more property runs or
 * more data; it protects against the rare case, the quick one against every regression the rare case would also show.
 * Shared by vitest (test/) and Playwright (test/e2e/), so it imports nothing from either.
 */

/** True in `npm run test:soak`. */
export const SOAK = process.env.HEADROOM_SOAK === '1';

/** `quick` in `npm test`, `soak` in `npm run test:soak`. */
export function soakOr<T>(quick: T, soak: T): T {
  return SOAK ? soak : quick;
}

/**
 * fast-check runs for a property: `quick` in `npm test`, `soak` in `npm run test:soak`; HEADROOM_FC_RUNS overrides
 * both (to replay a failure with more or fewer runs).
 */
export function propertyRuns(quick: number, soak: number): number {
  const forced = Number(process.env.HEADROOM_FC_RUNS);
  return Number.isInteger(forced) && forced > 0 ? forced : soakOr(quick, soak);
}
