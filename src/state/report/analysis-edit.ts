/**
 * Pure edits of an analysis spec's own settings (funnel pipeline, cohort/dynamics grain and
 * thresholds, the dynamics transition matrix) and what each analysis reads of the zones.
 */
import type { AnalysisKind, ReportSpec, SpecOf } from '../../query/spec/spec.ts';

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

/**
 * Sets one option of the spec's analysis; `undefined` (or an empty text) goes back to the
 * analysis's default.
 */
export function setOption<S extends ReportSpec, K extends keyof S['options']>(
  spec: S,
  key: K,
  value: S['options'][K] | undefined,
): S {
  const options: S['options'] = { ...spec.options };
  if (value === undefined || value === '') delete options[key];
  else options[key] = value;
  return { ...spec, options };
}

export function showsTransitions(spec: ReportSpec): boolean {
  return spec.analysis === 'dynamics' && spec.options.view === 'transitions';
}

/** Dynamics: the transition matrix or (the default) status counts over time. */
export function setTransitions(spec: SpecOf<'dynamics'>, on: boolean): SpecOf<'dynamics'> {
  return setOption(spec, 'view', on ? 'transitions' : undefined);
}
