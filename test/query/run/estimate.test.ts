import { describe, expect, it } from 'vitest';
import { estimateCells, estimateCounts, estimateQuery } from '../../../src/query/run/estimate.ts';
import { rowsOf, spec } from '../helpers.ts';
import { tinyCrm } from '../../fixtures/engine.ts';

const db = tinyCrm();

describe('size estimate', () => {
  it('counts distinct values per dimension on DuckDB: period buckets within the period, bins without asking', async () => {
    const s = spec({
      rows: [{ field: 'manager' }, { field: 'clients.headcount', bins: [10, 100] }],
      columns: [{ field: 'period', grain: 'month' }],
      measures: ['revenue'],
      period: { from: '2024-01-01', to: '2024-12-31' },
    });
    const est = estimateQuery(s, db.catalog)!;
    expect(est.sql).toContain('approx_count_distinct(');
    const [row] = rowsOf(await db.engine.query(est.sql));
    const counts = estimateCounts(est, (k) => row![k]);
    // Managers: Анна, Bob (NULL not counted); bins: 3; revenue closed in 2024: Jan, Feb, Mar.
    expect(counts).toEqual([2, 3, 3]);
  });

  it.each(['day', 'week', 'month', 'quarter', 'year'] as const)(
    'a %s bucket is counted exactly by its first day: as many as the labels, none made per row',
    async (grain) => {
      const s = spec({
        rows: [{ field: 'created_at', grain }],
        columns: [{ field: 'period', grain }],
        measures: ['revenue'],
      });
      const est = estimateQuery(s, db.catalog)!;
      expect(est.sql).not.toMatch(/strftime|format_date/);
      const [row] = rowsOf(await db.engine.query(est.sql));
      // Plain SQL: the distinct labels the pivot shows (2017-W09, 2017-Q1 …), counted exactly.
      const fmt = { day: '%Y-%m-%d', week: '%G-W%V', month: '%Y-%m', year: '%Y' } as const;
      const label = (c: string) =>
        grain === 'quarter'
          ? `strftime(${c}, '%Y') || '-Q' || quarter(${c})`
          : `strftime(${c}, '${fmt[grain]}')`;
      const [want] = rowsOf(
        await db.engine.query(
          `SELECT count(DISTINCT ${label('created_at')})::INTEGER AS a, count(DISTINCT ${label('closed_at')})::INTEGER AS b FROM deals`,
        ),
      );
      expect(estimateCounts(est, (k) => row![k])).toEqual([want!.a, want!.b]);
    },
  );

  it('cells = rows × columns × value columns, with empty members, totals, top N and comparisons', () => {
    const base = spec({
      rows: [{ field: 'client' }],
      columns: [{ field: 'period', grain: 'day' }],
      measures: ['revenue', 'won'],
      totals: false,
    });
    expect(estimateCells(base, [2000, 365])).toBe(2001 * 366 * 2);
    expect(estimateCells({ ...base, totals: true }, [2000, 365])).toBe(2002 * 367 * 2);
    expect(estimateCells({ ...base, limit: 10, limitOther: true }, [2000, 365])).toBe(11 * 366 * 2);
    expect(estimateCells({ ...base, compare: 'year' }, [2000, 365])).toBe(2001 * 366 * 8);
  });

  it('nothing to estimate without dimensions', () => {
    expect(estimateQuery(spec({ measures: ['revenue'] }), db.catalog)).toBeNull();
  });
});
