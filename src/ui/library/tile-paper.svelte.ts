/**
 * How a dashboard tile (DashboardTile.svelte) is laid out on paper: the bands of columns a table
 * wider than the page prints in, and which bands — and the tile itself — fit a page and are kept
 * whole on one. Both are measured in the paper layout before the print is laid out. The component
 * renders what this decides; it is created while the component initialises (its effects are the
 * component's).
 */
import { flushSync } from 'svelte';
import type { ExportGrid } from '../../charts/export/export.ts';
import type { PivotLayout } from '../../charts/pivot/pivot-layout.ts';
import { PORTRAIT, PORTRAIT_HEIGHT } from '../common/print-page.ts';
import { bandColumns, columnBands, leafBreaks, rightEdges } from '../pivot/grid-cut.ts';

/** What the paper layout reads of the tile: its grid and layout, and whether it is on paper. */
export interface TileSheet {
  grid: () => ExportGrid | null;
  layout: () => PivotLayout | null;
  labelColumns: () => number;
  /** Laid out for paper (`.paper`): printing, or the print view's sheet. */
  paper: () => boolean;
  /** The table's box, whose `.band`s hold the tables. */
  box: () => HTMLDivElement | null;
}

export class TilePaper {
  /** The tile's element (bound by the component): measured at the page's width. */
  tile = $state<HTMLElement | null>(null);
  readonly #sheet: TileSheet;

  // Paper cannot scroll, and a tile keeps every column there: a table wider than the page
  // (quarters × sources × measures) prints in bands of columns, one under another, each with the
  // row labels again — at the tile's own type size, where scaling it down to the page printed 80
  // columns too small to read. Measured at the table's narrowest, as laid out for paper
  // (`.paper`: wrapped cells, small type) before the print is laid out.
  #split = $state.raw<{ grid: ExportGrid; bands: [number, number][] } | null>(null);

  // A page break inside a band printed its last rows under the next band's header (Chromium
  // repeats a table's header on the next page, but a band's header could end a page with no row
  // under it). A band that fits a page is kept whole on one; a taller one runs on with its
  // header repeated, and never leaves the header alone at a page's foot (`tr:first-child`).
  // The tile too is kept on one page only when it fits one: a tile taller than a page was moved
  // whole to the next and left the first page with the heading alone. Measured in the paper
  // layout at the page's width before the print is laid out: at the window's width (1,280 px)
  // a long LTV tile's names wrapped less, it measured 971 px of the page's 1,016 and was kept
  // whole, and on the 687 px page, taller than one, it was moved past the heading.
  #pages = $state.raw<{
    grid: ExportGrid;
    of: ExportGrid[] | null;
    bands: boolean[];
    tile: boolean;
  } | null>(null);

  constructor(sheet: TileSheet) {
    this.#sheet = sheet;
    $effect(() => this.#measureSplit());
    $effect(() => this.#measurePages());
  }

  /** The bands of columns paper prints, one under another; null when the table fits the page. */
  readonly bands = $derived.by((): ExportGrid[] | null => {
    const grid = this.#sheet.grid();
    const split = this.#split;
    return grid && this.#sheet.paper() && split?.grid === grid && split.bands.length > 1
      ? split.bands.map(([from, to]) => bandColumns(grid, this.#sheet.labelColumns(), from, to))
      : null;
  });
  readonly #measured = $derived.by(() => {
    const pages = this.#pages;
    return pages && pages.grid === this.#sheet.grid() && pages.of === this.bands ? pages : null;
  });
  /** The tile is kept whole on one page (until measured, as it always was). */
  readonly keepTile = $derived(this.#measured?.tile ?? true);

  /** Band `i` fits a page and is kept whole on one. */
  keepBand(i: number): boolean {
    return this.bands !== null && this.#measured?.bands[i] === true;
  }

  /**
   * On `beforeprint`, once the component is laid out for paper: measured anew (a tile hidden
   * under the print view measured nothing), then laid out in its bands, before the print is
   * (hence the synchronous flushes).
   */
  beforePrint(): void {
    this.#split = null;
    this.#pages = null;
    flushSync();
    this.#measureSplit();
    flushSync();
    this.#measurePages();
    flushSync();
  }

  #measureSplit(): void {
    const grid = this.#sheet.grid();
    const box = this.#sheet.box();
    if (!grid || !box || !this.#sheet.paper() || this.#split?.grid === grid) return;
    const table = box.querySelector('table');
    if (!table) return;
    table.style.width = 'min-content';
    const edges = rightEdges(box);
    table.style.width = '';
    // A measure's previous value, Δ and Δ % stay in its band (`leafBreaks`), as the report's do.
    const labelColumns = this.#sheet.labelColumns();
    const layout = this.#sheet.layout();
    const breaks = layout ? leafBreaks(layout.leaves, labelColumns) : [];
    if (edges) this.#split = { grid, bands: columnBands(edges, labelColumns, PORTRAIT, breaks) };
  }

  #measurePages(): void {
    const grid = this.#sheet.grid();
    const box = this.#sheet.box();
    const tile = this.tile;
    if (!grid || !box || !tile || !this.#sheet.paper() || this.#measured) return;
    const fits = (el: Element) => el.getBoundingClientRect().height <= PORTRAIT_HEIGHT;
    const width = tile.style.width;
    tile.style.width = `${PORTRAIT}px`;
    this.#pages = {
      grid,
      of: this.bands,
      bands: [...box.querySelectorAll(':scope > .band')].map(fits),
      tile: fits(tile),
    };
    tile.style.width = width;
  }
}
