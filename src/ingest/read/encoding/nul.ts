/**
 * NUL characters in cells: legacy exports pad fixed-width fields with them. DuckDB cannot store
 * them in text, and they are never data, so they are removed from every value and counted once
 * for the report (how many, in how many cells, where the first one was).
 */
import type { Cell, RawTable } from '../../types.ts';

export interface NulReport {
  /** NUL characters removed. */
  count: number;
  /** Cells they were in. */
  cells: number;
  /** The first one: 1-based row of the source, and the column's header. */
  row: number;
  column: string;
}

/** The table with NULs removed from its headers and values; `format.nul` says what was removed. */
export function withoutNul(raw: RawTable): RawTable {
  let report: NulReport | undefined;
  for (const r of raw.rows()) {
    for (let i = 0; i < r.cells.length; i++) {
      const c = r.cells[i];
      if (typeof c !== 'string' || !c.includes('\u0000')) continue;
      const n = c.split('\u0000').length - 1;
      if (report) {
        report.count += n;
        report.cells++;
      } else report = { count: n, cells: 1, row: r.row, column: raw.headers[i] ?? '' };
    }
  }
  const rows = raw.rows.bind(raw);
  // DuckDB would read the NULs back: the values are no longer the file's text.
  const { csv: _text, ...rest } = raw;
  return {
    ...rest,
    format: report ? { ...raw.format, nul: report } : raw.format,
    *rows(onIssue) {
      for (const r of rows(onIssue)) {
        yield { row: r.row, cells: r.cells.map(clean) };
      }
    },
  };
}

function clean(c: Cell): Cell {
  return typeof c === 'string' && c.includes('\u0000') ? c.replaceAll('\u0000', '') : c;
}
