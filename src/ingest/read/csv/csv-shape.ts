/**
 * Whether DuckDB's own CSV reader would give exactly the records `parseCsv` gives, and where
 * each record starts. One pass over the characters, no strings made: the import lets DuckDB
 * read a file only when this says yes, and falls back to the JS reader otherwise (see
 * `parse/sql-load.ts`).
 *
 * "Yes" means a plain RFC 4180 file: every data record has exactly the header's width, quotes
 * open only at the start of a field and close before a delimiter or a line end, no lone CR. The
 * reader's leniencies (trailing delimiters, text after a closing quote, unclosed quotes resumed
 * on the next line, rows of another width reported and skipped) are where DuckDB differs, so a
 * file with any of them is left to the JS reader.
 */

import { atEdge, atEdgeText, needsCheck, needsCheckText } from './field-facts.ts';
import { ALL_SHAPES, fieldShapes } from './field-shapes.ts';

export interface CsvShape {
  /** Where the first data record starts (after the header record), in UTF-16 units (bytes for `csvShapeBytes`). */
  dataStart: number;
  /** 1-based line of each data record, in the numbering of `parseCsv` over the same text. */
  lines: Int32Array;
  rows: number;
  /**
   * Per column (header position): 1 when some data field of it may need the text rule's check
   * (`needsCheck`: a JS space at either end, or a "no value" marker), 0 when none can. The typing
   * SQL takes a 0 column's raw text as its value (parse/sql-typing.ts).
   */
  textChecks: Uint8Array;
  /**
   * LF bytes from the scan's first byte on (`csvShapeBytes` only): the whole file's line count
   * then needs no pass of its own (`shapeLines` in csv-data.ts).
   */
  lf?: number;
  /**
   * Per column (bytes scans only): the clean shapes (`field-shapes.ts`) every non-empty data
   * field of it has, 0 when a field has none or is quoted. DuckDB's typed reader may read a
   * column whose shape this names (parse/sql-reader.ts).
   */
  fieldShapes?: Uint16Array;
}

const LF = 10;
const CR = 13;

/** Null when the text is not plain (see above). `width` is the header's field count. */
export function csvShape(
  text: string,
  delimiter: string,
  quote: string,
  width: number,
): CsvShape | null {
  const d = delimiter.charCodeAt(0);
  const qc = quote.charCodeAt(0);
  const n = text.length;
  const checks = new Uint8Array(width);
  let lines = new Int32Array(1024);
  let rows = 0;
  let pos = 0;
  let line = 1;
  let dataStart = -1;
  while (pos < n) {
    const start = line;
    // A blank line is no record for `parseCsv`; a one-column table would read it as a NULL row.
    const c0 = text.charCodeAt(pos);
    if (c0 === LF || c0 === CR) {
      if (width === 1 && dataStart >= 0) return null;
      if (c0 === CR) {
        if (text.charCodeAt(pos + 1) !== LF) return null;
        pos++;
      }
      pos++;
      line++;
      continue;
    }
    let fields = 0;
    for (;;) {
      if (text.charCodeAt(pos) === qc) {
        let p = pos + 1;
        let doubled = false;
        for (;;) {
          const close = text.indexOf(quote, p);
          if (close < 0) return null;
          if (text.charCodeAt(close + 1) === qc) {
            p = close + 2;
            doubled = true;
          } else {
            p = close + 1;
            break;
          }
        }
        for (let i = text.indexOf('\n', pos); i >= 0 && i < p; i = text.indexOf('\n', i + 1))
          line++;
        // The text DuckDB gives: between the quotes, a doubled quote as one.
        if (p - 1 > pos + 1 && (doubled || atEdgeText(text, pos + 1, p - 1))) {
          const inner = doubled
            ? text.slice(pos + 1, p - 1).replaceAll(quote + quote, quote)
            : undefined;
          if (needsCheckText(text, pos + 1, p - 1, inner)) checks[fields] = 1;
        }
        pos = p;
        const c = text.charCodeAt(pos);
        if (pos < n && c !== d && c !== LF && c !== CR) return null;
      } else {
        const s = pos;
        for (; pos < n; pos++) {
          const c = text.charCodeAt(pos);
          if (c === d || c === LF || c === CR) break;
          if (c === qc) return null;
        }
        if (pos > s && atEdgeText(text, s, pos) && needsCheckText(text, s, pos)) checks[fields] = 1;
      }
      fields++;
      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === d) {
        pos++;
        continue;
      }
      if (c === CR) {
        if (text.charCodeAt(pos + 1) !== LF) return null;
        pos++;
      }
      pos++;
      break;
    }
    line++;
    if (dataStart < 0) {
      // The header record; `readCsvText` took its width from it. Its fields are no values.
      dataStart = pos;
      checks.fill(0);
      continue;
    }
    // A record of one empty field is a blank line to `parseCsv`: not reached here (handled above).
    if (fields !== width) return null;
    lines = pushLine(lines, rows++, start);
  }
  if (dataStart < 0) return null;
  return { dataStart, lines: lines.subarray(0, rows), rows, textChecks: checks };
}

