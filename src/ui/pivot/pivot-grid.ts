/**
 * Geometry of the virtualised pivot table: fixed column widths estimated from the text (so the
 * layout does not jump while rows scroll in and out), sticky offsets of the row-label columns, and
 * the window of body rows to render. Pure.
 */
import { badNews } from '../../charts/export/bad-news.ts';
import { pivotCell } from '../../charts/export/export.ts';
import { isTier, markWord, type MarkWords } from '../../charts/pivot/growth-marks.ts';
import type { PivotLayout } from '../../charts/pivot/pivot.ts';
import { twoLineSplits } from './hyphen.ts';
import { ROW_HEIGHT, rowAt } from './row-tops.ts';

/**
 * The sign a best or worst growth shows beside its number (its word is the mark's text, for a
 * screen reader, and its title; the table's legend says what the signs mean). The words
 * («лучший» beside "−50,0 %") made each Δ % column ≈ 130 px wide in every row for the one or
 * two marked; a sign in its frame takes ≈ 23 px.
 */
export const MARK_SIGN: Record<'best' | 'worst', string> = { best: '★', worst: '!' };

/** The mark's border, padding and gap beside the number, in px (PivotTable's `.mark`). */
const MARK_PAD = 10;
/** The same in a compact table: 2 px gap, 1 px padding each side (PivotTable's `compact`). */
const COMPACT_MARK_PAD = 6;

export { ROW_HEIGHT } from './row-tops.ts';
/** Rows rendered beyond each edge of the viewport. */
export const OVERSCAN = 8;

const CHAR = 8; // px per character at 13px, generous: a clipped label is worse than air
const PAD = 17; // the cells' 8 px padding each side and the border
/** A compact table's cells: 4 px padding each side and the border (PivotTable's `compact`). */
export const COMPACT_PAD = 9;
const SAMPLE = 400;
/** A tight table's narrowest value column (tight.ts): a two-digit count under "Won". */
const TIGHT_MIN = 32;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

/**
 * How a text is set: header cells (12 px, semibold), totals (13 px, semibold), body (13 px); a
 * tight table's (tight.ts) totals and body at 12 px.
 */
export type TextStyle = 'header' | 'bold' | 'normal' | 'smallBold' | 'small';

/**
 * Widths of the label columns then the leaves, from header text and a sample of the body. When
 * the table is wider than `room` (the px its box has), long value headers ("Activities per won
 * deal") take two lines, so their columns are as narrow as the longer line or the numbers: at
 * 768 px a Russian four-measure report otherwise hid its last columns behind a sideways scroll.
 */
export function columnWidths(
  layout: PivotLayout,
  formats: ((v: number | null) => string)[],
  /** Width of a text in px; the browser passes a canvas measure, tests the estimate. */
  measure: (text: string, style: TextStyle) => number = (t) => t.length * CHAR,
  room = Infinity,
  words?: MarkWords,
  /** A cell's padding and border, in px. */
  pad = PAD,
): number[] {
  const oneLine = widthsFor(layout, formats, measure, false, words, pad);
  if (oneLine.reduce((a, b) => a + b, 0) <= room) return oneLine;
  const wrapped = widthsFor(layout, formats, measure, 'wrap', words, pad);
  if (wrapped.reduce((a, b) => a + b, 0) <= room) return wrapped;
  // Still too wide: a one-word header wider than its numbers («Выиграно» over counts) breaks
  // with a hyphen too (hyphen.ts), as PivotHeader then shows it. The Russian default report ran
  // 98 px past its box at 1280 px, five «Выиграно» columns 31 px wider than their numbers.
  return widthsFor(layout, formats, measure, 'hyphenate', words, pad);
}

/** How a value header may be set: on one line, on two at a space, or at a hyphen too. */
export type Wrap = false | 'wrap' | 'hyphenate';

/**
 * The widest text of each leaf's marked cells: the number and the sign of its best or worst
 * beside it, or "new" alone. Every marked row is measured (a sample could miss the two best
 * and worst).
 */
function markedLen(
  layout: PivotLayout,
  formats: ((v: number | null) => string)[],
  measure: (text: string, style: TextStyle) => number,
  words: MarkWords,
  markPad: number,
  tight: boolean,
): Map<number, number> {
  const out = new Map<number, number>();
  layout.marks?.forEach((row, r) =>
    row.forEach((mark, i) => {
      if (!mark) return;
      const v = layout.rows[r]?.values[i] ?? null;
      const style = valueStyle(layout.leaves[i], v, layout.rows[r]?.kind ?? 'data', tight);
      const len =
        isTier(mark) && v === null
          ? measure(words[mark].text, 'normal')
          : // The number, the space before its mark, the sign in its frame.
            measure(`${formats[i]?.(v) ?? ''} `, style) +
            measure(isTier(mark) ? words[mark].text : MARK_SIGN[mark], 'header') +
            markPad;
      out.set(i, Math.max(out.get(i) ?? 0, len));
    }),
  );
  return out;
}

