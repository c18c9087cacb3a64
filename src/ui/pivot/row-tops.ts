/**
 * Where each body row of the virtualised pivot starts. Rows are ROW_HEIGHT tall, but in a tight
 * table (tight.ts) a row label narrower than its name breaks onto more lines — at a space, and
 * inside a word wider than the column where hyphen.ts lets it, with a hyphen — and its row is as
 * tall as they are: cut to one line instead, the Russian default report's managers read
 * «Ксения Б…» at 768 px, 80 px for names of 100. Only the rows that need it grow: one long name
 * in 25 made every row taller when they all did. Pure.
 */
import type { PivotLayout } from '../../charts/pivot/pivot.ts';
import { wordBreaks } from './hyphen.ts';

/** Body row height in px; the CSS uses the same number. */
export const ROW_HEIGHT = 25;
/** A label's line on more than one, in px (PivotTable's `.lines`). */
export const LINE_HEIGHT = 15;
/** The most lines a label takes; a longer one is cut there, its whole name its title. */
export const MAX_LINES = 3;
/** More rows than this are not measured one by one: their labels are cut as before. */
const MEASURED_ROWS = 20_000;

/** The height of a row whose tallest label takes `lines` lines. */
export const rowHeight = (lines: number): number =>
  lines <= 1 ? ROW_HEIGHT : Math.min(lines, MAX_LINES) * LINE_HEIGHT + 4;

/**
 * The lines `text` takes in `room` px, filled as a browser fills them: a word that does not fit
 * goes to the next line, and one wider than a line breaks where it may, with a hyphen (the table
 * shows it with soft hyphens there, hyphen.ts softHyphens). `measure` errs wide, so the browser
 * never needs more lines than counted.
 */
export function labelLines(text: string, room: number, measure: (t: string) => number): number {
  let lines = 1;
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= room) {
      line = joined;
      continue;
    }
    if (measure(word) <= room) {
      lines++;
      line = word;
      continue;
    }
    // Wider than a line: broken at its soft hyphens, as much of it on each line as fits.
    const breaks = wordBreaks(word);
    let from = 0;
    let lead = line ? `${line} ` : '';
    for (;;) {
      const rest = word.slice(from);
      if (measure(lead + rest) <= room) {
        line = lead + rest;
        break;
      }
      const at = breaks
        .filter((b) => b > from && measure(`${lead}${word.slice(from, b)}-`) <= room)
        .at(-1);
      if (at !== undefined) {
        lines++;
        from = at;
        lead = '';
      } else if (lead) {
        // Not even its first part fits beside the line's words: it starts the next line.
        lines++;
        lead = '';
      } else {
        // Its part is wider than a line however it breaks: cut there.
        line = rest;
        break;
      }
    }
  }
  return lines;
}

/**
 * Each body row's top and, last, the body's height (rows + 1 numbers), or null when every row is
 * ROW_HEIGHT: a row is as tall as its label of the most lines (labelLines) in its column less
 * `pad` (a cell's padding and border). `measure` sets a data row's label plain and a total's
 * bold, as the table does.
 */
export function rowTops(
  layout: Pick<PivotLayout, 'rows'>,
  widths: number[],
  measure: (text: string, bold: boolean) => number,
  pad: number,
): Float64Array | null {
  const { rows } = layout;
  if (rows.length > MEASURED_ROWS) return null;
  let lines: Uint8Array | null = null;
  rows.forEach((row, r) => {
    const bold = row.kind !== 'data';
    const m = (t: string) => measure(t, bold);
    let at = 0;
    for (const label of row.labels) {
      const room = widths.slice(at, at + label.colspan).reduce((a, b) => a + b, 0) - pad;
      at += label.colspan;
      // Past the px the widths' rounding may leave (pivot-grid.ts clamp).
      if (label.repeat || m(label.text) <= room + 1) continue;
      const n = Math.min(MAX_LINES, labelLines(label.text, room, m));
      if (n < 2) continue;
      lines ??= new Uint8Array(rows.length);
      lines[r] = Math.max(lines[r]!, n);
    }
  });
  if (!lines) return null;
  const tops = new Float64Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) tops[r + 1] = tops[r]! + rowHeight(lines[r]!);
  return tops;
}

/** The top of body row `r` (r = the row count: the body's height). */
export const rowTop = (r: number, tops: Float64Array | null): number =>
  tops ? tops[r]! : r * ROW_HEIGHT;

/** The body row at `y` px from the body's top (the last one past its end). */
export function rowAt(y: number, tops: Float64Array | null, count: number): number {
  if (!tops) return Math.floor(y / ROW_HEIGHT);
  let lo = 0;
  let hi = count;
  // The last row whose top is at or above y.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