/**
 * `csvShape` over UTF-8 bytes from `from` on, for an ASCII delimiter and quote: every byte it
 * looks at (delimiter, quote, CR, LF) is one character of the text, and no byte of a multi-byte
 * character is one of them, so it decides exactly as `csvShape` over the decoded text, with
 * `dataStart` a byte index instead (tested on every fixture and random texts).
 */
export function csvShapeBytes(
  b: Uint8Array,
  from: number,
  delimiter: number,
  quote: number,
  width: number,
): CsvShape | null {
  const n = b.length;
  if (delimiter !== LF && delimiter !== CR && delimiter !== quote) {
    const plain = plainShapeBytes(b, from, delimiter, quote, width);
    if (plain !== undefined) return plain;
  }
  const stop = new Uint8Array(256);
  stop[delimiter] = stop[LF] = stop[CR] = stop[quote] = 1;
  const checks = new Uint8Array(width);
  const shapes = new Uint16Array(width);
  let lines = new Int32Array(1024);
  let rows = 0;
  let pos = from;
  let line = 1;
  let dataStart = -1;
  while (pos < n) {
    const start = line;
    const c0 = b[pos];
    if (c0 === LF || c0 === CR) {
      if (width === 1 && dataStart >= 0) return null;
      if (c0 === CR) {
        if (b[pos + 1] !== LF) return null;
        pos++;
      }
      pos++;
      line++;
      continue;
    }
    let fields = 0;
    for (;;) {
      if (b[pos] === quote) {
        let p = pos + 1;
        let doubled = -1;
        for (;;) {
          const close = b.indexOf(quote, p);
          if (close < 0) return null;
          if (b[close + 1] === quote) {
            p = close + 2;
            doubled = quote;
          } else {
            p = close + 1;
            break;
          }
        }
        for (let i = b.indexOf(LF, pos); i >= 0 && i < p; i = b.indexOf(LF, i + 1)) line++;
        // The field's text is what lies between its quotes (an empty one DuckDB gives as NULL);
        // with a doubled quote in it, its bytes are not its text: no look-up, the exact test.
        if (
          p - 1 > pos + 1 &&
          (doubled >= 0 || atEdge(b, pos + 1, p - 1)) &&
          needsCheck(b, pos + 1, p - 1, doubled)
        )
          checks[fields] = 1;
        if (p - 1 > pos + 1) shapes[fields] = 0;
        pos = p;
        const c = b[pos];
        if (pos < n && c !== delimiter && c !== LF && c !== CR) return null;
      } else {
        const s = pos;
        // One table look-up per byte instead of four comparisons: most bytes are none of them.
        while (pos < n && stop[b[pos]!] === 0) pos++;
        if (pos < n && b[pos] === quote) return null;
        if (pos > s && atEdge(b, s, pos) && needsCheck(b, s, pos)) checks[fields] = 1;
        if (pos > s && shapes[fields])
          shapes[fields] = shapes[fields]! & fieldShapes(b, s, pos, shapes[fields]!);
      }
      fields++;
      if (pos >= n) break;
      const c = b[pos];
      if (c === delimiter) {
        pos++;
        continue;
      }
      if (c === CR) {
        if (b[pos + 1] !== LF) return null;
        pos++;
      }
      pos++;
      break;
    }
    line++;
    if (dataStart < 0) {
      dataStart = pos;
      checks.fill(0);
      shapes.fill(ALL_SHAPES);
      continue;
    }
    if (fields !== width) return null;
    lines = pushLine(lines, rows++, start);
  }
  return byteShape(dataStart, lines, rows, checks, b, line, shapes);
}

/**
 * `csvShapeBytes` for bytes with no quote and no CR at all (most exports): records are lines and
 * fields are delimiters + 1, so four bytes at a time are skipped when none is a LF, quote or CR,
 * with their delimiters counted, instead of one look-up per byte. Undefined at the first quote or
 * CR: the caller scans again with the general loop, which decides those.
 */
