/**
 * What a whole report spec needs that this data lacks: a shared link or a saved report made on
 * other data (lost reasons sent to someone whose export has none, a revenue report opened on a
 * lead export) is then shown as "not in this data" with its reason, the spec kept as it came, so
 * it opens as soon as the data can answer it (after the columns are mapped again), instead of
 * an empty table, a one-row table or a compile error naming an unknown field.
 */
import { readsMeasures, type ReportSpec } from '../query/spec/spec.ts';
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
