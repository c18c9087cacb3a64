/**
 * A big UTF-8 file is decoded only as far as it is needed (`readers.ts` `utf8Text`): the head for
 * the mapping screen's sample, the whole text only for the JS reader. Each piece is checked
 * against the eager path it replaces: the validity check against a fatal TextDecoder, the
 * head-then-rest parse against one parse, the byte-level `csvShape` against the string one, and
 * the whole lazy table against the eagerly decoded one on every fixture, cut at many places.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { utf8Facts } from '../../../src/ingest/read/encoding/decode.ts';
import { parseCsv, type CsvError, type CsvRecord } from '../../../src/ingest/read/csv/csv.ts';
import { csvData, prepareShapes } from '../../../src/ingest/read/csv/csv-data.ts';
import { csvShape, csvShapeBytes } from '../../../src/ingest/read/csv/csv-shape.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import type { RawTable, RowIssue } from '../../../src/ingest/types.ts';
import * as C from '../corpus/corpus.ts';
import { encodeCp1251 } from '../corpus/cp1251.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const local = (p: string) => new Uint8Array(readFileSync(new URL(p, import.meta.url)));

/** Characters that matter to a CSV reader, and ones of every UTF-8 length. */
const CHARS = [',', ';', '"', "'", '\n', '\r', ' ', 'a', '1', 'я', 'é', '€', '😀', '\u0000', '\t'];
const csvText = fc.array(fc.constantFrom(...CHARS), { maxLength: 200 }).map((cs) => cs.join(''));

