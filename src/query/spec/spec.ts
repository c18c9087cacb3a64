/**
 * The report spec: plain, serialisable JSON and the single source of truth for a report.
 * The same object drives the UI, the URL, saved reports, the CLI and the tests.
 * Field and measure names are resolved against a {@link Catalog} at compile time.
 */

export const SPEC_VERSION = 1;

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const GRAINS: readonly Grain[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The analyses a spec can run. `pivot` is the general one; the others are CRM analyses built on it. */
export type AnalysisKind =
  'pivot' | 'funnel' | 'ltv' | 'cohort' | 'dynamics' | 'drivers' | 'forecast';
export const ANALYSES: readonly AnalysisKind[] = [
  'pivot',
  'funnel',
  'ltv',
  'cohort',
  'dynamics',
  'drivers',
  'forecast',
];

/**
 * Whether an analysis reads `spec.compare`: the pivot (previous, Δ, Δ % per measure), the drivers
 * (which need it) and the funnel (each step beside the earlier period's). The others run over one
 * period and would ignore a comparison silently.
 * LTV: each client's revenue and won deals beside the earlier period's. Cohorts: each cohort of
 * the period beside the cohort that started one comparison shift earlier, at the same age.
 */
export function comparesPeriods(analysis: AnalysisKind): boolean {
  return (
    analysis === 'pivot' ||
    analysis === 'drivers' ||
    analysis === 'funnel' ||
    analysis === 'ltv' ||
    // Each cohort beside the cohort one comparison shift earlier, at the same age.
    analysis === 'cohort' ||
    // Each period's status counts beside the earlier period's; the matrix beside the earlier range.
    analysis === 'dynamics'
  );
}

/**
 * Whether this report reads `spec.compare`: its analysis does, in the view it shows. Dynamics
 * compares both views: the status counts period by period, the transition matrix over the shown
 * range against the range moved back by the comparison's shift.
 */
export function comparesReport(spec: ReportSpec): boolean {
  return comparesPeriods(spec.analysis);
}

/**
 * Whether an analysis reads `spec.measures`: the pivot's columns, the drivers' one measure. The
 * others compute their own values, so a measure their spec names that the data lacks is no loss.
 */
export function readsMeasures(analysis: AnalysisKind): boolean {
  return analysis === 'pivot' || analysis === 'drivers';
}

/**
 * A dimension: a field id (`manager`, `clients.region`, `created_at`) optionally bucketed.
 * The special field `period` means "each measure's own date" (closed_at for revenue, created_at
 * for deals created, at for activities), so a time axis stays correct across measures.
 */
export interface Dimension {
  field: string;
  /** For date fields: the bucket. Labels: 2017-03-01, 2017-W09, 2017-03, 2017-Q1, 2017. */
  grain?: Grain;
  /** For number fields: ascending bucket edges; labels like `<10`, `10–49`, `≥250`. */
  bins?: number[];
}

export type FilterOp =
  | 'in'
  | 'not_in'
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'between'
  | 'contains'
  | 'is_null'
  | 'not_null';
export const FILTER_OPS: readonly FilterOp[] = [
  'in',
  'not_in',
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'is_null',
  'not_null',
];

export type Scalar = string | number | boolean | null;

export interface Filter {
  field: string;
  /** For date fields a grain makes `in` compare bucket labels (e.g. `2017-Q3`). */
  grain?: Grain;
  op: FilterOp;
  values?: Scalar[];
}

/** Inclusive calendar dates, `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

export type CompareMode = 'previous' | 'year';

export interface SortKey {
  /** A dimension key, a measure id, or a derived key: `<m>_previous`, `<m>_delta`, `<m>_growth`. */
  key: string;
  dir: 'asc' | 'desc';
  /**
   * Pivot rows only: sort by the value in one table column instead of the row total. The column
   * dimensions' members as text (`["2024-Q3"]`; null = an empty value), outermost first; fewer
   * members than column dimensions name a subtotal column. Absent: the row total.
   */
  column?: (string | null)[];
}

export type ShowAs = 'value' | 'pct_row' | 'pct_col' | 'pct_total';
export type ChartKind =
  | 'auto'
  | 'bar'
  | 'bar_stacked'
  | 'bar_grouped'
  | 'line'
  | 'area'
  | 'funnel'
  | 'heatmap'
  | 'scatter'
  | 'cohort'
  | 'flow'
  | 'none';

/** The pivot reads no analysis options. */
export type PivotOptions = Record<string, never>;

/** LTV reads no analysis options. */
export type LtvOptions = Record<string, never>;

export interface FunnelOptions {
  /** Which pipeline to draw (stages of different pipelines do not chain); default: the first. */
  pipeline?: string;
}

export interface CohortOptions {
  /** The period size; default `month`. */
  grain?: Grain;
}

/** What relationship dynamics shows: status counts per period, or the transition matrix. */
export type DynamicsView = 'status' | 'transitions';
export const DYNAMICS_VIEWS: readonly DynamicsView[] = ['status', 'transitions'];

export interface DynamicsOptions {
  /** The period size; default `quarter`. */
  grain?: Grain;
  /** Up to this many periods without a purchase a client is `lapsed`; beyond, `lost`. */
  lapseAfter?: number;
  /** This many periods with a purchase (so far) make a client `regular`. */
  regularAfter?: number;
  /** Default `status`. */
  view?: DynamicsView;
}

/**
 * Drivers of change read no options: the measure, period and comparison are the spec's own, and
 * `rows` names the dimensions to rank (none: every dimension; two: each and the pair).
 */
