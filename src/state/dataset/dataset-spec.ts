/**
 * Which report to show after the dataset changes: the new data's default when the old report was
 * the old default (the user had not built anything), else the same report when it still compiles
 * (with its period moved to the new data when it no longer overlaps it), else the default — or,
 * for a report waiting for columns the data lacked, the same report. Pure.
 */
import type { Catalog } from '../../query/catalog.ts';
import type { DatasetModel } from '../../crm/model.ts';
import { compileReport } from '../../crm/report.ts';
import { specLacks } from '../../crm/spec-needs.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { lastFourQuarters } from '../report/periods.ts';
import { messageOf, type Message } from '../../lib/message.ts';

/**
 * Why `spec` does not compile on this catalog, or null when it does or when the data only lacks
 * columns it needs (it is kept and shown as not in this data, `specLacks`).
 */
export function specProblem(spec: ReportSpec, catalog: Catalog): Message | null {
  if (specLacks(spec, catalog).length) return null;
  try {
    compileReport(spec, catalog);
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/**
 * `waiting`: the report was not in the old data either (a link or saved report shown as not in
 * this data, the columns now being mapped again): it stays, run once the new data can answer it,
 * still waiting when it cannot. Any other report the new data cannot answer gives the default.
 */
export function specForNewData(
  spec: ReportSpec,
  wasDefault: boolean,
  catalog: Catalog,
  model: DatasetModel,
  fallback: ReportSpec,
  waiting = false,
): ReportSpec {
  if (wasDefault) return fallback;
  if (specLacks(spec, catalog).length) return waiting ? spec : fallback;
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
