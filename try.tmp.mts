import { readFileSync } from 'node:fs';
import { openWorkspace } from '/work/main/src-main/core/db/open';
import { previewImport } from '/work/main/src-main/core/importers/tables';
import { importRequest } from '/work/main/src-main/common/schemas';
const db = openWorkspace(':memory:');
for (const f of process.argv.slice(2)) {
  try {
    const p = previewImport(db, importRequest.parse({ fileName: f.split('/').pop(), content: readFileSync(f, 'utf8') }), { user: 't' });
    console.log(`== ${f}: ${p.format} ${p.kind} rows ${p.totalRows} counts ${JSON.stringify(p.counts)} attrs ${JSON.stringify(p.attributes?.counts)}`);
    for (const d of p.decisions) console.log('  D', d.id, '|', d.message);
    for (const w of p.warnings.slice(0, 6)) console.log('  W', w);
    for (const r of p.rejected.slice(0, 3)) console.log('  R', JSON.stringify(r));
    for (const u of p.unsure.slice(0, 3)) console.log('  U', JSON.stringify(u));
  } catch (e) { console.log(`== ${f}: ERROR ${(e as Error).message}`); }
}
