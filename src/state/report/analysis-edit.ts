/**
 * Pure edits of an analysis spec's own settings (funnel pipeline, cohort/dynamics grain and
 * thresholds, the dynamics transition matrix) and what each analysis reads of the zones.
 */
import type { AnalysisKind, AnalysisOptions, ReportSpec } from '../../query/spec/spec.ts';

/** The pseudo-column that asks `dynamics` for its transition matrix (see docs/metrics.md). */
export const TRANSITIONS_FIELD = 'to_status';

/** Which zones an analysis reads: rows[0] splits it, filters narrow it; measures are its own. */
export interface ZoneUse {
  rows: 'all' | 'split';
  columns: boolean;
  measures: boolean;
}

export function zoneUse(analysis: AnalysisKind): ZoneUse {
  return analysis === 'pivot'
    ? { rows: 'all', columns: true, measures: true }
    : { rows: 'split', columns: false, measures: false };
}

/** Sets one analysis option; `undefined` goes back to the analysis's default. */
export function setOption<K extends keyof AnalysisOptions>(
  spec: ReportSpec,
  key: K,
  value: AnalysisOptions[K] | undefined,
): ReportSpec {
  const options = { ...spec.options };
  if (value === undefined || value === '') delete options[key];
  else options[key] = value;
  return { ...spec, options };
}

export function showsTransitions(spec: ReportSpec): boolean {
  return spec.analysis === 'dynamics' && spec.columns[0]?.field === TRANSITIONS_FIELD;
}

/** Dynamics: the transition matrix (columns = to_status) or status counts over time. */
export function setTransitions(spec: ReportSpec, on: boolean): ReportSpec {
  return { ...spec, columns: on ? [{ field: TRANSITIONS_FIELD }] : [] };
}
