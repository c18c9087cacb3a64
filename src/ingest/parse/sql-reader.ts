/**
 * The columns DuckDB's CSV reader types itself (`columns = {…: 'TIMESTAMP'}`, its formats and
 * decimal mark) instead of the typing SQL: it reads them from the file's bytes at no cost beyond
 * the read, where the SQL reads text and tests and casts each value (≈ 0.2–0.4 s per file of the
 * benchmark's exports; docs/benchmarks.md, fifteenth round, h/typed).
 *
 * A column takes it only when its value is sure to be the same: its fast path says which reader
 * type gives its value on the texts it takes (`FastPath.reader`), and the shape pass found every
 * non-empty field of the column in exactly that shape (`CsvShape.fieldShapes`). A value of the
 * shape the fast path reads as NULL (Feb 30, hour 24) makes DuckDB's read fail; the load then
 * reads the file again as text, whole (`loadCsvSql`).
 */
import { quoteString as s } from '../../query/sql/escape.ts';
import { NUM_COMMA, NUM_DOT, shapeBit } from '../read/csv/field-shapes.ts';
import type { CsvShape } from '../read/csv/csv-shape.ts';
import type { LoadColumn } from './convert.ts';
import { sqlConversion, type ReaderType } from './sql-rules.ts';

/** What the reader types: a DuckDB type by header position, and the `read_csv` options it needs. */
export interface ReaderTyping {
  types: Map<number, string>;
  options: string[];
}

/** The bit of `CsvShape.fieldShapes` a column must have for this reader type. */
function bitOf(r: ReaderType): number {
  return r.type === 'DOUBLE' ? (r.decimal === '.' ? NUM_DOT : NUM_COMMA) : shapeBit(r.format);
}

/**
 * The columns of a file the reader can type (see above); none when the shape pass gave no field
 * shapes (a file DuckDB reads from re-encoded text). One `timestampformat`, `dateformat` and
 * decimal mark per read: a column wanting another keeps the typing SQL. A header position read
 * by several columns is typed only when all of them want the same.
 */
export function readerTyping(
  columns: LoadColumn[],
  ru: boolean,
  samples: ReadonlyMap<number, readonly string[]>,
  shape: CsvShape,
  delimiter: string,
): ReaderTyping {
  const found = shape.fieldShapes;
  const wants = new Map<number, ReaderType | null>();
  for (const c of columns) {
    const r =
      c.type === 'number' || c.type === 'date'
        ? sqlConversion('x', c.type, c.format, ru, '_', samples.get(c.index)).fast?.reader
        : undefined;
    const prev = wants.get(c.index);
    const ok = r && (prev === undefined || (prev !== null && same(prev, r)));
    wants.set(c.index, ok ? r : null);
  }
  const types = new Map<number, string>();
  const formats: { TIMESTAMP?: string; DATE?: string; DOUBLE?: string } = {};
  for (const [i, r] of wants) {
    if (!r || !found || (found[i]! & bitOf(r)) === 0) continue;
    const f = r.type === 'DOUBLE' ? r.decimal : r.format;
    // DuckDB refuses a decimal mark that is the delimiter.
    if (r.type === 'DOUBLE' && f === delimiter) continue;
    if ((formats[r.type] ??= f) !== f) continue;
    types.set(i, r.type);
  }
  const options = [
    ...(formats.TIMESTAMP ? [`timestampformat = ${s(formats.TIMESTAMP)}`] : []),
    ...(formats.DATE ? [`dateformat = ${s(formats.DATE)}`] : []),
    ...(formats.DOUBLE ? [`decimal_separator = ${s(formats.DOUBLE)}`] : []),
  ];
  return { types, options };
}

function same(a: ReaderType, b: ReaderType): boolean {
  return a.type === 'DOUBLE' || b.type === 'DOUBLE'
    ? a.type === b.type && (a as { decimal: string }).decimal === (b as { decimal: string }).decimal
    : a.type === b.type && a.format === b.format;
}
