/**
 * The one presenter of a report: spec + result + labels → what is shown — its table (the pivot
 * layout, or an analysis's flat table), the same table as a grid, and its chart through the chart
 * registry; its heading in words is heading.ts. The result view, the dashboard tiles, the print
 * view and the drill-down caption all read it, so they cannot drift. Pure.
 */
import { render, type Message } from '../../lib/message.ts';
import type { Lang, Translate } from '../../lib/i18n.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import { ROLLED_UP } from '../../query/spec/cell.ts';
import {
  comparesReport,
  GRAINS,
  type CompareMode,
  type Period,
  type Dimension,
  type Filter,
  type ReportSpec,
  type ShowAs,
} from '../../query/spec/spec.ts';
import { pivotGrid, type ExportGrid } from '../export/export.ts';
import { currencySymbol, formatter, sharedDecimals, type FormatOptions } from '../format.ts';
import { buildFlatTable, type FlatTable } from '../pivot/flat-table.ts';
import { buildPivot, type PivotLabels, type PivotLayout } from '../pivot/pivot.ts';
import type { MarkWords } from '../pivot/growth-marks.ts';
import { chooseChart, type ResolvedChart } from '../plot/chart-choice.ts';
import type { Chart, ChartNote, ChartOptions } from '../plot/chart.ts';
import { buildChart } from '../plot/registry.ts';
import {
  analysisGrid,
  comparedGroups,
  markKind,
  gridColumns,
  keepOrder,
  rankWords,
  tierWords,
} from './analysis-grid.ts';
import { bucketName, earlierBucket, periodName } from './period-name.ts';
import { comparisonPeriod, comparisonShift } from '../../query/period/period.ts';
import type { ResultLike } from '../result.ts';
import { pivotListsRows, type MeasureFacts } from '../../query/drill-rows.ts';

/** The labels a presentation needs, in the UI language (state/report/labels.ts has them all). */
export interface PresentLabels {
  readonly lang: Lang;
  readonly t: Translate;
  /** The dataset's one currency, if any. */
  readonly currency: string | null;
  columnLabel(col: OutputColumn): string;
  /** A value column's header, with the currency symbol for money. */
  valueLabel(col: OutputColumn): string;
  dimensionLabel(d: Dimension): string;
  measureLabel(id: string): string;
  filterLabel(f: Filter): string;
  analysisColumnLabel(col: OutputColumn): string;
  analysisKeyLabel(key: string): string;
  categoryLabel(key: string, value: string): string;
  /** A pivot member as shown (a deal's status in the UI language); default the value itself. */
  fieldValueLabel?(field: string, value: string): string;
  /** A measure of the catalog; what `pivotListsRows` reads of it decides the drill-down links. */
  measure(id: string): ({ shareable: boolean; additive: boolean } & MeasureFacts) | undefined;
}

// ---- the pivot ----

/** The words of "show as" beside a share's header: "Revenue, % of total". */
const SHOW_AS = {
  pct_row: 'show_pct_row',
  pct_col: 'show_pct_col',
  pct_total: 'show_pct_total',
} as const;

export function pivotLabels(L: PresentLabels): PivotLabels {
  return {
    lang: L.lang,
    empty: L.t('empty'),
    total: L.t('total'),
    all: L.t('all'),
    other: L.t('topOther'),
    subtotal: (name: string) => L.t('subtotal', { name }),
    dimension: (c: OutputColumn) => L.columnLabel(c),
    value: (c: OutputColumn) => L.valueLabel(c),
    share: (c: OutputColumn, show: Exclude<ShowAs, 'value'>) =>
      `${L.columnLabel(c)}, ${L.t(SHOW_AS[show])}`,
    ...(L.fieldValueLabel ? { member: L.fieldValueLabel.bind(L) } : {}),
  };
}

