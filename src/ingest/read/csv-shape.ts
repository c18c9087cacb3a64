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

export interface CsvShape {
  /** Where the first data record starts (after the header record), in UTF-16 units. */
  dataStart: number;
  /** 1-based line of each data record, in the numbering of `parseCsv` over the same text. */
  lines: Int32Array;
  rows: number;
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
        for (;;) {
          const close = text.indexOf(quote, p);
          if (close < 0) return null;
          if (text.charCodeAt(close + 1) === qc) p = close + 2;
          else {
            p = close + 1;
            break;
          }
        }
        for (let i = text.indexOf('\n', pos); i >= 0 && i < p; i = text.indexOf('\n', i + 1))
          line++;
        pos = p;
        const c = text.charCodeAt(pos);
        if (pos < n && c !== d && c !== LF && c !== CR) return null;
      } else {
        for (; pos < n; pos++) {
          const c = text.charCodeAt(pos);
          if (c === d || c === LF || c === CR) break;
          if (c === qc) return null;
        }
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
      // The header record; `readCsvText` took its width from it.
      dataStart = pos;
      continue;
    }
    // A record of one empty field is a blank line to `parseCsv`: not reached here (handled above).
    if (fields !== width) return null;
    if (rows === lines.length) {
      const grown = new Int32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rows++] = start;
  }
  if (dataStart < 0) return null;
  return { dataStart, lines: lines.subarray(0, rows), rows };
}
