/**
 * `crm report forecast`: the flags the issue names (--as-of, --horizon, --by, --backtest), the
 * output keys, and the backtest's verdict on stderr. The numbers themselves are checked against a
 * plain-JS estimate in test/crm/analyses/forecast.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { crm } from './run-cli.ts';

const DEMO = ['--demo', '--demo-deals', '2000'];

describe('crm report forecast', () => {
  it('--as-of in the past and --horizon 12w: one row per week with the actuals', async () => {
    const r = await crm('report', 'forecast', ...DEMO, '--as-of', '2025-06-30', '--horizon', '12w');
    expect(r.stderr).toContain('note: Forecast:');
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(12);
    expect(Object.keys(rows[0]!)).toEqual([
      'period',
      'period_end',
      'open_deals',
      'expected_won',
      'expected_revenue',
      'low',
      'high',
      'won_low',
      'won_high',
      'actual_won',
      'actual_revenue',
    ]);
    expect(rows[0]!.period).toBe('2025-07-01');
    expect(rows[0]!.period_end).toBe('2025-07-07');
    expect(rows.reduce((a, x) => a + (x.actual_won as number), 0)).toBeGreaterThan(0);
  });

  it('without --as-of: from the data end, no actuals; --by splits it', async () => {
    const r = await crm('report', 'forecast', ...DEMO, '--by', 'manager', '--horizon', '2m');
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((x) => x.period && x.manager !== undefined)).toBe(true);
    expect(rows[0]).not.toHaveProperty('actual_won');
  });

  it('--backtest: one row per as-of date and a verdict against the baseline', async () => {
    const r = await crm('report', 'forecast', ...DEMO, '--backtest');
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(6);
    expect(rows[0]).toHaveProperty('baseline_won');
    expect(r.stderr).toMatch(/note: Backtest: the forecast (missed|does not beat)/);
  });

  it('--top-deals N: the open deals carrying most of the expected revenue, the period rows kept apart', async () => {
    const args = [...DEMO, '--as-of', '2025-06-30', '--horizon', '3m'];
    const r = await crm('report', 'forecast', ...args, '--top-deals', '5');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0]!)).toEqual([
      'deal',
      'title',
      'stage',
      'days_in_stage',
      'manager',
      'amount',
      'probability',
      'expected_revenue',
      'share_of_expected',
    ]);
    const ev = rows.map((x) => x.expected_revenue as number);
    expect([...ev].sort((a, b) => b - a)).toEqual(ev);
    // The shares are of the forecast's own expected revenue over the whole horizon.
    const periods = JSON.parse((await crm('report', 'forecast', ...args)).stdout) as Record<
      string,
      unknown
    >[];
    const total = periods.reduce((a, x) => a + (x.expected_revenue as number), 0);
    const share = (rows[0]!.expected_revenue as number) / total;
    expect(Math.abs((rows[0]!.share_of_expected as number) - share)).toBeLessThan(1e-9);
    const both = await crm('report', 'forecast', ...DEMO, '--backtest', '--top-deals', '5');
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('--top-deals');
  });

  it('a wrong horizon and forecast flags on another preset are usage errors', async () => {
    const bad = await crm('report', 'forecast', ...DEMO, '--horizon', '2y');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--horizon');
    const other = await crm('report', 'by-source', ...DEMO, '--horizon', '3m');
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain('forecast');
  });
});
