/**
 * The shape of a pivot layout: header rows, column leaves and body rows, render-ready (the table,
 * the exports, print and tiles all read it). Built by buildPivot in pivot.ts.
 */
import type { GrowthMark } from './growth-marks.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { ROLLED_UP } from '../../query/spec/cell.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { Scalar, ShowAs, SortKey } from '../../query/spec/spec.ts';

/** A dimension value of a row or column path, or ROLLED_UP in a (sub)total. */
export type PathMember = Scalar | typeof ROLLED_UP;

export interface PivotLabels {
  lang: Lang;
  /** A null dimension value: "(empty)". */
  empty: string;
  /** Grand total: "Total". */
  total: string;
  /** A subtotal of one group: "Total Alice". */
  subtotal(groupLabel: string): string;
  /** The single body row when there are no row dimensions: "All". */
  all: string;
  /** The rest of a top N: "Other". */
  other?: string;
  /** Header of a dimension (its field label with grain). */
  dimension(col: OutputColumn): string;
  /** Display text of a member (a deal's status in the UI language); default the value itself. */
  member?(key: string, value: string): string;
  /** Header of a value column (measure label, or "Revenue, Δ%"). */
  value(col: OutputColumn): string;
  /**
   * Header of a value column shown as a share ("Revenue, % of total"): the unit of its values
   * (₽) would name the numbers wrongly. Default `value`.
   */
  share?(col: OutputColumn, show: Exclude<ShowAs, 'value'>): string;
}

export type HeaderKind = 'corner' | 'dim' | 'member' | 'total' | 'value';

export interface HeaderCell {
  text: string;
  colspan: number;
  rowspan: number;
  kind: HeaderKind;
  scope: 'col' | 'colgroup' | null;
  /** For `value` cells: the result column key (for sorting by clicking). */
  key?: string;
  /** For `value` cells: the kind of column it heads. */
  colKind?: EntryKind;
  /**
   * For `value` cells: the table column a sort by this header names (`SortKey.column`); absent
   * for the column rows are ordered by by default (the row total).
   */
  column?: (string | null)[];
  /** For `value` cells: the direction when the rows are ordered by exactly this column. */
  sort?: 'asc' | 'desc';
}

export type EntryKind = 'data' | 'subtotal' | 'total';

export interface PivotLeaf {
  /** The result column whose values fill this table column. */
  column: OutputColumn;
  /** Whether the column-dimension path is a data member or a (sub)total. */
  kind: EntryKind;
  /** The column-dimension values of this column, aligned with `colKeys`. */
  members: PathMember[];
  /** Values are shares (fractions) under "show as", not the measure's own unit. */
  share: boolean;
}

export interface RowLabel {
  text: string;
  colspan: number;
  /** Repeated group label left blank for readability (the value is in `text` for a11y). */
  repeat: boolean;
  /** Null dimension value. */
  empty: boolean;
}

export interface PivotRow {
  kind: EntryKind;
  /** How many row dimensions this row is broken down by (n for data rows, less for totals). */
  depth: number;
  labels: RowLabel[];
  /** Aligned with `leaves`; null = no value. */
  values: (number | null)[];
  /**
   * The row-dimension values of this row, aligned with `rowKeys`. The "Other" member of a top N
   * has no single value: it reads ROLLED_UP here, with `other` set.
   */
  members: PathMember[];
  /** The row is (under) the "Other" member of a top N. */
  other: boolean;
}

export interface PivotLayout {
  header: HeaderCell[][];
  leaves: PivotLeaf[];
  rows: PivotRow[];
  /** Number of row-label columns (≥ 1). */
  labelColumns: number;
  /** Table columns left out by `maxColumns`. */
  hiddenColumns: number;
  /** Result rows whose grouping is not a rollup of the layout (cube cross-totals): ignored. */
  skipped: number;
  /** Measures left as values under "show as": a share of them means nothing (rates, medians). */
  notShareable: string[];
  /**
   * Per body row, per leaf: what a growth cell says beyond its number ("new", the column's best
   * and worst growth; growth-marks.ts). Absent when no cell has a mark.
   */
  marks?: (GrowthMark | null)[][];
  /**
   * Per body row, per leaf: true where a value has no rows behind it, so it is no drill-down link
   * (`PivotOptions.listsRows`). Absent when none is, or when nothing was asked.
   */
  noRows?: boolean[][];
  /** Dimension keys of the row and column axes (what `members` are aligned with). */
  rowKeys: string[];
  colKeys: string[];
}

export interface PivotOptions {
  /** At most this many value columns; the rest are counted in `hiddenColumns`. */
  maxColumns?: number;
  /** "Show as" % of row / column / total; needs the totals in the result. */
  show?: ShowAs;
  /** Whether a measure's share means something (`MeasureDef.shareable`); default no. */
  shareable?: (measure: string) => boolean;
  /**
   * Row order (first key only), applied within each parent, by the values in the column the key
   * names (default the row total). Default: the result's order.
   */
  sort?: readonly SortKey[];
  /**
   * Whether value column `key` of a cell lists rows, from the cell's result row (`read`: its value
   * of any result key, hidden ones included); its answers fill `noRows`. Default: not asked.
   */
  listsRows?: (key: string, read: (key: string) => number | null) => boolean;
}
