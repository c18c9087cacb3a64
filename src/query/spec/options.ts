/**
 * Analysis options at the edges. Each analysis reads its own options (`OptionsOf`). The first
 * version of the spec let any analysis carry any of its four options, and links and saved reports
 * with, say, a pivot carrying a grain exist: those four are still read and checked whatever the
 * analysis, then dropped where the analysis does not read them. Options added since belong to
 * their analysis only, so one given to another analysis is an error.
 */
import {
  DYNAMICS_VIEWS,
  GRAINS,
  type AnalysisKind,
  type AnalysisOptions,
  type CohortOptions,
  type DynamicsOptions,
  type ForecastOptions,
  type FunnelOptions,
  type ReportSpec,
} from './spec.ts';
import { fail, isObj, keysOnly, oneOf, str } from './check.ts';
import { isIsoDate } from '../sql/escape.ts';
import { msg } from '../../lib/message.ts';

type OptionKey =
  keyof FunnelOptions | keyof CohortOptions | keyof DynamicsOptions | keyof ForecastOptions;
type AnyOptions = FunnelOptions & CohortOptions & DynamicsOptions & ForecastOptions;

/** The options each analysis reads. */
export const OPTION_KEYS: Record<AnalysisKind, readonly OptionKey[]> = {
  pivot: [],
  funnel: ['pipeline'],
  ltv: [],
  cohort: ['grain'],
  dynamics: ['grain', 'lapseAfter', 'regularAfter', 'view'],
  drivers: [],
  forecast: ['asOf', 'horizon', 'backtest', 'topDeals'],
};

/** Options a first-version spec could carry whatever its analysis. */
const SHARED_V1: readonly OptionKey[] = ['grain', 'lapseAfter', 'regularAfter', 'pipeline'];
const ALL: readonly OptionKey[] = [...SHARED_V1, 'view', 'asOf', 'horizon', 'backtest', 'topDeals'];

/**
 * v1 asked dynamics for its transition matrix with a first column `{"field": "to_status"}`; such
 * specs are read as `options.view: 'transitions'` without that column.
 */
export const LEGACY_TRANSITIONS_FIELD = 'to_status';

/** Checks `spec.options` and keeps the ones `analysis` reads. */
export function readOptions(v: unknown, analysis: AnalysisKind): AnalysisOptions {
  const path = 'spec.options';
  if (!isObj(v)) fail(path, msg('spec_object'));
  keysOnly(v, ALL, path);
  const o: AnyOptions = {};
  if (v.grain !== undefined) o.grain = oneOf(v.grain, GRAINS, `${path}.grain`);
  for (const k of ['lapseAfter', 'regularAfter'] as const) {
    const n = v[k];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 120)
      fail(`${path}.${k}`, msg('spec_wholeNumber', { min: 1, max: 120 }));
    o[k] = n;
  }
  if (v.pipeline !== undefined) o.pipeline = str(v.pipeline, `${path}.pipeline`);
  if (v.view !== undefined) o.view = oneOf(v.view, DYNAMICS_VIEWS, `${path}.view`);
  if (v.asOf !== undefined) {
    const d = str(v.asOf, `${path}.asOf`);
    if (!isIsoDate(d)) fail(`${path}.asOf`, msg('spec_realDate'));
    o.asOf = d;
  }
  if (v.horizon !== undefined) {
    const h = str(v.horizon, `${path}.horizon`);
    if (!/^\d{1,2}[mw]$/.test(h) || Number(h.slice(0, -1)) < 1 || Number(h.slice(0, -1)) > 36)
      fail(`${path}.horizon`, msg('spec_horizon'));
    o.horizon = h;
  }
  if (v.backtest !== undefined) {
    if (typeof v.backtest !== 'boolean') fail(`${path}.backtest`, msg('spec_boolean'));
    o.backtest = v.backtest;
  }
  if (v.topDeals !== undefined) {
    const n = v.topDeals;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1000)
      fail(`${path}.topDeals`, msg('spec_wholeNumber', { min: 1, max: 1000 }));
    o.topDeals = n;
  }
  const reads = OPTION_KEYS[analysis];
  for (const k of ALL) {
    if (o[k] === undefined || reads.includes(k)) continue;
    if (!SHARED_V1.includes(k))
      fail(
        `${path}.${k}`,
        reads.length
          ? msg('spec_notOption', { analysis, reads })
          : msg('spec_notOptionNone', { analysis }),
      );
    delete o[k];
  }
  return o as AnalysisOptions;
}

/** Rewrites the v1 transition-matrix column as the `view` option. */
export function upgradeTransitions(spec: ReportSpec): ReportSpec {
  if (spec.analysis !== 'dynamics' || spec.columns[0]?.field !== LEGACY_TRANSITIONS_FIELD)
    return spec;
  if (spec.options.view === 'status')
    fail('spec.columns[0]', msg('spec_transitionsView', { field: LEGACY_TRANSITIONS_FIELD }));
  return {
    ...spec,
    columns: spec.columns.slice(1),
    options: { ...spec.options, view: 'transitions' },
  };
}
