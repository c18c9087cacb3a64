/**
 * No SQL text outside the printer (issue #13): the compiler (`src/query`) and the CRM analyses
 * (`src/crm/analyses`) build statement nodes, and only the printer (`query/sql/print.ts`, with the
 * function registry `functions.ts`) writes SQL, in the engine's dialect. So no SQL keyword may
 * appear inside a string or template literal of any other file there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The printer itself: the one place SQL is written. */
const PRINTER = ['src/query/sql/print.ts', 'src/query/sql/functions.ts'];

const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f))
    .sort();

const CHECKED = [...tsFiles('src/query'), ...tsFiles('src/crm/analyses')].filter(
  (f) => !PRINTER.includes(f),
);

const KEYWORDS =
  /\b(SELECT|FROM|WHERE|GROUP BY|ORDER BY|HAVING|QUALIFY|LIMIT|OFFSET|JOIN|WITH|UNION|VALUES)\b/;

/** An operator of the expression tree, named as SQL spells it: not text assembled around it. */
const OPERATORS = /IS NOT DISTINCT FROM/g;
const sqlText = (s: string) => KEYWORDS.test(s.replace(OPERATORS, ''));

/**
 * The literal text of a TypeScript source: the contents of its string and template literals (a
 * template's `${…}` parts are code, scanned in turn), comments skipped.
 */
export function literals(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  // Scans code until an unmatched `}` (the end of a `${…}`) or the end of the source.
  const code = (): void => {
    let depth = 0;
    while (i < src.length) {
      const c = src[i]!;
      if (c === '/' && src[i + 1] === '/')
        i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
      else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i + 2) + 2;
      else if (c === "'" || c === '"') quoted(c);
      else if (c === '`') template();
      else if (c === '{') {
        depth++;
        i++;
      } else if (c === '}') {
        if (depth === 0) return;
        depth--;
        i++;
      } else i++;
    }
  };
  const quoted = (q: string): void => {
    let text = '';
    for (i++; i < src.length && src[i] !== q; i++) text += src[i] === '\\' ? src[++i] : src[i];
    i++;
    out.push(text);
  };
  const template = (): void => {
    let text = '';
    for (i++; i < src.length && src[i] !== '`';) {
      if (src[i] === '\\') {
        text += src[i + 1];
        i += 2;
      } else if (src[i] === '$' && src[i + 1] === '{') {
        i += 2;
        code();
        i++;
        text += ' ';
      } else text += src[i++];
    }
    i++;
    out.push(text);
  };
  code();
  return out;
}

describe('the scanner', () => {
  it('finds keywords in strings and templates, not in code or comments', () => {
    const src = [
      '// SELECT in a comment',
      'const from = 1; /* JOIN */',
      "const a = 'GROUP BY 1';",
      'const b = `x ${f(`${y} WHERE`)} FROM ${z}`;',
      'const c = { d: "ok" };',
    ].join('\n');
    const found = literals(src);
    expect(found).toEqual(['GROUP BY 1', '  WHERE', 'x   FROM  ', 'ok']);
    expect(found.filter(sqlText)).toHaveLength(3);
    expect(sqlText('IS NOT DISTINCT FROM')).toBe(false);
  });

  it('reads every file of both folders', () => {
    expect(CHECKED.length).toBeGreaterThan(40);
    for (const f of ['src/query/compile.ts', 'src/crm/analyses/funnel/funnel.ts'])
      expect(CHECKED).toContain(f);
  });
});

describe.each(CHECKED)('%s', (file) => {
  it('has no SQL keyword in a string or template literal', () => {
    expect(literals(readFileSync(file, 'utf8')).filter(sqlText)).toEqual([]);
  });
});
