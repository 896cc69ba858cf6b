-- Inconsistency flags: one row per problem the checks found, with the analyst's resolution.
-- identity names "the same problem" across recomputations (rule + what it is about); fingerprint hashes the rule and
-- the data values the flag is about, so a dismissed flag stays dismissed until its data change; data_hash hashes the
-- flagged results' values alone (a flag whose data changed and whose problem is gone becomes 'fixed').
CREATE TABLE flags (
  id                 INTEGER PRIMARY KEY,
  rule               TEXT NOT NULL,
  severity           TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  model_id           INTEGER REFERENCES models(id) ON DELETE CASCADE,
  benchmark_id       INTEGER REFERENCES benchmarks(id) ON DELETE CASCADE,
  subtask_id         INTEGER REFERENCES subtasks(id) ON DELETE CASCADE,
  result_ids         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(result_ids)),
  subject_result_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(subject_result_ids)),
  message            TEXT NOT NULL,
  evidence           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(evidence)),
  identity           TEXT NOT NULL,
  fingerprint        TEXT NOT NULL,
  data_hash          TEXT NOT NULL,
  status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed', 'fixed')),
  -- results marked bad when the flag was confirmed; fits leave them out while the flag stays confirmed
  bad_result_ids     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bad_result_ids)),
  note               TEXT,
  resolved_at        TEXT,
  resolved_by        TEXT,
  created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX flags_by_identity ON flags(identity);
CREATE INDEX flags_by_status_severity ON flags(status, severity);
CREATE INDEX flags_by_model ON flags(model_id);
CREATE INDEX flags_by_benchmark ON flags(benchmark_id, subtask_id);