export type DriversOptions = Record<string, never>;
export interface ForecastOptions {
  /** The day the forecast stands on (`YYYY-MM-DD`); default: the data's last date. */
  asOf?: string;
  /** How far ahead, in slices: `3m` (months, the default), `12w` (weeks). */
  horizon?: string;
  /** The method run as of earlier dates next to what happened, instead of the forecast. */
  backtest?: boolean;
  /** The N open deals carrying most of the expected revenue, instead of the forecast (1–1000). */
  topDeals?: number;
}

/** The options each analysis reads; `spec.analysis` selects which. */
export interface OptionsOf {
  pivot: PivotOptions;
  funnel: FunnelOptions;
  ltv: LtvOptions;
  cohort: CohortOptions;
  dynamics: DynamicsOptions;
  drivers: DriversOptions;
  forecast: ForecastOptions;
}

export type AnalysisOptions = OptionsOf[AnalysisKind];

/** Everything a spec has whatever its analysis. */
export interface SpecBase {
  v: typeof SPEC_VERSION;
  rows: Dimension[];
  columns: Dimension[];
  measures: string[];
  filters: Filter[];
  /**
   * Which date the period applies to: `auto` = each measure's own date (see docs/metrics.md),
   * or a date field id such as `created_at` for all measures.
   */
  date: string;
  period: Period | null;
  compare: CompareMode | null;
  sort: SortKey[];
  limit: number | null;
  /**
   * With `limit`: the values of the first row dimension outside the top N are merged into one
   * "Other" member (computed by the SQL, so its medians and rates are real, not sums).
   */
  limitOther?: boolean;
  /** Subtotals and grand totals. */
  totals: boolean;
  show: ShowAs;
  chart: ChartKind;
  /** Free title (saved reports, print view). */
  title?: string;
  /**
   * The period `title` was given for, where the report's period has changed since (null: all
   * time); absent while the title names the period shown. A name that says "Q1 2023" then reads
   * "(period changed)" beside it (`withPeriod`, charts/report/heading.ts).
   */
  titlePeriod?: Period | null;
  /**
   * The comparison `title` was given with, where the report's has changed since (null: none);
   * absent while the title names the comparison shown. "Q1 2023 vs Q1 2022" with the comparison
   * off reads "(comparison changed)" beside it (`withCompare`, charts/report/heading.ts).
   */
  titleCompare?: CompareMode | null;
  /** The preset this spec came from, if any. */
  preset?: string;
}

/** A spec of one analysis, with that analysis's options. */
export type SpecOf<A extends AnalysisKind> = SpecBase & { analysis: A; options: OptionsOf[A] };

/** A report spec: one of the analyses, each with its own options (`spec.analysis` tells which). */
export type ReportSpec = { [A in AnalysisKind]: SpecOf<A> }[AnalysisKind];

/** A spec with everything optional: what URLs, saved reports and patches carry. */
export type SpecPatch = Partial<Omit<ReportSpec, 'v'>> & { v?: number };

export function defaultSpec(): SpecOf<'pivot'> {
  return {
    v: SPEC_VERSION,
    analysis: 'pivot',
    rows: [],
    columns: [],
    measures: [],
    filters: [],
    date: 'auto',
    period: null,
    compare: null,
    sort: [],
    limit: null,
    totals: true,
    show: 'value',
    chart: 'auto',
    options: {},
  };
}

/** The output column key of a dimension: the field, plus `:grain` or `:bins`. */
export function dimensionKey(d: Dimension): string {
  if (d.grain) return `${d.field}:${d.grain}`;
  if (d.bins) return `${d.field}:bins`;
  return d.field;
}

/** Parses the CLI/URL short form `field[:grain]`. */
export function parseDimension(text: string): Dimension {
  const i = text.lastIndexOf(':');
  if (i > 0) {
    const grain = text.slice(i + 1);
    if ((GRAINS as readonly string[]).includes(grain)) {
      return { field: text.slice(0, i), grain: grain as Grain };
    }
  }
  return { field: text };
}

/** Whether two periods (null: all time) are the same dates. */
export function samePeriod(a: Period | null, b: Period | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);
}

/**
 * The spec over another period, remembering the period its title was given for (`titlePeriod`)
 * while the two differ; back on that period, the title names what is shown again.
 */
export function withPeriod<S extends ReportSpec>(spec: S, period: Period | null): S {
  const { titlePeriod, ...rest } = spec;
  const named = titlePeriod === undefined ? spec.period : titlePeriod;
  const next = { ...rest, period } as S;
  return spec.title?.trim() && !samePeriod(named, period) ? { ...next, titlePeriod: named } : next;
}

/**
 * The spec with another comparison, remembering the one its title was given with (`titleCompare`)
 * while the two differ, as `withPeriod` does for the period.
 */
export function withCompare<S extends ReportSpec>(spec: S, compare: CompareMode | null): S {
  const { titleCompare, ...rest } = spec;
  const named = titleCompare === undefined ? spec.compare : titleCompare;
  const next = { ...rest, compare } as S;
  return spec.title?.trim() && named !== compare ? { ...next, titleCompare: named } : next;
}

/** The spec named `title` for the period and comparison it shows (a report saved under that name). */
export function titled<S extends ReportSpec>(spec: S, title: string): S {
  const { titlePeriod: _, titleCompare: __, ...rest } = spec;
  return { ...rest, title } as S;
}
