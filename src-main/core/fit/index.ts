/**
 * Public API of the fitting engine. See docs/methods.md for the formulas.
 */
export { solveLeastSquares, leastSquaresCovariance, createLmScratch } from './lm';
export type { LmScratch, SolverModel, SolveOptions, SolverResult, SolverStatus } from './lm';
export { FORMS, logistic, gompertz, richards, power, sigmoid, midpointOf } from './forms';
export type { CurveForm, FormName } from './forms';
export { fitCurve, fitForm, evaluateFit, inverseFit, createFitScratch } from './fitCurve';
export type { CurveFit, CurvePoint, FitOptions, FitScratch, FitStatus, WeightScheme } from './fitCurve';
export { pointWeights } from './inputs';
export { aicc } from './verdict';
export { toDecimalYear, fromDecimalYear, frontierPoints, bestSoFar } from './axes';
export { bootstrapFit, bootstrapSteps, percentile, defaultGrid } from './bootstrap';
export type { BootstrapSpec, BootstrapHooks, BootstrapResult, Interval } from './bootstrap';
export { runBootstrapInWorker, bootstrapInChunks, locateWorkerEntry, BootstrapPool } from './bootstrapRunner';
export type { RunnerOptions } from './bootstrapRunner';
export { forecastSaturation, saturationTarget } from './forecast';
export type { ForecastOptions, ForecastStatus, SaturationForecast } from './forecast';
export { backtest } from './backtest';
export type { BacktestOptions, BacktestResult, BacktestCutoff, BacktestPrediction } from './backtest';
export { rankEmergence, logisticBreakthrough, breakthroughScore } from './emergence';
export type { EmergenceSeries, EmergenceRank } from './emergence';
export { planRefits, fitSeries, hashSeries, ENGINE_VERSION } from './planner';
export type { SeriesInput, CacheEntry, RefitPlan } from './planner';
export { normalQuantile, curveStandardError } from './stats';
export { mulberry32, normalFrom } from './rng';
