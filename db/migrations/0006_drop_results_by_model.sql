-- One index fewer on results, version 6.
-- results_by_model (model_id) repeats the first column of the unique natural key
-- results_natural_key (model_id, benchmark_id, ifnull(subtask_id, 0), setting_key, source), which serves every lookup
-- by model (a model's results, ON DELETE CASCADE from models) as well. Keeping both cost about a third of SQLite's
-- insert time in a big import (1,000,000 rows: 14.6 s → 9.5 s of inserts, measured; docs/performance.md).
DROP INDEX IF EXISTS results_by_model;
