// Fails when electronegativity (scripts/electronegativity-run.mjs → test-results/electronegativity.json) reports a
// HIGH or MEDIUM finding that docs/security.md does not list with a reason. A finding is listed by a row of the
// table under "## Electronegativity findings":  | CHECK_ID | file | severity | reason |  (file as the report names
// it, relative to the repository, or N/A for a global check). Lines are not part of the key, so an edit that moves
// code does not break the check; a new finding of the same check in another file does.
// Also fails on rows that no longer match any finding, so the page stays true to what the scan says.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = path.join(root, 'test-results', 'electronegativity.json');
const docFile = path.join(root, 'docs', 'security.md');
const GATED = new Set(['HIGH', 'MEDIUM']);

if (!existsSync(reportFile)) {
  console.error(`${path.relative(root, reportFile)} is missing: run scripts/electronegativity-run.mjs first (npm run security).`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const doc = readFileSync(docFile, 'utf8');

/** Rows of the findings table: CHECK_ID | file | severity | reason. */
function listedFindings(markdown) {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Electronegativity findings'));
  if (!section) return [];
  const rows = [];
  for (const line of section.split('\n')) {
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^`|`$/g, ''));
    if (cells.length < 4 || !/^[A-Z_]+_CHECK$/.test(cells[0])) continue;
    rows.push({ id: cells[0], file: cells[1], severity: cells[2].toUpperCase(), reason: cells.slice(3).join('|').trim() });
  }
  return rows;
}

const listed = listedFindings(doc);
const key = (id, file) => `${id} ${file}`;
const byKey = new Map(listed.map((r) => [key(r.id, r.file), r]));
const problems = [];
const seen = new Set();
for (const f of report.findings) {
  seen.add(key(f.id, f.file));
  if (!GATED.has(f.severity)) continue;
  const row = byKey.get(key(f.id, f.file));
  const where = `${f.file}${f.line ? `:${f.line}` : ''}`;
  if (!row) problems.push(`${f.severity} ${f.id} at ${where} is not listed in docs/security.md: ${f.description}`);
  else if (row.reason.length < 20) problems.push(`${f.id} at ${where}: docs/security.md lists it without a reason.`);
}
for (const r of listed) {
  if (!seen.has(key(r.id, r.file))) problems.push(`docs/security.md lists ${r.id} in ${r.file}, which the scan no longer reports: remove the row.`);
}

const gated = report.findings.filter((f) => GATED.has(f.severity)).length;
if (problems.length) {
  for (const p of problems) console.error(`security: ${p}`);
  console.error(`security: ${problems.length} problem(s); fix the code, or explain the finding in docs/security.md.`);
  process.exit(1);
}
console.log(`security: ${report.findings.length} electronegativity findings, ${gated} high/medium, each explained in docs/security.md.`);
