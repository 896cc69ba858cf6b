-- Headroom workspace schema, version 1.
-- Scores are stored in each benchmark's own unit (fraction 0-1, percent 0-100, or points); every benchmark
-- knows its floor (chance level) and ceiling so analyses can work on normalized headroom.

CREATE TABLE workspace_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE organizations (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
  url        TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE models (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
  family                TEXT,
  organization_id       INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
  release_date          TEXT CHECK (release_date IS NULL OR release_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  parameters            REAL CHECK (parameters IS NULL OR parameters > 0),
  training_compute_flop REAL CHECK (training_compute_flop IS NULL OR training_compute_flop > 0),
  training_tokens       REAL CHECK (training_tokens IS NULL OR training_tokens > 0),
  open_weights          INTEGER CHECK (open_weights IS NULL OR open_weights IN (0, 1)),
  notes                 TEXT,
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX models_by_organization ON models(organization_id);
CREATE INDEX models_by_family_release ON models(family, release_date);

CREATE TABLE model_aliases (
  alias    TEXT PRIMARY KEY COLLATE NOCASE,
  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX model_aliases_by_model ON model_aliases(model_id);

CREATE TABLE benchmarks (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
  version          TEXT,
  category         TEXT,
  metric           TEXT NOT NULL DEFAULT 'accuracy',
  unit             TEXT NOT NULL DEFAULT 'fraction' CHECK (unit IN ('fraction', 'percent', 'points')),
  higher_is_better INTEGER NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
  floor            REAL NOT NULL DEFAULT 0,
  ceiling          REAL NOT NULL DEFAULT 1,
  ceiling_reason   TEXT,
  human_baseline   REAL,
  release_date     TEXT CHECK (release_date IS NULL OR release_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  item_count       INTEGER CHECK (item_count IS NULL OR item_count > 0),
  description      TEXT,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (floor <> ceiling)
) STRICT;

CREATE TABLE benchmark_aliases (
  alias        TEXT PRIMARY KEY COLLATE NOCASE,
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX benchmark_aliases_by_benchmark ON benchmark_aliases(benchmark_id);

CREATE TABLE subtasks (
  id           INTEGER PRIMARY KEY,
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks(id) ON DELETE CASCADE,
  name         TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
  weight       REAL CHECK (weight IS NULL OR weight >= 0),
  item_count   INTEGER CHECK (item_count IS NULL OR item_count > 0),
  floor        REAL,
  UNIQUE (benchmark_id, name)
) STRICT;

-- One row per imported file, so every imported result can name the file, its content hash and its line.
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  file_name     TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  format        TEXT NOT NULL,
  imported_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  imported_by   TEXT,
  rows_added    INTEGER NOT NULL DEFAULT 0,
  rows_updated  INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX imports_by_hash ON imports(content_hash);

CREATE TABLE results (
  id                INTEGER PRIMARY KEY,
  model_id          INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  benchmark_id      INTEGER NOT NULL REFERENCES benchmarks(id) ON DELETE CASCADE,
  subtask_id        INTEGER REFERENCES subtasks(id) ON DELETE CASCADE,
  -- evaluation setting; NULL means "not stated"
  shots             INTEGER CHECK (shots IS NULL OR shots >= 0),
  cot               INTEGER CHECK (cot IS NULL OR cot IN (0, 1)),
  pass_k            INTEGER CHECK (pass_k IS NULL OR pass_k >= 1),
  test_time_compute REAL CHECK (test_time_compute IS NULL OR test_time_compute > 0),
  effort            TEXT,
  -- canonical text of the setting, so that "same model, benchmark, subtask, setting and source" is one key
  setting_key       TEXT NOT NULL,
  score             REAL NOT NULL,
  stderr            REAL CHECK (stderr IS NULL OR stderr >= 0),
  n                 INTEGER CHECK (n IS NULL OR n > 0),
  -- provenance
  source            TEXT NOT NULL DEFAULT '',
  source_kind       TEXT CHECK (source_kind IS NULL OR source_kind IN ('lab-reported', 'third-party', 'own-run')),
  evaluated_on      TEXT CHECK (evaluated_on IS NULL OR evaluated_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  import_id         INTEGER REFERENCES imports(id) ON DELETE SET NULL,
  source_line       INTEGER,
  notes             TEXT,
  logged_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  logged_by         TEXT,
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
-- The natural key of a result; subtask NULL (the aggregate) is folded to 0 so it takes part in uniqueness.
CREATE UNIQUE INDEX results_natural_key ON results(model_id, benchmark_id, ifnull(subtask_id, 0), setting_key, source);
CREATE INDEX results_by_benchmark ON results(benchmark_id, subtask_id);
CREATE INDEX results_by_model ON results(model_id);
CREATE INDEX results_by_import ON results(import_id);

-- Every edit keeps history: triggers write the before and after image of each result as JSON.
-- result_id is not a foreign key on purpose, so the history of a deleted result survives it.
CREATE TABLE result_history (
  id         INTEGER PRIMARY KEY,
  result_id  INTEGER NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  old_value  TEXT,
  new_value  TEXT,
  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  changed_by TEXT
) STRICT;
CREATE INDEX result_history_by_result ON result_history(result_id, id);

CREATE TRIGGER results_history_insert AFTER INSERT ON results BEGIN
  INSERT INTO result_history (result_id, action, new_value, changed_by)
  VALUES (NEW.id, 'insert', json_object('score', NEW.score, 'stderr', NEW.stderr, 'n', NEW.n,
    'source', NEW.source, 'source_kind', NEW.source_kind, 'evaluated_on', NEW.evaluated_on, 'notes', NEW.notes,
    'setting_key', NEW.setting_key), NEW.logged_by);
END;

CREATE TRIGGER results_history_update AFTER UPDATE ON results
WHEN OLD.score IS NOT NEW.score OR OLD.stderr IS NOT NEW.stderr OR OLD.n IS NOT NEW.n
  OR OLD.source IS NOT NEW.source OR OLD.source_kind IS NOT NEW.source_kind
  OR OLD.evaluated_on IS NOT NEW.evaluated_on OR OLD.notes IS NOT NEW.notes OR OLD.setting_key IS NOT NEW.setting_key
  OR OLD.model_id IS NOT NEW.model_id OR OLD.benchmark_id IS NOT NEW.benchmark_id OR OLD.subtask_id IS NOT NEW.subtask_id
BEGIN
  INSERT INTO result_history (result_id, action, old_value, new_value, changed_by)
  VALUES (NEW.id, 'update',
    json_object('score', OLD.score, 'stderr', OLD.stderr, 'n', OLD.n, 'source', OLD.source,
      'source_kind', OLD.source_kind, 'evaluated_on', OLD.evaluated_on, 'notes', OLD.notes, 'setting_key', OLD.setting_key),
    json_object('score', NEW.score, 'stderr', NEW.stderr, 'n', NEW.n, 'source', NEW.source,
      'source_kind', NEW.source_kind, 'evaluated_on', NEW.evaluated_on, 'notes', NEW.notes, 'setting_key', NEW.setting_key),
    NEW.logged_by);
END;

CREATE TRIGGER results_history_delete AFTER DELETE ON results BEGIN
  -- The whole row, so that an undone delete can put it back exactly (see results/restore).
  INSERT INTO result_history (result_id, action, old_value)
  VALUES (OLD.id, 'delete', json_object('id', OLD.id, 'model_id', OLD.model_id, 'benchmark_id', OLD.benchmark_id,
    'subtask_id', OLD.subtask_id, 'shots', OLD.shots, 'cot', OLD.cot, 'pass_k', OLD.pass_k,
    'test_time_compute', OLD.test_time_compute, 'effort', OLD.effort, 'setting_key', OLD.setting_key,
    'score', OLD.score, 'stderr', OLD.stderr, 'n', OLD.n, 'source', OLD.source, 'source_kind', OLD.source_kind,
    'evaluated_on', OLD.evaluated_on, 'import_id', OLD.import_id, 'source_line', OLD.source_line, 'notes', OLD.notes,
    'logged_at', OLD.logged_at, 'logged_by', OLD.logged_by, 'updated_at', OLD.updated_at));
END;