/**
 * How a value cell is set: totals (rows and columns) and bad news (a red change, `cellsHtml`) are bold, so they are
 * measured bold — a red "−72.0 %" beside its "worst" was measured plain and cut to "wor…".
 */
function valueStyle(
  leaf: PivotLayout['leaves'][number] | undefined,
  v: number | null,
  kind: PivotLayout['rows'][number]['kind'],
  tight = false,
): TextStyle {
  const role = leaf?.column.role;
  const bad = (role === 'delta' || role === 'growth') && badNews(pivotCell(leaf, v));
  // A tight table's grand total row is set plain (its shade and rule mark it, tight.ts).
  if (tight && kind === 'total') return bad ? 'bold' : 'normal';
  // A total column's cells are bold in every row (`td.total`), not only in the total rows.
  if (kind !== 'data' || (leaf && leaf.kind !== 'data')) return 'bold';
  return bad ? 'bold' : 'normal';
}

/** The narrowest width of `text` set on at most two lines, broken at a space (or a hyphen). */
function twoLines(text: string, measure: (text: string) => number, wrap: Wrap = 'wrap'): number {
  let best = measure(text);
  for (const [a, b] of twoLineSplits(text, wrap === 'hyphenate'))
    best = Math.min(best, Math.max(measure(a), measure(b)));
  return best;
}

/**
 * The widths with value headers set on one line, wrapped at spaces or hyphenated too (`wrap`).
 * `tight` (tight.ts): the grand total row measured plain, and a value column as narrow as its
 * numbers and header, not 56 px at least.
 */
export function widthsFor(
  layout: PivotLayout,
  formats: ((v: number | null) => string)[],
  measure: (text: string, style: TextStyle) => number,
  wrap: Wrap,
  words: MarkWords | undefined,
  pad: number,
  tight = false,
): number[] {
  const last = layout.header.at(-1) ?? [];
  const labelLen = Array.from({ length: layout.labelColumns }, (_, l) =>
    measure(last[l]?.text ?? '', 'header'),
  );
  // Value headers get room for the sort arrow, which never stands on a line alone (a no-break
  // space before it, as in PivotHeader): with room, every header, so the widths stay as the sort
  // changes; short of it, only the sorted one, which shows it. A word that cannot break
  // («Выиграно») kept an arrow's room in each of its columns, and the default report ran 8 px
  // past its box in Russian at 1440 px.
  const headerLen = (t: string) => measure(t, 'header');
  const valueLen = layout.leaves.map((_, i) => {
    const cell = last[layout.labelColumns + i];
    const text = cell?.text ?? '';
    if (!wrap) return headerLen(`${text}\u00a0↓`);
    return twoLines(cell?.sort ? `${text}\u00a0↓` : text, headerLen, wrap);
  });
  // The values themselves, apart from the headers: a header past the cap is cut or wraps, a
  // number never is (a 20-digit total read "12 345 678 901 234 567 …").
  const numberLen = layout.leaves.map(() => 0);
  const rows = layout.rows;
  const step = Math.max(1, Math.floor(rows.length / SAMPLE));
  for (let r = 0; r < rows.length; r += step) sampleRow(r);
  // Totals are the widest numbers: always measure the last rows.
  for (let r = Math.max(0, rows.length - 3); r < rows.length; r++) sampleRow(r);
  function sampleRow(r: number) {
    const row = rows[r]!;
    let at = 0;
    for (const label of row.labels) {
      if (label.colspan === 1)
        labelLen[at] = Math.max(
          labelLen[at] ?? 0,
          measure(label.text, row.kind !== 'data' ? 'bold' : 'normal'),
        );
      at += label.colspan;
    }
    row.values.forEach((v, i) => {
      const text = formats[i]?.(v) ?? '';
      numberLen[i] = Math.max(
        numberLen[i] ?? 0,
        measure(text, valueStyle(layout.leaves[i], v, row.kind, tight)),
      );
    });
  }
  if (words)
    for (const [i, len] of markedLen(
      layout,
      formats,
      measure,
      words,
      pad === COMPACT_PAD ? COMPACT_MARK_PAD : MARK_PAD,
      tight,
    ))
      numberLen[i] = Math.max(numberLen[i] ?? 0, len);
  const widths = [
    ...labelLen.map((n) => clamp(n + pad, 64, 260)),
    ...valueLen.map((n, i) =>
      Math.max(
        clamp(Math.max(n, numberLen[i] ?? 0) + pad, tight ? TIGHT_MIN : 56, 220),
        (numberLen[i] ?? 0) + pad,
      ),
    ),
  ];
  widenForHeaders(layout, widths, measure, wrap, pad);
  return widths;
}

/**
 * The header rows above the last name column members ("2024-Q3", a manager): a member over one
 * narrow measure column would be cut to "2024…", so the columns it spans share the missing width.
 */
