/**
 * Where the runtime tests UTF-8 natively (Node's `isUtf8`, `native-bytes.ts`), a big file's
 * validity and NULs come from it and its line count from the shape pass when that was made, else
 * from a count of its LFs (`shapeLines`): the JS check `utf8Facts` is then not made, and asking
 * the count does not make the shape pass (the load makes it while DuckDB reads on a guess). Each piece is checked against that separate check, the
 * reference: validity on random bytes, LF counts of the shape pass and of `countLf`, and whole
 * tables read with the native operations and without them, on random files (non-ASCII bytes at
 * every offset of a word, characters cut by the file's end, quotes and CRs after non-ASCII text,
 * NULs and backslashes among it, Windows-1251 bytes).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { countLf, utf8Facts } from '../../../src/ingest/read/encoding/utf8-check.ts';
import { nativeBytes, useNativeBytes } from '../../../src/ingest/read/encoding/native-bytes.ts';
import { csvData, knownShape } from '../../../src/ingest/read/csv/csv-data.ts';
import { csvShapeBytes } from '../../../src/ingest/read/csv/csv-shape.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import type { RawTable, RowIssue } from '../../../src/ingest/types.ts';
import { encodeCp1251 } from '../corpus/cp1251.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const node = nativeBytes()!;

afterEach(() => useNativeBytes(null));

/** `bytes` at byte `at` of a bigger buffer: the word loops see every alignment. */
function shifted(bytes: Uint8Array, at: number): Uint8Array {
  const b = new Uint8Array(bytes.length + at).subarray(at);
  b.set(bytes);
  return b;
}

describe('the native operations', () => {
  it('exist in Node', () => {
    expect(node).toBeDefined();
  });

  it('call bytes UTF-8 exactly when utf8Facts does', () => {
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x0a, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x80, 0x9f, 0xa0, 0xbf),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), fc.nat(3), (a, at) => {
        const b = shifted(Uint8Array.from(a), at);
        expect(node.isUtf8(b)).toBe(utf8Facts(b) !== null);
      }),
      { numRuns: 20_000 },
    );
  });

  it('find a byte or an ASCII text from a position, in a view of a bigger buffer', () => {
    const b = shifted(utf8('ab\\u0000\u0000я'), 3);
    expect(node.has(b, 0, 0)).toBe(true);
    expect(node.has(b, 0, 9)).toBe(false);
    expect(node.has(b, '\\u0000', 2)).toBe(true);
    expect(node.has(b, '\\u0000', 3)).toBe(false);
    expect(node.has(b.subarray(0, 7), 0, 0)).toBe(false);
  });
});

describe('LF counts', () => {
  const piece = fc.constantFrom(
    ',',
    '\n',
    '\r\n',
    'a',
    'я',
    '€',
    '😀',
    '"',
    '\u0000',
    '\\',
    'ab,cd',
  );
  const text = fc.array(piece, { maxLength: 60 }).map((ps) => ps.join(''));

  it('countLf counts what utf8Facts counts, from any position, at any alignment', () => {
    fc.assert(
      fc.property(text, text, fc.nat(3), (before, t, at) => {
        const b = shifted(utf8(before + t), at);
        const start = utf8(before).length;
        expect(countLf(b, start)).toBe(utf8Facts(b, start)!.lf);
      }),
      { numRuns: 5000 },
    );
  });

  it('the shape pass counts the LFs after where it starts, when it finds the file plain', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 3 }), fc.nat(3), (t, width, at) => {
        const b = shifted(utf8('h\n' + t), at);
        const shape = csvShapeBytes(b, 2, 44, 34, width);
        if (shape) expect(shape.lf).toBe(utf8Facts(b, 2)!.lf);
      }),
      { numRuns: 5000 },
    );
  });
});

/** A table as the import sees it: rows, issues, line count and what DuckDB would read. */
function table(raw: RawTable) {
  const issues: RowIssue[] = [];
  const rows = [...raw.rows((i) => issues.push(i))];
  const plain = raw.csv && csvData(raw.csv, raw.headers.length);
  const data = plain && { ...plain.shape, lines: [...plain.shape.lines], data: plain.data };
  const { rows: _r, lineCount: _l, csv: _c, ...rest } = raw;
  return { ...rest, rows, issues, lines: raw.lineCount?.(), data, bytes: raw.csv?.bytes };
}

/**
 * The table of `b` with the line count asked first (which makes `shapeLines`' pass) or after the
 * shape pass was made (`shapeFirst`), or its error: the same count either way.
 */
