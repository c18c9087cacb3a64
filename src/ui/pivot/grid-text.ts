import type { ExportCell, ExportGrid } from '../../charts/export/export.ts';
import { formatDate, formatter, MISSING, type ValueFormat } from '../../charts/format.ts';
import type { Lang } from '../../lib/i18n.ts';

/**
 * Which value columns of a grid hold text (a funnel's stage, its lost reasons, a client's
 * segment): those read from the left like labels. An analysis grid has no label columns, and
 * every column right-aligned as a number left its names ragged in print and on dashboard tiles.
 * A column holds text when its body has a string and no number.
 */
export function textColumns(grid: ExportGrid, labelColumns: number): boolean[] {
  const width = Math.max(0, ...grid.cells.map((r) => r.length));
  const text = Array.from({ length: width }, () => false);
  const number = Array.from({ length: width }, () => false);
  for (const row of grid.cells.slice(grid.headerRows))
    row.forEach((cell, c) => {
      if (typeof cell.v === 'string' && cell.v !== '') text[c] = true;
      else if (typeof cell.v === 'number') number[c] = true;
    });
  return text.map((t, c) => c >= labelColumns && t && !number[c]);
}

/**
 * A date or a period label — `2026-01-01`, `2026-01-01 10:30`, `2026-03`, `2026-Q3`, `2026-W09`,
 * `2026` — as the bucket labels and ISO days of a result write them.
 */
const PERIOD_LABEL = /^\d{4}(-(Q[1-4]|W\d{2}|\d{2}(-\d{2}( \d{2}:\d{2})?)?))?$/;

/**
 * Whether a cell must stay on one line when the table wraps to a printed sheet's width: a date
 * or period is one word to a reader, but a browser breaks it at its hyphen ("2026-" over
 * "01-01") or, written the UI language's way, at its spaces. Text cells still wrap.
 */
export function oneLine(cell: ExportCell): boolean {
  if (cell.fmt === 'date') return true;
  return typeof cell.v === 'string' && PERIOD_LABEL.test(cell.v.trim());
}

/**
 * A cell as the table shows it: numbers and dates the UI language's way, text as it is.
 * `decimals`: its column's (charts/export/grid-decimals.ts).
 */
export function cellText(
  cell: ExportCell,
  lang: Lang,
  decimals: Partial<Record<ValueFormat, number>> = {},
): string {
  const { v, fmt } = cell;
  // A number the data lacks reads "–" as on screen (a funnel's first step conversion, a Δ % over 0).
  if (v === null) return fmt && fmt !== 'text' ? MISSING : '';
  if (typeof v === 'string') {
    if (fmt !== 'date') return v;
    // An ISO day, with its time when it has one (isoDate: `YYYY-MM-DD HH:MM`).
    const [day = v, time] = v.split(' ');
    const text = formatDate(day, lang);
    return text === MISSING ? v : time ? `${text} ${time}` : text;
  }
  const f = fmt ?? 'number';
  const d = decimals[f];
  return formatter(f, lang, d === undefined ? {} : { decimals: d })(v);
}
