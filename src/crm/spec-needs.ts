/**
 * What a whole report spec needs that this data lacks: a shared link or a saved report made on
 * other data (lost reasons sent to someone whose export has none, a revenue report opened on a
 * lead export) is then shown as "not in this data" with its reason, the spec kept as it came, so
 * it opens as soon as the data can answer it (after the columns are mapped again), instead of
 * an empty table, a one-row table or a compile error naming an unknown field.
 */
import { dimensionKey, readsMeasures, type ReportSpec } from '../query/spec/spec.ts';
import { msg, type Message } from '../lib/message.ts';
import { measureNeeds } from './measures.ts';
import { lacking, needsParam, type DataFacts, type Need } from './needs.ts';
import { presetLacks } from './presets.ts';
import { DEAL_ROLES, type DealRole } from './vocabulary.ts';

const isDealRole = (id: string): id is DealRole => (DEAL_ROLES as readonly string[]).includes(id);

/**
 * The needs of `spec` this data cannot meet, in a stable order: its preset's, its measures'
 * (where the analysis reads them), the deal role columns it groups or filters by, and the
 * funnel's stage order. A field or measure nobody defined is not a need: it stays a compile error.
 */
export function specLacks(spec: ReportSpec, data: DataFacts): Need[] {
  const needs: Need[] = [];
  if (spec.preset) needs.push(...presetLacks(spec.preset, data));
  if (readsMeasures(spec.analysis))
    for (const id of spec.measures) needs.push(...lacking(measureNeeds(id) ?? [], data));
  const fields = [
    ...spec.rows.map((d) => d.field),
    ...spec.columns.map((d) => d.field),
    ...spec.filters.map((f) => f.field),
    spec.date,
  ];
  needs.push(...lacking(fields.filter(isDealRole), data));
  if (spec.analysis === 'funnel') needs.push(...lacking(['stage_order'], data));
  return [...new Set(needs)];
}

/** Why a report is not in this data, as the gallery's card says it ("This report needs deal amounts"). */
export function notInData(needs: readonly Need[]): Message {
  return msg('presetNeeds', { needs: needsParam(needs) });
}

/** What "open without" leaves out of a report: measures, and deal columns it groups or filters by. */
export interface LeftOut {
  measures: string[];
  fields: string[];
}

/** The result columns a measure gives a sort key (its comparison's derived ones included). */
const SORT_SUFFIXES = ['', '_previous', '_delta', '_growth', '_rank', '_growth_rank'];

/**
 * The spec without what this data lacks of it — the measures the analysis reads that need it, and
 * the deal role columns it groups or filters by (a sort on any of them goes too) — with what was
 * left out; null when nothing can be left out or when the rest still cannot run: what is missing
 * is the report's core (its preset's own needs, the funnel's stage order, the date the period
 * applies to, every measure of a report that reads measures). Undoable by the caller: the spec
 * it came from is untouched.
 */
export function specWithout(
  spec: ReportSpec,
  data: DataFacts,
): { spec: ReportSpec; left: LeftOut } | null {
  const lacksField = (f: string) => isDealRole(f) && lacking([f], data).length > 0;
  const lacksMeasure = (id: string) =>
    readsMeasures(spec.analysis) && lacking(measureNeeds(id) ?? [], data).length > 0;
  const measures = spec.measures.filter((m) => !lacksMeasure(m));
  const rows = spec.rows.filter((d) => !lacksField(d.field));
  const columns = spec.columns.filter((d) => !lacksField(d.field));
  const filters = spec.filters.filter((f) => !lacksField(f.field));
  const left: LeftOut = {
    measures: spec.measures.filter(lacksMeasure),
    fields: [
      ...new Set(
        [...spec.rows, ...spec.columns, ...spec.filters].map((d) => d.field).filter(lacksField),
      ),
    ],
  };
  if (left.measures.length + left.fields.length === 0) return null;
  if (readsMeasures(spec.analysis) && measures.length === 0) return null;
  const goneKeys = new Set([
    ...left.measures.flatMap((m) => SORT_SUFFIXES.map((s) => m + s)),
    ...[...spec.rows, ...spec.columns].filter((d) => lacksField(d.field)).map(dimensionKey),
  ]);
  // A sort read in one table column names that axis's members: with the axis changed they name
  // something else, so such a sort falls back to the row total (as removing a chip does).
  const axisChanged = columns.length !== spec.columns.length;
  const sort = spec.sort
    .filter((s) => !goneKeys.has(s.key))
    .map((s) => (axisChanged && s.column ? { key: s.key, dir: s.dir } : s));
  const next = { ...spec, measures, rows, columns, filters, sort };
  return specLacks(next, data).length ? null : { spec: next, left };
}
