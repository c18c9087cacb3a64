/**
 * Whether a list table fits a width as a table, estimated from its text (the same glyph widths
 * the charts size their margins by). As a table, a list wraps its headers and text at spaces
 * (long text clamped to two lines, whole on hover and focus) and keeps every number and date on
 * one line; a list whose numbers alone are wider than the box (an LTV row per client has a dozen
 * at 768 px) is shown a row per block instead, every number under its column's name, rather than
 * scrolled sideways out of view.
 */
import { textWidth } from '../../charts/plot/plot-margins.ts';

/** The least a text column is given before its text wraps word by word, in px (8em at 12px). */
const TEXT_MIN = 96;
/** A cell's left and right padding together, and its border, in px. */
const PAD = 13;
/** Bold header text runs wider than the regular glyph widths. */
const BOLD = 1.08;
/** Estimates may be a few px short of the real text; this keeps the table's last column in. */
const SLACK = 1.06;

export interface ListColumns {
  /** `group.short`: the header a grouped column shows under its measure's name. */
  headers: readonly {
    label: string;
    numeric: boolean;
    date?: boolean;
    group?: { short: string };
  }[];
  rows: readonly (readonly string[])[];
  /** A word shown beside a cell's number ("worst"), which the cell's width must hold too. */
  marks?: readonly (readonly ({ text: string } | null)[])[];
}

/** A mark's margin, padding and border beside its word (AnalysisResult.svelte `.mark`), in px. */
const MARK_PAD = 14;

const longestWord = (s: string, size: number) =>
  Math.max(0, ...s.split(/\s+/).map((w) => textWidth(w, size)));

/** The narrowest the list lays out as a table, in px: each column its widest unbreakable part. */
export function listMinWidth({ headers, rows, marks }: ListColumns, size = 12): number {
  let total = 0;
  headers.forEach((h, j) => {
    let widest = longestWord(h.group?.short ?? h.label, size) * BOLD;
    rows.forEach((row, i) => {
      const text = row[j] ?? '';
      const mark = marks?.[i]?.[j];
      const w =
        h.numeric || h.date
          ? textWidth(text, size) + (mark ? textWidth(mark.text, 11) * BOLD + MARK_PAD : 0)
          : Math.max(longestWord(text, size), Math.min(textWidth(text, size), TEXT_MIN));
      widest = Math.max(widest, w);
    });
    total += widest + PAD;
  });
  return Math.ceil(total * SLACK);
}

/** Whether a text is long enough to want two places of a stacked row (a deal's title). */
export function longText(text: string, size = 12): boolean {
  return textWidth(text, size) > 2 * TEXT_MIN;
}
