/**
 * The shape pass's per-column facts (`CsvShape.textChecks`): a column is 0 only when no data
 * field of the whole file has a JS space at either end or is a "no value" marker — the fields
 * the text rule (`textValue`) would change. Checked against JS's own `trim` and `NULL_TOKENS` on
 * the fields a file was written from, for the byte scanners (word-at-a-time and general, at every
 * alignment) and the text scanner alike, and on the cases by name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NULL_TOKENS } from '../../../src/ingest/parse/values.ts';
import { csvData } from '../../../src/ingest/read/csv/csv-data.ts';
import { csvShape, csvShapeBytes } from '../../../src/ingest/read/csv/csv-shape.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { encodeCp1251 } from '../corpus/cp1251.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** What the text rule changes: a value with spaces at its ends, or a marker (an empty field is NULL already). */
const needs = (v: string) => v !== '' && (v.trim() !== v || NULL_TOKENS.has(v));

/** A field as a CSV writer would: quoted when it must be, or when asked. */
const cell = (v: string, d: string, quoted: boolean) =>
  quoted || /["\r\n]/.test(v) || v.includes(d) ? `"${v.replaceAll('"', '""')}"` : v;

function write(rows: string[][], d: string, quoted: (r: number, c: number) => boolean, eol = '\n') {
  return rows.map((r, i) => r.map((v, k) => cell(v, d, quoted(i, k))).join(d)).join(eol) + eol;
}

/** The facts every scanner finds for `text`, each null when it calls the file not plain. */
function facts(text: string, d: string, width: number) {
  const b = utf8(text);
  const byBytes = csvShapeBytes(b, 0, d.charCodeAt(0), 34, width);
  // The same bytes at another offset of their buffer (the word loop's alignment).
  const shifted = new Uint8Array(b.length + 3).subarray(3);
  shifted.set(b);
  const byShifted = csvShapeBytes(shifted, 0, d.charCodeAt(0), 34, width);
  const byText = csvShape(text, d, '"', width);
  return [byBytes, byShifted, byText].map((s) => (s ? [...s.textChecks] : null));
}

const expected = (rows: string[][], width: number) =>
  Array.from({ length: width }, (_, c) => (rows.slice(1).some((r) => needs(r[c]!)) ? 1 : 0));

describe('CsvShape.textChecks', () => {
  it.each([
    ['a space at the start', ' x'],
    ['a space at the end', 'x '],
    ['a tab', 'x\t'],
    ['a no-break space at the start', '\u00a0x'],
    ['a no-break space at the end', 'Сделка\u00a0'],
    ['an ideographic space', 'x\u3000'],
    ['an ideographic space alone', '\u3000'],
    ['a BOM-like U+FEFF at the start', '\ufeffx'],
    ['a BOM-like U+FEFF at the end', 'x\ufeff'],
    ['a thin space', '\u2009x'],
    ['a line separator', 'x\u2028'],
    ['the marker -', '-'],
    ['the marker —', '—'],
    ['the marker –', '–'],
    ['the marker (blank)', '(blank)'],
    ['the marker NULL', 'NULL'],
    ['the marker n/a', 'n/a'],
    ['the marker #N/A', '#N/A'],
  ])('flags %s, quoted or not, in any row, the header aside', (_, v) => {
    for (const quoted of [false, true]) {
      const rows = [
        ['id', 'name', 'x'],
        ['1', 'Сделка', 'a'],
        ['2', v, 'b'],
        ['3', 'Этап', 'c'],
      ];
      const text = write(rows, ';', (_r, c) => quoted && c === 1);
      expect(facts(text, ';', 3)).toEqual([
        [0, 1, 0],
        [0, 1, 0],
        [0, 1, 0],
      ]);
    }
  });

  it.each([
    ['Cyrillic ends (bytes a space ends in too)', ['Менеджер', 'тест', 'р', 'с', 'Ѐ', 'ё']],
    [
      'marker-looking longer values',
      ['--', 'nulls', 'NULLs', '(blank', 'n/a/b', '——', '-1', 'None!'],
    ],
    ['other characters of the spaces’ lead bytes', ['«x»', '€', '“q”', 'x…', '°', '\u2010x\u2011']],
    ['empty fields, quoted or not', ['', 'x']],
    ['doubled quotes', ['a"b', '"', '"-"', '" "x']],
  ])('does not flag %s, quoted or not, nor the header', (_, values) => {
    for (const quoted of [false, true]) {
      const rows = [['-', ' h '], ...values.map((v) => [v, 'x'])];
      const text = write(rows, ',', (r, c) => quoted && r > 0 && c === 0);
      expect(facts(text, ',', 2)).toEqual([
        [0, 0],
        [0, 0],
        [0, 0],
      ]);
    }
  });

  it('flags a field past any sample, and in a last row with no line end', () => {
    const rows = [['a', 'b']];
    for (let i = 0; i < 30_000; i++) rows.push([`Сделка ${i}`, `${i}`]);
    const text = write(rows, ';', () => false);
    expect(facts(text, ';', 2)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(facts(text + 'x;y ', ';', 2)).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(facts(text + 'null;y', ';', 2)).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(facts(text.replace('Сделка 29999;', 'Сделка 29999 ;'), ';', 2)).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  it('equals JS’s trim and NULL_TOKENS on random files, each scanner, each alignment', () => {
    const values = [
      ...['', 'a', 'я', 'р', 'тест', 'New', 'nulls', '--', '12,5', '😀', 'é', '€', 'x"y'],
      ...[...NULL_TOKENS],
      ...[' ', ' x', 'x ', '\u00a0', 'x\u00a0', '\u3000x', '\ufeff', 'x\t', '\u2028', 'a\nb'],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        fc.infiniteStream(fc.constantFrom(...values)),
        fc.infiniteStream(fc.boolean()),
        (width, n, d, eol, vs, qs) => {
          const rows = [Array.from({ length: width }, (_, c) => `h${c}`)];
          for (let r = 0; r < n; r++)
            rows.push(Array.from({ length: width }, () => vs.next().value));
          const q = [...Array(n + 1)].map(() => [...Array(width)].map(() => qs.next().value));
          const text = write(rows, d, (r, c) => q[r]![c]!, eol);
          const want = expected(rows, width);
          for (const got of facts(text, d, width)) if (got) expect(got).toEqual(want);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is kept with the shape a non-UTF-8 file is read by (the text scanner)', async () => {
    const raw = await readFile('cp.csv', encodeCp1251('a;b\nСделка;1\nЭтап ;2\n'));
    expect(raw.csv?.bytes).toBeUndefined();
    expect([...csvData(raw.csv!, 2)!.shape.textChecks]).toEqual([1, 0]);
  });
});
