/**
 * A drill-down list's headers and values in the UI language, for the list on screen and for its
 * CSV and XLSX files alike: a file reads as the list does («выиграна», not `won`), as the report
 * table's exports hold the names the table shows (docs/design.md, "Exports of the table").
 */
import { listGrid, type ExportGrid } from '../../charts/export/export.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import { DRILL_VALUE } from '../../query/drill.ts';
import type { Labels } from './labels.ts';

/** A list column's header; `fact` is what the list lists (`deals`, `activities`, `clients`). */
export function drillColumnLabel(L: Labels, fact: string, c: OutputColumn): string {
  if (c.key === DRILL_VALUE) return c.measure ? L.measureLabel(c.measure) : L.t('drillValue');
  // An analysis's list of clients is labelled like the analysis's own columns.
  if (fact === 'clients') return L.analysisColumnLabel(c);
  const id = fact === 'activities' ? `activities.${c.key}` : c.key;
  // Not a field: a value the analysis adds to its deals (a forecast's chance to be won).
  return L.field(id)?.label[L.lang] ?? L.field(c.key)?.label[L.lang] ?? L.analysisColumnLabel(c);
}

/** A text value as the list shows it: a deal's status, a client's segment, a yes/no in words. */
export function drillTextLabel(L: Labels, fact: string, c: OutputColumn, v: string): string {
  return fact === 'clients' ? L.categoryLabel(c.key, v) : L.fieldValueLabel(c.key, v);
}

/** The whole list as export cells: the screen's headers and words; numbers and days as data. */
export function drillGrid(
  L: Labels,
  fact: string,
  columns: OutputColumn[],
  rows: Iterable<Record<string, unknown>>,
): ExportGrid {
  return listGrid(
    columns,
    (c) => drillColumnLabel(L, fact, c),
    rows,
    (c, v) => drillTextLabel(L, fact, c, v),
  );
}
