/**
 * The drill-down list behind one pivot cell or one number of an analysis: the compiled list
 * (query/drill.ts, crm/analyses/drill.ts) fetched a page at
 * a time with LIMIT/OFFSET, its total count, sorting by a column, and the whole list in pages for
 * exports. Works on the spec that produced the shown result, not on later edits.
 */
import type { Table } from 'apache-arrow';
import type { Compiled } from '../session/data-source.svelte.ts';
import type { Catalog } from '../../query/catalog.ts';
import type { CellKey } from '../../query/spec/cell.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import { compileDrill, type DrillQuery, type DrillSort } from '../../query/drill.ts';
import { listDecimals } from '../../query/drill-decimals.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { compileAnalysisDrill, type AnalysisCell } from '../../crm/analyses/drill.ts';
import { messageOf, type Message } from '../../lib/message.ts';
import type { Dialect } from '../../query/sql/dialect.ts';

export type Row = Record<string, unknown>;

export interface DrillTarget {
  spec: ReportSpec;
  catalog: Catalog;
  /** The value column clicked: a measure id or `<m>_previous`; an analysis's result key. */
  key: string;
  /** A pivot cell by its dimension values; an analysis row by all its values. */
  cell: CellKey | AnalysisCell;
  /** What the cell is, in words ("Revenue · Анна · 2024-Q1"). */
  caption: string;
  /** The cell's value as shown. */
  shown: string;
  /**
   * The rows a chosen period leaves out for want of the measure's date (the report's
   * `note_undated`), instead of the rows behind the cell (then the grand total's cell, `{}`).
   */
  undated?: boolean;
}

const EXPORT_PAGE = 10_000;

/**
 * Plain rows keyed by column name. Built on a prototype-less object: a column named `__proto__`
 * (a user's header) is then a column like any other, which Arrow's `toJSON` would drop.
 */
function rowsOf(t: Table): Row[] {
  const cols = t.schema.fields.map((f, i) => [f.name, t.getChildAt(i)] as const);
  return Array.from({ length: t.numRows }, (_, i) => {
    const row = Object.create(null) as Row;
    for (const [name, vec] of cols) row[name] = vec?.get(i) as unknown;
    return row;
  });
}

export class Drill {
  target = $state.raw<DrillTarget | null>(null);
  columns = $state.raw<OutputColumn[]>([]);
  rows = $state.raw<Row[]>([]);
  total = $state<number | null>(null);
  /**
   * Each number column's decimals over the whole list, not the page shown (drill-decimals.ts):
   * whole days read "12 d" on every page.
   */
  decimals = $state.raw<Record<string, number>>({});
  offset = $state(0);
  sort = $state.raw<DrillSort[]>([]);
  loading = $state(false);
  error = $state<Message | null>(null);
  readonly pageSize: number;
  #run: (query: Compiled) => Promise<Table>;
  #dialect: () => Dialect;
  #seq = 0;

  /**
   * `run`: the dataset's engine, running a compiled query (data-source.svelte.ts); `dialect`: the
   * SQL it speaks, asked at each compile (the engine changes when a server is connected).
   */
  constructor(
    run: (query: Compiled) => Promise<Table>,
    dialect: () => Dialect = () => 'duckdb',
    pageSize = 100,
  ) {
    this.#run = run;
    this.#dialect = dialect;
    this.pageSize = pageSize;
  }

  get fact(): string {
    return this.#compile(0, 1)?.fact ?? 'deals';
  }

  /** Opens the list for a cell (first page, default order). */
  async show(target: DrillTarget): Promise<void> {
    this.target = target;
    this.sort = [];
    this.offset = 0;
    this.total = null;
    this.decimals = {};
    this.rows = [];
    this.columns = [];
    await this.#load(true);
  }

  close(): void {
    this.#seq++;
    this.target = null;
    this.rows = [];
    this.total = null;
  }

  /** Click on a header: descending, then ascending, then back to the default order. */
  async toggleSort(key: string): Promise<void> {
    const cur = this.sort[0];
    this.sort =
      cur?.key !== key ? [{ key, dir: 'desc' }] : cur.dir === 'desc' ? [{ key, dir: 'asc' }] : [];
    this.offset = 0;
    await this.#load(false);
  }

  async page(delta: 1 | -1): Promise<void> {
    const next = this.offset + delta * this.pageSize;
    if (next < 0 || (this.total !== null && next >= this.total)) return;
    this.offset = next;
    await this.#load(false);
  }

  #compile(offset: number, limit: number): DrillQuery | null {
    const t = this.target;
    if (!t) return null;
    const opts = { limit, offset, sort: this.sort, dialect: this.#dialect() };
    return t.spec.analysis === 'pivot'
      ? compileDrill(t.spec, t.catalog, t.key, t.cell as CellKey, {
          ...opts,
          undated: t.undated === true,
        })
      : compileAnalysisDrill(t.spec, t.catalog, t.key, t.cell as AnalysisCell, opts);
  }

  async #load(withCount: boolean): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const q = this.#compile(this.offset, this.pageSize);
      if (!q) return;
      const [page, count] = await Promise.all([
        this.#run(q),
        withCount ? this.#run({ sql: q.countSql }) : null,
      ]);
      if (seq !== this.#seq) return;
      this.columns = q.columns;
      this.rows = rowsOf(page);
      if (count) {
        this.total = Number(count.getChild('n')?.get(0) ?? 0);
        this.decimals = listDecimals(q.columns, (k) => count.getChild(k)?.get(0) as unknown);
      }
    } catch (e) {
      if (seq === this.#seq) this.error = messageOf(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** The whole list in the current order, fetched in pages (for CSV/XLSX). */
  async all(onProgress?: (n: number) => void): Promise<Row[]> {
    const out: Row[] = [];
    for (let off = 0; ; off += EXPORT_PAGE) {
      const q = this.#compile(off, EXPORT_PAGE);
      if (!q) break;
      const page = rowsOf(await this.#run(q));
      out.push(...page);
      onProgress?.(out.length);
      if (page.length < EXPORT_PAGE) break;
    }
    return out;
  }
}
