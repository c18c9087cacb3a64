/**
 * The forecast's and drivers' files build statement nodes only: their SQL text comes from the
 * printer. Reads each file's source and fails on an SQL keyword inside a string or template
 * literal (comments are skipped; a literal that is exactly a binary operator node's name, such as
 * 'IS NOT DISTINCT FROM', is a node, not text).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS } from '../../../src/query/sql/ast.ts';

const DIR = join(import.meta.dirname, '../../../src/crm/analyses');
const FILES = [
  'drivers/drivers.ts',
  'drivers/drivers-parts.ts',
  'forecast/forecast.ts',
  'forecast/forecast-survival.ts',
  'forecast/forecast-open.ts',
  'forecast/forecast-nodes.ts',
  'forecast/forecast-backtest.ts',
  'forecast/forecast-deals.ts',
  'forecast/drill-forecast.ts',
];

const KEYWORDS =
  /\b(SELECT|FROM|WHERE|GROUP BY|ORDER BY|PARTITION BY|JOIN|WITH|UNION|HAVING|QUALIFY|OVER|CASE WHEN|FILTER|LIMIT)\b/;
const OPS: ReadonlySet<string> = new Set(BINARY_OPS);

/** The text of every string and template literal in `source` (template holes left out). */
export function literals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = source.length;
  // Open template literals: the brace depth at which each one's `${` hole closes.
  const holes: number[] = [];
  let depth = 0;
  const readString = (quote: string): void => {
    let text = '';
    i++;
    while (i < n && source[i] !== quote) {
      if (source[i] === '\\') i++;
      text += source[i];
      i++;
    }
    i++;
    out.push(text);
  };
  const readTemplate = (): void => {
    let text = '';
    while (i < n) {
      const ch = source[i];
      if (ch === '\\') {
        text += source[i + 1];
        i += 2;
      } else if (ch === '`') {
        i++;
        break;
      } else if (ch === '$' && source[i + 1] === '{') {
        i += 2;
        holes.push(depth);
        depth++;
        break;
      } else {
        text += ch;
        i++;
      }
    }
    out.push(text);
  };
  while (i < n) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (ch === '/' && next === '/') i = source.indexOf('\n', i) < 0 ? n : source.indexOf('\n', i);
    else if (ch === '/' && next === '*') i = source.indexOf('*/', i + 2) + 2 || n;
    else if (ch === "'" || ch === '"') readString(ch);
    else if (ch === '`') {
      i++;
      readTemplate();
    } else if (ch === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      depth--;
      i++;
      // The end of a template hole: the template goes on.
      if (holes.length && holes[holes.length - 1] === depth) {
        holes.pop();
        readTemplate();
      }
    } else i++;
  }
  return out;
}

/** The literals of `source` that hold SQL keywords. */
export function sqlText(source: string): string[] {
  return literals(source).filter((s) => !OPS.has(s) && KEYWORDS.test(s));
}

describe('no SQL text assembled in the forecast and drivers', () => {
  it('finds keywords in strings and templates, not in comments or operator nodes', () => {
    const sample = [
      '/** `SELECT e AS "as"` with no FROM */',
      '// GROUP BY in a comment',
      "const op = bin('IS NOT DISTINCT FROM', a, b);",
      "const kind = 'select';",
      "const a = `${q('d')}.*, ${p(x)}`;",
      "const b = `SELECT ${q('t')} FROM ${q('d')}`;",
      "const c = 'x' + ' WHERE ' + y;",
      "const d = `${a ? `${q('e')} JOIN ${q('h')}` : ''}`;",
    ].join('\n');
    expect(sqlText(sample)).toEqual(['SELECT ', ' FROM ', ' WHERE ', ' JOIN ']);
  });

  it.each(FILES)('%s holds no SQL text', (file) => {
    expect(sqlText(readFileSync(join(DIR, file), 'utf8'))).toEqual([]);
  });
});
