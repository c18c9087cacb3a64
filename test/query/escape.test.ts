import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import {
  SqlEscapeError,
  dateLiteral,
  isIsoDate,
  likeContains,
  numberLiteral,
  quoteIdent,
  quoteString,
} from '../../src/query/sql/escape.ts';
import { printExpr } from '../../src/query/sql/print.ts';
import { lit, type Expr } from '../../src/query/sql/ast.ts';
import { rowsOf } from './helpers.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.start();
});
afterAll(async () => {
  await engine.close();
});

/** Runs `SELECT <sql> AS <quoteIdent(name)>` and returns the one column's name and value. */
async function selectAs(sql: string, name = 'v'): Promise<{ names: string[]; value: unknown }> {
  const t = await engine.query(`SELECT ${sql} AS ${quoteIdent(name)}`);
  const rows = rowsOf(t);
  expect(rows).toHaveLength(1);
  return { names: t.schema.fields.map((f) => f.name), value: rows[0]![name] };
}

const HOSTILE = [
  '',
  "O'Brien",
  "''",
  "'",
  '"',
  'say "hi"',
  '""; DROP TABLE deals; --',
  "'); DROP TABLE deals; --",
  'a;b',
  'line1\nline2\r\nline3',
  'tab\there',
  'back\\slash\\',
  "\\'",
  '%_%',
  '100%',
  'a_b',
  'Анна Иванова',
  'Отдел "1"',
  '😀 emoji 👩‍👩‍👧',
  '中文',
  'e\u0301', // combining accent
  '  padded  ',
  '$$dollar$$',
  '/* comment */',
  '-- comment',
];

describe('quoteIdent', () => {
  it('doubles embedded double quotes and nothing else', () => {
    expect(quoteIdent('manager')).toBe('"manager"');
    expect(quoteIdent('region "note"')).toBe('"region ""note"""');
    expect(quoteIdent('"')).toBe('""""');
    expect(quoteIdent("O'Brien")).toBe('"O\'Brien"');
    expect(quoteIdent('a;b\nc')).toBe('"a;b\nc"');
    expect(quoteIdent('Менеджер')).toBe('"Менеджер"');
    expect(quoteIdent('back\\')).toBe('"back\\"');
  });

  it('rejects empty names and NUL', () => {
    expect(() => quoteIdent('')).toThrow(SqlEscapeError);
    expect(() => quoteIdent('a\u0000b')).toThrow(/NUL/);
  });

  it.each(HOSTILE.filter((s) => s !== ''))(
    'round-trips %j as a column name through DuckDB',
    async (name) => {
      const { names, value } = await selectAs('42', name);
      expect(names).toEqual([name]);
      expect(value).toBe(42);
    },
  );

  it('round-trips arbitrary unicode names (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'binary', minLength: 1, maxLength: 12 })
          .filter((s) => !s.includes('\u0000')),
        async (name) => {
          const { names } = await selectAs('1', name);
          expect(names).toEqual([name]);
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });
});

describe('quoteString', () => {
  it('doubles single quotes and leaves everything else alone', () => {
    expect(quoteString('')).toBe("''");
    expect(quoteString("O'Brien")).toBe("'O''Brien'");
    expect(quoteString("''")).toBe("''''''");
    expect(quoteString('say "hi"')).toBe('\'say "hi"\'');
    expect(quoteString('back\\slash')).toBe("'back\\slash'");
    expect(quoteString('a\nb')).toBe("'a\nb'");
    expect(quoteString('Анна')).toBe("'Анна'");
  });

  it('rejects NUL', () => {
    expect(() => quoteString('a\u0000')).toThrow(SqlEscapeError);
  });

  it.each(HOSTILE)('round-trips %j as a value through DuckDB', async (value) => {
    const { names, value: got } = await selectAs(quoteString(value), value || 'v');
    expect(got).toBe(value);
    expect(names).toEqual([value || 'v']);
  });

  it('round-trips arbitrary unicode strings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\u0000')),
        async (value) => {
          expect((await selectAs(quoteString(value))).value).toBe(value);
        },
      ),
      { numRuns: 80, seed: 7 },
    );
  });

  it('is what the printer uses for string literals', () => {
    expect(printExpr(lit("it's"))).toBe("'it''s'");
  });
});

