/**
 * Whether a list table fits a width as a table, estimated from its text. As a table, a list wraps
 * its headers and text at spaces (long text clamped to two lines, whole on hover and focus) and
 * keeps every number and date on one line; a list whose numbers alone are wider than the box (an
 * LTV row per client has a dozen at 768 px) is shown a row per block instead, every number under
 * its column's name, rather than scrolled sideways out of view. Before it does, it leaves out the
 * columns the others already tell (`secondary`), rightmost first, when that is all it takes.
 */
import { textWidth } from '../../charts/plot/plot-margins.ts';

/** The least a text column is given before its text wraps word by word, in px (8em at 12px). */
const TEXT_MIN = 96;
/** A cell's left and right padding together, and its border, in px. */
const PAD = 13;
/** Bold header text runs wider than the regular glyph widths. */
const BOLD = 1.08;
/** The glyph table may be a few px short of the real text; this keeps the table's last column in. */
const SLACK = 1.06;
/** A measured text's column may still round up a pixel (cells are laid out in whole px). */
const ROUND = 1;

/** A text's width in px at `size` px, bold or not. */
export type Measure = (text: string, size: number, bold?: boolean) => number;

/**
 * The page's glyph widths (those the charts size their margins by) where nothing can measure:
 * they run wide (Cyrillic by ≈ 20 %), so a table sized by them stacked at 1440 px when it fit.
 */
export const glyphMeasure: Measure = (text, size, bold) =>
  textWidth(text, size) * (bold ? BOLD : 1) * SLACK;

/** Text measured in `font` (a CSS font family) by a canvas: the widths the table will draw. */
export function canvasMeasure(font: string): Measure | null {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return null;
  const cache = new Map<string, number>();
  return (text, size, bold) => {
    const k = `${size}${bold ? 'b' : ''}|${text}`;
    let w = cache.get(k);
    if (w === undefined) {
      ctx.font = `${bold ? 600 : 400} ${size}px ${font}`;
      w = ctx.measureText(text).width + ROUND;
      cache.set(k, w);
    }
    return w;
  };
}

export interface ListColumns {
  /** `group.short`: the header a grouped column shows under its measure's name. */
  headers: readonly {
    label: string;
    numeric: boolean;
    date?: boolean;
    group?: { short: string };
    secondary?: true;
  }[];
  rows: readonly (readonly string[])[];
  /**
   * A word shown beside a cell's number ("worst"), which the cell's width must hold too; a tier
   * ("new") is the cell's text itself and takes no more.
   */
  marks?: readonly (readonly ({ text: string; kind?: string } | null)[])[];
  /** Cells of bad news, drawn bold (ListTable's `td.neg`): wider than the same text regular. */
  bad?: readonly (readonly boolean[])[];
}

/** A mark's padding and border around its word (AnalysisResult.svelte `.mark`), in px. */
const MARK_BOX = 10;
const TIERS = new Set(['new', 'fromZero']);

const longestWord = (s: string, size: number, m: Measure, bold = false) =>
  Math.max(0, ...s.split(/\s+/).map((w) => m(w, size, bold)));

/** Each column's least width as a table, in px: its widest unbreakable part. */
export function columnWidths(
  { headers, rows, marks, bad }: ListColumns,
  measure: Measure = glyphMeasure,
  size = 12,
): number[] {
  return headers.map((h, j) => {
    let widest = longestWord(h.group?.short ?? h.label, size, measure, true);
    rows.forEach((row, i) => {
      const text = row[j] ?? '';
      const mark = marks?.[i]?.[j];
      // A marked number wraps its word under it when the column is narrow (`.marked` is a
      // wrapping flex box): the cell needs the wider of the two, not both side by side.
      const word =
        mark && !TIERS.has(mark.kind ?? '') ? measure(mark.text, 11, true) + MARK_BOX : 0;
      const b = bad?.[i]?.[j] === true;
      const w =
        h.numeric || h.date
          ? Math.max(measure(text, size, b), word)
          : Math.max(
              longestWord(text, size, measure, b),
              Math.min(measure(text, size, b), TEXT_MIN),
            );
      widest = Math.max(widest, w);
    });
    return Math.ceil(widest + PAD);
  });
}

/** The narrowest the list lays out as a table, in px: each column its widest unbreakable part. */
export function listMinWidth(list: ListColumns, measure: Measure = glyphMeasure): number {
  return columnWidths(list, measure).reduce((a, b) => a + b, 0);
}

/**
 * How the list meets `width`: every column as a table (`leave` empty); as a table without the
 * fewest secondary columns, rightmost first, that it takes to fit (only with `leaveOut`, and at
 * most a third of the columns); or else a row per block with every column (`stacked`).
 */
export function listFit(
  list: ListColumns,
  width: number,
  measure: Measure = glyphMeasure,
  leaveOut = true,
): { stacked: boolean; leave: number[] } {
  const widths = columnWidths(list, measure);
  let total = widths.reduce((a, b) => a + b, 0);
  const leave: number[] = [];
  // A compared measure's column stays with its group: its band's span counts it.
  const spare = leaveOut
    ? list.headers.flatMap((h, j) => (h.secondary && !h.group ? [j] : [])).reverse()
    : [];
  for (const j of spare) {
    if (total <= width) break;
    total -= widths[j] ?? 0;
    leave.push(j);
  }
  // A table with a third of its columns gone is another table: the rows go to blocks instead,
  // every column in them (a plain LTV at 768 px would have kept 7 of its 13).
  if (total > width || leave.length > list.headers.length / 3) return { stacked: true, leave: [] };
  return { stacked: false, leave: leave.sort((a, b) => a - b) };
}

/** Whether a text is long enough to want two places of a stacked row (a deal's title). */
export function longText(text: string, size = 12): boolean {
  return textWidth(text, size) > 2 * TEXT_MIN;
}
