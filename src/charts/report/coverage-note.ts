/**
 * A note when the period a report is compared with starts before the data does: its figures are
 * 0 there (and growth blank), which a table of zeros does not explain by itself — a comparison
 * with the year before the first export looked like a year with no sales.
 */
import { formatDate } from '../format.ts';
import { LANGS, translator } from '../../lib/i18n.ts';
import { msg, type Message, type Translated } from '../../lib/message.ts';
import { comparisonPeriod } from '../../query/period/period.ts';
import { comparesReport, type ReportSpec } from '../../query/spec/spec.ts';
import { periodName } from './period-name.ts';

/** `firstDate`: the data's first date (`DatasetModel.minDate`), null when unknown. */
export function coverageNotes(spec: ReportSpec, firstDate: string | null): Message[] {
  if (!firstDate || !spec.period || !spec.compare || !comparesReport(spec)) return [];
  const before = comparisonPeriod(spec.period, spec.compare);
  if (before.from >= firstDate) return [];
  const inEach = (text: (lang: (typeof LANGS)[number]) => string) =>
    Object.fromEntries(LANGS.map((lang) => [lang, text(lang)])) as unknown as Translated;
  const params = {
    period: inEach((lang) => periodName(before, { lang, t: translator(lang) })),
    date: inEach((lang) => formatDate(firstDate, lang)),
  };
  return [msg(before.to < firstDate ? 'note_compareBeforeData' : 'note_compareFromData', params)];
}
