-- Imported results record their insert once per import, version 5.
-- An imported result's origin is already recorded by its import (imports: file name, SHA-256 of the bytes, who,
-- when) and its own import_id, source_line and source_place, so the insert trigger no longer writes one history row
-- per imported result (it cost more than half of a big import's insert time). Results/history shows that insert
-- from the import row. Inserts without an import (grid edits, releases, restores of non-imported rows) and every
-- update and delete keep their per-row history as before.
DROP TRIGGER results_history_insert;
CREATE TRIGGER results_history_insert AFTER INSERT ON results WHEN NEW.import_id IS NULL BEGIN
  INSERT INTO result_history (result_id, action, new_value, changed_by)
  VALUES (NEW.id, 'insert', json_object('score', NEW.score, 'stderr', NEW.stderr, 'n', NEW.n,
    'source', NEW.source, 'source_kind', NEW.source_kind, 'evaluated_on', NEW.evaluated_on, 'notes', NEW.notes,
    'setting_key', NEW.setting_key), NEW.logged_by);
END;
