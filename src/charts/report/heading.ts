/**
 * A report's heading in words — its title, period, filters and comparison — for the result view,
 * the dashboard tiles, the print view, exported chart images and the saved reports' list. Pure.
 */
import type { Filter, Period, ReportSpec } from '../../query/spec/spec.ts';
import { comparesReport, samePeriod } from '../../query/spec/spec.ts';
import { formatDate } from '../format.ts';
import { comparisonText } from './period-name.ts';
import type { PresentLabels } from './present.ts';

/**
 * The report's own name as every surface shows it (the heading above the controls, print, the
 * export's file name): "Revenue Q1 2023 (period changed)" / «… (период изменён)» once its period
 * is not the one the name was given for (`spec.titlePeriod`), "(comparison changed)" once its
 * comparison is not (`spec.titleCompare`: "Q1 2023 vs Q1 2022" shown uncompared), "(period and
 * comparison changed)" for both, as a name that says a period then lies; the period and
 * comparison shown are beside it on each of them. '' without a name.
 */
export function ownTitle(spec: ReportSpec, L: Pick<PresentLabels, 't'>): string {
  const title = spec.title?.trim() ?? '';
  const period = spec.titlePeriod !== undefined && !samePeriod(spec.titlePeriod, spec.period);
  const compare = spec.titleCompare !== undefined && spec.titleCompare !== spec.compare;
  if (!title || (!period && !compare)) return title;
  const key = period
    ? compare
      ? 'titlePeriodCompareChanged'
      : 'titlePeriodChanged'
    : 'titleCompareChanged';
  return L.t(key, { title });
}

/** The report's title: its own, or "Revenue, Won — Manager × Period · Quarter". */
export function reportTitle(spec: ReportSpec, L: PresentLabels): string {
  if (spec.title?.trim()) return ownTitle(spec, L);
  // An analysis is named by what it is, not by the pivot measures its spec still carries.
  if (spec.analysis !== 'pivot') {
    const split = spec.rows[0] ? L.dimensionLabel(spec.rows[0]) : '';
    return [L.t(`analysisTitle_${spec.analysis}`), split].filter(Boolean).join(' — ');
  }
  const measures = spec.measures.map((m) => L.measureLabel(m)).join(', ');
  const dims = [...spec.rows, ...spec.columns].map((d) => L.dimensionLabel(d)).join(' × ');
  const text = [measures, dims].filter(Boolean).join(' — ');
  return text || L.t('untitled');
}

/** "Jan 1, 2024 – Dec 31, 2024", or "All time". */
export function periodText(period: Period | null, L: Pick<PresentLabels, 'lang' | 't'>): string {
  if (!period) return L.t('allTime');
  return `${formatDate(period.from, L.lang)} – ${formatDate(period.to, L.lang)}`;
}

/**
 * A report's period as a heading shows it: both sides when it is compared ("Q3 2025 vs Q3 2024"),
 * else its dates. A tile or a chart image with "previous" columns must say which dates those are.
 */
export function reportPeriodText(spec: ReportSpec, L: Pick<PresentLabels, 'lang' | 't'>): string {
  return spec.compare && spec.period && comparesReport(spec)
    ? comparisonText(spec.period, spec.compare, L)
    : periodText(spec.period, L);
}

/**
 * The dashboard's period in words: its shared period, or "Each report's own" when it has none
 * (each tile then prints its own period; "All time" would say the opposite of the tiles).
 */
export function dashboardPeriodText(
  period: Period | null,
  L: Pick<PresentLabels, 'lang' | 't'>,
): string {
  return period ? periodText(period, L) : L.t('ownPeriods');
}

/** Filters in words, or "none". */
export function filtersText(filters: Filter[], L: PresentLabels): string {
  return filters.length ? filters.map((f) => L.filterLabel(f)).join('; ') : L.t('noFilters');
}

export interface Heading {
  title: string;
  period: string;
  filters: string;
  /** What the report is compared with, when it is. */
  compare: string | null;
  /** Both sides of the comparison by their dates ("Q3 2025 vs Q3 2024"), when there is one. */
  versus: string | null;
}

export function heading(spec: ReportSpec, L: PresentLabels): Heading {
  // Cohorts or dynamics' transition matrix run over their one period whatever the comparison
  // says: none is named.
  const compared = comparesReport(spec) ? spec.compare : null;
  return {
    title: reportTitle(spec, L),
    period: periodText(spec.period, L),
    filters: filtersText(spec.filters, L),
    compare: compared ? L.t(compared === 'year' ? 'compareYear' : 'comparePrevious') : null,
    versus: compared && spec.period ? comparisonText(spec.period, compared, L) : null,
  };
}
