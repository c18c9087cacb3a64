// Quick period picks against dates written out by hand.
import { describe, expect, it } from 'vitest';
import { lastFourQuarters, quickPeriod, typedPeriod } from '../../../src/state/report/periods.ts';

const p = (from: string, to: string) => ({ from, to });

describe('quick periods', () => {
  it.each([
    ['thisMonth', '2024-02-10', p('2024-02-01', '2024-02-29')],
    ['lastMonth', '2024-03-31', p('2024-02-01', '2024-02-29')],
    ['lastMonth', '2024-01-05', p('2023-12-01', '2023-12-31')],
    ['thisQuarter', '2024-05-31', p('2024-04-01', '2024-06-30')],
    ['lastQuarter', '2024-02-29', p('2023-10-01', '2023-12-31')],
    ['lastQuarter', '2024-12-31', p('2024-07-01', '2024-09-30')],
    ['thisYear', '2024-07-04', p('2024-01-01', '2024-12-31')],
    ['lastYear', '2024-01-01', p('2023-01-01', '2023-12-31')],
    ['last12Months', '2024-02-29', p('2023-03-01', '2024-02-29')],
  ] as const)('%s at %s', (pick, max, want) => expect(quickPeriod(pick, max)).toEqual(want));

  it('the last four quarters end with the quarter of the last date', () => {
    expect(lastFourQuarters('2024-02-29')).toEqual(p('2023-04-01', '2024-03-31'));
    expect(lastFourQuarters('2024-12-31')).toEqual(p('2024-01-01', '2024-12-31'));
  });
});

describe('a typed end of the period', () => {
  it('stands; the other end moves to it rather than the two swapping', () => {
    expect(typedPeriod('2024-07-01', '2024-03-31', 'from')).toEqual(p('2024-07-01', '2024-07-01'));
    expect(typedPeriod('2024-03-05', '2024-02-01', 'to')).toEqual(p('2024-02-01', '2024-02-01'));
    // In order, nothing moves, whichever end was typed.
    expect(typedPeriod('2024-01-01', '2024-03-31', 'from')).toEqual(p('2024-01-01', '2024-03-31'));
    expect(typedPeriod('2024-01-01', '2024-01-01', 'to')).toEqual(p('2024-01-01', '2024-01-01'));
  });
});