describe('utf8Facts', () => {
  const fatal = (b: Uint8Array) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  };

  it('calls bytes valid exactly when a strict decoder does', () => {
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x0a, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x80, 0x9f, 0xa0, 0xbf),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), fc.nat(3), (a, at) => {
        // At every alignment: ASCII is checked four bytes at a time where they are aligned.
        const b = new Uint8Array(a.length + at).subarray(at);
        b.set(a);
        expect(utf8Facts(b) !== null).toBe(fatal(b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('counts the text’s line feeds and sees NULs and backslashes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(3), (s, at) => {
        const text = s.replace(/[\ud800-\udfff]/g, '');
        const bytes = utf8(text);
        const b = new Uint8Array(bytes.length + at).subarray(at);
        b.set(bytes);
        expect(utf8Facts(b)).toEqual({
          lf: text.split('\n').length - 1,
          nul: text.includes('\u0000'),
          backslash: text.includes('\\'),
        });
      }),
    );
  });
  it('counts line feeds, NULs and backslashes in long ASCII runs too', () => {
    const ascii = fc
      .array(fc.constantFrom('a', '\n', '\u0000', '\\', ',', 'я'), { maxLength: 80 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(ascii, fc.nat(3), (text, at) => {
        const bytes = utf8(text);
        const b = new Uint8Array(bytes.length + at).subarray(at);
        b.set(bytes);
        expect(utf8Facts(b)).toEqual({
          lf: text.split('\n').length - 1,
          nul: text.includes('\u0000'),
          backslash: text.includes('\\'),
        });
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseCsv over a head, then the rest', () => {
  it('gives the records of one parse over the whole text, wherever the head ends', () => {
    fc.assert(
      fc.property(csvText, fc.nat(), fc.constantFrom(',', ';'), (text, at, delimiter) => {
        const opts = { delimiter, quote: '"', maxFields: 5 };
        const whole = [...parseCsv(text, opts)];
        const ends = [...text.matchAll(/\n/g)].map((m) => m.index + 1);
        if (ends.length === 0) return;
        const head = text.slice(0, ends[at % ends.length]);
        const got: (CsvRecord | CsvError)[] = [];
        const it = parseCsv(head, opts, undefined, true);
        let r = it.next();
        for (; !r.done; r = it.next()) got.push(r.value);
        got.push(...parseCsv(text, opts, r.value));
        expect(got).toEqual(whole);
      }),
      { numRuns: 3000 },
    );
  });
});

/** The delimited-text fixtures of the import tests, and edge cases of the lazy path. */
const FIXTURES: [string, Uint8Array][] = [
  ...C.crmExports(),
  ['zoho-us.csv', C.zoho('us')],
  ['zoho-calls.csv', C.zohoCalls()],
  ['amocrm-deals.cp1251.csv', local('../../fixtures/ingest/amocrm-deals.cp1251.csv')],
  ['broken-deals.csv', local('../../fixtures/ingest/broken-deals.csv')],
  ['deals-amocrm.csv', local('../../../public/examples/deals-amocrm.csv')],
  ['clients.csv', local('../../../public/examples/clients.csv')],
  ['sep.csv', utf8('sep=;\r\na;b\r\n1;2,5\r\n3;x\r\n')],
  ['bom-sep.csv', utf8('\ufeffsep=;\na;b\n1;2\n3;4\n')],
  ['bom.csv', utf8('\ufeffa,b\n1,2024-01-02\n2,bad\n')],
  ['bom-twice.csv', utf8('\ufeff\ufeffa,b\n1,2\n')],
  ['feff-lines.csv', utf8('a,b\n1,2\n\ufeffx,3\n4,5\n\ufeff\ufeffy,6\n\ufeff7,8\n')],
  ['trailing.csv', utf8('a,b\n1,2,\n3,4\n')],
  ['after-quote.csv', utf8('a,b\n"1"x,2\n3,4\n')],
  ['lone-cr.csv', utf8('a,b\r1,2\r3,4\r')],
  ['inch.csv', utf8('a,b\nMonitor 27",2\n')],
  ['one-column.csv', utf8('a\n1\n\n2\n')],
  ['nul.csv', utf8('a,b\n1\u0000,2\n3,4\n')],
  ['escaped-nul.csv', utf8('a,b\n1\\u0000,2\n3,4\n')],
  ['backslash.csv', utf8('a,b\nC:\\u00,2\n3,4\n')],
  ['multi-line.csv', utf8('a;b\n"раз\nдва\nтри";1\n"x"";\n""y";2\n€;😀\n')],
  ['unclosed.csv', utf8('a,b\n1,"open\n2,3\n4,5\n')],
  ['sep-non-ascii.csv', utf8('sep=§\na§b\n1§2\n3§"x"\n')],
  ['single-quotes.csv', utf8("a,b\n'x',1\n'y',2\n")],
  ['long-first-line.csv', utf8(`${'h'.repeat(300)},b\n1,2\n`)],
  ['no-newline.csv', utf8('a,b\n1,2\n3,4')],
  ['crlf.csv', utf8('a;b\r\n"1\r\n2";3\r\n')],
  [
    'mixed.csv',
    new Uint8Array([...utf8('a;b\nЯ;1\n'), ...encodeCp1251('б;2\n'), ...utf8('x;3\n')]),
  ],
  [
    'utf16.csv',
    new Uint8Array([0xff, 0xfe, ...[...'a,b\n1,2\n'].flatMap((c) => [c.charCodeAt(0), 0])]),
  ],
  ['json.json', utf8('[{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]')],
];

function table(raw: RawTable) {
  const issues: RowIssue[] = [];
  const rows = [...raw.rows((i) => issues.push(i))];
  // What DuckDB would read (its `dataStart` is in bytes or characters, as found).
  const plain = raw.csv && csvData(raw.csv, raw.headers.length);
  const csv = raw.csv && {
    text: raw.csv.text,
    lineOffset: raw.csv.lineOffset,
    data: plain && { rows: plain.shape.rows, lines: [...plain.shape.lines], data: plain.data },
  };
  const { rows: _r, lineCount: _l, csv: _c, ...rest } = raw;
  return { ...rest, rows, issues, lines: raw.lineCount?.(), csv };
}

describe('a file decoded lazily', () => {
  it.each(FIXTURES)('%s reads as when decoded whole, wherever the head ends', async (name, b) => {
    const eager = table(await readFile(name, b, { headBytes: 1 << 30 }));
    for (const headBytes of [1, 2, 5, 9, 17, 33, 64, 200])
      expect(table(await readFile(name, b, { headBytes }))).toEqual(eager);
  });
});

describe('csvShapeBytes', () => {
  /** The string shape, its data re-encoded, against the shape found on the bytes. */
  function agree(text: string, delimiter: string, width: number) {
    const byString = csvShape(text, delimiter, '"', width);
    const bytes = utf8(text);
    const byBytes = csvShapeBytes(bytes, 0, delimiter.charCodeAt(0), 34, width);
    expect(byBytes === null).toBe(byString === null);
    if (!byString || !byBytes) return;
    expect(byBytes.rows).toBe(byString.rows);
    expect([...byBytes.lines]).toEqual([...byString.lines]);
    expect(byBytes.dataStart).toBe(utf8(text.slice(0, byString.dataStart)).length);
  }

  it('decides as csvShape on random texts of every UTF-8 width', () => {
    fc.assert(
      fc.property(csvText, fc.constantFrom(',', ';'), fc.integer({ min: 1, max: 4 }), agree),
      { numRuns: 5000 },
    );
  });

  it('decides as csvShape on random texts with no quote or CR, at every byte alignment', () => {
    // Such texts take the word-at-a-time path; long runs and non-ASCII bytes cross word bounds.
    const piece = fc.oneof(
      fc.constantFrom(',', ';', '\n', 'a', 'я', '€', '😀', '\t', '\u0000'),
      fc.constantFrom('abcdefghij', 'ёжик в тумане', ',,,,', '\n\n'),
    );
    const text = fc.array(piece, { maxLength: 120 }).map((ps) => ps.join(''));
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(',', ';'),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 7 }),
        (t, delimiter, width, pad) => {
          agree(t, delimiter, width);
          // The same bytes at another offset of their buffer, and after a skipped prefix.
          const bytes = utf8(t);
          const shifted = new Uint8Array(bytes.length + pad + 2).subarray(pad);
          shifted.set(utf8('x\n'), 0);
          shifted.set(bytes, 2);
          const at = csvShapeBytes(shifted, 2, delimiter.charCodeAt(0), 34, width);
          const plain = csvShapeBytes(bytes, 0, delimiter.charCodeAt(0), 34, width);
          expect(at && { ...at, dataStart: at.dataStart - 2 }).toEqual(plain);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds the rows of a long plain file, one with a wrong width, a quote or a CR late', () => {
    const row = 'D0001,Сделка — клиент,2024-01-01 10:00:00,1500\n';
    const text = 'id,title,created_at,amount\n' + row.repeat(5000);
    agree(text, ',', 4);
    expect(csvShapeBytes(utf8(text), 0, 44, 34, 4)?.rows).toBe(5000);
    for (const late of ['a,b,c\n', 'x,"q",y,z\n', 'x,y,z,w\r\n', 'x,y,z,"a\nb"\n', '\n\n'])
      agree(text + late + row.repeat(3), ',', 4);
  });

  it('decides as csvShape on the fixtures, and finds their plain ones plain', async () => {
    let plain = 0;
    for (const [name, b] of FIXTURES) {
      const raw = await readFile(name, b);
      if (!raw.csv || !raw.csv.bytes) continue;
      const d = raw.csv.delimiter;
      if (d.charCodeAt(0) >= 0x80) continue;
      const data = csvData(raw.csv, raw.headers.length);
      const shape = csvShape(raw.csv.text, d, raw.csv.quote, raw.headers.length);
      expect(data?.shape.rows ?? null, name).toBe(shape?.rows ?? null);
      expect([...(data?.shape.lines ?? [])]).toEqual([...(shape?.lines ?? [])]);
      if (shape) expect(data!.data).toEqual(utf8(raw.csv.text.slice(shape.dataStart)));
      if (shape) plain++;
    }
    expect(plain).toBeGreaterThanOrEqual(15);
  });
});

describe('what a big file costs before the import', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the mapping screen’s sample and DuckDB’s bytes decode only the head', async () => {
    const lines = ['ID;Имя;Сумма'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i};Сделка ${i};${i},50`);
    const bytes = utf8(lines.join('\n') + '\n');
    let decoded = 0;
    const Real = TextDecoder;
    vi.stubGlobal(
      'TextDecoder',
      class extends Real {
        override decode(input?: AllowSharedBufferSource, o?: TextDecodeOptions): string {
          decoded += input ? input.byteLength : 0;
          return super.decode(input, o);
        }
      },
    );
    // A head past the sniffer's 64 Ki characters, a third of the file.
    const head = 200_000;
    const raw = await readFile('big.csv', bytes, { headBytes: head });
    let n = 0;
    for (const _ of raw.rows()) if (++n === 50) break;
    // The head is decoded as far as the sniffer's 64 Ki characters and these rows need.
    expect(decoded).toBeLessThanOrEqual(head / 2);
    expect(raw.lineCount?.()).toBe(20_001);
    const data = csvData(raw.csv!, raw.headers.length);
    expect(data?.shape.rows).toBe(20_000);
    expect(decoded).toBeLessThanOrEqual(head);
    // The JS reader still gets every row, from the whole text decoded then.
    expect([...raw.rows()].length).toBe(20_000);
    expect(decoded).toBeGreaterThan(bytes.length);
  });
});

describe('csvData', () => {
  it('keeps the shape with the table, not the bytes it hands out', async () => {
    // Windows-1251: DuckDB gets the text re-encoded, a buffer the worker then transfers away.
    const raw = await readFile('cp.csv', encodeCp1251('a;b\nСделка;1\nЭтап;2\n'));
    expect(raw.csv?.bytes).toBeUndefined();
    prepareShapes([raw]);
    const one = csvData(raw.csv!, 2)!;
    structuredClone(one.data, { transfer: [one.data.buffer as ArrayBuffer] });
    expect(one.data.byteLength).toBe(0);
    const two = csvData(raw.csv!, 2)!;
    expect(two.shape).toBe(one.shape);
    expect(new TextDecoder().decode(two.data)).toBe('Сделка;1\nЭтап;2\n');
    // Another width is another question.
    expect(csvData(raw.csv!, 3)).toBeNull();
  });
});
