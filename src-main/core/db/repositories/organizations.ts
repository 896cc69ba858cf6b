import type { Organization } from '../../../common/domain';
import type { Db } from '../open';
import { stmt } from '../statements';

export function listOrganizations(db: Db): Organization[] {
  return stmt(
    db,
    `SELECT o.id, o.name, o.url, (SELECT count(*) FROM models m WHERE m.organization_id = o.id) AS modelCount
       FROM organizations o ORDER BY o.name`,
  ).all() as Organization[];
}

export function findOrganizationId(db: Db, name: string): number | null {
  const row = stmt(db, 'SELECT id FROM organizations WHERE name = ?').get(name.trim()) as { id: number } | undefined;
  return row ? row.id : null;
}

/** The id of the organization with this name (case-insensitive), creating it when it does not exist. */
export function ensureOrganization(db: Db, name: string): number {
  const existing = findOrganizationId(db, name);
  if (existing !== null) return existing;
  return Number(stmt(db, 'INSERT INTO organizations (name) VALUES (?)').run(name.trim()).lastInsertRowid);
}
