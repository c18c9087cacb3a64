/**
 * Every catalog measure, computed by the compiler on DuckDB over the tiny fixture, against the
 * independent plain-JS reference in ./reference.ts: overall, by manager, by client region, by
 * quarter, with and without a period; with totals (subtotals recomputed, not summed); and the
 * period comparison against the plain report of the comparison period.
 */
import { describe, expect, it } from 'vitest';
import { MEASURE_IDS } from '../../src/crm/measures.ts';
import { comparisonPeriod } from '../../src/query/period/period.ts';
import type { CompareMode, Dimension, Period } from '../../src/query/spec/spec.ts';
import { run, spec, type Row } from '../query/helpers.ts';
import { SNAPSHOT, close, empty, reference } from './reference.ts';
import { tinyCrm } from '../fixtures/engine.ts';

const MEASURES = [
  'deals',
  'won',
  'lost',
  'open',
  'win_rate',
  'conversion',
  'revenue',
  'lost_amount',
  'amount',
  'avg_won',
  'median_won',
  'pipeline',
  'weighted_pipeline',
  'cycle_days',
  'cycle_days_avg',
  'clients',
  'buyers',
  'activities',
  'activities_per_won',
];

const db = tinyCrm();

const key = (d: Dimension) => (d.grain ? `${d.field}:${d.grain}` : d.field);

/** Grouping-set masks the compiler documents: row prefixes × column prefixes, first dim = high bit. */
function expectedMasks(rows: number, cols: number): number[] {
  const n = rows + cols;
  const out: number[] = [];
  for (let r = rows; r >= 0; r--) {
    for (let c = cols; c >= 0; c--) {
      const kept = [...Array(r).keys(), ...Array.from({ length: c }, (_, i) => rows + i)];
      let m = 0;
      for (let i = 0; i < n; i++) if (!kept.includes(i)) m |= 1 << (n - 1 - i);
      out.push(m);
    }
  }
  return out;
}

/**
 * Checks every row of a result against the reference: for each row the dimensions its
 * `_grouping` mask keeps, and for each mask that every group the reference has is present.
 */
function checkRows(
  result: Row[],
  dimKeys: string[],
  measures: string[],
  period: Period | null,
  masks: number[] | null,
) {
  const n = dimKeys.length;
  const activeOf = (mask: number) => dimKeys.filter((_, i) => !(mask & (1 << (n - 1 - i))));
  const seen = new Map<number, Set<string>>();
  for (const row of result) {
    const mask = masks ? (row._grouping as number) : 0;
    const active = activeOf(mask);
    for (const [i, k] of dimKeys.entries())
      if (mask & (1 << (n - 1 - i))) expect(row[k], `rolled-up ${k}`).toBeNull();
    const k = JSON.stringify(active.map((d) => row[d] ?? null));
    expect(seen.get(mask)?.has(k) ?? false, `duplicate row ${k} mask ${mask}`).toBe(false);
    seen.set(mask, (seen.get(mask) ?? new Set()).add(k));
    for (const m of measures) {
      const want = reference(m, active, period).get(k) ?? empty(m);
      expect(
        close(row[m], want),
        `${m} at ${k} (mask ${mask}): got ${String(row[m])}, want ${String(want)}`,
      ).toBe(true);
    }
  }
  for (const mask of masks ?? [0]) {
    for (const m of measures) {
      for (const k of reference(m, activeOf(mask), period).keys()) {
        expect(seen.get(mask)?.has(k) ?? false, `${m}: group ${k} (mask ${mask}) missing`).toBe(
          true,
        );
      }
    }
  }
  if (masks) expect([...seen.keys()].sort()).toEqual([...masks].sort());
}

const PERIODS: (Period | null)[] = [
  null,
  { from: '2024-01-01', to: '2024-03-31' },
  { from: '2023-01-01', to: '2023-12-31' },
  { from: '2023-02-01', to: '2023-02-01' },
];
const ROWS: Dimension[][] = [
  [],
  [{ field: 'manager' }],
  [{ field: 'clients.region' }],
  [{ field: 'period', grain: 'quarter' }],
];

describe('each measure alone equals the reference', () => {
  it('the catalog has exactly the measures under test', () => {
    expect(db.catalog.measures.map((m) => m.id).sort()).toEqual([...MEASURES].sort());
    expect([...MEASURE_IDS].sort()).toEqual([...MEASURES].sort());
  });

  it.each(MEASURES)('%s', async (m) => {
    for (const rows of ROWS) {
      for (const period of PERIODS) {
        const s = spec({ rows, measures: [m], period, totals: false });
        const { rows: result } = await run(db.engine, db.catalog, s);
        checkRows(result, rows.map(key), [m], period, null);
      }
    }
  });
});

