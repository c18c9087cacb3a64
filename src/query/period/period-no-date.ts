/**
 * The note for measures a period cannot limit: their date (revenue's close date) is missing from
 * this dataset (`MeasureDef.lacksDate`), so they count every row. Without it an all-time figure
 * would stand under "This year" unexplained.
 */
import { MessageSet, msg, named, type Named } from '../../lib/message.ts';
import type { MeasureDef } from '../catalog.ts';
import { PERIOD_FIELD } from '../resolve.ts';
import type { ReportSpec } from '../spec/spec.ts';

/**
 * Measures whose date the data lacks count every row whatever the period: when a period applies
 * (chosen, or a `period` column or filter), one note per missing date names them.
 */
export function periodNoDate(spec: ReportSpec, measures: MeasureDef[], notes: MessageSet): void {
  const periodic =
    spec.period !== null ||
    [...spec.rows, ...spec.columns].some((d) => d.field === PERIOD_FIELD) ||
    spec.filters.some((f) => f.field === PERIOD_FIELD);
  if (!periodic) return;
  const byDate = new Map<string, { field: Named; measures: Named[] }>();
  for (const m of measures) {
    if (!m.lacksDate) continue;
    const entry = byDate.get(m.lacksDate.id) ?? { field: m.lacksDate, measures: [] };
    entry.measures.push(named(m));
    byDate.set(m.lacksDate.id, entry);
  }
  for (const { field, measures: ms } of byDate.values())
    notes.add(msg('note_periodNoDate', { measures: ms, field }));
}
