/**
 * A chart's value formats: compact for axes, three significant digits for the values written on
 * bars, full for tooltips, and the heatmap cells' labels in the first form and size that fits.
 * Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import { formatter, labelDecimals, sharedDecimals } from '../format.ts';
import type { ChartOptions } from './chart.ts';

/** How a heatmap cell writes its value: as the table, short (12,4 тыс. ₽), short without currency. */
export type CellForm = 'table' | 'short' | 'bare';

/** A heatmap's cell labels: one form and one font size for every cell. */
export interface CellLabel {
  text: (v: unknown) => string;
  size: number;
}

/**
 * The forms a heatmap's labels try, in order, with their font size: the table's form, then the
 * short one at 10 px, then a point smaller, then without the currency sign. Russian money at
 * 768 px («1,68 млн ₽» in a 54 px cell of twelve months) fitted none of the first two and the
 * cells went blank; «1,68 млн» at 9 px fits, the legend's «Выручка, ₽» names the currency.
 */
export const CELL_FORMS: readonly (readonly [CellForm, number])[] = [
  ['table', 10],
  ['short', 10],
  ['short', 9],
  ['bare', 10],
  ['bare', 9],
];

/**
 * The value formats of a chart: compact for axes, compact to three significant digits for the
 * values written on bars, full for tooltips. The values written on one chart (the bars or cells
 * it draws) share their decimals: a rate's bars read 59.0 % beside 65.3 %, not 59 % beside 65.3 %.
 */
export function valueFormats(value: OutputColumn, o: Pick<ChartOptions, 'lang' | 'money'>) {
  const format = value.format === 'text' || value.format === 'date' ? 'number' : value.format;
  const money = value.format === 'money' ? (o.money ?? {}) : {};
  // Rates by the table's rule; money and plain numbers below a suffix by their labels' digits
  // (12.5 beside 13.0); days and counts have no decimal in their short form.
  const shared = (drawn: Iterable<unknown>) => {
    const d =
      format === 'pct' || format === 'pp'
        ? sharedDecimals(format, drawn)
        : format === 'money' || format === 'number'
          ? labelDecimals(drawn)
          : undefined;
    return d === undefined ? {} : { decimals: d };
  };
  return {
    fmt: formatter(format, o.lang, { ...money, compact: true }),
    cellText: (drawn: readonly unknown[], fits: (text: string, size: number) => boolean) => {
      // A cell wide enough reads as the table does (12 957 ₽, rates' one decimal, days and
      // numbers with their column's decimals); else the bars' short form, whose significant
      // digits keep one form across cells (13,0 тыс. beside 12,4 тыс., never 13 тыс.); else
      // that form without the currency, which the colour legend's title already names.
      const tableDecimals =
        format === 'days' || format === 'number' ? sharedDecimals(format, drawn) : undefined;
      const short = { compact: true, significant: 3, ...shared(drawn) };
      const forms: Record<CellForm, (v: unknown) => string> = {
        table: formatter(format, o.lang, {
          ...money,
          ...(tableDecimals === undefined ? {} : { decimals: tableDecimals }),
        }),
        short: formatter(format, o.lang, { ...money, ...short }),
        bare: formatter(format, o.lang, short),
      };
      for (const [form, size] of CELL_FORMS) {
        // Without a currency the bare form is the short one, already tried.
        if (form === 'bare' && !('currency' in money && money.currency)) continue;
        const text = forms[form];
        if (drawn.every((v) => fits(text(v), size))) return { text, size };
      }
      return null;
    },
    valueText: (drawn: Iterable<unknown>) =>
      formatter(format, o.lang, { ...money, compact: true, significant: 3, ...shared(drawn) }),
    full: formatter(format, o.lang, money),
  };
}