/** The growth cells' marks in the UI language (charts/pivot/growth-marks.ts). */
export function markWords(L: Pick<PresentLabels, 't'>): MarkWords {
  return {
    new: { text: L.t('growthNew'), title: L.t('growthNewTitle') },
    fromZero: { text: L.t('growthFromZero'), title: L.t('growthFromZeroTitle') },
    best: { text: L.t('growthBest'), title: L.t('growthBestTitle') },
    worst: { text: L.t('growthWorst'), title: L.t('growthWorstTitle') },
    turned: {
      best: { text: L.t('growthBest'), title: L.t('growthBestFallTitle') },
      worst: { text: L.t('growthWorst'), title: L.t('growthWorstRiseTitle') },
    },
  };
}

/**
 * One formatter per leaf of a layout ("show as" shares as %). Days and plain numbers take the
 * decimals all the leaf's rows share (format.ts `sharedDecimals`: 12 d, not 12.0 d, in a column
 * of whole days).
 */
export function leafFormats(layout: PivotLayout, lang: Lang): ((v: number | null) => string)[] {
  return layout.leaves.map((leaf, i) => {
    if (leaf.share) return formatter('pct', lang);
    const f =
      leaf.column.format === 'text' || leaf.column.format === 'date'
        ? 'number'
        : leaf.column.format;
    const decimals =
      f === 'days' || f === 'number'
        ? sharedDecimals(
            f,
            layout.rows.map((r) => r.values[i]),
          )
        : undefined;
    return formatter(f, lang, decimals === undefined ? {} : { decimals });
  });
}

/**
 * "Revenue · Анна · 1 кв. 2024": what one cell of a layout is, its members as the grid names them.
 * An earlier value's cell (`<m>_previous`) under `compare` names the period its rows come from:
 * the row "Q1 2025" of a year-on-year report holds Q1 2024's revenue, and its caption said 2025.
 */
export function cellCaption(
  layout: PivotLayout,
  r: number,
  i: number,
  L: PresentLabels,
  compare: { period: Period; mode: CompareMode } | null = null,
): string {
  const row = layout.rows[r];
  const leaf = layout.leaves[i];
  const parts = [leaf ? L.valueLabel(leaf.column) : ''];
  const shift =
    compare && leaf?.column.role === 'previous'
      ? comparisonShift(compare.period, compare.mode)
      : null;
  const earlier = (key: string | undefined, m: unknown) =>
    shift && key !== undefined && isGrainKey(key) && typeof m === 'string'
      ? bucketName(earlierBucket(m, shift), L)
      : null;
  if (row)
    parts.push(
      ...row.labels.map(
        (l, k) =>
          (row.kind === 'data' ? earlier(layout.rowKeys[k], row.members[k]) : null) ?? l.text,
      ),
    );
  const member = (key: string | undefined, v: string) =>
    earlier(key, v) ?? (key !== undefined && L.fieldValueLabel ? L.fieldValueLabel(key, v) : v);
  (leaf?.members ?? []).forEach((m, l) => {
    parts.push(
      m === ROLLED_UP
        ? L.t('total')
        : m === null
          ? L.t('empty')
          : member(layout.colKeys[l], String(m)),
    );
  });
  return parts.filter(Boolean).join(' · ');
}

/** Whether a dimension key buckets a date (`created_at:quarter`): its members are bucket keys. */
function isGrainKey(key: string): boolean {
  const i = key.lastIndexOf(':');
  return i > 0 && (GRAINS as readonly string[]).includes(key.slice(i + 1));
}

// ---- a result ----

/** A result to present: the spec it was run for, its columns and its rows. */
export interface Shown {
  spec: ReportSpec;
  columns: OutputColumn[];
  table: ResultLike;
}

export interface PresentOptions {
  /** The widest pivot layout (columns beyond are hidden and counted; Infinity for the exports). */
  maxColumns: number;
  /**
   * How the table and chart are shown; default the result's own spec. The result view passes the
   * spec being edited, so a new sort or chart shows at once, before the run catches up.
   */
  view?: Pick<ReportSpec, 'show' | 'sort' | 'chart'>;
  /** Which value column a pivot chart draws (null: the first measure). */
  valueKey?: string | null;
  /** Small multiples a chart draws at most (a tile's few); default the chart's own. */
  maxFacets?: number;
}

