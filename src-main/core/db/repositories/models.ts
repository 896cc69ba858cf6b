import type { z } from 'zod';
import { ApiError } from '../../../common/errors';
import type { Model } from '../../../common/domain';
import type { modelInput } from '../../../common/schemas';
import type { Db } from '../open';
import { keep, nowIso, stmt } from '../statements';
import { ensureOrganization } from './organizations';

export type ModelArg = z.output<typeof modelInput>;

interface ModelRow {
  id: number;
  name: string;
  family: string | null;
  organization_id: number | null;
  organization: string | null;
  release_date: string | null;
  parameters: number | null;
  training_compute_flop: number | null;
  training_tokens: number | null;
  open_weights: number | null;
  notes: string | null;
  aliases: string | null;
  result_count: number;
}

const SELECT_MODELS = `
  SELECT m.id, m.name, m.family, m.organization_id, o.name AS organization, m.release_date, m.parameters,
         m.training_compute_flop, m.training_tokens, m.open_weights, m.notes,
         (SELECT json_group_array(alias) FROM (SELECT alias FROM model_aliases a WHERE a.model_id = m.id ORDER BY alias)) AS aliases,
         (SELECT count(*) FROM results r WHERE r.model_id = m.id) AS result_count
    FROM models m LEFT JOIN organizations o ON o.id = m.organization_id`;

function toModel(r: ModelRow): Model {
  return {
    id: r.id,
    name: r.name,
    family: r.family,
    organizationId: r.organization_id,
    organization: r.organization,
    releaseDate: r.release_date,
    parameters: r.parameters,
    trainingComputeFlop: r.training_compute_flop,
    trainingTokens: r.training_tokens,
    openWeights: r.open_weights === null ? null : r.open_weights === 1,
    notes: r.notes,
    aliases: r.aliases ? (JSON.parse(r.aliases) as string[]) : [],
    resultCount: r.result_count,
  };
}

export function listModels(db: Db): Model[] {
  return (stmt(db, `${SELECT_MODELS} ORDER BY m.release_date IS NULL, m.release_date, m.name`).all() as ModelRow[]).map(toModel);
}

export function getModel(db: Db, id: number): Model {
  const row = stmt(db, `${SELECT_MODELS} WHERE m.id = ?`).get(id) as ModelRow | undefined;
  if (!row) throw new ApiError('not-found', `No model with id ${id}.`, { issues: [{ path: 'id', message: 'no such model' }] });
  return toModel(row);
}

/** The model whose name or alias is `name` (case-insensitive, surrounding spaces ignored); null if none. */
export function findModelId(db: Db, name: string): number | null {
  const n = name.trim();
  const row = (stmt(db, 'SELECT id FROM models WHERE name = ?').get(n) ??
    stmt(db, 'SELECT model_id AS id FROM model_aliases WHERE alias = ?').get(n)) as { id: number } | undefined;
  return row ? row.id : null;
}

/**
 * Insert or update a model. With `id`, that model is updated; otherwise the model with the same name or alias is
 * updated, or a new one inserted. Fields left undefined keep their stored value; null clears them.
 * The organization is given by name and created when new. Returns the model's id.
 */
export function upsertModel(db: Db, input: ModelArg): number {
  let id = input.id ?? findModelId(db, input.name);
  if (input.id !== undefined && !stmt(db, 'SELECT 1 FROM models WHERE id = ?').get(input.id)) {
    throw new ApiError('not-found', `No model with id ${input.id}.`, { issues: [{ path: 'id', message: 'no such model' }] });
  }
  const clash = findModelId(db, input.name);
  if (clash !== null && id !== null && clash !== id) {
    throw new ApiError('conflict', `Another model is already called "${input.name}".`, {
      issues: [{ path: 'name', message: 'is already used by another model' }],
    });
  }
  const orgId =
    input.organization === undefined ? undefined : input.organization === null || input.organization === '' ? null : ensureOrganization(db, input.organization);
  const openWeights = input.openWeights === undefined ? undefined : input.openWeights === null ? null : input.openWeights ? 1 : 0;
  if (id === null) {
    id = Number(
      stmt(
        db,
        `INSERT INTO models (name, family, organization_id, release_date, parameters, training_compute_flop, training_tokens, open_weights, notes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.name,
        input.family ?? null,
        orgId ?? null,
        input.releaseDate ?? null,
        input.parameters ?? null,
        input.trainingComputeFlop ?? null,
        input.trainingTokens ?? null,
        openWeights ?? null,
        input.notes ?? null,
      ).lastInsertRowid,
    );
  } else {
    // keep() leaves stored values for fields the caller did not send (undefined), while null clears them.
    stmt(
      db,
      `UPDATE models SET name = ?,
         family = CASE WHEN ? THEN family ELSE ? END,
         organization_id = CASE WHEN ? THEN organization_id ELSE ? END,
         release_date = CASE WHEN ? THEN release_date ELSE ? END,
         parameters = CASE WHEN ? THEN parameters ELSE ? END,
         training_compute_flop = CASE WHEN ? THEN training_compute_flop ELSE ? END,
         training_tokens = CASE WHEN ? THEN training_tokens ELSE ? END,
         open_weights = CASE WHEN ? THEN open_weights ELSE ? END,
         notes = CASE WHEN ? THEN notes ELSE ? END,
         updated_at = ?
       WHERE id = ?`,
    ).run(
      input.name,
      keep(input.family), input.family ?? null,
      keep(orgId), orgId ?? null,
      keep(input.releaseDate), input.releaseDate ?? null,
      keep(input.parameters), input.parameters ?? null,
      keep(input.trainingComputeFlop), input.trainingComputeFlop ?? null,
      keep(input.trainingTokens), input.trainingTokens ?? null,
      keep(openWeights), openWeights ?? null,
      keep(input.notes), input.notes ?? null,
      nowIso(),
      id,
    );
  }
  if (input.aliases !== undefined) setModelAliases(db, id, input.aliases);
  return id;
}

/** Replace a model's aliases. An alias that names another model (or is another model's alias) is refused. */
export function setModelAliases(db: Db, modelId: number, aliases: string[]): void {
  stmt(db, 'DELETE FROM model_aliases WHERE model_id = ?').run(modelId);
  aliases.forEach((alias, i) => {
    const owner = findModelId(db, alias);
    if (owner !== null && owner !== modelId) {
      throw new ApiError('conflict', `The alias "${alias}" already names another model.`, {
        issues: [{ path: `aliases.${i}`, message: 'already names another model' }],
      });
    }
    if (owner === modelId && (stmt(db, 'SELECT 1 FROM models WHERE id = ? AND name = ?').get(modelId, alias.trim()))) return;
    stmt(db, 'INSERT OR IGNORE INTO model_aliases (alias, model_id) VALUES (?, ?)').run(alias.trim(), modelId);
  });
}

export function deleteModel(db: Db, id: number): { deleted: number; results: number } {
  const results = (stmt(db, 'SELECT count(*) AS c FROM results WHERE model_id = ?').get(id) as { c: number }).c;
  const deleted = stmt(db, 'DELETE FROM models WHERE id = ?').run(id).changes;
  if (!deleted) throw new ApiError('not-found', `No model with id ${id}.`);
  return { deleted, results };
}
