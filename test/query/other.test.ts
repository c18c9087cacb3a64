// Top N with "Other": the rest of the first row dimension is one computed member. Checked
// against plain SQL over the tiny fixture: Other's revenue is the total minus the top's, and
// Other's median is the median of the rest's own deals (not a sum or a median of medians).
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/query/compile.ts';
import { rowsOf, run, spec, type Row } from './helpers.ts';
import { tinyCrm } from '../fixtures/engine.ts';

const db = tinyCrm();

async function plain(sql: string): Promise<Row[]> {
  return rowsOf(await db.engine.query(sql));
}

const WON = `status = 'won' AND closed_at IS NOT NULL`;

describe('compile: top N with Other', () => {
  it('Other is computed over the rest: revenue = total − top, median over the rest’s deals', async () => {
    const { rows, compiled } = await run(
      db.engine,
      db.catalog,
      spec({
        rows: [{ field: 'manager' }],
        measures: ['revenue', 'median_won'],
        limit: 1,
        limitOther: true,
      }),
    );
    expect(compiled.columns.find((c) => c.key === '_other')?.role).toBe('other');
    // Reference: rank managers by revenue (ties by name), then aggregate the rest by hand.
    const top = await plain(
      `SELECT manager FROM deals WHERE ${WON} GROUP BY manager ORDER BY sum(amount) DESC NULLS LAST, manager LIMIT 1`,
    );
    const topName = top[0]!.manager as string;
    const [ref] = await plain(
      `SELECT sum(amount) AS revenue, median(amount) AS median_won FROM deals WHERE ${WON} AND manager IS DISTINCT FROM '${topName.replaceAll("'", "''")}'`,
    );
    const [all] = await plain(`SELECT sum(amount) AS revenue FROM deals WHERE ${WON}`);
    const data = rows.filter((r) => r._grouping === 0);
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({ manager: topName, _other: false });
    const other = data[1]!;
    expect(other).toMatchObject({ manager: null, _other: true });
    expect(Number(other.revenue)).toBe(Number(all!.revenue) - Number(data[0]!.revenue));
    expect(Number(other.revenue)).toBe(Number(ref!.revenue));
    expect(Number(other.median_won)).toBe(Number(ref!.median_won));
    // Hand check on the fixture: Анна 5000 is the top; Other = 3000 + 1500 + 700, median 1500.
    expect([topName, Number(other.revenue), Number(other.median_won)]).toEqual([
      'Анна',
      5200,
      1500,
    ]);
    // The grand total is the same as without Other.
    expect(rows.find((r) => r._grouping === 1)?.revenue).toEqual(all!.revenue);
  });

  it('a real empty member in the top stays itself, apart from Other', async () => {
    // Deals created by manager: Анна 4, Bob 4, (empty) 2: ranked ascending, the empty one is top 1.
    const { rows } = await run(
      db.engine,
      db.catalog,
      spec({
        rows: [{ field: 'manager' }],
        measures: ['deals'],
        limit: 1,
        limitOther: true,
        sort: [{ key: 'deals', dir: 'asc' }],
        totals: false,
      }),
    );
    expect(rows).toEqual([
      { manager: null, _other: false, deals: 2 },
      { manager: null, _other: true, deals: 8 },
    ]);
  });

  it('with a column dimension and a comparison, each cell of Other is computed', async () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'source' }],
      measures: ['revenue', 'median_won'],
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year',
      limit: 1,
      limitOther: true,
    });
    const { rows } = await run(db.engine, db.catalog, s);
    const ranked = await plain(
      `SELECT manager FROM deals WHERE ${WON} AND closed_at >= DATE '2024-01-01' AND closed_at < DATE '2025-01-01' GROUP BY manager ORDER BY sum(amount) DESC NULLS LAST, manager LIMIT 1`,
    );
    const topName = ranked[0]!.manager as string;
    const ref = await plain(
      `SELECT source, sum(amount) AS revenue, median(amount) AS median_won FROM deals WHERE ${WON}
         AND closed_at >= DATE '2024-01-01' AND closed_at < DATE '2025-01-01' AND manager IS DISTINCT FROM '${topName}'
       GROUP BY source`,
    );
    const prev = await plain(
      `SELECT sum(amount) AS revenue FROM deals WHERE ${WON}
         AND closed_at >= DATE '2023-01-01' AND closed_at < DATE '2024-01-01' AND manager IS DISTINCT FROM '${topName}'`,
    );
    const other = rows.filter((r) => r._other === true);
    for (const r of ref) {
      const cell = other.find((o) => o.source === r.source && o._grouping === 0);
      expect(Number(cell?.revenue), String(r.source)).toBe(Number(r.revenue));
      expect(Number(cell?.median_won), String(r.source)).toBe(Number(r.median_won));
    }
    // Other's row total (source rolled up) against last year's rest.
    const otherTotal = other.find((o) => o._grouping === 1);
    expect(Number(otherTotal?.revenue_previous)).toBe(Number(prev[0]!.revenue ?? 0));
  });

  it('plain top N is unchanged: no Other column, LIMIT at the end', () => {
    const c = compile(
      spec({ rows: [{ field: 'manager' }], measures: ['revenue'], limit: 2, totals: false }),
      db.catalog,
    );
    expect(c.columns.some((x) => x.key === '_other')).toBe(false);
    expect(c.sql).toMatch(/LIMIT 2$/);
    const o = compile(
      spec({
        rows: [{ field: 'manager' }],
        measures: ['revenue'],
        limit: 2,
        totals: false,
        limitOther: true,
      }),
      db.catalog,
    );
    expect(o.sql).not.toMatch(/LIMIT 2$/);
    expect(o.sql.startsWith('WITH "top" AS (')).toBe(true);
  });
});
