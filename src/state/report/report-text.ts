/**
 * A report in words and as a laid-out table, for the views around the main result (drill-down
 * captions, dashboard tiles, the print view, export file names). Mirrors what Result.svelte shows.
 */
import type { Table } from 'apache-arrow';
import { currencySymbol, formatDate, formatter } from '../../charts/format.ts';
import { buildPivot, type PivotLabels, type PivotLayout } from '../../charts/pivot/pivot.ts';
import { buildPlot, type PlotResult } from '../../charts/plot/plot-spec.ts';
import { ROLLED_UP } from '../../query/spec/cell.ts';
import type { CompiledQuery, OutputColumn } from '../../query/compiled.ts';
import type { ChartKind, Period, ReportSpec } from '../../query/spec/spec.ts';
import type { Workbench } from './workbench.svelte.ts';

/** A value column's header, with the currency symbol for money. */
export function valueLabel(wb: Workbench, col: OutputColumn): string {
  const base = wb.columnLabel(col);
  return col.format === 'money' && wb.currency
    ? `${base}, ${currencySymbol(wb.currency, wb.lang)}`
    : base;
}

export function pivotLabels(wb: Workbench): PivotLabels {
  return {
    lang: wb.lang,
    empty: wb.t('empty'),
    total: wb.t('total'),
    all: wb.t('all'),
    other: wb.t('topOther'),
    subtotal: (name: string) => wb.t('subtotal', { name }),
    dimension: (c: OutputColumn) => wb.columnLabel(c),
    value: (c: OutputColumn) => valueLabel(wb, c),
  };
}

/**
 * The pivot layout of a result, as the main table builds it (ranks left out): with the spec's
 * "show as" and sort, so print and tiles show what the screen shows.
 */
export function layoutOf(
  wb: Workbench,
  query: CompiledQuery,
  table: Table,
  maxColumns = 160,
  spec: Pick<ReportSpec, 'show' | 'sort'> | null = null,
): PivotLayout {
  const columns = query.columns.filter((c) => c.role !== 'rank');
  return buildPivot(columns, table, pivotLabels(wb), {
    maxColumns,
    ...(spec ? { show: spec.show, sort: spec.sort } : {}),
    shareable: (m) => wb.measure(m)?.shareable === true,
  });
}

/** One formatter per leaf of a layout. */
export function leafFormats(wb: Workbench, layout: PivotLayout): ((v: number | null) => string)[] {
  return layout.leaves.map((leaf) => {
    if (leaf.share) return formatter('pct', wb.lang);
    const f =
      leaf.column.format === 'text' || leaf.column.format === 'date'
        ? 'number'
        : leaf.column.format;
    return formatter(f, wb.lang);
  });
}

/** The report's title: its own, or "Revenue, Won by Manager × Period · Quarter". */
export function reportTitle(wb: Workbench, spec: ReportSpec): string {
  if (spec.title?.trim()) return spec.title.trim();
  const measures = spec.measures.map((m) => wb.measureLabel(m)).join(', ');
  const dims = [...spec.rows, ...spec.columns].map((d) => wb.dimensionLabel(d)).join(' × ');
  const text = [measures, dims].filter(Boolean).join(' — ');
  return text || wb.t('untitled');
}

/** "1 Jan 2024 – 31 Dec 2024", or "All time". */
export function periodText(wb: Workbench, period: Period | null): string {
  if (!period) return wb.t('allTime');
  return `${formatDate(period.from, wb.lang)} – ${formatDate(period.to, wb.lang)}`;
}

/** The report's filters in words, or "none". */
export function filtersText(wb: Workbench, spec: ReportSpec): string {
  return spec.filters.length
    ? spec.filters.map((f) => wb.filterLabel(f)).join('; ')
    : wb.t('noFilters');
}

/** "Revenue · Анна · 2024-Q1": what one cell of a layout is. */
export function cellCaption(wb: Workbench, layout: PivotLayout, r: number, i: number): string {
  const row = layout.rows[r];
  const leaf = layout.leaves[i];
  const parts = [leaf ? valueLabel(wb, leaf.column) : ''];
  if (row) parts.push(...row.labels.map((l) => l.text));
  for (const m of leaf?.members ?? []) {
    parts.push(m === ROLLED_UP ? wb.t('total') : m === null ? wb.t('empty') : String(m));
  }
  return parts.filter(Boolean).join(' · ');
}

/** The chart of a pivot result at a width, as the main chart draws it. */
export function plotOf(
  wb: Workbench,
  query: CompiledQuery,
  table: Table,
  chart: ChartKind,
  width: number,
): PlotResult {
  return buildPlot(query.columns, table, chart, {
    lang: wb.lang,
    width,
    empty: wb.t('empty'),
    dimensionLabel: (c) => wb.columnLabel(c),
    valueLabel: (c) => valueLabel(wb, c),
    money: wb.currency ? { currency: wb.currency } : {},
    additive: (id) => wb.measure(id)?.additive ?? true,
    valueKey: null,
  });
}
