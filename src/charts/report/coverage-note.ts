/**
 * Notes when a report's period ends before the data begins (nothing of the data is in it), or
 * the period it is compared with starts before the data does: its figures are 0 there (and
 * growth blank), which a table of zeros does not explain by itself — a comparison with the year
 * before the first export looked like a year with no sales.
 */
import { formatDate } from '../format.ts';
import { LANGS, translator } from '../../lib/i18n.ts';
import { msg, type Message, type Translated } from '../../lib/message.ts';
import { comparisonPeriod } from '../../query/period/period.ts';
import { comparesReport, type Period, type ReportSpec } from '../../query/spec/spec.ts';
import { periodName } from './period-name.ts';

/** `firstDate`: the data's first date (`DatasetModel.minDate`), null when unknown. */
export function coverageNotes(spec: ReportSpec, firstDate: string | null): Message[] {
  if (!firstDate || !spec.period) return [];
  const inEach = (text: (lang: (typeof LANGS)[number]) => string) =>
    Object.fromEntries(LANGS.map((lang) => [lang, text(lang)])) as unknown as Translated;
  const named = (period: Period) => ({
    period: inEach((lang) => periodName(period, { lang, t: translator(lang) })),
    date: inEach((lang) => formatDate(firstDate, lang)),
  });
  // The report's own period before the data: a table of zeros (or none) that said nothing, and,
  // compared, only that the comparison period — earlier still — held none of it. Not on the
  // forecast, whose pipeline is open now whatever the period.
  if (spec.period.to < firstDate && spec.analysis !== 'forecast')
    return [msg('note_periodBeforeData', named(spec.period))];
  if (!spec.compare || !comparesReport(spec)) return [];
  const before = comparisonPeriod(spec.period, spec.compare);
  if (before.from >= firstDate) return [];
  const code = before.to < firstDate ? 'note_compareBeforeData' : 'note_compareFromData';
  return [msg(code, named(before))];
}
