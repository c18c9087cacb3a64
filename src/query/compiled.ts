/** What the compiler hands to the engine and the views: the SQL and the meaning of each column. */
import type { DeltaFormat } from './catalog.ts';
import type { Message, Named } from '../lib/message.ts';

export type OutputRole =
  | 'dimension'
  | 'measure'
  | 'previous'
  | 'delta'
  | 'growth'
  | 'rank'
  /** `<m>_earlier`: 1 where the earlier period had anything for the member (query/growth.ts). */
  | 'earlier'
  /** `<m>_rows`: the rows a sum lists, where no count asked for says it (query/row-counts.ts). */
  | 'rows'
  | 'grouping'
  /** `_other`: true on the "Other" member of the first row dimension (top N with Other). */
  | 'other';

export interface OutputColumn {
  /** The result column name: a dimension key, a measure id, `<m>_previous`, `<m>_delta`… */
  key: string;
  role: OutputRole;
  /** For dimensions: which axis of the pivot. */
  axis?: 'row' | 'column';
  /** For measure-derived columns: the measure id. */
  measure?: string;
  format: DeltaFormat | 'text' | 'date';
  /**
   * A dimension's values in an order of their own (stages in pipeline order): the result lists
   * them in it unless sorted by a measure, and a chart draws them in it, not by value.
   */
  valueOrder?: readonly string[];
  /**
   * A column that says the most about a row (LTV's revenue and RFM segment): a view too narrow
   * for every column (a dashboard tile) keeps it, after the row labels, before the others.
   */
  essential?: true;
  /**
   * A column the row's other columns already tell (LTV's R, F and M under its segment; its
   * tenure and days since the last purchase beside the two dates; its average and purchases a
   * year beside revenue and purchases): a screen whose table would not fit with it leaves it out
   * first — the rightmost first, saying so — before laying the rows out as blocks. Exports,
   * print, tiles and the CLI keep it.
   */
  secondary?: true;
  /**
   * A column that only orders the rows (dynamics' `status_order`): a key of the result and of the
   * CLI's output, which a reader of the table has no use for, so the screen, its exports and
   * print leave it out (`onScreen`).
   */
  sortKey?: true;
  /**
   * A change an analysis ranks (a compared funnel's `step_conversion_delta`): among the rows that
   * share these columns' values (its split; none: all rows), the highest above 0 is marked
   * "best" and the lowest below 0 "worst", as the pivot marks a growth (charts/pivot/flat-marks.ts).
   */
  rankedWithin?: string[];
  /**
   * Rows of a ranked column whose `key` column holds one of `values` rank by the opposite sign:
   * for them a fall is the good news (dynamics' lapsed and lost clients).
   */
  rankReversed?: { key: string; values: string[] };
  /**
   * A change (Δ, Δ %) of a measure whose rise is the bad news in every row (`MeasureDef.worseWhenMore`:
   * lost deals, a longer cycle): the marks read its fall as the best and the colour its rise as bad.
   */
  worseWhenMore?: true;
}

/** Whether a table on screen (and its CSV/XLSX, print, tile) shows the column. */
export const onScreen = (c: OutputColumn): boolean =>
  c.role !== 'grouping' && c.role !== 'earlier' && c.role !== 'rows' && !c.sortKey;

export interface CompiledQuery {
  sql: string;
  columns: OutputColumn[];
  /**
   * When totals are on, the result has subtotal rows: `_grouping` is DuckDB's GROUPING() bitmask
   * over the dimensions in output order (bit set = that dimension is rolled up into a total).
   */
  hasTotals: boolean;
  /** Notes to show beside the result (approximations, ignored options). */
  notes: Message[];
  /**
   * Counts of rows outside every period because they lack the measure's date (`undated.ts`):
   * run beside the result, each non-zero one is a note. Only with a period.
   */
  undated?: UndatedCheck[];
  /**
   * Tables derived from the loaded dataset that `sql` reads (the funnel's per-deal summary), each
   * built by its `sql` before the query runs, once per loaded dataset (`PreparedTables`).
   */
  prepare?: PreparedTable[];
}

/** A table built from the dataset on first use and kept until the dataset changes. */
export interface PreparedTable {
  /** Its name; the same name always means the same content for the same dataset. */
  table: string;
  /** `CREATE OR REPLACE TABLE <table> AS …`. */
  sql: string;
}

export interface UndatedCheck {
  /** `SELECT count(*) AS "n"` over the fact's rows without the date, under the report's filters. */
  sql: string;
  field: Named;
  measures: Named[];
  /**
   * A measure of the group whose drill-down with `undated` lists exactly the counted rows (one
   * that counts every row, or the only measure); null when no single measure's rows are those.
   */
  drill: string | null;
}
