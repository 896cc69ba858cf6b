/**
 * No SQL is built from user text: every SQL string handed to better-sqlite3 (`x.prepare(sql)`, `x.exec(sql)`,
 * `x.pragma(sql)`, and the statement cache `stmt(db, sql)`) in src-main must be made of constant fragments, with
 * every value bound as a parameter. The scan parses each file with the TypeScript compiler and looks at the SQL
 * argument:
 *
 * - constant: a string literal; a template or `+` whose parts are all constant; a `const` of this file whose
 *   initializer is constant (SELECT_RESULTS, INSERT_COLUMNS), a conditional between constants
 *   (`kind === 'model' ? 'models' : 'benchmarks'`); placeholders repeated with `xs.map(() => '?').join(', ')` or
 *   `Array.from({ length: n }, () => ONE_ROW).join(', ')`.
 * - anything else interpolated or concatenated must be listed in ALLOWED below, by file and expression, with the
 *   reason it cannot carry user text. A new dynamic fragment fails this test until someone writes down why it is safe;
 *   an entry that no longer matches anything fails too, so the list stays exact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SRC = path.join(ROOT, 'src-main');

/** Dynamic SQL fragments known to be safe: file (relative to the repository) → expression text → why. */
const ALLOWED: Record<string, Record<string, string>> = {
  'src-main/core/db/repositories/results.ts': {
    whereSql:
      'queryResults joins constant WHERE fragments chosen by which filters are set; every filter value (ids, kinds, the LIKE pattern) is a bound parameter.',
    order:
      'ORDER BY from SORT_SQL, a constant map indexed by a zod-validated enum field (unknown fields fall back to b.name), and ASC/DESC chosen by comparison.',
    'sharedInsertSql(rows, mask)':
      'An import batch\'s INSERT, built from the constant column list of INSERT_COLUMNS, a row count (10 or 100) and a bit mask of which columns are bound once; every value is a bound parameter.',
  },
  'src-main/core/ingest/importWriter.ts': {
    'DROP_DDL[name]!': 'A constant DROP INDEX / DROP TRIGGER statement from the DROP_DDL map, looked up by names from the constants beside it.',
    'def.sql':
      'The CREATE INDEX / CREATE TRIGGER text that SQLite keeps in sqlite_master for an index or trigger of results the import dropped (a migration\'s own text), run again to rebuild it.',
  },
  'src-main/core/ingest/keySets.ts': {
    table: 'ParentIds.verify: a table name from the constant tuple beside it (models, benchmarks, subtasks, imports); the ids are a bound JSON parameter.',
  },
  'src-main/core/importers/tables.ts': {
    t: 'verifyTrustedWrites: a table name from CHECKED_TABLES or FK_TABLES, constant lists in the same file (PRAGMA quick_check / foreign_key_check take no bound parameter).',
  },
  'src-main/core/db/migrate.ts': {
    'm.sql': 'The text of a migration file shipped in db/migrations, run once inside its transaction.',
    'm.version': 'PRAGMA user_version takes no bound parameter; the version is the number parsed from the migration file name.',
  },
  'src-main/core/jobs/manager.ts': {
    BUSY_TIMEOUT_MS: 'PRAGMA busy_timeout takes no bound parameter; the value is the numeric constant of db/open.ts that every connection gets.',
  },
  'src-main/core/db/statements.ts': {
    sql: 'stmt(db, sql) is the prepared-statement cache; its argument is judged at every stmt(...) call by this same scan.',
  },
  'src-main/core/importers/workspaceExport.ts': {
    table: 'columnsOf is called only with names read from sqlite_master by tableNames(), never with names from the file.',
    t: 'Table names from sqlite_master (export, emptiness check); on import, a table named by the file is used only after `existing.includes(t)` confirms sqlite_master has it.',
    'cols.map((c) => `"${c}"`).join(\', \')': 'Column names from PRAGMA table_info of a table that exists; the row values are bound parameters.',
  },
};

const SQL_METHODS = new Set(['prepare', 'exec', 'pragma']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  expr: string;
}

/** A regular expression (its .exec is not SQL): /x/, new RegExp(...), or either in parentheses. */
function isRegexValue(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isRegexValue(e.expression);
  return ts.isRegularExpressionLiteral(e) || (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'RegExp');
}

