/** `headroom flags`: recompute the inconsistency checks and print every flag with its rule, place, message and evidence. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FLAG_RULES, FLAG_STATUSES, SEVERITIES, type Flag, type FlagRule, type FlagStatus, type Severity } from '../../common/flags';
import { UsageError, type CliIo } from '../io';
import { openForCli } from '../workspaceCall';
import { DEFAULT_DB } from './data';

/** The evidence in one line: values with their sources, the expectation and the test statistic. */
function evidenceLine(f: Flag): string {
  const e = f.evidence;
  const parts: string[] = [];
  for (const v of e.values.slice(0, 6)) {
    const where = v.subtask ? `${v.subtask}: ` : '';
    parts.push(`${where}${v.score} ± ${v.se}${v.seBasis === 'stated' ? '' : ` (${v.seBasis})`} [${v.source || 'no source'}${v.setting !== 'default' ? `, ${v.setting}` : ''}${v.evaluatedOn ? `, ${v.evaluatedOn}` : ''}]`);
  }
  if (e.values.length > 6) parts.push(`... ${e.values.length - 6} more`);
  const stats: string[] = [];
  if (e.expected !== undefined && e.expected !== null) stats.push(`expected ${e.expected}`);
  if (e.difference !== undefined && e.difference !== null) stats.push(`difference ${e.difference}`);
  if (e.tolerance !== undefined && e.tolerance !== null) stats.push(`tolerance ${e.tolerance}`);
  if (e.z !== undefined && e.z !== null) stats.push(`z ${e.z}`);
  const kind = e.details?.['kind'];
  if (typeof kind === 'string') stats.unshift(kind);
  return [parts.join('; '), stats.join(', ')].filter(Boolean).join(' | ');
}

export async function runFlagsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      rule: { type: 'string' },
      'min-severity': { type: 'string' },
      status: { type: 'string' },
      'no-recompute': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.rule !== undefined && !(FLAG_RULES as readonly string[]).includes(values.rule)) throw new UsageError(`--rule must be one of ${FLAG_RULES.join(', ')} (got "${values.rule}")`);
  const minSeverity = values['min-severity'];
  if (minSeverity !== undefined && !(SEVERITIES as readonly string[]).includes(minSeverity)) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}`);
  if (values.status !== undefined && !(FLAG_STATUSES as readonly string[]).includes(values.status)) throw new UsageError(`--status must be one of ${FLAG_STATUSES.join(', ')}`);
  if (!existsSync(values.db)) throw new UsageError(`no such workspace: ${values.db}`);
  const cli = openForCli(values.db);
  try {
    const summary = values['no-recompute'] ? null : await cli.call('flags/recompute', {});
    const flags = await cli.call('flags/list', {
      ...(values.rule ? { rule: values.rule as FlagRule } : {}),
      ...(minSeverity ? { minSeverity: minSeverity as Severity } : {}),
      ...(values.status ? { status: values.status as FlagStatus } : {}),
    });
    if (values.json) {
      io.stdout(`${JSON.stringify({ summary, flags }, null, 2)}\n`);
      return 0;
    }
    for (const f of flags) {
      const place = [f.model, f.benchmark, f.subtask].filter(Boolean).join(' / ') || '—';
      io.stdout(`#${f.id} [${f.severity}] ${f.rule}${f.status !== 'open' ? ` (${f.status})` : ''}  ${place}\n`);
      io.stdout(`  ${f.message}\n`);
      const ev = evidenceLine(f);
      if (ev) io.stdout(`  evidence: ${ev}\n`);
      for (const n of f.evidence.notes ?? []) io.stdout(`  note: ${n}\n`);
      if (f.note) io.stdout(`  analyst: ${f.note}\n`);
    }
    const by = (k: Severity) => flags.filter((f) => f.severity === k).length;
    io.stdout(`\n${flags.length} flag${flags.length === 1 ? '' : 's'} shown (high ${by('high')}, medium ${by('medium')}, low ${by('low')})`);
    if (summary) io.stdout(`; this run raised ${summary.raised}, kept ${summary.kept} resolved, reopened ${summary.reopened}, marked ${summary.fixed} fixed`);
    io.stdout('\n');
    return 0;
  } finally {
    cli.close();
  }
}
