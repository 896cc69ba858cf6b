/**
 * The `headroom` command line: one subcommand per task, each going through the same validated API as the app, but
 * for `fit` (a CSV file, no workspace), `backups` and `restore` (the workspace file itself) and the printing of
 * `report` (docs/ARCHITECTURE.md, "One contract, two transports").
 */
import { ApiError } from '../common/errors';
import { runDemoCommand, runExportCommand, runImportCommand } from './commands/data';
import { runFitCommand } from './commands/fit';
import { runFlagsCommand } from './commands/flags';
import { runBacktestCommand, runForecastCommand } from './commands/forecast';
import { runReportCommand } from './commands/report';
import { runBackupsCommand, runRestoreCommand } from './commands/backup';
import { runServeCommand } from './commands/serve';
import { runPublicCommand } from './commands/public';
import { processIo, UsageError, type CliIo } from './io';

const HELP = `headroom: track AI benchmark results and forecast saturation

usage: headroom <command> [options]

  serve   [--db FILE] [--port N]         serve the app and its API on 127.0.0.1 (default port 4517); without --db:
                                         ./headroom.db if it exists, else the public benchmark results (built on
                                         first run into the user data folder; HEADROOM_DATA_DIR moves it)
  public  [--db FILE]                    write a new workspace of public benchmark results (default public.headroom),
                                         built from data/public (Epoch AI, OpenAI simple-evals) through the importers
  import  FILE|FOLDER [--db FILE] [--dry-run]
          import results, models or benchmarks: Headroom CSV/TSV, lm-evaluation-harness JSON, Inspect logs
          (.json, .eval), HELM stats.json, OpenCompass summaries, Epoch AI CSVs, markdown tables
          [--map "Header=column"]...     map a file column to a Headroom column ("Header=" ignores it)
          [--set column=value]...        give a value for a column the file lacks (e.g. --set benchmark=MMLU)
          [--resolve "model:NAME=merge:ID|create|skip"]... [--remove-missing] [--kind K] [--json]
          [--choose "ID=VALUE"]...       change one of the readings a dry run lists: a unit ("unit:mmlu=as-written",
                                         "unit:mt-bench=points:0:10"), a column's role, a name, repeated rows
                                         ("replicates=latest")
  export  --out FILE [--db FILE] [--kind results|models|benchmarks|workspace]   .csv, .tsv or .json
  demo    [--db FILE]                    create a workspace of synthetic demo data (default demo.db)
  fit     --csv FILE --x COL --y COL [--form logistic|gompertz|richards|power|auto]
          [--floor V|free] [--ceiling V|free] [--weights COL] [--json]
  forecast [--db FILE] [--benchmark NAME]... [--axis date|compute|parameters|ttc] [--threshold 0.9]
          [--subtasks] [--resamples 200] [--level 0.8] [--at YYYY-MM-DD]... [--json]
          saturation forecasts: on the date axis when the frontier crosses the line, with calibrated intervals;
          --at adds the predicted best score by that date (frontierAt) with its interval
  backtest [--db FILE] [--threshold 0.9] [--level 0.8] [--json]
          the forecast's rolling-origin track record: error by horizon, interval coverage, crossing-date error,
          against "stays flat" and a 2-year linear trend, pooled and per benchmark
  flags   [--db FILE] [--rule NAME] [--min-severity low|medium|high] [--status open|...] [--no-recompute] [--json]
          recompute the inconsistency checks and print every flag with its evidence
  backups [--db FILE]                    list the backups taken before schema upgrades
  restore BACKUP [--db FILE]             put a backup in place (the replaced file is kept beside it)
  report  --out FILE.pdf [--db FILE] [--benchmarks A,B] [--category C] [--axis date|compute|parameters|ttc]
          [--threshold 0.9] [--title T] [--author A] [--sections summary,table,...] [--as-of YYYY-MM-DD]
          [--chromium PATH] [--html FILE.html] [--no-recompute]
          print the PDF report with a local Chromium (or HEADROOM_CHROMIUM)

The workspace defaults to ./headroom.db.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * One command's part of HELP: its lines, from the line that starts with its name to the next command's. Every
 * command answers `--help`/`-h` with it (and exit code 0) instead of parsing its options.
 */
export function commandHelp(name: string): string | null {
  const lines = HELP.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^  ${name}(\\s|$)`).test(l));
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && /^ {3,}\S/.test(lines[end]!)) end++;
  const usage = lines.slice(start, end).map((l) => l.replace(/^ {2}/, '')).join('\n');
  // A command whose usage names its own default workspace (serve, public, demo) does not get the general one.
  const ownDefault = /\(default [^)]*\.(db|headroom)\)|without --db/.test(usage);
  return `usage: headroom ${usage}\n${usage.includes('--db FILE') && !ownDefault ? '\nThe workspace defaults to ./headroom.db.\n' : ''}`;
}

const COMMANDS: Record<string, Command> = {
  serve: runServeCommand,
  import: runImportCommand,
  export: runExportCommand,
  demo: runDemoCommand,
  public: runPublicCommand,
  fit: (argv, io) => runFitCommand(argv, io),
  forecast: runForecastCommand,
  backtest: runBacktestCommand,
  backups: runBackupsCommand,
  restore: runRestoreCommand,
  flags: runFlagsCommand,
  report: runReportCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`headroom: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(name) ?? HELP);
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`headroom ${name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ApiError) {
      io.stderr(`headroom ${name}: ${e.message}\n`);
      for (const i of e.details?.issues ?? []) io.stderr(`  ${i.path ? `${i.path}: ` : ''}${i.message}\n`);
      return 1;
    }
    throw e;
  }
}
