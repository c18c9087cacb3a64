/**
 * The analyses converted to statement nodes write no SQL text: no SQL keyword inside a string or
 * template literal, and none of common.ts's text helpers imported. Their SQL comes only from the
 * printer (`printQuery`), so it is right in both dialects by construction.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CONVERTED = [
  'src/crm/analyses/ltv.ts',
  'src/crm/analyses/cohort.ts',
  'src/crm/analyses/drill.ts',
  'src/crm/analyses/drill-common.ts',
];

const KEYWORDS =
  /\b(SELECT|FROM|WHERE|GROUP BY|ORDER BY|HAVING|QUALIFY|LIMIT|OFFSET|JOIN|WITH|UNION|VALUES)\b/;

/** An operator of the expression tree, named as SQL spells it: not text assembled around it. */
const OPERATORS = /IS NOT DISTINCT FROM/g;
const sqlText = (s: string) => KEYWORDS.test(s.replace(OPERATORS, ''));

/** common.ts's string helpers, kept only for the analyses not converted yet. */
const TEXT_HELPERS = ['p', 'q', 'select', 'withCtes', 'purchasesQuery'];

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

/** Names imported from './common.ts'. */
function fromCommon(src: string): string[] {
  const m = /import\s*\{([^}]*)\}\s*from\s*'\.\/common\.ts'/.exec(src);
  if (!m) return [];
  return m[1]!
    .split(',')
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter(Boolean);
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
    expect(fromCommon("import {\n  p,\n  type DealScope,\n} from './common.ts';")).toEqual([
      'p',
      'DealScope',
    ]);
  });
});

describe.each(CONVERTED)('%s', (file) => {
  const src = readFileSync(file, 'utf8');
  it('has no SQL keyword in a string or template literal', () => {
    expect(literals(src).filter(sqlText)).toEqual([]);
  });
  it("imports none of common.ts's text helpers", () => {
    expect(fromCommon(src).filter((n) => TEXT_HELPERS.includes(n))).toEqual([]);
  });
});
