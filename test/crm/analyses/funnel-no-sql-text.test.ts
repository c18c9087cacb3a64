/**
 * The funnel builds statement nodes and leaves every word of SQL to the printer: no SQL keyword
 * may appear in a string or template literal of its sources (comments are free to name them).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS } from '../../../src/query/sql/ast.ts';

const FILES = [
  'src/crm/analyses/funnel/funnel.ts',
  'src/crm/analyses/funnel/funnel-parts.ts',
  'src/crm/analyses/funnel/funnel-cache.ts',
];

const KEYWORDS =
  /\b(SELECT|FROM|WHERE|GROUP BY|ORDER BY|HAVING|QUALIFY|JOIN|WITH|UNION|VALUES|OVER|PARTITION BY|CREATE|TABLE|DISTINCT)\b/;

/** An operator of the expression tree is a name of a node, not SQL text (`IS NOT DISTINCT FROM`). */
const OPERATORS: ReadonlySet<string> = new Set(BINARY_OPS);
const sqlText = (s: string) => !OPERATORS.has(s) && KEYWORDS.test(s);

/**
 * The text of every string and template literal of a TypeScript source (a template's `${…}`
 * parts are code, scanned as such), with comments skipped.
 */
function stringLiterals(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  // Each open template literal: the brace depth of the `${` that left it.
  const templates: number[] = [];
  let depth = 0;
  const readTemplate = () => {
    let text = '';
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') {
        text += src.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        i++;
        out.push(text);
        return;
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        out.push(text);
        templates.push(depth);
        depth++;
        return;
      } else {
        text += c;
        i++;
      }
    }
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/')
      i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i + 2) + 2;
    else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out.push(src.slice(i + 1, j));
      i = j + 1;
    } else if (c === '`') {
      i++;
      readTemplate();
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      i++;
      if (templates.length && templates[templates.length - 1] === depth) {
        templates.pop();
        readTemplate();
      }
    } else i++;
  }
  return out;
}

describe('no SQL text outside the printer', () => {
  it('finds keywords in strings and templates, not in comments or code', () => {
    const src = [
      '// SELECT in a comment',
      '/* FROM here */',
      'const a = `x ${f(`SELECT ${q(1)}`)} y`;',
      "const b = 'GROUP BY';",
      'const c = `k_${i}`; const select = 1;',
    ].join('\n');
    const hits = stringLiterals(src).filter((s) => KEYWORDS.test(s));
    expect(hits).toEqual(['SELECT ', 'GROUP BY']);
  });

  it.each(FILES)('%s', (file) => {
    const hits = stringLiterals(readFileSync(file, 'utf8')).filter(sqlText);
    expect(hits).toEqual([]);
  });
});
