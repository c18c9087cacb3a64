/**
 * The shape of a delimited file kept with its table: found once (by the ingest worker while the
 * mapping screen shows, or ahead of it on the file's bytes), then handed to the import with the
 * bytes DuckDB reads. The scanners themselves are in `csv-shape.ts`.
 */
import type { RawTable } from '../../types.ts';
import { countLf } from '../encoding/utf8-check.ts';
import { csvShape, csvShapeBytes, type CsvShape } from './csv-shape.ts';

const LF = 10;

/** A plain CSV's shape and the bytes of its data records, for DuckDB to read. */
export interface CsvData {
  shape: CsvShape;
  data: Uint8Array;
}

/** Shapes already found, by the reader's `csv` object and the header's width. */
const shapes = new WeakMap<object, Map<number, CsvShape | null>>();

/**
 * What DuckDB reads of a delimited text file, when `csvShape` calls it plain (null otherwise):
 * the file's own bytes after the header when they are UTF-8 (found on the bytes, so the text is
 * never decoded whole for it), else the text re-encoded. The shape is kept with the table: the
 * ingest worker finds it while the mapping screen shows (`prepareShapes`), before "Import".
 */
export function csvData(src: NonNullable<RawTable['csv']>, width: number): CsvData | null {
  const shape = shapeOf(src, width);
  if (!shape) return null;
  const data = bytesPath(src)
    ? src.bytes!.subarray(shape.dataStart)
    : new TextEncoder().encode(src.text.slice(shape.dataStart));
  return { shape, data };
}

/** The shape of `src` for `width` columns, found once. */
function shapeOf(src: NonNullable<RawTable['csv']>, width: number): CsvShape | null {
  const known = shapes.get(src);
  let shape = known?.get(width);
  if (shape === undefined) {
    shape = findShape(src, width);
    shapes.set(src, (known ?? new Map<number, CsvShape | null>()).set(width, shape));
  }
  return shape;
}

/**
 * The lines of the text of `src` (`countLines`), whose UTF-8 `bytes` were checked without a count
 * of their LFs (`native-bytes.ts`): the shape pass `csvData` needs counts them, so a file whose
 * shape is known has its count for free; else its LFs are counted here (≈ a sixth of that pass),
 * and the pass is left to the load, which makes it while DuckDB reads the file on a guess
 * (`guessData`): the row estimate no longer keeps the engine idle for the whole pass.
 * `start`: where the text starts (after a BOM).
 */
export function shapeLines(
  src: NonNullable<RawTable['csv']>,
  width: number,
  bytes: Uint8Array,
  start: number,
): number {
  const shape = src.bytes === bytes && bytesPath(src) ? knownShape(src, width) : null;
  const lf =
    shape?.lf === undefined
      ? countLf(bytes, start)
      : countLf(bytes.subarray(0, textStart(src, bytes)), start) + shape.lf;
  return lf + (bytes[bytes.length - 1] === LF ? 0 : 1);
}

/** The shape `csvData` has found for `src` and `width` already; undefined when not yet found. */
export function knownShape(
  src: NonNullable<RawTable['csv']>,
  width: number,
): CsvShape | null | undefined {
  return shapes.get(src)?.get(width);
}

/** How much of a file's start `guessData` scans: about the 20,000-row sample of an export. */
export const GUESS_BYTES = 4 << 20;

/**
 * `csvData` as the file's first `GUESS_BYTES` (cut after a LF) say it: the same bytes for DuckDB
 * when the whole file's pass agrees, with the start's clean columns and field shapes. A guess:
 * the load may start DuckDB's read on it while that pass runs, and keeps the read only when the
 * pass asks for the very same statement (parse/sql-load.ts). Null for a file no longer than
 * that (the pass is short), one not read from its bytes, or a start the pass would refuse.
 */
export function guessData(src: NonNullable<RawTable['csv']>, width: number): CsvData | null {
  if (!bytesPath(src)) return null;
  const b = src.bytes!;
  const start = textStart(src, b);
  if (b.length - start <= GUESS_BYTES) return null;
  const cut = b.lastIndexOf(LF, start + GUESS_BYTES - 1) + 1;
  if (cut <= start) return null;
  const { delimiter, quote } = src;
  const shape = csvShapeBytes(
    b.subarray(0, cut),
    start,
    delimiter.charCodeAt(0),
    quote.charCodeAt(0),
    width,
  );
  return shape && { shape, data: b.subarray(shape.dataStart) };
}

/** Finds the shapes `csvData` will need for these tables, so the import does not wait for them. */
export function prepareShapes(tables: RawTable[]): void {
  for (const t of tables) if (t.csv) csvData(t.csv, t.headers.length);
}

/** Whether the shape is found on the file's own bytes (UTF-8, ASCII delimiter and quote). */
function bytesPath(src: NonNullable<RawTable['csv']>): boolean {
  const { bytes, delimiter, quote } = src;
  return (
    bytes !== undefined &&
    delimiter.length === 1 &&
    quote.length === 1 &&
    delimiter.charCodeAt(0) < 0x80 &&
    quote.charCodeAt(0) < 0x80
  );
}

function findShape(src: NonNullable<RawTable['csv']>, width: number): CsvShape | null {
  const { bytes, delimiter, quote } = src;
  if (!bytesPath(src)) return csvShape(src.text, delimiter, quote, width);
  const b = bytes!;
  return csvShapeBytes(b, textStart(src, b), delimiter.charCodeAt(0), quote.charCodeAt(0), width);
}

/** Where the data's text starts in `b`: after a BOM and the `sep=` preamble (`lineOffset` lines). */
function textStart(src: NonNullable<RawTable['csv']>, b: Uint8Array): number {
  let at = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (let k = 0; k < src.lineOffset; k++) at = b.indexOf(LF, at) + 1;
  return at;
}
