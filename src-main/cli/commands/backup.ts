/** `headroom backups` lists a workspace's backups; `headroom restore BACKUP` puts one back. */
import { parseArgs } from 'node:util';
import { listBackups, restoreBackup } from '../../core/db/backup';
import { UsageError, type CliIo } from '../io';
import { DEFAULT_DB } from './data';

export async function runBackupsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string', default: DEFAULT_DB } } });
  const list = listBackups(values.db);
  if (!list.length) {
    io.stdout(`no backups of ${values.db} (one is taken automatically before each schema upgrade)\n`);
    return 0;
  }
  for (const b of list) io.stdout(`${b.modifiedAt}  schema ${b.schemaVersion}  ${(b.bytes / 1024).toFixed(0)} KiB  ${b.file}\n`);
  return 0;
}

export async function runRestoreCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string', default: DEFAULT_DB } } });
  const backup = positionals[0];
  if (!backup || positionals.length > 1) throw new UsageError('usage: headroom restore BACKUP [--db FILE]   (close the app on that workspace first)');
  const r = restoreBackup(backup, values.db);
  io.stdout(`restored ${values.db} from ${r.replacedBy}${r.keptAs ? `; the replaced workspace is kept as ${r.keptAs}` : ''}\n`);
  return 0;
}
