import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanCell, parseBenchmarkHeader, splitRow } from '../../../../src-main/core/importers/markdown';
import { sharedData } from '../../../helpers/sharedData';
import { checkIntegrity, snapshot } from '../../../helpers/workspace';
import { read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const se = (...p: string[]) => sharedData('openai_simple_evals', ...p);

const score = (model: string, benchmark: string) =>
  t.rows(
    `SELECT r.score, r.effort, r.source FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id
      WHERE m.name = ? AND b.name = ? ORDER BY r.id`,
    model,
    benchmark,
  );

describe('markdown cells', () => {
  it('strips bold, backticks, links, footnotes and <br>, keeping the link target', () => {
    expect(cleanCell(' **`88.7`** ')).toEqual({ text: '88.7', url: null });
    expect(cleanCell('[Claude 3 Opus](https://www.anthropic.com/news/claude-3-family)')).toEqual({ text: 'Claude 3 Opus', url: 'https://www.anthropic.com/news/claude-3-family' });
    expect(cleanCell('o3 [^9] [^10]').text).toBe('o3');
    expect(cleanCell('DROP[^5]<br>(F1, 3-shot)').text).toBe('DROP (F1, 3-shot)');
    expect(cleanCell('45.3*').text).toBe('45.3');
  });

  it('reads the setting from a header and drops a trailing percent sign', () => {
    expect(parseBenchmarkHeader('DROP (F1, 3-shot)')).toEqual({ name: 'DROP', shots: 3, detail: 'F1, 3-shot' });
    expect(parseBenchmarkHeader('MMLU%')).toEqual({ name: 'MMLU', shots: null, detail: null });
    expect(parseBenchmarkHeader('DROP(f1)').name).toBe('DROP');
  });

  it('splits rows on pipes but not on escaped ones', () => {
    expect(splitRow('| a | b \\| c | d |')).toEqual([' a ', ' b | c ', ' d ']);
  });
});

describe('simple-evals README tables', () => {
  it('imports the latest README: models as rows, benchmarks as columns, zero-padded and missing cells', async () => {
    const s = await t.apply('README.md', read(se('README.md')));
    expect(s.format).toBe('markdown');
    expect(s.reject).toBe(0);
    // "07.6" is 7.6; "n/a" and "-" are no result (o1 has no HumanEval).
    expect(score('o1-mini', 'SimpleQA').map((r) => r.score)).toEqual([7.6]);
    expect(score('o1', 'HumanEval')).toEqual([]);
    // "o3-high" and "o3-low" are o3 at an effort, because "o3" is in the same table.
    expect(score('o3', 'GPQA').map((r) => [r.effort, r.score])).toEqual([['high', 83.4], [null, 82.8], ['low', 78.6]]);
    expect(t.one("SELECT count(*) AS c FROM models WHERE name IN ('o3-high', 'o3-low')")).toEqual({ c: 0 });
    // DROP's header "(F1, 3-shot)" gives the setting.
    expect(t.one(`SELECT r.shots FROM results r JOIN benchmarks b ON b.id = r.benchmark_id WHERE b.name = 'DROP' LIMIT 1`)).toEqual({ shots: 3 });
    expect(checkIntegrity(t.ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('ignores empty cells past the header and skips section rows with a note', async () => {
    const p = await t.preview('README.md', read(se('README.md')));
    expect(p.warnings).toContain('line 15: "o3" has no numbers; read as a section heading and skipped.');
  });

  it('imports every historical README without crashing, explaining each rejection', async () => {
    const dir = se('readme_history');
    const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
    expect(files.length).toBe(26);
    for (const f of files) {
      const s = await t.apply(f, read(`${dir}/${f}`), { constants: { source: 'openai/simple-evals README' } });
      expect(s.add + s.update + s.unchanged, f).toBeGreaterThan(20);
      for (const r of s.rejected) expect(r.reason, `${f} line ${r.line}`).toMatch(/\w{4,}/);
    }
    // The same value seen in 26 versions is one result, not 26 (source given as the README, not each file).
    expect(score('gpt-4-turbo-2024-04-09', 'MMLU').filter((r) => r.source === 'openai/simple-evals README (prompt: assistant)').length).toBe(1);
    expect(checkIntegrity(t.ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('keeps results of different prompts apart (chatgpt vs assistant) and moves remarks in parentheses to notes', async () => {
    await t.apply('README.2024-05-13.294cb1f.md', read(se('readme_history', 'README.2024-05-13.294cb1f.md')));
    const rows = score('gpt-4-turbo-2024-04-09', 'MMLU');
    expect(rows.map((r) => [r.source, r.score])).toEqual([
      ['README.2024-05-13.294cb1f.md (prompt: chatgpt)', 86.5],
      ['README.2024-05-13.294cb1f.md (prompt: assistant)', 86.7],
    ]);
    expect(t.one("SELECT r.notes FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'Claude-3-Opus' AND r.source LIKE '%lmsys%' LIMIT 1")).toEqual({ notes: 'rerun w/ api' });
  });

  it('shows a later snapshot scoring below the earlier one as separate models, and lists the dated name as unsure', async () => {
    await t.apply('old.md', read(se('readme_history', 'README.2024-05-13.294cb1f.md')));
    const p = await t.preview('new.md', read(se('README.md')));
    // gpt-4o was renamed gpt-4o-2024-05-13: the preview asks rather than guessing.
    expect(p.unsure).toContainEqual(expect.objectContaining({ kind: 'model', name: 'gpt-4o-2024-05-13', suggestion: 'create', candidates: expect.arrayContaining([expect.objectContaining({ name: 'gpt-4o', score: 0.9 })]) }));
    await t.apply('new.md', read(se('README.md')));
    const newer = score('gpt-4o-2024-11-20', 'MMLU')[0]?.score as number;
    const older = score('gpt-4o-2024-08-06', 'MMLU')[0]?.score as number;
    expect(newer).toBeLessThan(older);
  });

  it('reads a table with models as columns as subtasks of one benchmark, "Average" being the benchmark itself', async () => {
    const s = await t.apply('multilingual_mmlu_benchmark_results.md', read(se('multilingual_mmlu_benchmark_results.md')));
    expect(s.reject).toBe(0);
    expect(t.one(`SELECT r.score FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id
      WHERE b.name = 'MMMLU' AND m.name = 'o1' AND r.subtask_id IS NULL`)).toEqual({ score: 0.877 });
    expect(t.one("SELECT count(*) AS c FROM subtasks")).toEqual({ c: 14 });
    // The catalog's name for "Multilingual MMLU", with the file's spelling kept as an alias.
    expect(t.one("SELECT unit FROM benchmarks WHERE name = 'MMMLU'")).toEqual({ unit: 'fraction' });
    expect(t.one("SELECT alias FROM benchmark_aliases")).toEqual({ alias: 'Multilingual MMLU' });
  });

  it('divides README percentages by 100 for a benchmark stored as a fraction', async () => {
    t.ws.db.prepare("INSERT INTO benchmarks (name, unit) VALUES ('MMLU', 'fraction')").run();
    const s = await t.apply('README.md', read(se('README.md')));
    expect(s.reject).toBe(0);
    expect(score('o3', 'MMLU').map((r) => r.score)).toContain(0.929);
  });

  it('rejects a non-numeric cell with line, column and reason, and keeps the rest of the row', async () => {
    const md = '| Model | MMLU | GPQA |\n|---|---|---|\n| a | 80.1 | soon |\n';
    const s = await t.apply('paste.md', md);
    expect(s.add).toBe(1);
    expect(s.rejected).toEqual([{ line: 3, column: 'GPQA', reason: '"soon" is not a number', value: 'soon', place: 'row "a", column "GPQA"' }]);
  });

  it('leaves the workspace unchanged for a mis-encoded README and names the line', async () => {
    const before = snapshot(t.ws.db);
    const env = await t.raw('README.md', '| Model | MMLU |\n|---|---|\n| a\ufffd | 80 |\n');
    expect(env).toMatchObject({ ok: false, error: { code: 'bad-input', message: 'README.md, line 3: the file is not valid UTF-8 text (an unreadable character). Save it as UTF-8 and try again.' } });
    expect(snapshot(t.ws.db)).toEqual(before);
  });
});
