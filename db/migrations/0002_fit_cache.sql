-- Cached curve fits and forecasts, one row per series (benchmark or subtask × axis × options).
-- input_hash is a hash of the series' points and options: a row whose hash no longer matches is stale and refit.
CREATE TABLE fit_cache (
  series_key   TEXT PRIMARY KEY,
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks(id) ON DELETE CASCADE,
  subtask_id   INTEGER REFERENCES subtasks(id) ON DELETE CASCADE,
  axis         TEXT NOT NULL,
  input_hash   TEXT NOT NULL,
  result       TEXT NOT NULL,
  computed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX fit_cache_by_benchmark ON fit_cache(benchmark_id, subtask_id);
