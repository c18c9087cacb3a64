/**
 * A drill-down list's cell as the list shows it. A date or date-time reads as the report's
 * tables write one (grid-text.ts `cellText`: «21 нояб. 2024 г. 13:46», "Nov 21, 2024 13:46"):
 * the list wrote ISO (`2024-11-21 13:46`) in the Russian UI under a table that did not.
 */
import { isoDate } from '../../charts/export/export.ts';
import { formatter } from '../../charts/format.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import { cellText } from '../pivot/grid-text.ts';

export interface DrillTextOptions {
  lang: Lang;
  /** The data's currency, for money columns. */
  currency: string | null;
  /** The column's decimals over the whole list (drill-decimals.ts), when it has them. */
  decimals?: number;
  /** A text value in words (a status, a yes/no); drill-names.ts `drillTextLabel`. */
  word(v: string): string;
}

export function drillCellText(v: unknown, c: OutputColumn, o: DrillTextOptions): string {
  if (v === null || v === undefined) return '';
  if (c.format === 'date') return cellText({ v: isoDate(v), fmt: 'date' }, o.lang);
  if (c.format === 'text') return o.word(String(v));
  return formatter(c.format, o.lang, {
    currency: c.format === 'money' ? o.currency : null,
    ...(o.decimals === undefined ? {} : { decimals: o.decimals }),
  })(v);
}
