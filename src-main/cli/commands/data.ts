/** `headroom import`, `headroom export` and `headroom demo`. */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ImportPreview, RowIssue } from '../../common/api';
import { TABLE_KINDS, type TableKind } from '../../common/schemas';
import { ApiError } from '../../common/errors';
import { importRequestsFor, type FileRequest } from '../importFiles';
import { UsageError, type CliIo } from '../io';
import { openForCli } from '../workspaceCall';

export const DEFAULT_DB = 'headroom.db';

function pairs(list: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const i = item.lastIndexOf('=');
    if (i <= 0) throw new UsageError(`${flag} takes "NAME=VALUE" (got "${item}")`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

function issueLine(i: RowIssue): string {
  return `  line ${i.line}${i.place ? ` (${i.place})` : ''}${i.column ? `, column ${i.column}` : ''}: ${i.reason}`;
}

function printPreview(io: CliIo, p: ImportPreview, dryRun: boolean): void {
  const verb = dryRun ? 'would' : 'did';
  const shape = p.format && p.format !== 'headroom-csv' ? `${p.format} file` : `${p.delimiter === '\t' ? 'tab' : `"${p.delimiter}"`}-separated`;
  io.stdout(`${p.fileName}: ${p.kind} file, ${p.totalRows} rows (${shape})\n`);
  // A format read by its own reader (lm-eval, Epoch, a wide table) says how it reads its parts in the readings below.
  if (!p.format || p.format === 'headroom-csv') io.stdout(`  columns: ${Object.entries(p.mapping).map(([h, c]) => (h === c ? c : `${h} → ${c}`)).join(', ')}\n`);
  if (p.ignoredColumns.length) io.stdout(`  ignored columns: ${p.ignoredColumns.join(', ')}\n`);
  if (p.previouslyImportedAt) io.stdout(`  this exact file was imported before, at ${p.previouslyImportedAt}\n`);
  const c = p.counts;
  io.stdout(`  ${verb} add ${c.add}, update ${c.update}, leave ${c.unchanged} unchanged, reject ${c.reject}${p.repeated ? ` (${p.repeated} rows repeat an earlier row of the file)` : ''}\n`);
  for (const k of ['organizations', 'models', 'benchmarks', 'subtasks'] as const) {
    if (p.created[k].length) io.stdout(`  ${verb} create ${p.created[k].length} ${k}: ${p.created[k].slice(0, 10).join(', ')}${p.created[k].length > 10 ? ', ...' : ''}\n`);
  }
  for (const w of p.warnings.slice(0, 20)) io.stdout(`  warning: ${w}\n`);
  // Every reading that changes what a cell says, with how to choose otherwise (--choose ID=VALUE).
  for (const d of p.decisions ?? []) {
    const others = d.options.filter((o) => o.value !== d.chosen).map((o) => o.value);
    io.stdout(`  reading [${d.id}]: ${d.message}${others.length ? ` (--choose "${d.id}=${others.join('|')}")` : ''}\n`);
  }
  if (p.attributes) {
    const a = p.attributes.counts;
    io.stdout(`  model attributes: ${verb} add ${a.add} models, update ${a.update}, leave ${a.unchanged} unchanged, reject ${a.reject}\n`);
  }
  for (const u of p.unsure ?? []) {
    const c = u.candidates.map((x) => `${x.name} (#${x.id}, ${Math.round(x.score * 100)}%)`).join(', ');
    io.stdout(`  unsure ${u.kind} "${u.name}": ${u.reason}; creating it unless told to merge; candidates ${c} (--resolve "${u.kind}:${u.name}=merge:ID|create|skip")\n`);
  }
  // What a re-import changes, value by value (a newer copy of a file: a corrected score, a new stderr).
  const updates = p.sample.filter((r) => r.action === 'update' && r.changes?.length);
  for (const r of updates.slice(0, 20)) {
    const what = [r.values.model, r.values.benchmark, r.values.subtask].filter((v) => v !== null && v !== undefined && v !== '').join(' / ');
    io.stdout(`  ${dryRun ? 'would change' : 'changed'} line ${r.line}${what ? ` (${what})` : ''}: ${r.changes!.join('; ')}\n`);
  }
  if (c.update > updates.length && updates.length) io.stdout(`  ... and ${c.update - updates.length} more changed rows\n`);
  if (p.diff) {
    const d = p.diff;
    io.stdout(`  changed since its import at ${d.previousImportedAt}: ${d.added} added, ${d.changed} changed, ${d.removedCount} removed${d.removing ? ' (deleting them)' : ' (kept; --remove-missing deletes them)'}\n`);
    for (const r of d.removed.slice(0, 20)) io.stdout(`    removed: ${r.model} / ${r.benchmark}${r.subtask ? ` / ${r.subtask}` : ''} = ${r.score}\n`);
  }
  if (p.rejected.length) {
    io.stdout('  rejected:\n');
    for (const r of p.rejected.slice(0, 200)) io.stdout(`${issueLine(r)}\n`);
    if (p.rejected.length > 200) io.stdout(`  ... and ${p.rejected.length - 200} more\n`);
  }
}

export async function runImportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      'dry-run': { type: 'boolean', default: false },
      map: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      kind: { type: 'string' },
      json: { type: 'boolean', default: false },
      resolve: { type: 'string', multiple: true },
      choose: { type: 'string', multiple: true },
      'remove-missing': { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('usage: headroom import FILE|FOLDER [--db FILE] [--resolve "model:NAME=merge:ID|create|skip"]... [--choose "ID=VALUE"]... [--remove-missing] [--dry-run] [--map "Header=column"]... [--set column=value]... [--kind results|models|benchmarks] [--json]');
  if (values.kind && !(TABLE_KINDS as readonly string[]).includes(values.kind)) throw new UsageError(`--kind must be one of ${TABLE_KINDS.join(', ')}`);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  // A folder imports every recognised file in it; a binary file (an Inspect .eval archive) travels as base64; a
  // HELM stats.json brings its run folder's name and run_spec.json (importFiles.ts).
  const files: FileRequest[] = importRequestsFor(file);
  if (!files.length) throw new UsageError(`no importable files in ${file}`);
  const shared = {
    mapping: pairs(values.map, '--map'),
    constants: pairs(values.set, '--set'),
    ...(values.kind ? { kind: values.kind as TableKind } : {}),
    ...(values.resolve?.length ? { resolutions: resolutions(values.resolve) } : {}),
    ...(values.choose?.length ? { choices: pairs(values.choose, '--choose') } : {}),
    ...(values['remove-missing'] ? { removeMissing: true } : {}),
  };
  const cli = openForCli(values.db);
  const outcomes: { fileName: string; refused: string | null; skipped: boolean }[] = [];
  try {
    for (const f of files) {
      const req = { ...f, ...shared };
      try {
        const preview = await cli.call('import/preview', req);
        if (values['dry-run']) {
          if (values.json) io.stdout(`${JSON.stringify(preview, null, 2)}\n`);
          else printPreview(io, preview, true);
        } else {
          const summary = await cli.call('import/apply', req);
          if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
          else printPreview(io, { ...preview, counts: summary, created: summary.created, rejected: summary.rejected }, false);
        }
        outcomes.push({ fileName: f.fileName, refused: null, skipped: false });
      } catch (e) {
        // In a folder, one unreadable file does not stop the others (each import is its own transaction).
        if (!(e instanceof ApiError) || files.length === 1) throw e;
        // A file Headroom cannot tell the kind of (a folder's notes, a side table) is skipped and listed, not a failure.
        const skipped = e.details?.unrecognised === true;
        outcomes.push({ fileName: f.fileName, refused: e.message, skipped });
        if (!skipped) io.stderr(`headroom import: ${e.message}\n`);
      }
    }
    const refused = outcomes.filter((o) => o.refused !== null && !o.skipped);
    // A folder's per-file reports scroll by; end with which files were stored and which were refused, and why.
    if (files.length > 1 && !values.json) printFolderSummary(io, outcomes, values['dry-run'] ?? false);
    return refused.length ? 1 : 0;
  } finally {
    cli.close();
  }
}

/** One line per file of a folder import: imported, or refused with the reason (which starts with the file's name). */
function printFolderSummary(io: CliIo, outcomes: { fileName: string; refused: string | null; skipped: boolean }[], dryRun: boolean): void {
  const refused = outcomes.filter((o) => o.refused !== null && !o.skipped).length;
  const skipped = outcomes.filter((o) => o.skipped).length;
  const verb = dryRun ? 'would be imported' : 'imported';
  io.stdout(
    `\nheadroom import: ${outcomes.length - refused - skipped} of ${outcomes.length} files ${verb}, ${skipped} skipped (not a table Headroom can read), ` +
      `${refused} refused${refused ? ' (nothing was written from a refused file)' : ''}\n`,
  );
  for (const o of outcomes) {
    const why = o.refused === null ? '' : o.refused.startsWith(o.fileName) ? o.refused : `${o.fileName}: ${o.refused}`;
    if (o.refused === null) io.stdout(`  ${dryRun ? 'readable' : 'imported'}  ${o.fileName}\n`);
    else io.stdout(`  ${o.skipped ? 'skipped ' : 'refused '}  ${why}\n`);
  }
}

/** --resolve "model:gpt-4o=merge:12", "benchmark:MMLU%=create", "model:foo=skip". */
function resolutions(list: string[]): Record<string, { action: 'merge' | 'create' | 'skip'; targetId?: number }> {
  const out: Record<string, { action: 'merge' | 'create' | 'skip'; targetId?: number }> = {};
  for (const item of list) {
    const m = /^((?:model|benchmark):.+)=(merge|create|skip)(?::(\d+))?$/.exec(item);
    if (!m) throw new UsageError(`--resolve takes "model:NAME=merge:ID", "model:NAME=create" or "model:NAME=skip" (got "${item}")`);
    out[m[1]!] = { action: m[2] as 'merge' | 'create' | 'skip', ...(m[3] ? { targetId: Number(m[3]) } : {}) };
  }
  return out;
}

export async function runExportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      out: { type: 'string' },
      kind: { type: 'string', default: 'results' },
    },
  });
  if (!values.out) throw new UsageError('usage: headroom export --out FILE [--db FILE] [--kind results|models|benchmarks|workspace]  (.csv, .tsv or .json)');
  const wholeWorkspace = values.kind === 'workspace';
  if (!wholeWorkspace && !(TABLE_KINDS as readonly string[]).includes(values.kind)) throw new UsageError(`--kind must be one of ${TABLE_KINDS.join(', ')}, workspace`);
  if (!existsSync(values.db)) throw new UsageError(`no such workspace: ${values.db}`);
  const format = /\.tsv$/i.test(values.out) ? 'tsv' : /\.json$/i.test(values.out) ? 'json' : 'csv';
  if (wholeWorkspace && format !== 'json') throw new UsageError('a whole-workspace export is JSON: name the output FILE.json');
  const cli = openForCli(values.db);
  try {
    const res = wholeWorkspace ? await cli.call('export/workspace', {}) : await cli.call('export/table', { kind: values.kind as TableKind, format });
    // Write to a temporary name and rename, so an interrupted export never leaves half a file under the real name.
    const tmp = `${values.out}.partial`;
    writeFileSync(tmp, res.content, 'utf8');
    renameSync(tmp, values.out);
    io.stdout(`wrote ${res.rows} ${values.kind} rows to ${values.out}\n`);
    return 0;
  } finally {
    cli.close();
  }
}

export async function runDemoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string', default: 'demo.db' } } });
  const cli = openForCli(values.db);
  try {
    const info = await cli.call('workspace/loadDemo', {});
    const c = info.counts;
    io.stdout(
      `Created the demo workspace ${info.path} (synthetic demo data): ${c.organizations} organizations, ${c.models} models, ` +
        `${c.benchmarks} benchmarks, ${c.subtasks} subtasks, ${c.results} results.\nOpen it with: npx headroom serve --db ${values.db}\n`,
    );
    return 0;
  } finally {
    cli.close();
  }
}
