/**
 * Two pivot shapes ClickHouse used to refuse, on the mid CRM: top N with the rest merged into
 * "Other" (its ranking statement nests the compiler's own CTE names), and a dimension one of the
 * measures' facts cannot reach (a constant key under GROUPING SETS). Each gives DuckDB's rows on
 * chdb, and the Other row is checked against plain SQL.
 */
import { describe, expect, it } from 'vitest';
import { chdbAvailable } from '../../../src/engine/chdb.ts';
import type { Engine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import { compile } from '../../../src/query/compile.ts';
import { inDialect, type Dialect } from '../../../src/query/sql/dialect.ts';
import { withSettings } from '../../../src/query/sql/print.ts';
import type { ReportSpec } from '../../../src/query/spec/spec.ts';
import { loadMid } from '../../fixtures/mid-crm.ts';
import { loadTiny } from '../../fixtures/tiny-crm.ts';
import { rowsOf, spec, type Row } from '../../query/helpers.ts';
import { sameRows } from '../compare.ts';
import { enginePair } from '../engine-pair.ts';

const run = async (engine: Engine, dialect: Dialect, catalog: Catalog, s: ReportSpec) =>
  rowsOf(await engine.query(inDialect(dialect, () => withSettings(compile(s, catalog).sql))));

const TOP_OTHER = spec({
  rows: [{ field: 'manager' }],
  measures: ['revenue', 'deals'],
  sort: [{ key: 'revenue', dir: 'desc' }],
  limit: 3,
  limitOther: true,
  totals: true,
});

// Growth sorted and ranked with members from nothing first (query/growth.ts): a window ordered by
// two keys and an ORDER BY on a CASE, within the top 3 and by source.
const GROWTH = spec({
  rows: [{ field: 'source' }],
  measures: ['revenue', 'won'],
  period: { from: '2024-01-01', to: '2024-06-30' },
  compare: 'year',
  sort: [{ key: 'won_growth', dir: 'desc' }],
  limit: 3,
  totals: false,
});

// On the tiny CRM, which has activities.
const UNREACHABLE = spec({
  rows: [{ field: 'manager' }, { field: 'activities.at', grain: 'month' }],
  measures: ['deals', 'activities'],
  totals: true,
});

describe.skipIf(!chdbAvailable())('top N with Other on ClickHouse (mid CRM)', () => {
  const e = enginePair(loadMid);

  it('top 3 managers by revenue with Other: DuckDB rows, Other = the rest in plain SQL', async () => {
    const want = await run(e.duck, 'duckdb', e.catalog, TOP_OTHER);
    const got = await run(e.ch, 'clickhouse', e.catalog, TOP_OTHER);
    expect(sameRows(got, want)).toBeNull();

    const other = got.find((r) => r._other === true && r._grouping === 0);
    expect(other).toBeDefined();
    const plain = rowsOf(
      await e.duck.query(`
        WITH per AS (
          SELECT manager, sum(amount) AS revenue FROM deals
          WHERE status = 'won' AND closed_at IS NOT NULL GROUP BY manager
        ), top AS (SELECT manager FROM per ORDER BY revenue DESC, manager LIMIT 3)
        SELECT sum(revenue) AS rest FROM per
        WHERE NOT EXISTS (SELECT 1 FROM top WHERE top.manager IS NOT DISTINCT FROM per.manager)`),
    );
    expect(Number(other!.revenue)).toBeCloseTo(Number(plain[0]!.rest), 6);
  });

  it('top 3 by one column of a cross-tab, with and without Other: DuckDB rows', async () => {
    // Ranked in the column the sort names (query/top-column.ts): a join of the result on itself
    // and the member compared as text, in ClickHouse's dialect too.
    for (const limitOther of [true, false]) {
      const s = spec({
        ...TOP_OTHER,
        columns: [{ field: 'source' }],
        sort: [{ key: 'revenue', dir: 'desc' as const, column: ['Referral'] }],
        limitOther,
      });
      const want = await run(e.duck, 'duckdb', e.catalog, s);
      const got = await run(e.ch, 'clickhouse', e.catalog, s);
      expect(sameRows(got, want)).toBeNull();
    }
  });

  it('growth sorted and ranked, new members first: DuckDB rows in DuckDB order', async () => {
    for (const s of [
      GROWTH,
      { ...GROWTH, limit: null, sort: [{ key: 'won_growth', dir: 'asc' as const }] },
    ]) {
      const want = await run(e.duck, 'duckdb', e.catalog, s);
      const got = await run(e.ch, 'clickhouse', e.catalog, s);
      expect(sameRows(got, want)).toBeNull();
      expect(got.map((r) => r.source)).toEqual(want.map((r) => r.source));
    }
  });
});

describe.skipIf(!chdbAvailable())('a sum over no rows on ClickHouse (mid CRM)', () => {
  const e = enginePair(loadMid);

  it("a sum's hidden row flag is 0 exactly where it summed no rows, as on DuckDB", async () => {
    // Revenue beside deals created: a month's won deals may be none (revenue_rows, read from the
    // sum's NULL before it becomes 0 — a bare name there is ClickHouse's alias of the 0).
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'created_at', grain: 'month' }],
      measures: ['revenue', 'deals'],
      totals: false,
    });
    const want = await run(e.duck, 'duckdb', e.catalog, s);
    const got = await run(e.ch, 'clickhouse', e.catalog, s);
    expect(sameRows(got, want)).toBeNull();
    const none = got.filter((r) => Number(r.revenue_rows) === 0);
    expect(none.length).toBeGreaterThan(0);
    expect(none.every((r) => Number(r.revenue) === 0)).toBe(true);
    expect(got.some((r) => Number(r.revenue_rows) === 1)).toBe(true);
  });
});

describe.skipIf(!chdbAvailable())(
  'a dimension a fact cannot reach on ClickHouse (tiny CRM)',
  () => {
    const e = enginePair(loadTiny);

    it('deals and activities by manager × activity month: DuckDB rows, totals included', async () => {
      const want = await run(e.duck, 'duckdb', e.catalog, UNREACHABLE);
      const got: Row[] = await run(e.ch, 'clickhouse', e.catalog, UNREACHABLE);
      // Deals on rows without a month (their fact has no activity date), activities by month.
      expect(want.some((r) => r.deals != null && r['activities.at:month'] == null)).toBe(true);
      expect(want.some((r) => r.activities != null && r['activities.at:month'] != null)).toBe(true);
      expect(sameRows(got, want)).toBeNull();
    });
  },
);