describe('numberLiteral', () => {
  it('prints integers plainly and other finite numbers as DOUBLE exponent form', () => {
    expect(numberLiteral(0)).toBe('0');
    expect(numberLiteral(-17)).toBe('-17');
    expect(numberLiteral(3_000_000_000)).toBe('3000000000');
    expect(numberLiteral(0.1)).toBe('1e-1::DOUBLE');
    expect(numberLiteral(-2.5)).toBe('-2.5e+0::DOUBLE');
    expect(numberLiteral(1e21)).toBe('1e+21::DOUBLE');
    expect(numberLiteral(Number.MAX_SAFE_INTEGER)).toBe('9.007199254740991e+15::DOUBLE');
  });

  it('turns NaN and ±Infinity into NULL', () => {
    expect(numberLiteral(NaN)).toBe('NULL');
    expect(numberLiteral(Infinity)).toBe('NULL');
    expect(numberLiteral(-Infinity)).toBe('NULL');
  });

  it.each([
    0,
    1,
    -1,
    42,
    -17,
    0.1,
    1 / 3,
    -2.5,
    123456.789,
    3_000_000_000,
    2 ** 53 - 1,
    -(2 ** 53) + 1,
    1e21,
    1e-7,
    5e-324,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.EPSILON,
  ])('round-trips %d exactly through DuckDB', async (n) => {
    expect((await selectAs(numberLiteral(n))).value).toBe(n);
  });

  it.each([NaN, Infinity, -Infinity])('%d reaches DuckDB as NULL', async (n) => {
    expect((await selectAs(numberLiteral(n))).value).toBeNull();
  });

  it('round-trips any finite double (property); -0 comes back as 0', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer(),
          fc.maxSafeInteger(),
        ),
        async (n) => {
          const got = (await selectAs(numberLiteral(n))).value;
          expect(got).toBe(Object.is(n, -0) ? 0 : n);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('a negative literal stays a negative number after a minus in the printer (no `--` comment)', async () => {
    const { value } = await selectAs(
      printExpr({ kind: 'bin', op: '-', left: lit(1), right: lit(-5) }),
    );
    expect(value).toBe(6);
  });
});

describe('dateLiteral / isIsoDate', () => {
  it('prints real dates', () => {
    expect(dateLiteral('2024-02-29')).toBe("DATE '2024-02-29'");
    expect(dateLiteral('1999-12-31')).toBe("DATE '1999-12-31'");
  });

  it.each([
    '2023-02-29', // not a leap year
    '2023-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1-01',
    '24-01-01',
    '2024/01/01',
    '2024-01-01T00:00:00',
    ' 2024-01-01',
    '2024-01-01 ',
    "2024-01-01'; DROP TABLE deals; --",
    '2024-01-01\n',
    '',
    'today',
    '１２３４-01-01', // full-width digits
  ])('rejects %j', (s) => {
    expect(isIsoDate(s)).toBe(false);
    expect(() => dateLiteral(s)).toThrow(SqlEscapeError);
  });

  it('accepts leap days and month ends', () => {
    for (const s of ['2024-02-29', '2000-02-29', '2023-01-31', '2023-04-30', '2023-12-31'])
      expect(isIsoDate(s)).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
  });

  it.each(['2024-02-29', '2023-01-01', '1970-01-01', '1969-12-31', '2099-12-31', '1600-03-01'])(
    'round-trips %s through DuckDB',
    async (s) => {
      const t = await engine.query(
        `SELECT ${dateLiteral(s)} AS d, CAST(${dateLiteral(s)} AS VARCHAR) AS txt`,
      );
      const row = rowsOf(t)[0]!;
      expect(row.txt).toBe(s);
      expect(new Date(row.d as number).toISOString().slice(0, 10)).toBe(s);
    },
  );

  it('agrees with DuckDB on which strings are dates (property)', async () => {
    const y = fc.integer({ min: 1000, max: 2999 }).map((n) => String(n));
    const m = fc.integer({ min: 0, max: 13 }).map((n) => String(n).padStart(2, '0'));
    const d = fc.integer({ min: 0, max: 32 }).map((n) => String(n).padStart(2, '0'));
    await fc.assert(
      fc.asyncProperty(y, m, d, async (yy, mm, dd) => {
        const s = `${yy}-${mm}-${dd}`;
        const got = rowsOf(
          await engine.query(`SELECT CAST(try_cast(${quoteString(s)} AS DATE) AS VARCHAR) AS v`),
        )[0]!.v;
        expect(isIsoDate(s)).toBe(got === s);
      }),
      { numRuns: 120, seed: 3 },
    );
  });
});

describe('likeContains', () => {
  it('escapes %, _ and the escape character, then wraps in %…%', () => {
    expect(likeContains('abc')).toBe('%abc%');
    expect(likeContains('100%')).toBe('%100\\%%');
    expect(likeContains('a_b')).toBe('%a\\_b%');
    expect(likeContains('back\\slash')).toBe('%back\\\\slash%');
    expect(likeContains('')).toBe('%%');
    expect(likeContains("O'Brien")).toBe("%O'Brien%"); // quotes are quoteString's job
  });

  const matches = async (hay: string, needle: string) => {
    const sql = printExpr({ kind: 'like', expr: lit(hay), contains: needle });
    return rowsOf(await engine.query(`SELECT ${sql} AS v`))[0]!.v;
  };

  it.each([
    ['50% off', '50%', true],
    ['500 off', '50%', false],
    ['a_b', 'a_b', true],
    ['axb', 'a_b', false],
    ['C:\\temp', 'C:\\t', true],
    ['C:temp', 'C:\\t', false],
    ['O\'Brien "Bob"', '\'brien "b', true],
    ['ANNA', 'anna', true],
    ['Анна', 'Анна', true],
    ['x; DROP TABLE deals', '; drop', true],
    ['line1\nline2', '1\nl', true],
    ['😀 smile', '😀', true],
    ['anything', '', true],
  ] as const)('%j contains %j → %s on DuckDB', async (hay, needle, want) => {
    expect(await matches(hay, needle)).toBe(want);
  });

  it('matches exactly when the needle is a substring, for ASCII with LIKE metacharacters (property)', async () => {
    const ch = fc.constantFrom('a', 'B', '%', '_', '\\', "'", '"', ';', ' ');
    const str = fc.array(ch, { maxLength: 6 }).map((a) => a.join(''));
    await fc.assert(
      fc.asyncProperty(str, str, async (hay, needle) => {
        expect(await matches(hay, needle)).toBe(hay.toLowerCase().includes(needle.toLowerCase()));
      }),
      { numRuns: 120, seed: 13 },
    );
  });
});

describe('printer keywords', () => {
  // A tree read back from JSON (or built with a cast) could carry any text where the types
  // promise a keyword; the printer pastes none of it.
  const hostile = 'sum(1); DROP TABLE deals; --';
  it.each([
    [{ kind: 'fn', name: hostile, args: [] }],
    [{ kind: 'fn', name: 'constructor', args: [] }],
    [{ kind: 'bin', op: hostile, left: lit(1), right: lit(2) }],
    [{ kind: 'cast', expr: lit(1), type: 'INTEGER); DROP TABLE deals; --' }],
    [{ kind: 'interval', amount: 1, unit: 'DAY; DROP TABLE deals' }],
  ])('refuses a keyword that is not ours (%#)', (e) => {
    expect(() => printExpr(e as unknown as Expr)).toThrow(/not a known SQL/);
  });
  it('prints the ones that are', () => {
    const e = { kind: 'fn', name: 'sum', args: [lit(1)] } as Expr;
    expect(printExpr(e)).toBe('sum(1)');
  });
});
