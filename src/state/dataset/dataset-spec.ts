/**
 * Which report to show after the dataset changes: the new data's default when the old report was
 * the old default (the user had not built anything), else the same report when it still compiles
 * (with its period moved to the new data when it no longer overlaps it), else the default. Pure.
 */
import type { Catalog } from '../../query/catalog.ts';
import type { DatasetModel } from '../../crm/model.ts';
import { compileReport } from '../../crm/report.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { lastFourQuarters } from '../report/periods.ts';
import { messageOf, type Message } from '../../lib/message.ts';

/** Why `spec` does not compile on this catalog, or null when it does. */
export function specProblem(spec: ReportSpec, catalog: Catalog): Message | null {
  try {
    compileReport(spec, catalog);
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

export function specForNewData(
  spec: ReportSpec,
  wasDefault: boolean,
  catalog: Catalog,
  model: DatasetModel,
  fallback: ReportSpec,
): ReportSpec {
  if (wasDefault) return fallback;
  try {
    compileReport(spec, catalog);
  } catch {
    return fallback;
  }
  const p = spec.period;
  if (p && model.minDate && model.maxDate && (p.to < model.minDate || p.from > model.maxDate))
    return { ...spec, period: lastFourQuarters(model.maxDate) };
  return spec;
}
