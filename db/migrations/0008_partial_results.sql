-- Partial evaluations, version 8.
-- partial: why a result covers only part of its benchmark, in words ("--limit: 2 of 56 items", "the run's status is
-- \"cancelled\"..."); NULL for a complete evaluation, or one not known to be partial. Importers of the evaluation tools'
-- files set it (lm-evaluation-harness --limit, Inspect --limit/cancelled runs/failed samples); fits, frontiers and
-- the dashboard leave such results out unless asked. It is a value of the result, not part of its natural key: a
-- later import of the same file name replaces the mark as it replaces the score. No CHECK: any text is a reason.
ALTER TABLE results ADD COLUMN partial TEXT;

-- History keeps the mark: an update of it alone is recorded, and the delete image that results/restore puts back
-- carries it. (Otherwise the same triggers as 0001.)
DROP TRIGGER results_history_update;
CREATE TRIGGER results_history_update AFTER UPDATE ON results
WHEN OLD.score IS NOT NEW.score OR OLD.stderr IS NOT NEW.stderr OR OLD.n IS NOT NEW.n
  OR OLD.source IS NOT NEW.source OR OLD.source_kind IS NOT NEW.source_kind
  OR OLD.evaluated_on IS NOT NEW.evaluated_on OR OLD.notes IS NOT NEW.notes OR OLD.setting_key IS NOT NEW.setting_key
  OR OLD.model_id IS NOT NEW.model_id OR OLD.benchmark_id IS NOT NEW.benchmark_id OR OLD.subtask_id IS NOT NEW.subtask_id
  OR OLD.partial IS NOT NEW.partial
BEGIN
  INSERT INTO result_history (result_id, action, old_value, new_value, changed_by)
  VALUES (NEW.id, 'update',
    json_object('score', OLD.score, 'stderr', OLD.stderr, 'n', OLD.n, 'source', OLD.source,
      'source_kind', OLD.source_kind, 'evaluated_on', OLD.evaluated_on, 'notes', OLD.notes, 'setting_key', OLD.setting_key,
      'partial', OLD.partial),
    json_object('score', NEW.score, 'stderr', NEW.stderr, 'n', NEW.n, 'source', NEW.source,
      'source_kind', NEW.source_kind, 'evaluated_on', NEW.evaluated_on, 'notes', NEW.notes, 'setting_key', NEW.setting_key,
      'partial', NEW.partial),
    NEW.logged_by);
END;

DROP TRIGGER results_history_delete;
CREATE TRIGGER results_history_delete AFTER DELETE ON results BEGIN
  -- The whole row, so that an undone delete can put it back exactly (see results/restore).
  INSERT INTO result_history (result_id, action, old_value)
  VALUES (OLD.id, 'delete', json_object('id', OLD.id, 'model_id', OLD.model_id, 'benchmark_id', OLD.benchmark_id,
    'subtask_id', OLD.subtask_id, 'shots', OLD.shots, 'cot', OLD.cot, 'pass_k', OLD.pass_k,
    'test_time_compute', OLD.test_time_compute, 'effort', OLD.effort, 'setting_key', OLD.setting_key,
    'score', OLD.score, 'stderr', OLD.stderr, 'n', OLD.n, 'source', OLD.source, 'source_kind', OLD.source_kind,
    'evaluated_on', OLD.evaluated_on, 'import_id', OLD.import_id, 'source_line', OLD.source_line, 'notes', OLD.notes,
    'logged_at', OLD.logged_at, 'logged_by', OLD.logged_by, 'updated_at', OLD.updated_at, 'partial', OLD.partial));
END;
