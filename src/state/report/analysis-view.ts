/** Labels for analysis results: column headers and category values (statuses, segments). */
import { DICTIONARIES, type MessageKey } from '../../lib/i18n.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { Workbench } from './workbench.svelte.ts';

function isKey(key: string): key is MessageKey {
  return key in DICTIONARIES.en;
}

/** An analysis column's header: its own message (`col_<key>`), else the workbench's label. */
export function analysisColumnLabel(wb: Workbench, col: OutputColumn): string {
  const key = `col_${col.key}`;
  return isKey(key) ? wb.t(key) : wb.columnLabel(col);
}

/** A label by result key (for chart axes). */
export function analysisKeyLabel(wb: Workbench, key: string): string {
  const k = `col_${key}`;
  if (isKey(k)) return wb.t(k);
  if (key === 'period') return wb.t('period');
  if (isKey(key)) return wb.t(key);
  return wb.measureLabel(key);
}

/** A status (`lapsed`) or segment (`At risk`) in the UI language; other values as they are. */
export function categoryLabel(wb: Workbench, key: string, value: string): string {
  if (key === 'from_status' && value === '') return wb.t('statusStart');
  const k =
    key === 'status' || key === 'from_status' || key === 'to_status'
      ? `status_${value}`
      : key === 'segment'
        ? `seg_${value}`
        : '';
  return k && isKey(k) ? wb.t(k) : value;
}
