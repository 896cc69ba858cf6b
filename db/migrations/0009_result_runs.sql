-- Replicates, version 9.
-- run: the label of one run among several of the same evaluation (a seed, a trial, "run 2" for a file's repeated
-- row): several results for the same model, benchmark, subtask, setting and source are kept side by side instead of
-- the last overwriting the others, and analyses use their mean and spread. The label is part of the setting (its
-- canonical text gains ";run=<label>"), so the natural key tells replicates apart without a new index. NULL: the
-- only run, or the first of several (files rarely label it).
ALTER TABLE results ADD COLUMN run TEXT;

-- The delete image carries the label, so an undone delete puts a replicate back as it was. (Otherwise as 0008.)
DROP TRIGGER results_history_delete;
CREATE TRIGGER results_history_delete AFTER DELETE ON results BEGIN
  -- The whole row, so that an undone delete can put it back exactly (see results/restore).
  INSERT INTO result_history (result_id, action, old_value)
  VALUES (OLD.id, 'delete', json_object('id', OLD.id, 'model_id', OLD.model_id, 'benchmark_id', OLD.benchmark_id,
    'subtask_id', OLD.subtask_id, 'shots', OLD.shots, 'cot', OLD.cot, 'pass_k', OLD.pass_k,
    'test_time_compute', OLD.test_time_compute, 'effort', OLD.effort, 'setting_key', OLD.setting_key,
    'score', OLD.score, 'stderr', OLD.stderr, 'n', OLD.n, 'source', OLD.source, 'source_kind', OLD.source_kind,
    'evaluated_on', OLD.evaluated_on, 'import_id', OLD.import_id, 'source_line', OLD.source_line, 'notes', OLD.notes,
    'logged_at', OLD.logged_at, 'logged_by', OLD.logged_by, 'updated_at', OLD.updated_at, 'partial', OLD.partial,
    'run', OLD.run));
END;
