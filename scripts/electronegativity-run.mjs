// Runs @doyensec/electronegativity over the desktop shell (src-main/electron), the preload (src-main/preload.ts)
// and the renderer (src-renderer) in one scan, offline, and writes its findings to test-results/:
//   test-results/electronegativity.csv   the tool's own CSV report
//   test-results/electronegativity.json  the same findings as JSON, read by scripts/electronegativity-check.mjs
//
// Why one scan over a staged copy: the tool takes one input path, and its global checks (CSP present, navigation
// limited, permission handler set) look across every file it is given; three separate scans would each miss what
// the others hold (the CSP lives in src-renderer/index.html, the navigation limits in src-main/electron/main.ts).
//
// Why offline: the tool fetches translations from GitHub on every run (3 s of retries without a network) and, in its
// AvailableSecurityFixesGlobalCheck, Electron's release list. We configure its translations from the copies it ships
// and skip that one check (the Electron version is pinned in package.json and upgraded on purpose), so the scan is
// hermetic and takes about a second.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['src-main/electron', 'src-main/preload.ts', 'src-renderer'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out']);
const outDir = path.join(root, 'test-results');
const stage = path.join(outDir, 'electronegativity-input');

const require = createRequire(import.meta.url);
const toolDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const toolRequire = createRequire(path.join(toolDir, 'package.json'));

// Translations from the files the package ships, instead of its network fetch.
const i18nModule = toolRequire.resolve('./dist/locales/i18n');
const i18n = toolRequire('i18n');
toolRequire.cache[i18nModule] = {
  id: i18nModule,
  filename: i18nModule,
  loaded: true,
  exports: async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: path.dirname(i18nModule),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: global,
    });
    i18n.setLocale('en-US');
  },
};
const run = toolRequire('./dist/runner.js');

rmSync(stage, { recursive: true, force: true });
for (const input of INPUTS) {
  cpSync(path.join(root, input), path.join(stage, input), {
    recursive: true,
    filter: (src) => !SKIP_DIRS.has(path.basename(src)),
  });
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = String(pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');
mkdirSync(outDir, { recursive: true });
const started = Date.now();
const result = await run(
  {
    input: stage,
    output: path.join(outDir, 'electronegativity.csv'),
    isSarif: false,
    customScan: [],
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);

const findings = result.issues.map((i) => ({
  id: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  file: i.file === 'N/A' ? 'N/A' : String(i.file).split(path.sep).join('/'),
  line: i.location.line,
  column: i.location.column,
  sample: i.sample,
  description: i.description,
  manualReview: Boolean(i.manualReview),
}));
const report = { electronVersion, inputs: INPUTS, errors: result.errors, findings };
writeFileSync(path.join(outDir, 'electronegativity.json'), `${JSON.stringify(report, null, 1)}\n`);
rmSync(stage, { recursive: true, force: true });

for (const e of result.errors) console.error(`electronegativity: ${e.tolerable ? 'warning' : 'error'} reading ${e.file}: ${e.message}`);
console.log(
  `electronegativity: ${findings.length} findings over ${INPUTS.join(', ')} (Electron ${electronVersion}) in ${Date.now() - started} ms → test-results/electronegativity.{csv,json}`,
);
if (result.errors.some((e) => !e.tolerable)) process.exit(1);
