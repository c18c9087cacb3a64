/**
 * A drill-down list's cell as the list shows it. A date or date-time reads as the report's
 * tables write one (grid-text.ts `cellText`: «21 нояб. 2024 г. 13:46», "Nov 21, 2024 13:46"):
 * the list wrote ISO (`2024-11-21 13:46`) in the Russian UI under a table that did not.
 */
import { isoDate } from '../../../charts/export/export.ts';
import { formatter } from '../../../charts/format.ts';
import { bucketName, earlierBucket, periodName } from '../../../charts/report/period-name.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import type { OutputColumn } from '../../../query/compiled.ts';
import { comparisonPeriod, comparisonShift } from '../../../query/period/period.ts';
import type { Period, ReportSpec } from '../../../query/spec/spec.ts';
import { isGrainKey } from '../../../state/report/report-labels.ts';
import { cellText } from '../../pivot/grid-text.ts';

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

/** The earlier period of a drilled `<m>_previous` value of a compared report, else null. */
export function drilledEarlier(spec: ReportSpec, key: string): Period | null {
  return key.endsWith('_previous') && spec.period && spec.compare
    ? comparisonPeriod(spec.period, spec.compare)
    : null;
}

/**
 * Whether a drilled cell's own keys name the bucket its rows come from: a pivot's date bucket
 * (its caption reads the earlier one, present.ts `cellCaption`), dynamics' period
 * (`drilledBucket`). That bucket lies in the earlier period, so the caption already says it.
 */
export function namesOwnBucket(
  spec: ReportSpec,
  cell: Readonly<Record<string, unknown>> | undefined,
): boolean {
  if (!cell) return false;
  if (spec.analysis === 'dynamics') return typeof cell['period'] === 'string';
  if (spec.analysis !== 'pivot') return false;
  return Object.keys(cell).some((k) => isGrainKey(k) && typeof cell[k] === 'string');
}

/**
 * The list's title: "Rows behind the value: Reached, previous · Won (from Q3 2024)" /
 * «… (за 3 кв. 2024)». An earlier value names its period, as the pivot's, the funnel's, LTV's
 * and dynamics' earlier cells alike; "previous period" only where the spec names none. A cell
 * whose caption names its earlier bucket («… · 3 кв. 2024») has no parenthesis: it read
 * «3 кв. 2024 (за 3 кв. 2024)».
 */
export function drillTitle(
  target: {
    spec: ReportSpec;
    key: string;
    caption: string;
    undated?: boolean;
    cell?: Readonly<Record<string, unknown>>;
  },
  L: { lang: Lang; t: Translate },
): string {
  if (target.undated) return L.t('undatedTitle');
  const earlier = drilledEarlier(target.spec, target.key);
  const suffix = earlier
    ? namesOwnBucket(target.spec, target.cell)
      ? ''
      : ` (${L.t('drillEarlier', { period: periodName(earlier, L) })})`
    : target.key.endsWith('_previous')
      ? ` (${L.t('drillPrevious')})`
      : '';
  return `${L.t('drillTitle')}: ${target.caption}${suffix}`;
}

/**
 * The period of a compared analysis's row in a drill caption, when it is not the row's own: an earlier value's row of
 * dynamics ("Q3 2025" holding Q3 2024's clients) is named by the bucket its clients come from,
 * as the pivot's earlier cells are (present.ts `cellCaption`).
 */
export function drilledBucket(
  spec: ReportSpec,
  key: string,
  bucket: string,
  L: Words,
): string | null {
  const shift =
    key.endsWith('_previous') && spec.period && spec.compare
      ? comparisonShift(spec.period, spec.compare)
      : null;
  return shift ? bucketName(earlierBucket(bucket, shift), L) : null;
}
type Words = { lang: Lang; t: Translate };
