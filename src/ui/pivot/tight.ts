/**
 * A pivot still too wide for a narrow screen's box with its headers wrapped and hyphenated is set
 * tight: cells 4 px from their borders (as a compared table's, compact.ts), its body at 12 px like
 * its headers, its grand total row plain (its shade and rule still mark it) and its row labels as
 * narrow as what is left: a name wider than that takes two lines, its row taller (row-tops.ts),
 * and only a word wider than its column is cut, the whole name the label's title and accessible
 * name. Every number and header stays whole. At 768 px the default report (revenue and won deals by
 * manager × quarter) scrolled sideways by 196 px in English and 229 in Russian, and at 1,024 px,
 * beside the field list, by 176 and 209: no wrapping of headers could save that much, as the
 * eleven columns' numbers alone, bold 13 px with 8 px each side, took more than the box.
 */
import type { MarkWords } from '../../charts/pivot/growth-marks.ts';
import type { PivotLayout } from '../../charts/pivot/pivot.ts';
import { NARROW_BOX } from './compact.ts';
import { twoLineSplits } from './hyphen.ts';
import { columnWidths, COMPACT_PAD, widthsFor, type TextStyle } from './pivot-grid.ts';

/** A tight table's body text in px (its headers are 12 px already). */
export const TIGHT_FONT = 12;

/** The widths a pivot's columns take in a box `room` px wide, and whether it is set tight. */
export interface Fit {
  widths: number[];
  tight: boolean;
}

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

/** A measure of the body's text at the tight size: header cells are set as before. */
const tightMeasure =
  (measure: (text: string, style: TextStyle) => number) =>
  (text: string, style: TextStyle): number =>
    measure(
      text,
      style === 'bold' || style === 'smallBold'
        ? 'smallBold'
        : style === 'header'
          ? 'header'
          : 'small',
    );

/**
 * The columns' widths (columnWidths) or, in a narrow screen's box they still overrun, tight ones.
 * Only on a narrow screen: a desktop box keeps its 13 px and bold totals and scrolls a little.
 */
export function fitWidths(
  layout: PivotLayout,
  formats: ((v: number | null) => string)[],
  measure: (text: string, style: TextStyle) => number,
  room: number,
  words?: MarkWords,
  pad?: number,
): Fit {
  const widths = columnWidths(layout, formats, measure, room, words, pad);
  if (!(room > 0) || room > NARROW_BOX || sum(widths) <= room) return { widths, tight: false };
  const small = tightMeasure(measure);
  const tight = widthsFor(layout, formats, small, 'hyphenate', words, COMPACT_PAD, true);
  return { widths: narrowLabels(layout, tight, room, small), tight: true };
}

/** The narrowest `text` may be set: on one line, or two at a space or a hyphen. */
function narrowest(text: string, measure: (t: string) => number): number {
  let best = measure(text);
  for (const [a, b] of twoLineSplits(text, true))
    best = Math.min(best, Math.max(measure(a), measure(b)));
  return best;
}

/**
 * The row label columns narrowed by what the table runs over `room`, each in proportion to what
 * it may give: down to its header on two lines at most (never cut: «Менеджер» breaks with a
 * hyphen, as PivotHeader then shows it), 64 px at the least. Only when that makes the table fit:
 * one that scrolls sideways anyway (a compared report's quarters at 768 px) keeps its labels
 * whole, as they stay in view beside the columns scrolled under them — cut to «Дмитр…» they
 * named no one and won no scroll.
 */
function narrowLabels(
  layout: PivotLayout,
  widths: number[],
  room: number,
  measure: (text: string, style: TextStyle) => number,
): number[] {
  const over = sum(widths) - room;
  if (over <= 0) return widths;
  const last = layout.header.at(-1) ?? [];
  const header = (t: string) => measure(t, 'header');
  const floors = Array.from({ length: layout.labelColumns }, (_, l) =>
    Math.min(
      widths[l]!,
      Math.max(64, Math.ceil(narrowest(last[l]?.text ?? '', header)) + COMPACT_PAD),
    ),
  );
  const give = floors.map((f, l) => widths[l]! - f);
  const can = sum(give);
  if (can < over) return widths;
  const take = over;
  return widths.map((w, i) =>
    i < layout.labelColumns ? Math.max(floors[i]!, Math.floor(w - (take * give[i]!) / can)) : w,
  );
}
