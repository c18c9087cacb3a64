/**
 * Which clean shapes every field of a column has, found by the shape pass (`csv-shape.ts`) on
 * the bytes it already walks: a plain number (`PLAIN_INT`, or `PLAIN_DEC` with one mark) or one
 * of the fixed-length date shapes the typing fast paths read with `strptime`. A column all of
 * whose fields have one shape can be typed by DuckDB's own reader (`parse/sql-reader.ts`): on
 * such texts its cast gives exactly what the fast path gives, and on any other text the two
 * could differ ("+5", "1e3", " 5", a one-digit hour), so one field off the shape keeps the
 * column with the workbench's rules. So does a number a DOUBLE cannot hold as written.
 */
import { EXACT_DIGITS, roundsText } from '../../parse/precision.ts';

/**
 * A plain number with no mark or the mark '.', `^[0-9]{1,15}(?:[.][0-9]{1,15})?$`, that a DOUBLE
 * holds as written (`parse/precision.ts`).
 */
export const NUM_DOT = 1;
/** The same with the mark ','. */
export const NUM_COMMA = 2;

/**
 * The date shapes, as `strptime` formats: a field has the shape when it has the format's length,
 * its literal characters in place and an ASCII digit for each field digit, the year's first from
 * 1 to 9 (`shapeGlob` in parse/sql-dates.ts). Day-first and month-first formats have the same
 * shape; which one a column reads is the column's order.
 */
const SHAPE_FORMATS = [
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%d',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%dT%H:%M',
  '%d.%m.%Y',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y %H:%M:%S',
  '%d/%m/%Y',
  '%d/%m/%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
];

/** A format's bytes as a template: 0 for any ASCII digit, 1 for 1–9, else the literal byte. */
const template = (format: string): Uint8Array =>
  Uint8Array.from(
    format.replace('%Y', '\u0001\u0000\u0000\u0000').replace(/%[dmHMS]/g, '\u0000\u0000'),
    (ch) => ch.charCodeAt(0),
  );

const TEMPLATES = SHAPE_FORMATS.map(template);

/** The bit of a date format's shape, or 0 when it is none of the shapes above. */
export function shapeBit(format: string): number {
  const t = template(format);
  const i = TEMPLATES.findIndex((x) => x.length === t.length && x.every((v, k) => v === t[k]));
  return i < 0 ? 0 : 1 << (i + 2);
}

/** Every bit: what a column has before its first field. */
export const ALL_SHAPES = (1 << (TEMPLATES.length + 2)) - 1;

const LONGEST = Math.max(31, ...TEMPLATES.map((t) => t.length));
const isDigit = (c: number) => c >= 48 && c <= 57;

/** The shapes of the field `b[s, e)` (non-empty, unquoted) among `want` (bits still open). */
export function fieldShapes(b: Uint8Array, s: number, e: number, want: number): number {
  const len = e - s;
  if (len > LONGEST || !isDigit(b[s]!)) return 0;
  let out = 0;
  if (want & (NUM_DOT | NUM_COMMA)) out |= numberShape(b, s, e);
  if (want > (NUM_DOT | NUM_COMMA))
    for (let i = 0; i < TEMPLATES.length; i++) {
      const t = TEMPLATES[i]!;
      if (t.length !== len || (want & (1 << (i + 2))) === 0) continue;
      let k = 0;
      for (; k < len; k++) {
        const c = b[s + k]!;
        const x = t[k]!;
        if (x === 0 ? !isDigit(c) : x === 1 ? c < 49 || c > 57 : c !== x) break;
      }
      if (k === len) out |= 1 << (i + 2);
    }
  return out & want;
}

/** `NUM_DOT`/`NUM_COMMA` for one to fifteen digits, with a mark and one to fifteen more or not. */
function numberShape(b: Uint8Array, s: number, e: number): number {
  let k = s;
  while (k < e && isDigit(b[k]!)) k++;
  const head = k - s;
  if (head > 15) return 0;
  if (k === e) return rounds(b, s, e, '.') ? 0 : NUM_DOT | NUM_COMMA;
  const mark = b[k]!;
  const tail = e - k - 1;
  if ((mark !== 46 && mark !== 44) || tail < 1 || tail > 15) return 0;
  for (k++; k < e; k++) if (!isDigit(b[k]!)) return 0;
  if (rounds(b, s, e, mark === 46 ? '.' : ',')) return 0;
  return mark === 46 ? NUM_DOT : NUM_COMMA;
}

/**
 * Whether the plain number `b[s, e)` loads rounded (`parse/precision.ts`): the reader's DOUBLE
 * would round it with no word, so such a field is no clean shape and its column is typed by the
 * rules, which count it. Only a field longer than 15 bytes is decoded.
 */
function rounds(b: Uint8Array, s: number, e: number, decimal: ',' | '.'): boolean {
  return e - s > EXACT_DIGITS && roundsText(String.fromCharCode(...b.subarray(s, e)), decimal);
}
