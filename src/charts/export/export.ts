/**
 * Exports of what a table shows: the pivot layout (header rows, row labels, subtotals, totals,
 * previous/Δ/Δ% columns; the result view lays it out without the page's column cap for them) or a
 * drill-down list, as a grid of cells, then as CSV. Pure; the
 * XLSX writer is in xlsx.ts (a large library, loaded only when someone exports).
 *
 * Text that a spreadsheet would run as a formula (`= + - @`, tab, CR first) is neutralised in CSV
 * with a leading `'`; in XLSX it is written as a text cell, which is never evaluated.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { Period } from '../../query/spec/spec.ts';
import type { ValueFormat } from '../format.ts';
import { toNumber } from '../format.ts';
import { isTier, markWord, type MarkWords } from '../pivot/growth-marks.ts';
import type { PivotLayout } from '../pivot/pivot.ts';

/** One exported cell: text, a number (with the format it is shown in), or nothing. */
export interface ExportCell {
  v: string | number | null;
  /**
   * For numbers: how the screen formats them (XLSX number format). `date` on a text cell: an ISO
   * day the exports keep as it is and a table on screen writes the UI language's way. On an
   * empty cell (`v: null`): a number or date that is missing, shown "–" (a blank cell is empty text).
   */
  fmt?: ValueFormat;
  /**
   * A growth cell's best/worst mark, as a word the table shows beside the number (print, a
   * tile); the CSV and XLSX keep the number alone, as a spreadsheet sorts and filters it.
   */
  mark?: { text: string; title: string; kind: 'best' | 'worst' };
  /**
   * A change whose rise is the bad news (more lapsed or lost clients: `OutputColumn.rankReversed`;
   * more lost deals, a longer cycle: `worseWhenMore`): its rise is red, its fall is not.
   */
  reversed?: true;
}

/** A merged block of the header, 0-based, inclusive start, spans ≥ 1. */
export interface ExportMerge {
  r: number;
  c: number;
  rows: number;
  cols: number;
}

export interface ExportGrid {
  cells: ExportCell[][];
  /** How many leading rows are header rows. */
  headerRows: number;
  merges: ExportMerge[];
}

const text = (v: string): ExportCell => ({ v });
const blank: ExportCell = { v: null };

/**
 * The pivot as displayed: header cells placed by their row/col spans (the first cell of a span
 * carries the text; merges say how far it reaches), then one row per body row. A group label
 * that the screen leaves blank under the same group is written out, so each exported row can be
 * filtered on its own.
 */
export function pivotGrid(layout: PivotLayout, words?: MarkWords): ExportGrid {
  const width = layout.labelColumns + layout.leaves.length;
  const headerRows = layout.header.length;
  const cells: ExportCell[][] = Array.from({ length: headerRows }, () =>
    Array.from({ length: width }, () => blank),
  );
  const taken = Array.from({ length: headerRows }, () => new Array<boolean>(width).fill(false));
  const merges: ExportMerge[] = [];
  layout.header.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < width && taken[r]![c]) c++;
      if (c >= width) break;
      cells[r]![c] = cell.kind === 'corner' ? blank : text(cell.text);
      for (let dr = 0; dr < cell.rowspan && r + dr < headerRows; dr++) {
        for (let dc = 0; dc < cell.colspan && c + dc < width; dc++) taken[r + dr]![c + dc] = true;
      }
      if (cell.rowspan > 1 || cell.colspan > 1)
        merges.push({ r, c, rows: cell.rowspan, cols: cell.colspan });
      c += cell.colspan;
    }
  });
  layout.rows.forEach((row, r) => {
    const out: ExportCell[] = [];
    for (const label of row.labels) {
      out.push(text(label.text));
      for (let k = 1; k < label.colspan; k++) out.push(blank);
    }
    while (out.length < layout.labelColumns) out.push(blank);
    row.values.forEach((v, i) => {
      const mark = words ? (layout.marks?.[r]?.[i] ?? null) : null;
      // A growth from nothing or 0 has no number: its word says why the cell has none.
      if (isTier(mark) && v === null) return out.push(text(words![mark].text));
      const leaf = layout.leaves[i];
      const cell = pivotCell(leaf, v);
      if (!mark || isTier(mark)) return out.push(cell);
      out.push({ ...cell, mark: { ...markWord(words!, mark, leaf?.column), kind: mark } });
    });
    cells.push(out);
  });
  return { cells, headerRows, merges };
}

/**
 * One value cell of the pivot: what print and tiles show, and what the table on screen judges its
 * colour by (bad-news.ts), so a number red on a tile is red on screen.
 */
export function pivotCell(
  leaf: PivotLayout['leaves'][number] | undefined,
  v: number | null,
): ExportCell {
  // Under "show as", the screen shows shares: export them as percentages too.
  const fmt = leaf?.share ? 'pct' : (leaf?.column.format ?? 'number');
  const shown = fmt === 'text' || fmt === 'date' ? 'number' : fmt;
  // An empty number keeps its format: a tile and print read "–" there, as the table does.
  const cell: ExportCell = { v, fmt: shown };
  return leaf?.column.worseWhenMore ? { ...cell, reversed: true } : cell;
}

/**
 * A drill-down list (or any flat result): one header row of labels, then the rows; `name` gives
 * a text value as the list shows it (a status in the UI language), else it is written as stored.
 */
export function listGrid(
  columns: OutputColumn[],
  label: (c: OutputColumn) => string,
  rows: Iterable<Record<string, unknown>>,
  name?: (c: OutputColumn, v: string) => string,
): ExportGrid {
  const cells: ExportCell[][] = [columns.map((c) => text(label(c)))];
  for (const row of rows) cells.push(columns.map((c) => listCell(row[c.key], c, name)));
  return { cells, headerRows: 1, merges: [] };
}

