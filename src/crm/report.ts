/**
 * One entry point from a report spec to SQL: the pivot compiler for `pivot`, the CRM analyses for
 * the rest. Pure, like `compile`: the catalog holds all it reads of the dataset.
 */
import type { Catalog } from '../query/catalog.ts';
import { compile } from '../query/compile.ts';
import type { CompiledQuery } from '../query/compiled.ts';
import type { ReportSpec } from '../query/spec/spec.ts';
import { compileCohort } from './analyses/cohort.ts';
import { compileDynamics, compileDynamicsTransitions } from './analyses/dynamics.ts';
import { backtestVerdict, compileForecast } from './analyses/forecast.ts';
import type { Message } from '../lib/message.ts';
import { compileFunnel } from './analyses/funnel.ts';
import { compileLtv } from './analyses/ltv.ts';

/**
 * Compiles any spec. `dynamics` gives status counts over time, or the transition matrix with
 * `options.view: 'transitions'`.
 */
export function compileReport(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  switch (spec.analysis) {
    case 'pivot':
      return compile(spec, catalog);
    case 'funnel':
      return compileFunnel(spec, catalog);
    case 'ltv':
      return compileLtv(spec, catalog);
    case 'cohort':
      return compileCohort(spec, catalog);
    case 'dynamics':
      return spec.options.view === 'transitions'
        ? compileDynamicsTransitions(spec, catalog)
        : compileDynamics(spec, catalog);
    case 'forecast':
      return compileForecast(spec, catalog);
  }
}

/**
 * Notes that only the result can tell (the forecast's backtest: did the method beat the
 * baseline?). `first` is the result's first row, or undefined when it has none.
 */
export function resultNotes(
  spec: ReportSpec,
  first: Record<string, unknown> | undefined,
): Message[] {
  if (spec.analysis === 'forecast' && spec.options.backtest && first) return backtestVerdict(first);
  return [];
}
