/**
 * A flat table of an analysis result: its columns in output order, each cell formatted by the
 * column's format (rates as %, money, days, dates). Analyses return long tables whose layout the
 * pivot does not apply to (a funnel's steps, an LTV row per client). Pure.
 */
import type { Lang } from '../../lib/i18n.ts';
import { onScreen, type OutputColumn } from '../../query/compiled.ts';
import { dimensionLabel, formatter, sharedDecimals, type FormatOptions } from '../format.ts';
import { columnValues, type ResultLike } from '../result.ts';
import { badNews } from '../export/bad-news.ts';
import { listCell } from '../export/export.ts';
import { rankMarks, reversedRows, tierMarks, type RankMark } from './flat-marks.ts';
import type { GrowthTier } from './growth-marks.ts';

export interface FlatTable {
  /** `date`: a calendar date, kept on one line like a number ("19 июн. 2025 г." never wraps). */
  headers: FlatHeader[];
  /** Formatted cells, row by row; at most `limit` rows. */
  rows: string[][];
  total: number;
  /**
   * Per row, per column: a best/worst word shown beside the number, or "new" / "from 0" standing
   * in place of a growth without one (flat-marks.ts), or null.
   */
  marks?: (FlatMark | null)[][];
  /**
   * Per row, per column: whether the cell is bad news, shown red (a worse Δ %: more lapsed
   * clients, a lower conversion), by the rule print and tiles colour their cells by
   * (charts/export/bad-news.ts); absent when no cell is.
   */
  bad?: boolean[][];
}

export interface FlatHeader {
  key: string;
  /** The column's whole name ("Reached, previous"): drill captions, titles, screen readers. */
  label: string;
  numeric: boolean;
  date?: boolean;
  /**
   * A compared value's measure ("Reached"), shown once over its columns, and the column's own
   * part under it ("Q3 2024", "Δ"): side by side, "now | earlier | Δ" of one measure read as one.
   */
  group?: { label: string; short: string };
  /** A column the row's others already tell (`OutputColumn.secondary`): a narrow screen leaves it out first. */
  secondary?: true;
}

/** A cell's mark in the UI language: the word shown (beside the number, or as a tier alone) and its title. */
export interface FlatMark {
  kind: RankMark | GrowthTier;
  text: string;
  title: string;
}

export interface FlatTableOptions {
  lang: Lang;
  empty: string;
  label(col: OutputColumn): string;
  /** Display text of a text value of a column (a status, a segment); default as is. */
  category?(key: string, value: string): string;
  money?: FormatOptions;
  limit?: number;
  /**
   * A result whose total row is marked by a null in one dimension column (drivers of change):
   * that cell reads `label` and the row's other dimension cells stay blank, so the total does
   * not pass for a member that has no value.
   */
  totalRow?: { key: string; label: string };
  /** The words of the best/worst marks of the columns an analysis ranks; no marks without. */
  markWords?: Record<RankMark, { text: string; title: string }>;
  /** The words of a growth without a number (a compared LTV's new client); "–" without. */
  tierWords?: Record<GrowthTier, { text: string; title: string }>;
  /** A column's measure and part when it is one of a compared measure's columns, else null. */
  group?(col: OutputColumn): FlatHeader['group'] | null;
}

// `pp`: a compared funnel's Δ of a conversion, in percentage points.
const NUMERIC = new Set(['int', 'number', 'money', 'pct', 'pp', 'days']);
/**
 * Formats whose decimals a column decides from all its values, not only the rows shown (more
 * rows shown never change them): a list of whole days reads 193 d, not 193.0 d. Rates keep their
 * one decimal, as a spreadsheet shows them.
 */
const COLUMN_DECIMALS = new Set(['number', 'days']);

