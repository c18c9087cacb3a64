// Period arithmetic against dates written out by hand (not against the functions' own output).
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  comparisonPeriod,
  comparisonShift,
} from '../../../src/query/period/period.ts';

const p = (from: string, to: string) => ({ from, to });

describe('calendar steps', () => {
  it.each([
    ['2024-03-31', -1, '2024-02-29'],
    ['2023-03-31', -1, '2023-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', -12, '2023-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-12-31', 2, '2025-02-28'],
    ['2025-01-15', -1, '2024-12-15'],
  ])('addMonths(%s, %i) = %s', (d, n, want) => expect(addMonths(d, n)).toBe(want));

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-03-31', 1, '2024-04-01'],
  ])('addDays(%s, %i) = %s', (d, n, want) => expect(addDays(d, n)).toBe(want));
});

describe('comparison periods', () => {
  it.each([
    // 29 February one year back is 28 February.
    [p('2024-02-29', '2024-02-29'), 'year', p('2023-02-28', '2023-02-28')],
    [p('2024-02-01', '2024-02-29'), 'year', p('2023-02-01', '2023-02-28')],
    [p('2025-02-01', '2025-02-28'), 'year', p('2024-02-01', '2024-02-29')],
    // Whole months step back by months: the previous of March is all of February.
    [p('2024-03-01', '2024-03-31'), 'previous', p('2024-02-01', '2024-02-29')],
    [p('2024-02-01', '2024-02-29'), 'previous', p('2024-01-01', '2024-01-31')],
    [p('2023-03-01', '2023-03-31'), 'previous', p('2023-02-01', '2023-02-28')],
    // Quarters and years.
    [p('2024-01-01', '2024-03-31'), 'previous', p('2023-10-01', '2023-12-31')],
    [p('2024-04-01', '2024-06-30'), 'previous', p('2024-01-01', '2024-03-31')],
    [p('2024-04-01', '2024-06-30'), 'year', p('2023-04-01', '2023-06-30')],
    [p('2024-01-01', '2024-12-31'), 'previous', p('2023-01-01', '2023-12-31')],
    // A week across the new year, and an arbitrary run of days: the same number of days before.
    [p('2024-12-30', '2025-01-05'), 'previous', p('2024-12-23', '2024-12-29')],
    [p('2024-03-25', '2024-04-03'), 'previous', p('2024-03-15', '2024-03-24')],
    [p('2024-03-01', '2024-03-01'), 'previous', p('2024-02-29', '2024-02-29')],
    // Mid-month to mid-month is not whole months: days, not months.
    [p('2024-01-15', '2024-02-14'), 'previous', p('2023-12-15', '2024-01-14')],
  ] as const)('%o %s → %o', (period, mode, want) => {
    expect(comparisonPeriod(period, mode)).toEqual(want);
  });

  it('names the step it takes', () => {
    expect(comparisonShift(p('2024-01-01', '2024-03-31'), 'previous')).toEqual({
      unit: 'MONTH',
      amount: 3,
    });
    expect(comparisonShift(p('2024-12-30', '2025-01-05'), 'previous')).toEqual({
      unit: 'DAY',
      amount: 7,
    });
    expect(comparisonShift(p('2024-12-30', '2025-01-05'), 'year')).toEqual({
      unit: 'MONTH',
      amount: 12,
    });
  });
});
