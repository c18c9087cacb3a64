// The chart's value menu offers each measure and, under a comparison, its growth: a person could
// chart Δ % only when a report happened to have no other measure.
import { describe, expect, it } from 'vitest';
import { chartValues } from '../../../src/charts/report/chart-values.ts';
import { translator, type Lang } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const NAMES: Record<Lang, Record<string, string>> = {
  en: { won: 'Won deals', revenue: 'Revenue' },
  ru: { won: 'Выиграно сделок', revenue: 'Выручка' },
};
const labels = (lang: Lang) => ({
  t: translator(lang),
  columnLabel: (c: OutputColumn) => NAMES[lang][c.measure ?? c.key] ?? c.key,
});
const col = (measure: string, role: OutputColumn['role'], suffix = ''): OutputColumn => ({
  key: `${measure}${suffix}`,
  role,
  measure,
  format: role === 'growth' ? 'pct' : 'int',
});
const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const compared = ['won', 'revenue'].flatMap((m) => [
  col(m, 'measure'),
  col(m, 'previous', '_previous'),
  col(m, 'delta', '_delta'),
  col(m, 'growth', '_growth'),
  col(m, 'rank', '_rank'),
  col(m, 'earlier', '_earlier'),
]);

describe('chartValues', () => {
  it('offers each measure and then its growth, in English and in Russian', () => {
    expect(chartValues([manager, ...compared], labels('en'), null)).toEqual({
      options: [
        { key: 'won', label: 'Won deals' },
        { key: 'won_growth', label: 'Won deals: growth' },
        { key: 'revenue', label: 'Revenue' },
        { key: 'revenue_growth', label: 'Revenue: growth' },
      ],
      selected: 'won',
    });
    const ru = chartValues([manager, ...compared], labels('ru'), 'revenue_growth');
    expect(ru.options.map((o) => o.label)).toEqual([
      'Выиграно сделок',
      'Выиграно сделок: рост',
      'Выручка',
      'Выручка: рост',
    ]);
    expect(ru.selected).toBe('revenue_growth');
  });

  it('without a comparison offers the measures; a growth picked before falls back to the first', () => {
    const plain = [manager, col('won', 'measure'), col('revenue', 'measure')];
    const menu = chartValues(plain, labels('en'), 'revenue_growth');
    expect(menu.options.map((o) => o.key)).toEqual(['won', 'revenue']);
    expect(menu.selected).toBe('won');
    // One measure compared: two entries, so the menu is shown.
    const one = chartValues(
      [manager, col('revenue', 'measure'), col('revenue', 'growth', '_growth')],
      labels('en'),
      null,
    );
    expect(one.options.map((o) => o.key)).toEqual(['revenue', 'revenue_growth']);
  });
});
