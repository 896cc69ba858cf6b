/** The models table of an import: one model per row; empty cells keep what is stored. */
import type { ImportRowOutcome } from '../../common/api';
import { ApiError } from '../../common/errors';
import { modelInput } from '../../common/schemas';
import { findModelId, getModel, upsertModel } from '../db/repositories/models';
import { findOrganizationId } from '../db/repositories/organizations';
import type { Db } from '../db/open';
import type { Created } from '../ingest/results';
import { parseBoolCell, parseDateCell, parsePositiveCell, parseTextCell } from './cells';
import type { DelimitedRow } from './delimited';
import { fieldIssues, RowReader, type CellFn } from './rows';

export function modelRows(db: Db, rows: DelimitedRow[], cell: CellFn, headerOf: Map<string, string>, created: Created, out: ImportRowOutcome[]): void {
  for (const row of rows) {
    const r = new RowReader(row, cell, headerOf);
    const name = r.get('model', parseTextCell);
    const organization = r.get('organization', parseTextCell);
    const family = r.get('family', parseTextCell);
    const releaseDate = r.get('release_date', parseDateCell);
    const parameters = r.get('parameters', parsePositiveCell);
    const compute = r.get('training_compute_flop', parsePositiveCell);
    const tokens = r.get('training_tokens', parsePositiveCell);
    const openWeights = r.get('open_weights', parseBoolCell);
    const aliases = r.get('aliases', parseTextCell);
    const notes = r.get('notes', parseTextCell);
    r.require('model', name);
    if (r.issues.length || !name) {
      out.push({ line: row.line, action: 'reject', values: r.values, issues: r.issues });
      continue;
    }
    // Empty cells keep what is stored; only given values can change a model.
    const input = {
      name,
      ...(organization !== null ? { organization } : {}),
      ...(family !== null ? { family } : {}),
      ...(releaseDate !== null ? { releaseDate } : {}),
      ...(parameters !== null ? { parameters } : {}),
      ...(compute !== null ? { trainingComputeFlop: compute } : {}),
      ...(tokens !== null ? { trainingTokens: tokens } : {}),
      ...(openWeights !== null ? { openWeights } : {}),
      ...(notes !== null ? { notes } : {}),
    };
    const aliasList = aliases ? aliases.split(/[;|]/).map((a) => a.trim()).filter(Boolean) : null;
    const valid = modelInput.safeParse({ ...input, ...(aliasList ? { aliases: aliasList } : {}) });
    if (!valid.success) {
      out.push({ line: row.line, action: 'reject', values: r.values, issues: fieldIssues(valid.error, row.line, headerOf) });
      continue;
    }
    const id = findModelId(db, name);
    if (organization !== null && findOrganizationId(db, organization) === null) created.organizations.push(organization);
    try {
      if (id === null) {
        const newId = upsertModel(db, { ...input, ...(aliasList ? { aliases: aliasList } : {}) });
        created.models.push(name);
        out.push({ line: row.line, action: 'add', values: r.values, id: newId } as ImportRowOutcome);
        continue;
      }
      const before = getModel(db, id);
      const changes: string[] = [];
      const cmp = (field: string, old: unknown, now: unknown) => {
        if (now !== undefined && now !== old) changes.push(`${field}: ${old ?? '∅'} → ${now}`);
      };
      cmp('organization', before.organization?.toLowerCase(), input.organization?.toLowerCase());
      cmp('family', before.family, input.family);
      cmp('release_date', before.releaseDate, input.releaseDate);
      cmp('parameters', before.parameters, input.parameters);
      cmp('training_compute_flop', before.trainingComputeFlop, input.trainingComputeFlop);
      cmp('training_tokens', before.trainingTokens, input.trainingTokens);
      cmp('open_weights', before.openWeights, input.openWeights);
      cmp('notes', before.notes, input.notes);
      const newAliases = aliasList?.filter((a) => !before.aliases.some((b) => b.toLowerCase() === a.toLowerCase()) && a.toLowerCase() !== before.name.toLowerCase());
      if (newAliases?.length) changes.push(`aliases: + ${newAliases.join(', ')}`);
      if (!changes.length) {
        out.push({ line: row.line, action: 'unchanged', values: r.values });
        continue;
      }
      upsertModel(db, { ...input, id, name: before.name, ...(newAliases?.length ? { aliases: [...before.aliases, ...newAliases] } : {}) });
      out.push({ line: row.line, action: 'update', values: r.values, changes });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      out.push({ line: row.line, action: 'reject', values: r.values, issues: [{ line: row.line, column: headerOf.get('model') ?? 'model', reason: e.message }] });
    }
  }
}
