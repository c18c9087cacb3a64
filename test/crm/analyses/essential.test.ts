// The columns each analysis's narrow dashboard tile keeps (OutputColumn.essential; fitColumns in
// ui/pivot/grid-cut.ts keeps the row labels, these, then the rest from the left). In Russian at
// 1440 px the drivers tile dropped its share of the change — the column drivers are read for —
// and a backtest's actual numbers, its last columns, would go before the ranges beside them.
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../../src/crm/report.ts';
import { tinyCrm } from '../../fixtures/engine.ts';
import { spec } from './helpers.ts';

const crm = tinyCrm();
const kept = (s: Parameters<typeof compileReport>[0]) =>
  compileReport(s, crm.catalog)
    .columns.filter((c) => c.essential)
    .map((c) => c.key);

describe('the columns a narrow tile keeps', () => {
  it('funnel: how many reached each step and the conversions', () => {
    expect(kept(spec({ analysis: 'funnel', options: {} }))).toEqual([
      'reached',
      'step_conversion',
      'cumulative_conversion',
    ]);
  });

  it('cohorts: retention; dynamics: the clients in each status', () => {
    expect(kept(spec({ analysis: 'cohort', options: {} }))).toEqual(['retention']);
    expect(kept(spec({ analysis: 'dynamics', options: {} }))).toEqual(['clients']);
  });

  it('drivers: the change and its share of the total change', () => {
    const period = { from: '2024-01-01', to: '2024-12-31' };
    expect(
      kept(spec({ analysis: 'drivers', measures: ['revenue'], period, compare: 'year' })),
    ).toEqual(['revenue_delta', 'share_of_change']);
  });

  it('forecast: the expectation, and in a backtest what happened beside it', () => {
    expect(kept(spec({ analysis: 'forecast', options: {} }))).toEqual([
      'expected_won',
      'expected_revenue',
    ]);
    const past = { from: '2024-01-01', to: '2024-03-31' };
    expect(kept(spec({ analysis: 'forecast', options: {}, period: past }))).toEqual([
      'expected_won',
      'expected_revenue',
      'actual_won',
      'actual_revenue',
    ]);
  });
});
