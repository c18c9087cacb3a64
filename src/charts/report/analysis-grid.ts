/**
 * An analysis's table beyond its rows: the compared columns grouped under their measure, the
 * words of its best/worst and growth-tier marks, and its grid for print, tiles and files — the
 * parts `present` hands to `buildFlatTable` and `listGrid`.
 */
import { onScreen, type OutputColumn } from '../../query/compiled.ts';
import { comparisonPeriod } from '../../query/period/period.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { listGrid, type ExportGrid } from '../export/export.ts';
import { rankMarks, reversedRows, tierMarks, type RankMark } from '../pivot/flat-marks.ts';
import type { GrowthTier } from '../pivot/growth-marks.ts';
import { rows as readRows } from '../plot/chart.ts';
import { periodName } from './period-name.ts';
import { markWords, type PresentLabels, type Shown } from './present.ts';

/** The analyses whose compared table groups each measure's columns under its name. */
const GROUPED = new Set<ReportSpec['analysis']>(['funnel', 'ltv', 'cohort']);

/** Dynamics' transition matrix: one measure, so "Clients" over both ranges, Δ and Δ % reads best. */
const isMatrix = (spec: ReportSpec) =>
  spec.analysis === 'dynamics' && spec.options.view === 'transitions';

/** Whose best/worst titles a report's marks take: the matrix ranks moves, not statuses. */
export const markKind = (spec: ReportSpec): ReportSpec['analysis'] | 'transitions' =>
  isMatrix(spec) ? 'transitions' : spec.analysis;

/**
 * A compared funnel's columns under their measure: "Reached" over "Q3 2025 | Q3 2024 | Δ | Δ %".
 * Four measures side by side, each with its earlier value and changes, are sixteen columns whose
 * headers ("Step conversion, previous") took more room than their numbers: named once per
 * measure, the table fits a laptop's width as a table (`test/e2e/report/funnel-compare.e2e.mjs`).
 */
export function comparedGroups(
  shown: Shown,
  L: PresentLabels,
): ((c: OutputColumn) => { label: string; short: string } | null) | undefined {
  const { period, compare, analysis } = shown.spec;
  if (!period || !compare || !(GROUPED.has(analysis) || isMatrix(shown.spec))) return undefined;
  const parts: Partial<Record<OutputColumn['role'], string>> = {
    measure: periodName(period, L),
    previous: periodName(comparisonPeriod(period, compare), L),
    delta: L.t('deltaSuffix'),
    growth: L.t('growthSuffix'),
  };
  const compared = new Set(
    shown.columns.filter((c) => c.role === 'previous').map((c) => c.measure),
  );
  return (c) => {
    const id = c.role === 'measure' ? c.key : c.measure;
    const base = shown.columns.find((x) => x.key === id);
    const short = parts[c.role];
    if (!base || !compared.has(id) || short === undefined) return null;
    return { label: L.analysisColumnLabel(base), short };
  };
}

/** An analysis's columns as its table shows them, one per grid column. */
export const gridColumns = (shown: Shown) => shown.columns.filter(onScreen);

/** Column indices: the row labels, then the essential columns, then the rest, each in order. */
export function keepOrder(columns: OutputColumn[]): number[] {
  const rank = (c: OutputColumn) => (c.role === 'dimension' ? 0 : c.essential ? 1 : 2);
  return columns
    .map((c, i) => ({ rank: rank(c), i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.i);
}

/**
 * The words of an analysis's best/worst marks (a compared funnel's step conversion, compared
 * dynamics' clients per status, a compared LTV's change of revenue): the pivot's words, with
 * titles that say what was ranked.
 */
export function rankWords(
  L: Pick<PresentLabels, 't'>,
  analysis: ReportSpec['analysis'] | 'transitions' = 'funnel',
): Record<RankMark, MarkWord> {
  const titles = {
    dynamics: ['dynamicsBestTitle', 'dynamicsWorstTitle'],
    transitions: ['transitionsBestTitle', 'transitionsWorstTitle'],
    ltv: ['ltvBestTitle', 'ltvWorstTitle'],
    cohort: ['cohortBestTitle', 'cohortWorstTitle'],
  } as const;
  const [best, worst] =
    analysis === 'dynamics' ||
    analysis === 'transitions' ||
    analysis === 'ltv' ||
    analysis === 'cohort'
      ? titles[analysis]
      : (['funnelBestTitle', 'funnelWorstTitle'] as const);
  return {
    best: { text: L.t('growthBest'), title: L.t(best) },
    worst: { text: L.t('growthWorst'), title: L.t(worst) },
  };
}

/** The words of a growth without a number (a compared LTV's new client), as the pivot's. */
export function tierWords(L: Pick<PresentLabels, 't'>): Record<GrowthTier, MarkWord> {
  const { new: fresh, fromZero } = markWords(L);
  return { new: fresh, fromZero };
}
type MarkWord = { text: string; title: string };

/**
 * An analysis as export cells: its own headers, statuses and segments in the UI language; a
 * ranked column's best and worst carry their words for print and tiles (the CSV and XLSX keep
 * the number alone, as the pivot's growth).
 */
export function analysisGrid(shown: Shown, L: PresentLabels): ExportGrid {
  const columns = gridColumns(shown);
  // As the table on screen reads them (buildFlatTable): a row label without a value is
  // "(empty)", and the drivers' total row, marked by no dimension, is "Total". A tile and print
  // showed a blank first row and blank members.
  const total = shown.spec.analysis === 'drivers' ? 'dimension' : null;
  const rows = readRows(
    shown.table,
    columns.map((c) => c.key),
  ).map((row) => {
    const isTotal = total !== null && (row[total] ?? null) === null;
    for (const c of columns) {
      const v = row[c.key];
      if (c.role === 'dimension' && (v === null || v === undefined || v === ''))
        row[c.key] = isTotal
          ? c.key === total
            ? L.t('total')
            : null
          : L.categoryLabel(c.key, '') || L.t('empty');
      else if (c.format === 'text' && typeof v === 'string') row[c.key] = L.categoryLabel(c.key, v);
    }
    return row;
  });
  const grid = listGrid(columns, (c) => L.analysisColumnLabel(c), rows);
  const ranked = rankMarks(columns, shown.table);
  const tiers = tierMarks(columns, shown.table);
  const turned = new Map(
    columns.flatMap((c) => {
      const rows = reversedRows(c, shown.table);
      return rows ? [[c.key, rows] as const] : [];
    }),
  );
  if (ranked.size === 0 && tiers.size === 0 && turned.size === 0) return grid;
  const words = rankWords(L, markKind(shown.spec));
  const tierText = tierWords(L);
  const cells = grid.cells.map((row, r) =>
    r < grid.headerRows
      ? row
      : row.map((cell, j) => {
          const key = columns[j]?.key ?? '';
          // A growth from nothing has no number: its word says why, as the pivot's export.
          const tier = tiers.get(key)?.[r - grid.headerRows] ?? null;
          if (tier) return { v: tierText[tier].text };
          const kind = ranked.get(key)?.[r - grid.headerRows] ?? null;
          const reversed = turned.get(key)?.[r - grid.headerRows] === true;
          return {
            ...cell,
            ...(kind ? { mark: { ...words[kind], kind } } : {}),
            ...(reversed ? { reversed: true as const } : {}),
          };
        }),
  );
  return { ...grid, cells };
}