async function read(name: string, b: Uint8Array, headBytes: number, shapeFirst = false) {
  try {
    const raw = await readFile(name, b, { headBytes });
    if (shapeFirst && raw.csv) csvData(raw.csv, raw.headers.length);
    const lines = raw.lineCount?.();
    const t = table(raw);
    const { lf: _shapeLf, ...data } = t.data ?? {};
    return { ...t, lines, data, bytes: t.bytes !== undefined };
  } catch (e) {
    return { error: (e as { msg?: unknown }).msg ?? String(e) };
  }
}

/** Reads `b` with the native operations and with the JS check: the same table, field by field. */
async function same(name: string, b: Uint8Array, headBytes: number) {
  useNativeBytes(null);
  const fast = await read(name, b, headBytes);
  // A copy: tables are kept by their bytes, and these must be read afresh.
  expect(await read(name, b.slice(), headBytes, true)).toEqual(fast);
  useNativeBytes(undefined);
  expect(fast).toEqual(await read(name, b.slice(), headBytes));
}

describe('a big file read with the native operations', () => {
  /** Rows of a CSV with the characters the passes look at, and non-ASCII text among them. */
  const field = fc
    .array(
      fc.constantFrom(
        'a',
        'bc',
        'я',
        'ёж',
        '€',
        '😀',
        ' ',
        '\u00a0',
        '\\',
        '\\u0000',
        '\u0000',
        '1',
      ),
      { maxLength: 6 },
    )
    .map((cs) => cs.join(''));
  const quoted = fc.oneof(
    field,
    field.map((f) => `"${f}"`),
    field.map((f) => `"${f}\r\n${f}"`),
  );
  const row = fc.array(quoted, { minLength: 1, maxLength: 3 }).map((fs) => fs.join(','));
  const file = fc
    .tuple(
      fc.array(row, { minLength: 1, maxLength: 40 }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([rows, eol, bom, lastEol]) => {
      const text = ['a,b,c', ...rows].join(eol) + (lastEol ? eol : '');
      return bom ? '\ufeff' + text : text;
    });

  it('gives the same table as with the JS check, wherever the head ends', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.integer({ min: 1, max: 64 }), async (t, headBytes) => {
        await same('f.csv', utf8(t), headBytes);
      }),
      { numRuns: Number(process.env.RUNS ?? 400) },
    );
  });

  it('gives the same table when a character is cut by the end or bytes are not UTF-8', async () => {
    const base = 'id,name\n' + Array.from({ length: 30 }, (_, i) => `${i},Сделка ${i}`).join('\n');
    const cases: [string, Uint8Array][] = [
      ['cut-end.csv', utf8(base + '\n9,я').slice(0, -1)],
      ['cut-4.csv', utf8(base + '\n9,😀').slice(0, -2)],
      ['cp1251.csv', encodeCp1251(base.replaceAll('Сделка', 'Этап') + '\n')],
      ['cp1251-late.csv', new Uint8Array([...utf8(base + '\n'), ...encodeCp1251('31,Этап\n')])],
      ['overlong.csv', new Uint8Array([...utf8(base + '\n1,'), 0xc0, 0xaf, 0x0a])],
      ['surrogate.csv', new Uint8Array([...utf8(base + '\n1,'), 0xed, 0xa0, 0x80, 0x0a])],
      ['nul.csv', utf8(base + '\n9,a\u0000b\n')],
      ['escaped-nul.csv', utf8(base + '\n9,я\\u0000\n')],
      ['backslash.csv', utf8(base + '\n9,я\\u00\n')],
      ['quote-after.csv', utf8(base + '\nяя,"x"\n')],
      ['cr-after.csv', utf8(base + '\r\nяя,1\r\n')],
      ['lone-cr.csv', utf8(base + '\rяя,1\n')],
      ['sep.csv', utf8('sep=;\nid;name\n' + '1;я\n'.repeat(40))],
      ['wide.csv', utf8(base + '\n1,2,3\n')],
    ];
    for (const [name, b] of cases)
      for (const headBytes of [1, 7, 64, 200]) await same(name, b, headBytes);
  });

  it('counts its lines without making the shape pass, and with it once made', async () => {
    const text = 'id,name\n' + Array.from({ length: 500 }, (_, i) => `${i},Сделка ${i}`).join('\n');
    const raw = await readFile('big.csv', utf8(text), { headBytes: 64 });
    expect(raw.csv?.bytes).toBeDefined();
    expect(raw.lineCount?.()).toBe(501);
    // The pass is the load's to make, beside DuckDB's read (`guessData` in sql-load.ts).
    expect(knownShape(raw.csv!, raw.headers.length)).toBeUndefined();
    const again = await readFile('big.csv', utf8(text + '\n'), { headBytes: 64 });
    expect(csvData(again.csv!, again.headers.length)?.shape.lf).toBe(501);
    expect(again.lineCount?.()).toBe(501);
  });
});
