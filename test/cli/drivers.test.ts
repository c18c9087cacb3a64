/**
 * `crm report drivers`, spawned as a user runs it: the output keys the issue names, ranked by the
 * size of the change, each dimension adding up to the total, mix and rate for a ratio, and the
 * pair asked for with --by.
 */
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const fx = (f: string) => `test/cli/fixtures/${f}`;
const DEALS = ['--deals', fx('deals.csv'), '--clients', fx('clients.csv')];
type Rows = Record<string, unknown>[];

function crm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node_modules/.bin/tsx',
      ['src/cli/main.ts', ...args],
      { cwd: root, timeout: 240_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

const YEAR = ['--from', '2024-01-01', '--to', '2024-12-31', '--compare', 'year'];
let revenue: Rows;
let winRate: Rows;
let bad: { code: number; stderr: string };
beforeAll(async () => {
  const parse = (r: { code: number; stdout: string; stderr: string }) => {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Rows;
  };
  revenue = parse(await crm('report', 'drivers', ...DEALS, '--measures', 'revenue', ...YEAR));
  winRate = parse(
    await crm(
      'report',
      'drivers',
      ...DEALS,
      '--measures',
      'win_rate',
      ...YEAR,
      '--by',
      'manager,source',
      '--limit',
      '4',
    ),
  );
  bad = await crm('report', 'drivers', ...DEALS, '--measures', 'median_won', ...YEAR);
}, 600_000);

describe('crm report drivers', () => {
  it('an additive measure: the keys, the total first, ranked by |delta|, each dimension summing to it', () => {
    const keys = [
      'dimension',
      'member',
      'revenue',
      'revenue_previous',
      'revenue_delta',
      'revenue_growth',
      'share_of_change',
    ];
    for (const r of revenue) expect(Object.keys(r)).toEqual(keys);
    // Won 2024 6200 against 4000 in 2023.
    expect(revenue[0]).toMatchObject({ dimension: null, revenue: 6200, revenue_delta: 2200 });
    const sizes = revenue.slice(1).map((r) => Math.abs(r.revenue_delta as number));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const dims = new Set(revenue.slice(1).map((r) => r.dimension as string));
    // Without --by: deal fields, custom fields and the clients lookup's columns.
    for (const d of ['manager', 'source', 'product', 'Region note', 'clients.Sector'])
      expect(dims).toContain(d);
    for (const d of dims) {
      const rows = revenue.filter((r) => r.dimension === d);
      expect(
        rows.reduce((s, r) => s + (r.revenue_delta as number), 0),
        d,
      ).toBe(2200);
      expect(
        rows.reduce((s, r) => s + (r.share_of_change as number), 0),
        d,
      ).toBeCloseTo(1, 12);
    }
  });

  it('a ratio with a pair and --limit: mix and rate adding up to each delta', () => {
    expect(winRate.length).toBe(5); // the total and 4 members
    expect(Object.keys(winRate[0]!)).toEqual([
      'dimension',
      'member',
      'member_2',
      'win_rate',
      'win_rate_previous',
      'win_rate_delta',
      'win_rate_growth',
      'share_of_change',
      'mix',
      'rate',
    ]);
    expect(winRate[0]!.win_rate_delta).toBeCloseTo(3 / 4 - 2 / 3, 12);
    for (const r of winRate.slice(1))
      expect((r.mix as number) + (r.rate as number)).toBeCloseTo(r.win_rate_delta as number, 12);
    // Referral: won 1 of 1 closed in 2023, 0 of 1 in 2024 — the largest move, with its pair.
    expect(winRate.slice(1, 3).map((r) => [r.dimension, r.member, r.member_2])).toEqual([
      ['manager × source', `O'Brien "Bob"`, 'Referral'],
      ['source', 'Referral', null],
    ]);
  });

  it('a measure that cannot be split: a clear error, no crash', () => {
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('cannot be split into contributions');
  });
});
