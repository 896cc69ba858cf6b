/**
 * Telling a file's format from its name and first bytes, and handing it to that format's converter. Headroom's own
 * CSV/TSV (and any CSV the user maps column by column) returns null: the table importer reads it directly.
 */
import { ApiError } from '../../common/errors';
import { checkText, parseJson, type ConvertedTable, type ImportArg, type ImportFile } from './convert';
import { repeatedHeaders } from './columns';
import { guessDelimiter, readDelimited } from './delimited';
import {
  convertEpochBenchmarks,
  convertEpochExternal,
  convertEpochModels,
  convertEpochRuns,
  isEpochBenchmarks,
  isEpochExternal,
  isEpochModels,
  isEpochRuns,
} from './epoch';
import { convertHelmStats, isHelmRunSpec, isHelmStats } from './helm';
import { convertInspectArchive, convertInspectLog, isInspectLog } from './inspect';
import { convertLmEval, isLmEvalResults } from './lmEval';
import { convertMarkdown, looksLikeMarkdown } from './markdown';
import { convertOpenCompass, isOpenCompassHeader, openCompassTextTable } from './openCompass';
import { convertWide, isWideTable } from './wide';

/** The first line's cells, split on the delimiter the line suggests (enough to recognise a header). */
function firstLineHeaders(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nl = body.indexOf('\n');
  const first = (nl < 0 ? body : body.slice(0, nl)).replace(/\r$/, '');
  return first.split(guessDelimiter(first)).map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Convert the file when it is one of the outside formats; null for Headroom's long format. A request with a
 * column mapping always goes to the table importer: the user has said how to read the columns.
 */
export function convertFile(file: ImportFile, req: ImportArg): ConvertedTable | null {
  if (file.text === null) {
    // Binary: the only binary format is Inspect's .eval zip archive.
    return convertInspectArchive(file, req);
  }
  const text = file.text;
  if (/\.eval$/i.test(file.fileName)) {
    throw new ApiError('bad-input', `${file.fileName}: an Inspect .eval archive must be sent as bytes (encoding "base64"); this one arrived as text and cannot be read.`);
  }
  checkText(file.fileName, text);
  if (/\.jsonl$/i.test(file.fileName)) {
    throw new ApiError('bad-input', `${file.fileName}: a per-sample file; import it together with its results JSON (import the folder).`);
  }
  const trimmed = text.trimStart().replace(/^\ufeff/, '');
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || /\.json$/i.test(file.fileName)) {
    const doc = parseJson(file.fileName, text);
    if (isLmEvalResults(doc)) return convertLmEval(file, doc, req);
    if (isInspectLog(doc)) return convertInspectLog(file, doc, req);
    if (isHelmStats(doc)) return convertHelmStats(file, doc, req);
    if (isHelmRunSpec(doc)) {
      throw new ApiError('bad-input', `${file.fileName}: a HELM run spec holds no scores; import stats.json of the same run folder (or the whole folder).`);
    }
    if (typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === 'headroom-workspace') {
      throw new ApiError('bad-input', `${file.fileName}: a whole-workspace export; load it with "import workspace" into an empty workspace.`);
    }
    throw new ApiError(
      'bad-input',
      `${file.fileName}: JSON, but not a format Headroom reads (lm-evaluation-harness results, an Inspect log, or HELM stats.json).`,
      { unrecognised: true },
    );
  }
  const mapped = !!req.mapping && Object.keys(req.mapping).length > 0;
  // OpenCompass writes its summary as markdown and as plain text too: its header says so before any generic reading.
  const openCompass = mapped ? null : openCompassTextTable(text);
  if (openCompass) return convertOpenCompass(file, req, openCompass);
  if (looksLikeMarkdown(file.fileName, text)) return convertMarkdown(file, req);
  const headers = firstLineHeaders(text);
  if (!mapped) {
    if (isOpenCompassHeader(headers)) return convertOpenCompass(file, req);
    if (isEpochRuns(headers)) return convertEpochRuns(file, req);
    if (isEpochModels(headers)) return convertEpochModels(file);
    if (isEpochBenchmarks(headers)) return convertEpochBenchmarks(file);
    if (isEpochExternal(file.fileName, headers)) return convertEpochExternal(file, req);
    if (isWideTable(headers, () => readDelimited(file.fileName, text))) return convertWide(file, req);
  }
  refuseRepeatedHeaders(file.fileName, headers, req.mapping ?? {});
  return null;
}

/**
 * The table importer reads columns by header name: a name written twice would be read from one column while the
 * preview lists the other as ignored. Refuse the file, naming the header and its columns.
 */
function refuseRepeatedHeaders(fileName: string, headers: string[], mapping: Record<string, string>): void {
  const repeated = repeatedHeaders(headers, mapping);
  if (!repeated.length) return;
  const which = repeated.map((r) => `"${r.header}" in columns ${r.positions.join(' and ')}`).join('; ');
  throw new ApiError('bad-input', `${fileName}, line 1: the header names ${which}; Headroom cannot tell which to read. Rename or remove the extra column.`, {
    line: 1,
    repeated,
  });
}