function widenForHeaders(
  layout: PivotLayout,
  widths: number[],
  measure: (text: string, style: TextStyle) => number,
  wrap: Wrap,
  pad: number,
): void {
  const headerLen = (t: string) => measure(t, 'header');
  // Columns still covered by a cell of an earlier row (rowspan), as in HTML table layout.
  const coveredUntil = widths.map(() => 0);
  layout.header.forEach((row, r) => {
    let at = 0;
    for (const cell of row) {
      while (at < widths.length && coveredUntil[at]! > r) at++;
      const span = Math.min(cell.colspan, widths.length - at);
      for (let k = at; k < at + span; k++) coveredUntil[k] = r + cell.rowspan;
      const have = widths.slice(at, at + span).reduce((a, b) => a + b, 0);
      // A value header may take two lines, as its column was sized for (widthsFor).
      const text =
        wrap && cell.kind === 'value' ? twoLines(cell.text, headerLen, wrap) : headerLen(cell.text);
      const need = Math.min(text + pad, 260 * span);
      if (span > 0 && need > have) {
        const extra = Math.ceil((need - have) / span);
        for (let k = at; k < at + span; k++) widths[k]! += extra;
      }
      at += span;
    }
  });
}

/** Left offsets of the label columns (for `position: sticky`). */
export function labelOffsets(widths: number[], labelColumns: number): number[] {
  const out: number[] = [];
  let x = 0;
  for (let i = 0; i < labelColumns; i++) {
    out.push(x);
    x += widths[i] ?? 0;
  }
  return out;
}

/**
 * The body rows to render for a scroll position: [start, end). `tops`: where each row starts,
 * when some are taller (row-tops.ts).
 */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  headerHeight: number,
  count: number,
  tops: Float64Array | null = null,
): { start: number; end: number } {
  const top = Math.max(0, scrollTop - headerHeight);
  const bottom = top + Math.max(viewport, ROW_HEIGHT);
  const start = Math.max(0, rowAt(top, tops, count) - OVERSCAN);
  const end = Math.min(
    count,
    (tops ? rowAt(bottom, tops, count) + 1 : Math.ceil(bottom / ROW_HEIGHT)) + OVERSCAN,
  );
  return { start, end: Math.max(start, end) };
}

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

export interface CellOptions {
  leaves: PivotLayout['leaves'];
  formats: ((v: number | null) => string)[];
  /** Background of a data cell, or null. */
  shade: ((leaf: number, v: number | null) => string | null) | null;
  /**
   * Whether the cell of body row `r`, leaf `leaf` can be drilled (it then carries
   * data-row/data-leaf and is focusable; any other cell is plain text and no tab stop).
   */
  drill: ((r: number, leaf: number, v: number | null) => boolean) | null;
  /** The growth cells' marks (the layout's `marks`) and their words; none without them. */
  marks?: { of: NonNullable<PivotLayout['marks']>; words: MarkWords } | null;
}

/**
 * The value cells of one body row as HTML: a 100,000-cell table scrolls by replacing whole rows,
 * and one string per row is far cheaper than a reactive node per cell. Every text is escaped.
 */
export function cellsHtml(row: PivotLayout['rows'][number], r: number, o: CellOptions): string {
  let out = '';
  const shadeRow = row.kind === 'data' && !row.other; // Other is off its scale
  for (let i = 0; i < row.values.length; i++) {
    const v = row.values[i] ?? null;
    const leaf = o.leaves[i];
    const role = leaf?.column.role;
    const cls: string[] = [];
    let attrs = '';
    if (leaf && leaf.kind !== 'data') cls.push('total');
    // The tiles' and print's rule (bad-news.ts), on the same cell they read: a change in % or
    // points that is worse (a fall, or a rise of lost deals) is red; a Δ of a count is not.
    if ((role === 'delta' || role === 'growth') && badNews(pivotCell(leaf, v))) cls.push('neg');
    const bg = shadeRow && leaf?.kind === 'data' && o.shade ? o.shade(i, v) : null;
    if (bg) {
      cls.push('shaded');
      attrs += ` style="background-color:${esc(bg)}"`;
    }
    // "Other" stands for many values at once: there is no one list of rows behind it.
    if (!row.other && o.drill?.(r, i, v)) {
      cls.push('drill');
      // Out of the Tab order: the table is one stop, the cell PivotTable makes it (tabStop).
      attrs += ` data-row="${r}" data-leaf="${i}" tabindex="-1"`;
    }
    const mark = o.marks?.of[r]?.[i] ?? null;
    let text = esc(o.formats[i]?.(v) ?? '');
    if (isTier(mark) && v === null) {
      // Words, not a colour: a screen reader reads "new" where a number would be.
      const w = o.marks!.words[mark];
      cls.push('new');
      attrs += ` title="${esc(w.title)}"`;
      text = esc(w.text);
    } else if (mark && !isTier(mark)) {
      // The sign is drawn (PivotTable's `.mark::before`), the word is the text a screen reader
      // reads and a copy takes.
      const w = markWord(o.marks!.words, mark, leaf?.column);
      text += ` <span class="mark ${mark}" title="${esc(w.title)}" data-sign="${MARK_SIGN[mark]}"><span class="visually-hidden">${esc(w.text)}</span></span>`;
    }
    if (cls.length) attrs = ` class="${cls.join(' ')}"${attrs}`;
    out += `<td${attrs}>${text}</td>`;
  }
  return out;
}
