/**
 * The shape pass's field shapes (read/csv/field-shapes.ts) against the fast paths' own patterns:
 * a field has a shape exactly when the pattern of that shape matches it (plain numbers by
 * `plainNumber`'s pattern, each date shape by a pattern written here from its format), on edge
 * texts and random ones; and the shapes the scan gives a column are those all its fields have,
 * on the plain and the quoted scan alike.
 */
import { describe, expect, it } from 'vitest';
import { csvShapeBytes } from '../../../src/ingest/read/csv/csv-shape.ts';
import {
  ALL_SHAPES,
  fieldShapes,
  NUM_COMMA,
  NUM_DOT,
  shapeBit,
} from '../../../src/ingest/read/csv/field-shapes.ts';
import { rng } from '../corpus/import-compare.ts';
import { roundsText } from '../../../src/ingest/parse/precision.ts';

const D = '[0-9]';
const Y = `[1-9]${D}{3}`;
/** Each shape's format and its pattern, written out by hand. */
const DATE_SHAPES: [string, RegExp][] = [
  ['%Y-%m-%d %H:%M:%S', new RegExp(`^${Y}-${D}{2}-${D}{2} ${D}{2}:${D}{2}:${D}{2}$`)],
  ['%Y-%m-%d', new RegExp(`^${Y}-${D}{2}-${D}{2}$`)],
  ['%Y-%m-%d %H:%M', new RegExp(`^${Y}-${D}{2}-${D}{2} ${D}{2}:${D}{2}$`)],
  ['%Y-%m-%dT%H:%M:%S', new RegExp(`^${Y}-${D}{2}-${D}{2}T${D}{2}:${D}{2}:${D}{2}$`)],
  ['%Y-%m-%dT%H:%M', new RegExp(`^${Y}-${D}{2}-${D}{2}T${D}{2}:${D}{2}$`)],
  ['%d.%m.%Y', new RegExp(`^${D}{2}\\.${D}{2}\\.${Y}$`)],
  ['%m.%d.%Y %H:%M', new RegExp(`^${D}{2}\\.${D}{2}\\.${Y} ${D}{2}:${D}{2}$`)],
  ['%d.%m.%Y %H:%M:%S', new RegExp(`^${D}{2}\\.${D}{2}\\.${Y} ${D}{2}:${D}{2}:${D}{2}$`)],
  ['%m/%d/%Y', new RegExp(`^${D}{2}/${D}{2}/${Y}$`)],
  ['%d/%m/%Y %H:%M', new RegExp(`^${D}{2}/${D}{2}/${Y} ${D}{2}:${D}{2}$`)],
  ['%d/%m/%Y %H:%M:%S', new RegExp(`^${D}{2}/${D}{2}/${Y} ${D}{2}:${D}{2}:${D}{2}$`)],
];
const NUMBERS: [number, RegExp, ',' | '.'][] = [
  [NUM_DOT, /^[0-9]{1,15}(?:[.][0-9]{1,15})?$/, '.'],
  [NUM_COMMA, /^[0-9]{1,15}(?:[,][0-9]{1,15})?$/, ','],
];

const utf8 = (s: string) => new TextEncoder().encode(s);
const shapesOf = (t: string) => {
  const b = utf8(t);
  return b.length ? fieldShapes(b, 0, b.length, ALL_SHAPES) : ALL_SHAPES;
};
/** The shapes by the patterns above. */
const expected = (t: string) =>
  [
    // A plain number a DOUBLE rounds is no clean shape: the rules type its column and count it.
    ...NUMBERS.map(([bit, re, mark]): [number, (t: string) => boolean] => [
      bit,
      (t) => re.test(t) && !roundsText(t, mark),
    ]),
    ...DATE_SHAPES.map(([f, re]): [number, (t: string) => boolean] => [
      shapeBit(f),
      (t) => re.test(t),
    ]),
  ].reduce((bits, [bit, test]) => (test(t) ? bits | bit : bits), 0);

const EDGES = [
  '123456789012345.6',
  '123456789012345.000',
  '000000000000001.5',
  '9007199254740992',
  '0',
  '007',
  '5',
  '5.',
  '.5',
  '5.5',
  '5,5',
  '5.5.5',
  '+5',
  '-5',
  '-0',
  '1e3',
  ' 5',
  '5 ',
  '123456789012345',
  '1234567890123456',
  '1.123456789012345',
  '1.1234567890123456',
  '2024-01-05 10:00:00',
  '0999-01-05 10:00:00',
  '2024-01-05 10:00:00Z',
  '2024-01-05 1:00:00',
  '2024-1-05 10:00:00',
  '2024-01-05',
  '2024-01-05T10:00',
  '2024-02-30 24:61:99',
  '05.01.2024',
  '05.01.2024 10:00',
  '05.01.2024 10:00:00',
  '05.01.0024',
  '5.01.2024',
  '05/01/2024',
  '05/01/2024 10:00:00',
  '05-01-2024',
  '٠٥.٠١.٢٠٢٤',
  'n/a',
  'abc',
];

describe('field shapes', () => {
  it.each(EDGES)('%j', (t) => {
    expect(shapesOf(t)).toBe(expected(t));
  });

  it('random texts of digits and date marks', () => {
    const r = rng(11);
    const alphabet = '0123456789012345678901234567890.,-:/ T+e';
    for (let k = 0; k < 5000; k++) {
      const len = 1 + Math.floor(r() * 22);
      let t = '';
      // Half of them from a date shape with some characters changed: near misses.
      if (r() < 0.5) {
        t = DATE_SHAPES[Math.floor(r() * DATE_SHAPES.length)]![0].replace(/%Y/, '2024').replace(
          /%[dmHMS]/g,
          () => String(Math.floor(r() * 100)).padStart(2, '0'),
        );
        if (r() < 0.5) {
          const at = Math.floor(r() * t.length);
          t = t.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + t.slice(at + 1);
        }
      } else for (let i = 0; i < len; i++) t += alphabet[Math.floor(r() * alphabet.length)];
      expect(shapesOf(t), t).toBe(expected(t));
    }
  });

  it.each([
    ['plain', ''],
    ['quoted', '"'],
  ])('a column has the shapes all its fields have (%s scan)', (_, quote) => {
    const r = rng(5);
    for (let k = 0; k < 200; k++) {
      const cols = [0, 1, 2].map(() =>
        Array.from({ length: 1 + Math.floor(r() * 6) }, () =>
          r() < 0.2 ? '' : EDGES[Math.floor(r() * EDGES.length)]!,
        ),
      );
      const rows = Math.max(...cols.map((c) => c.length));
      const lines = ['a,b,c'];
      for (let i = 0; i < rows; i++)
        lines.push(
          cols
            .map((c, j) => {
              const v = c[i % c.length]!;
              return v.includes(',') ? `"${v}"` : j === 1 ? `${quote}${v}${quote}` : v;
            })
            .join(','),
        );
      const b = utf8(lines.join('\n') + '\n');
      const shape = csvShapeBytes(b, 0, 44, 34, 3)!;
      const want = cols.map((c, j) =>
        Array.from({ length: rows }, (_, i) => c[i % c.length]!).reduce((bits, v) => {
          const quoted = v.includes(',') || (j === 1 && quote !== '');
          return v === '' ? bits : quoted ? 0 : bits & shapesOf(v);
        }, ALL_SHAPES),
      );
      expect(Array.from(shape.fieldShapes!), lines.join('\n')).toEqual(want);
    }
  });
});
