/**
 * Guard: the relationship dynamics build statement nodes, and the printer writes all their SQL.
 * No string or template literal in these sources may hold an SQL keyword (the names of the AST's
 * operators, such as `IS NOT DISTINCT FROM`, are node data, not SQL text).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS } from '../../../src/query/sql/ast.ts';

const FILES = [
  'src/crm/analyses/dynamics/dynamics.ts',
  'src/crm/analyses/dynamics/dynamics-status.ts',
  'src/crm/analyses/dynamics/dynamics-transitions.ts',
  'src/crm/analyses/dynamics/drill-dynamics.ts',
];

const KEYWORDS =
  /\b(SELECT|FROM|WHERE|GROUP BY|ORDER BY|HAVING|QUALIFY|JOIN|WITH|UNION|VALUES|OVER|PARTITION BY|LIMIT)\b/;

const OPERATORS: ReadonlySet<string> = new Set(BINARY_OPS);

/**
 * The string and template literals of a TypeScript source, comments skipped. A template's
 * `${…}` parts are kept in its text: code there is scanned as part of the literal, which can only
 * make the guard stricter.
 */
export function literals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i + 2) + 2;
      if (i < 2) break;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out.push(source.slice(i + 1, j));
      i = j + 1;
    } else i++;
  }
  return out;
}

const offending = (source: string) =>
  literals(source).filter((s) => !OPERATORS.has(s) && KEYWORDS.test(s));

describe('dynamics: no SQL text outside the printer', () => {
  it('finds keywords in quoted and template strings, not in comments or operator names', () => {
    const sample = [
      "const a = `SELECT ${x} FROM ${q('t')}`;",
      'const b = "x GROUP BY y";',
      "// SELECT in a comment\nconst c = bin('IS NOT DISTINCT FROM', l, r);",
      "/* JOIN */ const d = { type: 'CROSS' };",
      "const e = 'it\\'s a UNION';",
    ].join('\n');
    expect(offending(sample)).toEqual([
      "SELECT ${x} FROM ${q('t')}",
      'x GROUP BY y',
      "it\\'s a UNION",
    ]);
  });

  for (const file of FILES)
    it(file, () => {
      expect(offending(readFileSync(file, 'utf8'))).toEqual([]);
    });
});
