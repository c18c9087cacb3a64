/**
 * Which report to show after the dataset changes: the new data's default when the old report was
 * the old default (the user had not built anything), else the same report — run when it compiles
 * (with its period moved to the new data when it no longer overlaps it), kept as it is and shown
 * as not in this data when the new data lacks what it needs — and the default only for a report
 * that does not compile there (a field no dataset of this kind defines). Pure.
 */
import type { Catalog } from '../../query/catalog.ts';
import type { DatasetModel } from '../../crm/model.ts';
import { compileReport } from '../../crm/report.ts';
import { specLacks } from '../../crm/spec-needs.ts';
import { withPeriod, type ReportSpec } from '../../query/spec/spec.ts';
import { lastFourQuarters } from '../report/periods.ts';
import { messageOf, type Message } from '../../lib/message.ts';
import { isLacksError } from '../../crm/needs.ts';

/**
 * Why `spec` does not compile on this catalog, or null when it does or when the data only lacks
 * what it needs (it is kept and shown as not in this data: `specLacks`, or its analysis's own
 * "data lacks" error such as the funnel's pipeline without stages).
 */
export function specProblem(spec: ReportSpec, catalog: Catalog): Message | null {
  if (specLacks(spec, catalog).length) return null;
  try {
    compileReport(spec, catalog);
    return null;
  } catch (e) {
    const m = messageOf(e);
    return isLacksError(m) ? null : m;
  }
}

/**
 * The report open before the load, for the new data. One rule whether it ran before or waited on
 * the panel already: a user with the funnel open who imports a deals-only file finds the funnel
 * saying what it needs, its period, comparison and URL as they were, and it runs as soon as the
 * data can answer it; replacing it by the default lost what they had open.
 */
export function specForNewData(
  spec: ReportSpec,
  wasDefault: boolean,
  catalog: Catalog,
  model: DatasetModel,
  fallback: ReportSpec,
): ReportSpec {
  if (wasDefault) return fallback;
  if (specProblem(spec, catalog)) return fallback;
  if (specLacks(spec, catalog).length) return spec;
  const p = spec.period;
  if (p && model.minDate && model.maxDate && (p.to < model.minDate || p.from > model.maxDate))
    return withPeriod(spec, lastFourQuarters(model.maxDate));
  return spec;
}