/** Formats the first `limit` rows of a result, columns in order (the `_grouping` helper left out). */
export function buildFlatTable(
  columns: OutputColumn[],
  result: ResultLike,
  o: FlatTableOptions,
): FlatTable {
  const shown = columns.filter(onScreen);
  const cells = shown.map((c) => {
    const col = result.getChild(c.key);
    const numeric = NUMERIC.has(c.format);
    const decimals = COLUMN_DECIMALS.has(c.format)
      ? sharedDecimals(c.format, columnValues(result, c.key) ?? [])
      : undefined;
    const fmt = numeric
      ? formatter(c.format, o.lang, {
          ...(c.format === 'money' ? (o.money ?? {}) : {}),
          ...(decimals === undefined ? {} : { decimals }),
        })
      : c.format === 'date'
        ? formatter('date', o.lang)
        : null;
    // A category may name its own empty value (the first period of a status transition).
    const empty = c.role === 'dimension' ? o.category?.(c.key, '') || o.empty : '';
    const cell = (v: unknown): string => {
      if (fmt)
        return v === null || v === undefined ? (c.role === 'dimension' ? o.empty : '–') : fmt(v);
      if (v === null || v === undefined || v === '') return empty;
      const s = dimensionLabel(v, c.format, o.lang, o.empty);
      return o.category?.(c.key, s) ?? s;
    };
    return { col, cell, key: c.key, dimension: c.role === 'dimension' };
  });
  const marker = o.totalRow ? result.getChild(o.totalRow.key) : null;
  const n = Math.min(result.numRows, o.limit ?? Infinity);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const isTotal = marker !== null && (marker.get(i) ?? null) === null;
    rows.push(
      cells.map(({ col, cell, key, dimension }) =>
        isTotal && dimension
          ? key === o.totalRow?.key
            ? o.totalRow.label
            : ''
          : cell(col?.get(i) ?? null),
      ),
    );
  }
  const words = o.markWords;
  const ranked = words ? rankMarks(shown, result) : null;
  const tiers = o.tierWords ? tierMarks(shown, result) : null;
  const marks =
    (words && ranked?.size) || tiers?.size
      ? rows.map((row, r) =>
          shown.map((c, j): FlatMark | null => {
            const tier = tiers?.get(c.key)?.[r] ?? null;
            if (tier && o.tierWords) {
              // Words, not "–": the growth has no number because there was nothing before.
              row[j] = o.tierWords[tier].text;
              return { kind: tier, ...o.tierWords[tier] };
            }
            const kind = ranked?.get(c.key)?.[r] ?? null;
            return kind && words ? { kind, ...words[kind] } : null;
          }),
        )
      : undefined;
  const bad = badCells(shown, result, n);
  return {
    headers: shown.map((c) => {
      const group = o.group?.(c) ?? null;
      return {
        key: c.key,
        label: o.label(c),
        numeric: NUMERIC.has(c.format),
        ...(c.format === 'date' ? { date: true } : {}),
        ...(group ? { group } : {}),
        ...(c.secondary ? { secondary: true as const } : {}),
      };
    }),
    rows,
    total: result.numRows,
    ...(marks ? { marks } : {}),
    ...(bad ? { bad } : {}),
  };
}

/**
 * The first `n` rows' bad news, each value read as the grid of print and tiles reads it
 * (`listCell`, turned where the analysis ranks the row's change the other way), so a number red
 * on a tile is red on screen; null when none is.
 */
function badCells(shown: OutputColumn[], result: ResultLike, n: number): boolean[][] | null {
  const turned = shown.map((c) => reversedRows(c, result));
  const values = shown.map((c) => result.getChild(c.key));
  let any = false;
  const out: boolean[][] = [];
  for (let r = 0; r < n; r++)
    out.push(
      shown.map((c, j) => {
        const cell = listCell(values[j]?.get(r) ?? null, c);
        const red = badNews(turned[j]?.[r] ? { ...cell, reversed: true } : cell);
        any ||= red;
        return red;
      }),
    );
  return any ? out : null;
}
