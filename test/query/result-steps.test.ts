// Under a comparison the result step reads each measure's value and previous value by name
// (query/result-columns.ts): written out once in `measured`, the delta, growth, tier and ranks
// over those names. Inlined, every one of them repeated the whole coalesce or ratio, and DuckDB
// spent about as much CPU planning the copies as running the query
// (docs/benchmarks.md). The numbers themselves are checked against plain SQL and plain JS by
// growth, other, worse-when-more and the presets' reference tests; here, the shape, run on DuckDB.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/query/compile.ts';
import { tinyCrm } from '../fixtures/engine.ts';
import { rowsOf, spec } from './helpers.ts';

const db = tinyCrm();

const compared = () =>
  spec({
    rows: [{ field: 'manager' }],
    columns: [{ field: 'period', grain: 'quarter' }],
    // An additive measure (coalesce), a rate and a ratio of two facts (activities / won).
    measures: ['revenue', 'win_rate', 'activities_per_won'],
    period: { from: '2024-01-01', to: '2024-06-30' },
    compare: 'previous',
  });

const count = (text: string, part: string) => text.split(part).length - 1;

describe('compile: a comparison writes each value once', () => {
  it('each value and previous value is written once; the ranks order by their names', async () => {
    const c = compile(compared(), db.catalog);
    expect(count(c.sql, `coalesce("revenue", 0)`)).toBe(1);
    expect(count(c.sql, `coalesce("revenue_previous", 0)`)).toBe(1);
    // The ratio: once now, and before once plus its `_earlier` test of that value.
    expect(count(c.sql, `nullif(coalesce("won", 0), 0)`)).toBe(1);
    expect(count(c.sql, `nullif(coalesce("won_previous", 0), 0)`)).toBe(2);
    const windows = [...c.sql.matchAll(/OVER \(PARTITION BY (.*?)\) END AS "([^"]+)"/g)];
    // Each measure's rank and growth rank, ordered by the names `measured` wrote.
    expect(windows.map((w) => w[2]).sort()).toEqual(
      ['revenue', 'win_rate', 'activities_per_won']
        .flatMap((m) => [`${m}_growth_rank`, `${m}_rank`])
        .sort(),
    );
    for (const [, over] of windows) expect(over).not.toMatch(/coalesce|nullif|CAST/);
    const rows = rowsOf(await db.engine.query(c.sql));
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['revenue_growth', 'win_rate_growth_rank', 'activities_per_won_rank']),
    );
  });

  it('without a comparison the result reads the merged groups directly', () => {
    const s = { ...compared(), compare: null };
    const sql = compile(s, db.catalog).sql;
    expect(sql).not.toMatch(/"measured"/);
    expect(sql).toMatch(/FROM "merged"\n\)\nSELECT/);
  });
});
