// A comparison must say which dates both of its sides cover: the period bar, a dashboard tile,
// a printout and a chart image read these words (the buttons alone said "Same period last year").
import { describe, expect, it } from 'vitest';
import { bucketName, comparisonText, periodName } from '../../../src/charts/report/period-name.ts';
import { reportPeriodText } from '../../../src/charts/report/heading.ts';
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
    expect(comparisonText(q3, 'year', ru)).toBe('3 кв. 2026 и 3 кв. 2025');
    expect(comparisonText(q3, 'previous', en)).toBe('Q3 2026 vs Q2 2026');
    const q1 = { from: '2026-01-01', to: '2026-03-31' };
    expect(comparisonText(q1, 'previous', en)).toBe('Q1 2026 vs Q4 2025');
  });

  it('steps a month back by a month, and any range back by its own length', () => {
    const march = { from: '2024-03-01', to: '2024-03-31' };
    expect(comparisonText(march, 'previous', en)).toBe('March 2024 vs February 2024');
    expect(comparisonText(march, 'previous', ru)).toBe('март 2024 г. и февраль 2024 г.');
    // 10 days (Jul 1–10) back: Jun 21–30.
    expect(comparisonText({ from: '2025-07-01', to: '2025-07-10' }, 'previous', en)).toBe(
      'Jul 1, 2025 – Jul 10, 2025 vs Jun 21, 2025 – Jun 30, 2025',
    );
  });

  // «против» and «по сравнению с» decline what follows (против февраля, с февралём), which a
  // name made to stand alone does not: both sides stay in the nominative, joined by «и».
  it('reads in Russian without «против периода» at every grain', () => {
    const cases: [{ from: string; to: string }, 'year' | 'previous', string][] = [
      [{ from: '2025-03-07', to: '2025-03-07' }, 'previous', '7 мар. 2025 г. и 6 мар. 2025 г.'],
      [
        { from: '2025-03-03', to: '2025-03-09' },
        'year',
        '3 мар. 2025 г. – 9 мар. 2025 г. и 3 мар. 2024 г. – 9 мар. 2024 г.',
      ],
      [{ from: '2025-08-01', to: '2025-08-31' }, 'year', 'август 2025 г. и август 2024 г.'],
      [{ from: '2025-07-01', to: '2025-09-30' }, 'previous', '3 кв. 2025 и 2 кв. 2025'],
      [{ from: '2025-01-01', to: '2025-12-31' }, 'year', '2025 и 2024'],
    ];
    for (const [period, mode, text] of cases) {
      const got = comparisonText(period, mode, ru);
      expect(got).toBe(text);
      expect(got).not.toMatch(/против|периода/);
    }
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

// The grid, charts and drill-down titles showed the engine's bucket keys ("2025-Q1") in both
// languages; a head of sales reads a period's name. Hand-written names, per grain and language.
describe('bucketName', () => {
  it('names a quarter', () => {
    expect(bucketName('2025-Q1', en)).toBe('Q1 2025');
    expect(bucketName('2025-Q1', ru)).toBe('1 кв. 2025');
    expect(bucketName('2024-Q4', ru)).toBe('4 кв. 2024');
  });

  it('names a month, Russian in the nominative without «г.»', () => {
    expect(bucketName('2025-03', en)).toBe('Mar 2025');
    expect(bucketName('2025-03', ru)).toBe('март 2025');
    expect(bucketName('2024-12', en)).toBe('Dec 2024');
    expect(bucketName('2024-12', ru)).toBe('декабрь 2024');
  });

  it('names an ISO week by its number, week 1 and week 53 included', () => {
    expect(bucketName('2025-W09', en)).toBe('W9 2025');
    expect(bucketName('2025-W09', ru)).toBe('нед. 9, 2025');
    expect(bucketName('2025-W01', en)).toBe('W1 2025');
    expect(bucketName('2025-W01', ru)).toBe('нед. 1, 2025');
    // 2021-01-01 is in week 53 of ISO year 2020: the year is the key's, not the calendar's.
    expect(bucketName('2020-W53', en)).toBe('W53 2020');
    expect(bucketName('2020-W53', ru)).toBe('нед. 53, 2020');
  });

  it('writes a day as the UI writes dates, and a year alone as it is', () => {
    expect(bucketName('2025-03-07', en)).toBe('Mar 7, 2025');
    expect(bucketName('2025-03-07', ru)).toBe('7 мар. 2025 г.');
    expect(bucketName('2025', en)).toBe('2025');
    expect(bucketName('2025', ru)).toBe('2025');
  });

  it('leaves anything that is not a bucket key as it is', () => {
    for (const v of ['Анна', '2025-Q5', '2025-W9', '25-03', '']) expect(bucketName(v, ru)).toBe(v);
  });
});
