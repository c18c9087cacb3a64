// A comparison must say which dates both of its sides cover: the period bar, a dashboard tile,
// a printout and a chart image read these words (the buttons alone said "Same period last year").
import { describe, expect, it } from 'vitest';
import { comparisonText, periodName } from '../../../src/charts/report/period-name.ts';
import { reportPeriodText } from '../../../src/charts/report/present.ts';
import { translator } from '../../../src/lib/i18n.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';

const en = { lang: 'en' as const, t: translator('en') };
const ru = { lang: 'ru' as const, t: translator('ru') };

describe('periodName', () => {
  it('names a whole quarter, month or year by its calendar name', () => {
    expect(periodName({ from: '2026-07-01', to: '2026-09-30' }, en)).toBe('Q3 2026');
    expect(periodName({ from: '2026-07-01', to: '2026-09-30' }, ru)).toBe('3 кв. 2026');
    expect(periodName({ from: '2024-02-01', to: '2024-02-29' }, en)).toBe('February 2024');
    expect(periodName({ from: '2024-02-01', to: '2024-02-29' }, ru)).toBe('февраль 2024 г.');
    expect(periodName({ from: '2025-01-01', to: '2025-12-31' }, en)).toBe('2025');
    expect(periodName({ from: '2025-01-01', to: '2025-12-31' }, ru)).toBe('2025');
  });

  it('gives the dates of any other period: not a quarter that starts off its calendar', () => {
    expect(periodName({ from: '2025-02-01', to: '2025-04-30' }, en)).toBe(
      'Feb 1, 2025 – Apr 30, 2025',
    );
    expect(periodName({ from: '2025-07-05', to: '2025-08-04' }, ru)).toBe(
      '5 июл. 2025 г. – 4 авг. 2025 г.',
    );
    expect(periodName({ from: '2025-07-05', to: '2025-07-05' }, en)).toBe('Jul 5, 2025');
    // A year that does not start in January is twelve months, not "2025".
    expect(periodName({ from: '2025-02-01', to: '2026-01-31' }, en)).toBe(
      'Feb 1, 2025 – Jan 31, 2026',
    );
  });
});

describe('comparisonText', () => {
  it('says both sides: the same quarter a year back, the quarter before', () => {
    const q3 = { from: '2026-07-01', to: '2026-09-30' };
    expect(comparisonText(q3, 'year', en)).toBe('Q3 2026 vs Q3 2025');
    expect(comparisonText(q3, 'year', ru)).toBe('3 кв. 2026 против периода 3 кв. 2025');
    expect(comparisonText(q3, 'previous', en)).toBe('Q3 2026 vs Q2 2026');
    const q1 = { from: '2026-01-01', to: '2026-03-31' };
    expect(comparisonText(q1, 'previous', en)).toBe('Q1 2026 vs Q4 2025');
  });

  it('steps a month back by a month, and any range back by its own length', () => {
    const march = { from: '2024-03-01', to: '2024-03-31' };
    expect(comparisonText(march, 'previous', en)).toBe('March 2024 vs February 2024');
    expect(comparisonText(march, 'previous', ru)).toBe(
      'март 2024 г. против периода февраль 2024 г.',
    );
    // 10 days (Jul 1–10) back: Jun 21–30.
    expect(comparisonText({ from: '2025-07-01', to: '2025-07-10' }, 'previous', en)).toBe(
      'Jul 1, 2025 – Jul 10, 2025 vs Jun 21, 2025 – Jun 30, 2025',
    );
  });
});

describe('reportPeriodText', () => {
  it('is both sides when compared, else the dates or all time', () => {
    const spec = { ...defaultSpec(), period: { from: '2025-07-01', to: '2025-09-30' } };
    expect(reportPeriodText({ ...spec, compare: 'year' }, en)).toBe('Q3 2025 vs Q3 2024');
    expect(reportPeriodText(spec, en)).toBe('Jul 1, 2025 – Sep 30, 2025');
    expect(reportPeriodText({ ...defaultSpec(), period: null }, ru)).toBe(ru.t('allTime'));
  });
});