export type ResultTable =
  | {
      kind: 'pivot';
      layout: PivotLayout;
      formats: ((v: number | null) => string)[];
      /** The words of the growth cells' marks ("new", "best", "worst"). */
      markWords: MarkWords;
    }
  | { kind: 'flat'; rows(limit?: number): FlatTable };

export interface Presentation {
  table: ResultTable;
  /** The chart the result gets (`none`: no chart). */
  chartKind: ResolvedChart;
  /** Why that is not the kind the report asks for (chart-choice.ts), or null when it is. */
  chartReplaced: Message | null;
  /**
   * Whether the chart has a place: a pivot's unless its chart is switched off (the place may
   * say there is nothing to draw), an analysis's when the analysis has a chart.
   */
  showChart: boolean;
  /** The table as export cells (tiles, print). */
  grid(): ExportGrid;
  /**
   * The grid's columns in the order a view too narrow for all of them keeps them (a dashboard
   * tile): an analysis's row labels (its dimensions), the columns it marks `essential`, then the
   * rest, each in the report's order; null for a pivot, whose value columns run in member order
   * and are kept from the left.
   */
  columnOrder: number[] | null;
  /**
   * The grid's leading columns that name a row: a pivot's row labels, an analysis's leading
   * dimensions (the funnel's step, the LTV's client). Print repeats them in each band of columns.
   */
  labelColumns: number;
  /**
   * An analysis's list: where a band of printed columns may end (0: not before this grid column,
   * as between a compared measure and its "previous", Δ and Δ %), as `leafBreaks` gives a
   * pivot's; null for a pivot.
   */
  columnBreaks: number[] | null;
  /** The chart at a width, through the registry (`options` null: nothing to draw). */
  chart(width: number): Chart;
  /** A chart note in words ("Top 10 of 25 series shown"). */
  noteText(note: ChartNote): string;
}

/**
 * How many of `columns`, from the first, are dimensions (a list's row labels); none when nothing
 * follows them, as a band needs a value column.
 */
function leadingDimensions(columns: readonly OutputColumn[]): number {
  const n = columns.findIndex((c) => c.role !== 'dimension');
  return n < 0 ? 0 : n;
}

/** A list's band breaks: none inside a compared measure's columns, one before anything else. */
function listBreaks(columns: readonly OutputColumn[]): number[] {
  // A compared part names its value column's key as its measure; the value column may not.
  const group = (c: OutputColumn) => c.measure ?? c.key;
  return columns.map((c, i) => {
    const before = columns[i - 1];
    if (!before) return 0;
    return c.role !== 'measure' && c.measure !== undefined && c.measure === group(before) ? 0 : 1;
  });
}

const money = (L: PresentLabels): FormatOptions => (L.currency ? { currency: L.currency } : {});

/** The pivot's chart labels: a dimension by its header, a value with its currency. */
function pivotChartLabel(shown: Shown, L: PresentLabels): (key: string) => string {
  return (key) => {
    const col = shown.columns.find((c) => c.key === key);
    if (!col) return key;
    return col.role === 'dimension' ? L.columnLabel(col) : L.valueLabel(col);
  };
}

/**
 * Under a comparison, the chart's two series are named by their periods ("Q3 2024", "Q3 2025"):
 * "Revenue, previous" beside "Revenue" did not say which dates either bar was.
 */
function periodSeriesLabel(shown: Shown, L: PresentLabels): ((key: string) => string) | undefined {
  const { period, compare } = shown.spec;
  if (!period || !compare || !comparesReport(shown.spec)) return undefined;
  const now = periodName(period, L);
  const before = periodName(comparisonPeriod(period, compare), L);
  return (key) => {
    const col = shown.columns.find((c) => c.key === key);
    if (col?.role === 'previous') return before;
    if (col?.role === 'measure') return now;
    return pivotChartLabel(shown, L)(key);
  };
}

/** An analysis's chart labels: its own messages; revenue with its currency. */
function analysisChartLabel(L: PresentLabels): (key: string) => string {
  return (key) => {
    const text = L.analysisKeyLabel(key);
    return key === 'revenue' && L.currency
      ? `${text}, ${currencySymbol(L.currency, L.lang)}`
      : text;
  };
}

