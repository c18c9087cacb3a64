/**
 * How a list table (ListTable.svelte) is laid out at its box's width: as a table with every
 * column, as one without the columns it may leave out, or a row per block (list-fit.ts) — decided
 * from the page's own font, measured once the table is there; on paper with every column. And
 * which clamped text gets its whole text on hover and focus. The component renders what this
 * decides; it is created while the component initialises (its effects are the component's).
 */
import { flushSync } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { FlatTable } from '../../charts/pivot/flat-table.ts';
import { canvasMeasure, glyphMeasure, listFit, type Measure } from './list-fit.ts';
import { hasGroups, headBands } from './list-head.ts';

/** What a list table shows: headers and formatted cells, row by row. */
export type ListData = Pick<FlatTable, 'headers' | 'rows' | 'marks' | 'bad'>;

export class ListLayout {
  /** The box's width (bound by the component); 0 before it is laid out. */
  boxWidth = $state(0);
  /** The table element (bound by the component): its font is the one measured. */
  table = $state<HTMLTableElement | null>(null);
  /** The user asked for every column back. */
  everyColumn = $state(false);
  /** Paper keeps every column (a page printed from the report itself, not the print view). */
  paper = $state(false);
  readonly #data: () => ListData;
  readonly #mayLeaveOut: () => boolean;

  /**
   * `data`: the list shown; `mayLeaveOut`: whether the list may leave its secondary columns out
   * (the component was given the words to say so).
   */
  constructor(data: () => ListData, mayLeaveOut: () => boolean) {
    this.#data = data;
    this.#mayLeaveOut = mayLeaveOut;
    $effect(() => {
      const media = matchMedia('print');
      const read = () => (this.paper = media.matches);
      read();
      media.addEventListener('change', read);
      return () => media.removeEventListener('change', read);
    });
  }

  // The page's own font, measured: the glyph table runs wide (Russian by ≈ 20 %), and a compared
  // funnel split by source stacked at 1440 px with 90 px to spare.
  readonly measure = $derived<Measure>(
    (this.table && canvasMeasure(getComputedStyle(this.table).fontFamily)) || glyphMeasure,
  );
  // By functions: the data comes in by the constructor, after the fields are declared.
  readonly fitted = $derived.by(() =>
    listFit(
      this.#data(),
      this.boxWidth,
      this.measure,
      this.#mayLeaveOut() && !this.everyColumn && !this.paper,
    ),
  );
  /** A row per block; before the box is measured (and in a test without layout) a table. */
  readonly stacked = $derived(this.boxWidth > 0 && this.fitted.stacked);
  /** The columns left out (their indexes in the data). */
  readonly out: readonly number[] = $derived(this.boxWidth > 0 ? this.fitted.leave : []);
  // Every column asked back: the way to the fitted table again, offered only where it leaves some out.
  readonly canFit = $derived.by(
    () =>
      this.#mayLeaveOut() &&
      this.everyColumn &&
      this.boxWidth > 0 &&
      listFit(this.#data(), this.boxWidth, this.measure, true).leave.length > 0,
  );
  /** The headers of the columns shown, and those columns' indexes in the data. */
  readonly headers = $derived.by(() =>
    this.#data().headers.filter((_, j) => !this.out.includes(j)),
  );
  readonly cols = $derived.by(() =>
    this.#data()
      .headers.map((_, j) => j)
      .filter((j) => !this.out.includes(j)),
  );
  /** A compared measure's columns under its name (two header rows). */
  readonly grouped = $derived(hasGroups(this.headers));
  readonly bands = $derived(this.grouped ? headBands(this.headers) : []);

  /** On `beforeprint`: every column, laid out before the print is (hence the flush). */
  beforePrint(): void {
    this.paper = true;
    flushSync();
  }

  afterPrint(): void {
    this.paper = matchMedia('print').matches;
  }
}

/**
 * Which text is clamped depends on the width it was laid out in: a clamped one gets its whole
 * text as a title (hover) and a tab stop (focus unclamps it); the rest stay out of the tab order.
 * Returns the attachment for a clamped cell's text, observed afresh for each text, so a new
 * result's text is checked even at the same size. Call while a component initialises.
 */
export function clampMarks(): (text: string) => Attachment<HTMLElement> {
  function mark(el: HTMLElement) {
    if (el.scrollHeight > el.clientHeight + 1) {
      el.title = el.textContent ?? '';
      el.tabIndex = 0;
    } else if (document.activeElement !== el) {
      el.removeAttribute('title');
      el.removeAttribute('tabindex');
    }
  }
  const clamps = new ResizeObserver((entries) => {
    for (const e of entries) mark(e.target as HTMLElement);
  });
  $effect(() => () => clamps.disconnect());
  return (text) => (el) => {
    void text;
    clamps.observe(el);
    return () => clamps.unobserve(el);
  };
}