function plainShapeBytes(
  b: Uint8Array,
  from: number,
  delimiter: number,
  quote: number,
  width: number,
): CsvShape | null | undefined {
  const n = b.length;
  const lead = b.byteOffset & 3;
  // Signed words: a word of non-ASCII bytes stays a small integer to V8, not a double.
  const words = new Int32Array(b.buffer, b.byteOffset - lead, (lead + n) >> 2);
  const d4 = Math.imul(delimiter, 0x01010101);
  const q4 = Math.imul(quote, 0x01010101);
  let lines = new Int32Array(1024);
  let rows = 0;
  let line = 1;
  let dataStart = -1;
  let lineStart = from;
  let delims = 0;
  let i = from;
  const checks = new Uint8Array(width);
  const shapes = new Uint16Array(width);
  // Where the current field starts: each delimiter and LF ends one, whose first and last bytes
  // are looked up in `EDGE` (inline, and not read by `record`: this runs once per field).
  let fieldStart = from;
  // A record of `fields` fields ends at `end` (its LF, or the end of the bytes): false when it
  // makes the file not plain.
  const record = (end: number, fields: number): boolean => {
    if (end === lineStart) {
      // A blank line: no record for `parseCsv`, a NULL row for a one-column DuckDB read.
      line++;
      return !(width === 1 && dataStart >= 0);
    }
    const start = line++;
    if (dataStart < 0) {
      dataStart = Math.min(end + 1, n);
      // The header's fields are no values.
      checks.fill(0);
      shapes.fill(ALL_SHAPES);
    } else if (fields !== width) return false;
    else lines = pushLine(lines, rows++, start);
    return true;
  };
  const wordsEnd = words.length;
  while (i < n) {
    if (((lead + i) & 3) === 0) {
      let k = (lead + i) >> 2;
      for (; k < wordsEnd; k++) {
        const w = words[k]!;
        // Any byte below 14 (LF, CR, and rarer ones the byte loop then passes) or a quote.
        if ((((w - 0x0e0e0e0e) | 0) & ~w & 0x80808080) !== 0 || zeroBytes(w ^ q4) !== 0) break;
        // Each delimiter ends a field, lowest byte first (the words are little-endian).
        for (let ds = zeroBytes(w ^ d4); ds !== 0; ds &= ds - 1) {
          const end = (k << 2) - lead + ((31 - Math.clz32(ds & -ds)) >> 3);
          if (end > fieldStart && atEdge(b, fieldStart, end) && needsCheck(b, fieldStart, end))
            checks[delims] = 1;
          if (end > fieldStart && shapes[delims])
            shapes[delims] = shapes[delims]! & fieldShapes(b, fieldStart, end, shapes[delims]!);
          fieldStart = end + 1;
          delims++;
        }
      }
      i = (k << 2) - lead;
      if (i >= n) break;
    }
    const c = b[i]!;
    if (c === delimiter || c === LF) {
      if (i > fieldStart && atEdge(b, fieldStart, i) && needsCheck(b, fieldStart, i))
        checks[delims] = 1;
      if (i > fieldStart && shapes[delims])
        shapes[delims] = shapes[delims]! & fieldShapes(b, fieldStart, i, shapes[delims]!);
      fieldStart = i + 1;
      if (c === delimiter) delims++;
      else {
        if (!record(i, delims + 1)) return null;
        lineStart = i + 1;
        delims = 0;
      }
    } else if (c === quote || c === CR) return undefined;
    i++;
  }
  if (lineStart < n) {
    if (n > fieldStart && atEdge(b, fieldStart, n) && needsCheck(b, fieldStart, n))
      checks[delims] = 1;
    if (n > fieldStart && shapes[delims])
      shapes[delims] = shapes[delims]! & fieldShapes(b, fieldStart, n, shapes[delims]!);
    if (!record(n, delims + 1)) return null;
  }
  return byteShape(dataStart, lines, rows, checks, b, line, shapes);
}

/**
 * What a scan over bytes found, or null when it found no data. `lf`: the LF bytes it passed, from
 * the line it ended on: each LF starts a line, and so does the end of bytes after a last record
 * with no LF.
 */
function byteShape(
  dataStart: number,
  lines: Int32Array,
  rows: number,
  checks: Uint8Array,
  b: Uint8Array,
  line: number,
  shapes: Uint16Array,
): CsvShape | null {
  if (dataStart < 0) return null;
  const lf = line - (b[b.length - 1] === LF ? 1 : 2);
  return {
    dataStart,
    lines: lines.subarray(0, rows),
    rows,
    textChecks: checks,
    lf,
    fieldShapes: shapes,
  };
}

/** The high bit set in each zero byte of a word, and only there. */
function zeroBytes(x: number): number {
  return ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
}

/** Stores a record's first line at `at`, growing the array when full (both scanners share it). */
function pushLine(
  lines: Int32Array<ArrayBuffer>,
  at: number,
  line: number,
): Int32Array<ArrayBuffer> {
  let out = lines;
  if (at === out.length) {
    out = new Int32Array(lines.length * 2);
    out.set(lines);
  }
  out[at] = line;
  return out;
}