/** How a result is shown: a pivot as its layout, an analysis as its own flat table. */
export function present(shown: Shown, L: PresentLabels, o: PresentOptions): Presentation {
  const view = o.view ?? shown.spec;
  const pivot = shown.spec.analysis === 'pivot';
  const periodLabel = periodSeriesLabel(shown, L);
  const facets = o.maxFacets === undefined ? {} : { maxFacets: o.maxFacets };
  const chartOptions = (width: number): ChartOptions =>
    pivot
      ? {
          lang: L.lang,
          width,
          empty: L.t('empty'),
          other: L.t('topOther'),
          label: pivotChartLabel(shown, L),
          ...(periodLabel ? { periodLabel } : {}),
          ...(L.fieldValueLabel ? { category: L.fieldValueLabel.bind(L) } : {}),
          money: money(L),
          additive: (id) => L.measure(id)?.additive ?? true,
          valueKey: o.valueKey ?? null,
          growthNew: L.t('growthNew'),
          growthFromZero: L.t('growthFromZero'),
          ...facets,
        }
      : {
          lang: L.lang,
          width,
          // The only empty category an analysis chart shows is the first period of a transition.
          empty: L.t('statusStart'),
          label: analysisChartLabel(L),
          // A compared funnel's two bars per step, named by their periods.
          ...(periodLabel ? { periodLabel } : {}),
          category: (key, value) => L.categoryLabel(key, value),
          money: money(L),
          ...facets,
        };
  const request = { analysis: shown.spec.analysis, chart: view.chart };
  const chart = (width: number): Chart =>
    buildChart(request, shown.columns, shown.table, chartOptions(width));
  const { kind: chartKind, replaced } = chooseChart(request, shown.columns, {
    valueKey: o.valueKey ?? null,
    additive: (id) => L.measure(id)?.additive ?? true,
  });
  const noteText = (n: ChartNote) => render(L.lang, n);
  const groups = comparedGroups(shown, L);

  if (pivot) {
    // Ranks are for sorting and top-N; the table shows value, previous, Δ and Δ %.
    const columns = shown.columns.filter((c) => c.role !== 'rank');
    const layout = buildPivot(columns, shown.table, pivotLabels(L), {
      maxColumns: o.maxColumns,
      show: view.show,
      shareable: (m) => L.measure(m)?.shareable === true,
      sort: view.sort,
      listsRows: (key, read) => pivotListsRows(shown.spec, key, read, (id) => L.measure(id)),
    });
    return {
      table: {
        kind: 'pivot',
        layout,
        formats: leafFormats(layout, L.lang),
        markWords: markWords(L),
      },
      grid: () => pivotGrid(layout, markWords(L)),
      columnOrder: null,
      labelColumns: layout.labelColumns,
      columnBreaks: null,
      chartKind,
      chartReplaced: replaced ?? null,
      showChart: view.chart !== 'none',
      chart,
      noteText,
    };
  }
  const listColumns = gridColumns(shown);
  return {
    table: {
      kind: 'flat',
      rows: (limit) =>
        buildFlatTable(shown.columns, shown.table, {
          lang: L.lang,
          empty: L.t('empty'),
          label: (c) => L.analysisColumnLabel(c),
          category: (key, value) => L.categoryLabel(key, value),
          money: money(L),
          ...(limit === undefined ? {} : { limit }),
          ...(shown.spec.analysis === 'drivers'
            ? { totalRow: { key: 'dimension', label: L.t('total') } }
            : {}),
          markWords: rankWords(L, markKind(shown.spec)),
          tierWords: tierWords(L),
          ...(groups ? { group: groups } : {}),
        }),
    },
    grid: () => analysisGrid(shown, L),
    columnOrder: keepOrder(listColumns),
    labelColumns: leadingDimensions(listColumns),
    columnBreaks: listBreaks(listColumns),
    chartKind,
    chartReplaced: null,
    showChart: chartKind !== 'none',
    chart,
    noteText,
  };
}
