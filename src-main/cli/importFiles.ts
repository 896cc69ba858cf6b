/**
 * Turning a path given to `headroom import` into import requests: one file, or every recognised file of a folder
 * (a HELM run folder, an lm-eval output folder, a folder of Epoch AI CSVs). Binary files travel as base64; files
 * that belong to another file (a HELM run_spec.json, lm-eval samples_*.jsonl) travel with it as companions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FileRequest {
  fileName: string;
  content: string;
  encoding?: 'utf8' | 'base64';
  companions?: { fileName: string; content: string }[];
}

const IMPORTABLE = /\.(csv|tsv|txt|json|md|markdown|eval)$/i;
const COMPANION = /^(run_spec\.json|samples_.+\.jsonl)$/i;
/** HELM writes these beside stats.json; they hold no scores. */
const HELM_SIDE_FILES = /^(scenario|scenario_state|per_instance_stats|instances|display_predictions|display_requests|costs)\.json$/i;

/** True when the bytes are not UTF-8 text (a zip, an image, a NUL byte anywhere). */
export function isBinary(bytes: Buffer): boolean {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return true;
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    // Not UTF-8: send the bytes as they are and let the importer name the first bad line.
    return true;
  }
}

function readRequest(file: string, fileName: string): FileRequest {
  const bytes = readFileSync(file);
  if (isBinary(bytes)) return { fileName, content: bytes.toString('base64'), encoding: 'base64' };
  return { fileName, content: bytes.toString('utf8') };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Files of the same folder that another format reads together with `file` (a HELM run spec, lm-eval samples). */
function companionsOf(file: string, siblings: string[]): string[] {
  const base = path.basename(file);
  const same = siblings.filter((s) => path.dirname(s) === path.dirname(file) && COMPANION.test(path.basename(s)));
  if (base === 'stats.json') return same.filter((s) => /run_spec\.json$/i.test(s));
  if (/^results.*\.json$/i.test(base)) return same.filter((s) => /\.jsonl$/i.test(s));
  return [];
}

/**
 * The requests for a path. For a folder, file names are given relative to the folder's parent
 * ("run-folder/stats.json"), so two runs' stats.json files stay distinct imports and HELM's folder name (the run
 * spec) travels with it. A HELM stats.json given on its own is sent the same way, named with its run folder and
 * with its run_spec.json, so that importing the file or its folder reads the same run under the same source.
 */
export function importRequestsFor(target: string): FileRequest[] {
  if (!statSync(target).isDirectory()) {
    const file = path.resolve(target);
    if (path.basename(file) !== 'stats.json') return [readRequest(file, path.basename(file))];
    const root = path.dirname(path.dirname(file));
    const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
    const req = readRequest(file, rel(file));
    const siblings = readdirSync(path.dirname(file)).map((f) => path.join(path.dirname(file), f));
    const wanted = companionsOf(file, siblings);
    if (wanted.length) req.companions = wanted.map((s) => ({ fileName: rel(s), content: readFileSync(s, 'utf8') }));
    return [req];
  }
  const root = path.dirname(path.resolve(target));
  const files = walk(path.resolve(target));
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const requests: FileRequest[] = [];
  for (const f of files) {
    const base = path.basename(f);
    if (!IMPORTABLE.test(base) || COMPANION.test(base) || HELM_SIDE_FILES.test(base) || /^(SOURCE|LICENSE)/i.test(base)) continue;
    const req = readRequest(f, rel(f));
    const wanted = companionsOf(f, files);
    if (wanted.length) req.companions = wanted.map((s) => ({ fileName: rel(s), content: readFileSync(s, 'utf8') }));
    requests.push(req);
  }
  return requests;
}
