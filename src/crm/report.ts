/**
 * One entry point from a report spec to SQL: the pivot compiler for `pivot`, the CRM analyses for
 * the rest. Pure, like `compile`: the catalog holds all it reads of the dataset.
 */
import type { Catalog } from '../query/catalog.ts';
import { compile } from '../query/compile.ts';
import type { CompiledQuery } from '../query/compiled.ts';
import type { ReportSpec } from '../query/spec/spec.ts';
import { compileCohort } from './analyses/cohort.ts';
import { compileDrivers } from './analyses/drivers/drivers.ts';
import { compileDynamics, compileDynamicsTransitions } from './analyses/dynamics/dynamics.ts';
import { backtestVerdict, compileForecast } from './analyses/forecast/forecast.ts';
import type { Message } from '../lib/message.ts';
import { inDialect, type Dialect } from '../query/sql/dialect.ts';
import { withSettings } from '../query/sql/print.ts';
import { compileFunnel } from './analyses/funnel/funnel.ts';
import { compileLtv } from './analyses/ltv.ts';

/**
 * Compiles any spec, in the SQL dialect of the engine that will run it (DuckDB by default).
 * `dynamics` gives status counts over time, or the transition matrix with
 * `options.view: 'transitions'`.
 */
export function compileReport(
  spec: ReportSpec,
  catalog: Catalog,
  opts: { dialect?: Dialect } = {},
): CompiledQuery {
  return inDialect(opts.dialect ?? 'duckdb', () => {
    const compiled = compileAny(spec, catalog);
    return {
      ...compiled,
      sql: withSettings(compiled.sql),
      ...(compiled.undated
        ? { undated: compiled.undated.map((u) => ({ ...u, sql: withSettings(u.sql) })) }
        : {}),
    };
  });
}

function compileAny(spec: ReportSpec, catalog: Catalog): CompiledQuery {
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
    case 'drivers':
      return compileDrivers(spec, catalog);
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