describe('all measures in one report, with totals', () => {
  it.each(PERIODS)('manager × region × quarter columns, period %j', async (period) => {
    const rows: Dimension[] = [{ field: 'manager' }, { field: 'clients.region' }];
    const columns: Dimension[] = [{ field: 'period', grain: 'quarter' }];
    const s = spec({ rows, columns, measures: MEASURES, period, totals: true });
    const { rows: result, compiled } = await run(db.engine, db.catalog, s);
    expect(compiled.hasTotals).toBe(true);
    checkRows(result, [...rows, ...columns].map(key), MEASURES, period, expectedMasks(2, 1));
  });

  it('grand total of a median is the median of all rows, not a sum of medians', async () => {
    const { rows } = await run(
      db.engine,
      db.catalog,
      spec({
        rows: [{ field: 'manager' }],
        measures: ['median_won', 'win_rate', 'revenue'],
        totals: true,
      }),
    );
    const total = rows.find((r) => r._grouping === 1)!;
    // Won amounts: 1000, 3000, 4000, 1500, 700 → median 1500; 5 won of 7 closed.
    expect(total).toEqual({
      manager: null,
      _grouping: 1,
      median_won: 1500,
      win_rate: 5 / 7,
      revenue: 10200,
      // No count of won deals beside revenue: the result says itself that it summed rows.
      revenue_rows: 1,
    });
  });
});

describe('comparison equals the plain report of the comparison period', () => {
  const CASES: [CompareMode, Period][] = [
    ['previous', { from: '2024-01-01', to: '2024-03-31' }], // whole months: previous quarter
    ['previous', { from: '2024-02-01', to: '2024-02-29' }], // previous of February is all of January
    ['previous', { from: '2024-02-05', to: '2024-03-04' }], // 29 days → the 29 days before
    ['year', { from: '2024-01-01', to: '2024-03-31' }],
    ['year', { from: '2024-02-29', to: '2024-03-05' }], // leap day a year back → Feb 28
  ];

  it.each(CASES)('%s of %j', async (mode, period) => {
    const prevPeriod = comparisonPeriod(period, mode);
    for (const rows of [
      [],
      [{ field: 'manager' }],
      [{ field: 'clients.region' }],
    ] as Dimension[][]) {
      const s = spec({ rows, measures: MEASURES, period, compare: mode, totals: rows.length > 0 });
      const { rows: result } = await run(db.engine, db.catalog, s);
      const dimKeys = rows.map(key);
      for (const row of result) {
        const mask = rows.length ? (row._grouping as number) : 0;
        const active = mask ? [] : dimKeys;
        const k = JSON.stringify(active.map((d) => row[d] ?? null));
        for (const m of MEASURES) {
          const value = reference(m, active, period).get(k) ?? empty(m);
          const previous = SNAPSHOT.includes(m)
            ? null
            : (reference(m, active, prevPeriod).get(k) ?? empty(m));
          const delta = value === null || previous === null ? null : value - previous;
          const growth = delta === null || previous === 0 ? null : delta / Math.abs(previous!);
          const at = `${m} at ${k} mask ${mask}`;
          expect(close(row[m], value), `${at} value ${String(row[m])} want ${value}`).toBe(true);
          expect(
            close(row[`${m}_previous`], previous),
            `${at} previous ${String(row[`${m}_previous`])} want ${previous}`,
          ).toBe(true);
          expect(close(row[`${m}_delta`], delta), `${at} delta`).toBe(true);
          expect(
            close(row[`${m}_growth`], growth),
            `${at} growth ${String(row[`${m}_growth`])} want ${growth}`,
          ).toBe(true);
        }
      }
      // Every group of either period is present.
      for (const m of MEASURES.filter((x) => !SNAPSHOT.includes(x))) {
        for (const p of [period, prevPeriod]) {
          for (const k of reference(m, dimKeys, p).keys()) {
            const found = result.some(
              (r) =>
                (r._grouping ?? 0) === 0 && JSON.stringify(dimKeys.map((d) => r[d] ?? null)) === k,
            );
            expect(found, `${m}: group ${k} of ${JSON.stringify(p)} missing`).toBe(true);
          }
        }
      }
    }
  });

  it('with period buckets, the previous year lands in the same quarter labels', async () => {
    const period = { from: '2024-01-01', to: '2024-03-31' };
    const s = spec({
      rows: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue', 'deals', 'activities'],
      period,
      compare: 'year',
      totals: false,
    });
    const { rows } = await run(db.engine, db.catalog, s);
    const prev = comparisonPeriod(period, 'year');
    expect(rows.map((r) => r['period:quarter'])).toEqual(['2024-Q1']);
    for (const m of ['revenue', 'deals', 'activities']) {
      expect(rows[0]![`${m}_previous`]).toBe(reference(m, [], prev).get('[]') ?? 0);
    }
  });
});