function scan(file: string, text = readFileSync(file, 'utf8')): { dynamic: Finding[]; calls: number } {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  // Every `const name = initializer` of the file (scopes ignored: a name declared twice must be constant in both).
  const consts = new Map<string, ts.Expression[]>();
  const regexNames = new Set<string>();
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const) {
      consts.set(n.name.text, [...(consts.get(n.name.text) ?? []), n.initializer]);
      if (isRegexValue(n.initializer)) regexNames.add(n.name.text);
    }
    ts.forEachChild(n, collect);
  };
  collect(source);

  const isConstant = (e: ts.Expression, seen: Set<string> = new Set()): boolean => {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return isConstant(e.expression, seen);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return true;
    if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => isConstant(s.expression, seen));
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isConstant(e.left, seen) && isConstant(e.right, seen);
    if (ts.isConditionalExpression(e)) return isConstant(e.whenTrue, seen) && isConstant(e.whenFalse, seen);
    // A number cannot carry SQL: Number(x) (NaN at worst), as in `PRAGMA cache_size = ${Number(size)}`.
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Number') return true;
    // A constant table of constant SQL, indexed by anything: INSERT_IF_NEW[rows].
    if (ts.isElementAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const inits = consts.get(e.expression.text);
      return (
        !!inits &&
        inits.every(
          (i) =>
            ts.isObjectLiteralExpression(i) &&
            i.properties.every((p) => ts.isPropertyAssignment(p) && isConstant(p.initializer, seen)),
        )
      );
    }
    if (ts.isIdentifier(e)) {
      const inits = consts.get(e.text);
      if (!inits || seen.has(e.text)) return false;
      return inits.every((i) => isConstant(i, new Set([...seen, e.text])));
    }
    // xs.map(() => '?').join(', ') and Array.from({ length: n }, () => ONE_ROW).join(', '): a constant repeated.
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'join' && e.arguments.every((a) => isConstant(a, seen))) {
      const inner = e.expression.expression;
      if (ts.isCallExpression(inner)) {
        const fn = inner.expression;
        const isMap = ts.isPropertyAccessExpression(fn) && fn.name.text === 'map';
        const isArrayFrom = ts.isPropertyAccessExpression(fn) && fn.name.text === 'from' && ts.isIdentifier(fn.expression) && fn.expression.text === 'Array';
        const cb = inner.arguments[isMap ? 0 : 1];
        if ((isMap || isArrayFrom) && cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && ts.isExpression(cb.body)) {
          return isConstant(cb.body, seen);
        }
      }
    }
    return false;
  };

  /** The non-constant parts of a SQL argument, as source text. */
  const dynamicParts = (e: ts.Expression): ts.Expression[] => {
    if (isConstant(e)) return [];
    if (ts.isParenthesizedExpression(e)) return dynamicParts(e.expression);
    if (ts.isTemplateExpression(e)) return e.templateSpans.flatMap((s) => (isConstant(s.expression) ? [] : [s.expression]));
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...dynamicParts(e.left), ...dynamicParts(e.right)];
    if (ts.isIdentifier(e)) {
      // A variable holding SQL: judge what it was built from.
      const inits = consts.get(e.text);
      if (inits) return inits.flatMap((i) => dynamicParts(i));
    }
    return [e];
  };

  const dynamic: Finding[] = [];
  let calls = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      let sqlArg: ts.Expression | undefined;
      const callee = n.expression;
      if (ts.isPropertyAccessExpression(callee) && SQL_METHODS.has(callee.name.text)) {
        const recv = callee.expression;
        const isRegex = isRegexValue(recv) || (ts.isIdentifier(recv) && regexNames.has(recv.text));
        if (!isRegex) sqlArg = n.arguments[0];
      } else if (ts.isIdentifier(callee) && callee.text === 'stmt') {
        sqlArg = n.arguments[1];
      }
      if (sqlArg) {
        calls++;
        for (const part of dynamicParts(sqlArg)) {
          dynamic.push({ file: rel, line: source.getLineAndCharacterOfPosition(part.getStart()).line + 1, expr: part.getText() });
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return { dynamic, calls };
}

describe('SQL built only from constant fragments', () => {
  const results = tsFiles(SRC).map((f) => scan(f));
  const dynamic = results.flatMap((r) => r.dynamic);

  it('finds the SQL calls it is meant to judge', () => {
    expect(results.reduce((n, r) => n + r.calls, 0)).toBeGreaterThan(50);
  });

  it('interpolates or concatenates nothing into SQL except the documented safe fragments', () => {
    const unexplained = dynamic.filter((d) => !ALLOWED[d.file]?.[d.expr]).map((d) => `${d.file}:${d.line}: \${${d.expr}}`);
    expect(unexplained, 'SQL built from a non-constant part: bind it as a parameter, or explain it in ALLOWED').toEqual([]);
  });

  it('lists no safe fragment that the code no longer has', () => {
    const used = new Set(dynamic.map((d) => `${d.file} ${d.expr}`));
    const stale = Object.entries(ALLOWED).flatMap(([file, exprs]) => Object.keys(exprs).filter((e) => !used.has(`${file} ${e}`)).map((e) => `${file}: ${e}`));
    expect(stale).toEqual([]);
  });

  it('catches a value interpolated into SQL, and lets constants and placeholders through (the rule itself)', () => {
    const text = [
      "const T = 'results';",
      "const ROWS = { 1: '(?)', 2: '(?), (?)' };",
      'const safe = `SELECT * FROM ${T}`;',
      "const PATTERN = /^x(\\d+)$/;",
      'export function f(db: Db, name: string, ids: number[], rows: 1 | 2) {',
      '  db.prepare(safe).all();',
      '  db.prepare(`SELECT * FROM models WHERE id IN (${ids.map(() => "?").join(", ")})`).all(...ids);',
      '  db.prepare(`INSERT INTO t VALUES ${ROWS[rows]}`).run();',
      "  db.prepare(`SELECT * FROM models WHERE name = '${name}'`).all();",
      "  db.exec('DELETE FROM results WHERE source = ' + name);",
      '  const sql = `UPDATE models SET notes = ${JSON.stringify(name)}`;',
      '  db.prepare(sql).run();',
      '  PATTERN.exec(name);',
      '}',
    ].join('\n');
    const found = scan(path.join(SRC, '__probe__.ts'), text).dynamic;
    expect(found.map((d) => d.expr)).toEqual(['name', 'name', 'JSON.stringify(name)']);
  });
});