/**
 * One value of a list as an export cell: what print and tiles show, and what the flat table on
 * screen judges its colour by (bad-news.ts), so the two cannot read a number differently.
 */
export function listCell(
  v: unknown,
  c: OutputColumn,
  name?: (c: OutputColumn, v: string) => string,
): ExportCell {
  if (v === null || v === undefined)
    // A measure's empty number or date keeps its format, so a tile and print read "–" where the
    // table on screen does (buildFlatTable); the files still write nothing there.
    return c.role === 'dimension' || c.format === 'text' ? blank : { v: null, fmt: c.format };
  if (c.format === 'date') return { v: isoDate(v), fmt: 'date' };
  if (c.format === 'text') return text(name ? name(c, String(v)) : String(v));
  const n = toNumber(v);
  return n === null ? text(String(v)) : { v: n, fmt: c.format };
}

/** Epoch ms (Arrow timestamps and dates) → `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM` with a time. */
export function isoDate(v: unknown): string {
  const ms =
    typeof v === 'bigint'
      ? Number(v)
      : v instanceof Date
        ? v.getTime()
        : typeof v === 'number'
          ? v
          : NaN;
  if (!Number.isFinite(ms)) return String(v);
  const iso = new Date(ms).toISOString();
  return iso.slice(11, 16) === '00:00'
    ? iso.slice(0, 10)
    : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would treat as a formula gets a leading `'` (OWASP CSV injection). */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** How a CSV separates its fields and writes a fraction. */
export interface CsvDialect {
  sep: ',' | ';';
  decimal: '.' | ',';
}

/** RFC 4180 with a decimal point: what programs read, in either UI language (and the CLI writes). */
export const CSV_PLAIN: CsvDialect = { sep: ',', decimal: '.' };

/**
 * What Excel opens in columns where the system's decimal mark is a comma (Russian, and most of
 * Europe): its list separator there is `;`, and it reads `1234.5` as text or a date. Numbers
 * keep no thousands groups, as a space or dot between them would be read as text.
 */
export const CSV_EXCEL: CsvDialect = { sep: ';', decimal: ',' };

function csvNumber(n: number, decimal: CsvDialect['decimal']): string {
  // 15 significant digits: no binary noise (0.1 + 0.2), never exponent-free precision loss.
  const s = String(Number(n.toPrecision(15)));
  return decimal === '.' ? s : s.replace('.', decimal);
}

function csvField(c: ExportCell, { sep, decimal }: CsvDialect): string {
  if (c.v === null) return '';
  if (typeof c.v === 'number') return csvNumber(c.v, decimal);
  const s = neutralise(c.v);
  return s.includes(sep) || /["\r\n]/.test(s) || s !== s.trim()
    ? `"${s.replaceAll('"', '""')}"`
    : s;
}

/** CSV with a UTF-8 BOM (so Excel reads Cyrillic right) and CRLF line ends, RFC 4180 by default. */
export function toCsv(grid: ExportGrid, dialect: CsvDialect = CSV_PLAIN): string {
  return (
    '\uFEFF' +
    grid.cells.map((row) => row.map((c) => csvField(c, dialect)).join(dialect.sep)).join('\r\n') +
    '\r\n'
  );
}

/** A file name from the report title and period: `Revenue by manager 2024-01-01–2024-12-31.csv`. */
export function exportFileName(title: string, period: Period | null, ext: string): string {
  return `${fileBase(title, period)}.${ext}`;
}

/** How a table is exported: the export buttons' `data-export` values. */
export type TableExport = 'csv' | 'csv-excel' | 'xlsx';

/**
 * A table export's file name, the same for the report's table and a drill-down list. The Excel
 * dialect's CSV is `…-excel.csv`: with the plain CSV's name the browser saved a second export as
 * "… (1).csv", and nothing told the two files apart.
 */
export function tableFileName(title: string, period: Period | null, kind: TableExport): string {
  if (kind === 'xlsx') return exportFileName(title, period, 'xlsx');
  return `${fileBase(title, period)}${kind === 'csv-excel' ? '-excel' : ''}.csv`;
}

/** The CSV dialect of a table export. */
export function csvDialect(kind: Exclude<TableExport, 'xlsx'>): CsvDialect {
  return kind === 'csv-excel' ? CSV_EXCEL : CSV_PLAIN;
}

function fileBase(title: string, period: Period | null): string {
  const base = (title.trim() || 'report')
    // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
    .replace(/\s+/g, ' ');
  const when = period ? ` ${period.from}–${period.to}` : '';
  return `${shortName(base)}${when}`;
}

/** A file name's title at most: 100 characters are 200 bytes in Cyrillic, of the usual 255. */
const NAME_MAX = 100;

/**
 * A title cut to `NAME_MAX` characters at a word's end, marked "…"; a pivot's rows, the part after
 * its last " — ", are kept whole. Cut at 100 characters flat, "Won, Lost, … Activities — Manager"
 * was saved as "… Activities — Man" and «… Цикл сделки, дн».
 */
function shortName(title: string): string {
  if (title.length <= NAME_MAX) return title;
  const dash = title.lastIndexOf(' — ');
  const tail = dash > 0 && title.length - dash <= NAME_MAX / 2 ? title.slice(dash) : '';
  const head = tail ? title.slice(0, dash) : title;
  const room = NAME_MAX - tail.length - 1;
  let cut = head.slice(0, room);
  const space = cut.lastIndexOf(' ');
  if (space > room / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;·×—–-]+$/, '')}…${tail}`;
}
