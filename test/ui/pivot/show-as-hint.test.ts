// "Show as" says why it is off or leaves measures as values. On a report of rates alone (win
// rate by source) it was greyed out with no word why; and in Russian several names stood in one
// pair of quotes: «Конверсия в выигрыш, Активностей на выигранную сделку».
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/lib/i18n.ts';
import { showAsHint } from '../../../src/ui/pivot/show-as-hint.ts';

const NAMES: Record<string, { en: string; ru: string }> = {
  win_rate: { en: 'Win rate', ru: 'Конверсия в выигрыш' },
  activities_per_won: { en: 'Activities per won deal', ru: 'Активностей на выигранную сделку' },
  won: { en: 'Won', ru: 'Выиграно' },
};
const hint = (
  lang: 'en' | 'ru',
  spec: { totals: boolean; show: 'value' | 'pct_col'; measures: string[] },
  notShareable: string[] = [],
) =>
  showAsHint(spec, {
    shareable: (m) => m === 'won',
    notShareable,
    name: (m) => NAMES[m]![lang],
    t: translator(lang),
    lang,
  });

describe('showAsHint', () => {
  it('a report of rates alone: why there is nothing to show as shares', () => {
    const spec = { totals: true, show: 'value' as const, measures: ['win_rate'] };
    expect(hint('en', spec)).toBe('Shown as values: a share of “Win rate” means nothing');
    expect(hint('ru', spec)).toBe(
      'Показано значениями: доля для «Конверсия в выигрыш» не имеет смысла',
    );
  });

  it('shares of some measures: each name the rest in quotes of its own', () => {
    const spec = {
      totals: true,
      show: 'pct_col' as const,
      measures: ['won', 'win_rate', 'activities_per_won'],
    };
    expect(hint('ru', spec, ['win_rate', 'activities_per_won'])).toBe(
      'Показано значениями: доля для «Конверсия в выигрыш», «Активностей на выигранную сделку» не имеет смысла',
    );
    // Values shown and a measure to share: nothing to say.
    expect(hint('en', { ...spec, show: 'value' }, [])).toBe('');
  });

  it('without totals: turn them on', () => {
    const spec = { totals: false, show: 'value' as const, measures: ['won'] };
    expect(hint('en', spec)).toBe('Turn totals on to show shares');
  });
});
