-- Provenance of imported results, version 3.
-- source_place: where in its file a result came from when a line number alone cannot say it (a JSON path such as
-- results.arc_easy["acc,none"], a markdown cell "row o3-high, column GPQA", a member of an .eval archive).
-- The import's file name and content hash are in imports; the line is in source_line.
ALTER TABLE results ADD COLUMN source_place TEXT;

-- "Which results came from the previous import of this file name" (the diff shown when a changed file is re-imported).
CREATE INDEX imports_by_file_name ON imports(file_name, id);
