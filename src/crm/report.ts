/**
 * One entry point from a report spec to SQL: the pivot compiler for `pivot`, the CRM analyses for
 * the rest. Pure, like `compile`.
 */
import type { Catalog } from '../query/catalog.ts';
import { compile } from '../query/compile.ts';
import type { CompiledQuery } from '../query/compiled.ts';
import type { ReportSpec } from '../query/spec/spec.ts';
import { compileCohort } from './analyses/cohort.ts';
import {
  TO_STATUS_FIELD,
  compileDynamics,
  compileDynamicsTransitions,
} from './analyses/dynamics.ts';
import { compileFunnel } from './analyses/funnel.ts';
import { compileLtv } from './analyses/ltv.ts';
import type { DatasetModel } from './model.ts';

/**
 * Compiles any spec. `dynamics` gives status counts over time, or the transition matrix when
 * `spec.columns[0]` is `{ field: 'to_status' }`.
 */
export function compileReport(
  spec: ReportSpec,
  catalog: Catalog,
  model: DatasetModel,
): CompiledQuery {
  switch (spec.analysis) {
    case 'pivot':
      return compile(spec, catalog);
    case 'funnel':
      return compileFunnel(spec, catalog, model);
    case 'ltv':
      return compileLtv(spec, catalog);
    case 'cohort':
      return compileCohort(spec, catalog);
    case 'dynamics':
      return spec.columns[0]?.field === TO_STATUS_FIELD
        ? compileDynamicsTransitions(spec, catalog)
        : compileDynamics(spec, catalog);
  }
}
