import { english } from '../../src/lib/message.ts';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/query/catalog.ts';
import { compile } from '../../src/query/compile.ts';
import { CompileError } from '../../src/query/resolve.ts';
import type { Filter, ReportSpec, SpecOf } from '../../src/query/spec/spec.ts';
import { CLIENTS, DEALS, type TinyDeal } from '../fixtures/tiny-crm.ts';
import { rowsOf, spec, type Row } from './helpers.ts';
import { tinyCrm } from '../fixtures/engine.ts';

const db = tinyCrm();

/** Every compiled query in this file goes through here, so each one is also run on DuckDB. */
async function runSql(sql: string, s?: ReportSpec): Promise<Row[]> {
  try {
    return rowsOf(await db.engine.query(sql));
  } catch (e) {
    throw new Error(`${String(e)}\n${s ? JSON.stringify(s) : ''}\n${sql}`);
  }
}
async function runSpec(s: ReportSpec): Promise<Row[]> {
  return runSql(compile(s, db.catalog).sql, s);
}

describe('compile: exact SQL', () => {
  it('one measure, no dimensions: a single aggregate, its date must be present', async () => {
    const s = spec({ measures: ['deals'] });
    const c = compile(s, db.catalog);
    expect(c.sql).toBe(
      `WITH "g0" AS (
  SELECT count(*) AS "deals"
  FROM "deals"
),
"merged" AS (
  SELECT *
  FROM "g0"
),
"result" AS (
  SELECT coalesce("deals", 0) AS "deals"
  FROM "merged"
)
SELECT *
FROM "result"`,
    );
    expect(c.hasTotals).toBe(false);
    expect(c.columns).toEqual([{ key: 'deals', role: 'measure', measure: 'deals', format: 'int' }]);
    expect(await runSql(c.sql)).toEqual([{ deals: DEALS.length }]);
  });

  it('by manager in a period with a NULL-aware IN filter and a quote in a value', async () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      measures: ['won', 'revenue'],
      period: { from: '2024-01-01', to: '2024-03-31' },
      filters: [{ field: 'source', op: 'in', values: ['Web', "O'Web", null] }],
      totals: false,
    });
    const c = compile(s, db.catalog);
    // Period as a half-open range on the measure's own date (closed_at); the filter keeps NULL
    // sources because null is among the values; no GROUPING SETS without totals.
    expect(c.sql).toBe(
      `WITH "g0" AS (
  SELECT "deals"."manager" AS "manager",
      count(*) FILTER (WHERE ("deals"."status" = 'won')) AS "won",
      sum("deals"."amount") FILTER (WHERE ("deals"."status" = 'won')) AS "revenue"
  FROM "deals"
  WHERE (((("deals"."closed_at" IS NOT NULL) AND ("deals"."closed_at" >= DATE '2024-01-01')) AND ("deals"."closed_at" < DATE '2024-04-01')) AND (("deals"."source" IN ('Web', 'O''Web')) OR ("deals"."source" IS NULL)))
  GROUP BY "deals"."manager"
),
"merged" AS (
  SELECT *
  FROM "g0"
),
"result" AS (
  SELECT "manager",
      coalesce("won", 0) AS "won",
      coalesce("revenue", 0) AS "revenue"
  FROM "merged"
)
SELECT *
FROM "result"
ORDER BY "manager" ASC NULLS LAST`,
    );
    // d6 (Анна, Web), d8 (Bob, Web), d10 (no manager, no source); d7 is Referral and lost.
    expect(await runSql(c.sql)).toEqual([
      { manager: `O'Brien "Bob"`, won: 1, revenue: 1500 },
      { manager: 'Анна', won: 1, revenue: 4000 },
      { manager: null, won: 1, revenue: 700 },
    ]);
  });

  it('two dates in one report, one pass each: one CTE per date, merged per key and _grouping, totals by GROUPING SETS', async () => {
    const s = spec({ rows: [{ field: 'clients.region' }], measures: ['deals', 'win_rate'] });
    // Without a period the two are fused into one pass by default (test/query/fuse.test.ts).
    const c = compile(s, db.catalog, { fuse: false });
    expect(c.sql).toBe(
      `WITH "g0" AS (
  SELECT "clients"."region" AS "clients.region",
      grouping("clients"."region") AS "_grouping",
      count(*) AS "deals"
  FROM "deals"
    LEFT JOIN "clients" ON ("deals"."client" = "clients"."client")
  GROUP BY GROUPING SETS (("clients"."region"), ())
),
"g1" AS (
  SELECT "clients"."region" AS "clients.region",
      grouping("clients"."region") AS "_grouping",
      (CAST(count(*) FILTER (WHERE ("deals"."status" = 'won')) AS DOUBLE) / nullif(count(*) FILTER (WHERE ("deals"."status" IN ('won', 'lost'))), 0)) AS "win_rate"
  FROM "deals"
    LEFT JOIN "clients" ON ("deals"."client" = "clients"."client")
  WHERE (("deals"."closed_at" IS NOT NULL) OR (("deals"."status" = 'won') OR ("deals"."status" IN ('won', 'lost'))))
  GROUP BY GROUPING SETS (("clients"."region"), ())
),
"merged" AS (
  SELECT "clients.region",
      "_grouping",
      max("deals") AS "deals",
      max("win_rate") AS "win_rate"
  FROM (
    SELECT "clients.region",
        "_grouping",
        "deals",
        NULL AS "win_rate"
    FROM "g0"
    UNION ALL
    SELECT "clients.region",
        "_grouping",
        NULL AS "deals",
        "win_rate"
    FROM "g1"
  ) AS "_groups"
  GROUP BY "clients.region", "_grouping"
),
"result" AS (
  SELECT "clients.region",
      "_grouping",
      coalesce("deals", 0) AS "deals",
      "win_rate"
  FROM "merged"
)
SELECT *
FROM "result"
WHERE ("_grouping" IN (0, 1))
ORDER BY "clients.region" ASC NULLS LAST, "_grouping" ASC NULLS LAST`,
    );
    expect(c.hasTotals).toBe(true);
    const rows = (await runSql(c.sql)).sort(
      (a, b) => (a._grouping as number) - (b._grouping as number),
    );
    const north = CLIENTS[0]!.region;
    // The NULL-region leaf (the client missing from `clients`) and the grand total stay apart.
    expect(rows).toEqual([
      { 'clients.region': north, _grouping: 0, deals: 6, win_rate: 4 / 5 },
      { 'clients.region': 'Юг', _grouping: 0, deals: 3, win_rate: 1 / 2 },
      { 'clients.region': null, _grouping: 0, deals: 1, win_rate: null },
      { 'clients.region': null, _grouping: 1, deals: 10, win_rate: 5 / 7 },
    ]);
    const fused = (await runSql(compile(s, db.catalog).sql)).sort(
      (a, b) => (a._grouping as number) - (b._grouping as number),
    );
    expect(fused).toEqual(rows);
  });

  it('a column name with quotes is quoted everywhere, and its values come back', async () => {
    const s = spec({
      rows: [{ field: 'region "note"' }],
      measures: ['deals'],
      totals: false,
      sort: [{ key: 'region "note"', dir: 'asc' }],
    });
    const c = compile(s, db.catalog);
    expect(c.sql).toContain('"deals"."region ""note""" AS "region ""note"""');
    expect(await runSql(c.sql)).toEqual([
      { 'region "note"': 'north', deals: 4 },
      { 'region "note"': 'south', deals: 3 },
      { 'region "note"': null, deals: 3 },
    ]);
  });
});

describe('compile: errors', () => {
  const err = (s: ReportSpec) => {
    try {
      compile(s, db.catalog);
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      return (e as Error).message;
    }
    throw new Error('expected a CompileError');
  };

  it('an unknown field is named, with a suggestion', () => {
    expect(err(spec({ rows: [{ field: 'managr' }], measures: ['deals'] }))).toMatch(
      /unknown field 'managr'/,
    );
    expect(err(spec({ rows: [{ field: 'region' }], measures: ['deals'] }))).toMatch(
      /unknown field 'region'.*'clients\.region'/,
    );
    expect(err(spec({ measures: ['deals'], filters: [{ field: 'nope', op: 'is_null' }] }))).toMatch(
      /'nope'/,
    );
  });

  it('an unknown measure is named', () => {
    expect(err(spec({ measures: ['revenu'] }))).toMatch(/unknown measure 'revenu'.*'revenue'/);
    expect(err(spec({ measures: ['deals', 'profit'] }))).toMatch(/unknown measure 'profit'/);
    expect(err(spec({ measures: ['total:amount'] }))).toMatch(/unknown measure 'total:amount'/);
    expect(err(spec({ measures: ['sum:source'] }))).toMatch(
      /'sum:source'.*'source' is not a number/,
    );
  });

  it('needs at least one measure, and each once', () => {
    expect(err(spec({ rows: [{ field: 'manager' }] }))).toMatch(/at least one measure/);
    expect(err(spec({ measures: ['deals', 'deals'] }))).toMatch(/'deals' is used twice/);
  });

  it('a comparison needs a period', () => {
    expect(err(spec({ measures: ['revenue'], compare: 'previous' }))).toMatch(
      /comparison needs a period/,
    );
    expect(err(spec({ measures: ['revenue'], compare: 'year' }))).toMatch(
      /comparison needs a period/,
    );
  });

  it('the same dimension twice is an error, across rows and columns too', () => {
    expect(
      err(spec({ rows: [{ field: 'manager' }, { field: 'manager' }], measures: ['deals'] })),
    ).toMatch(/'manager' is used twice/);
    expect(
      err(
        spec({
          rows: [{ field: 'manager' }],
          columns: [{ field: 'manager' }],
          measures: ['deals'],
        }),
      ),
    ).toMatch(/'manager' is used twice/);
    expect(
      err(
        spec({
          rows: [{ field: 'period', grain: 'month' }],
          columns: [{ field: 'period', grain: 'month' }],
          measures: ['deals'],
        }),
      ),
    ).toMatch(/'period:month' is used twice/);
  });

  it('period without a grain, grain on a non-date, bins on a non-number, bad bins', () => {
    expect(err(spec({ rows: [{ field: 'period' }], measures: ['deals'] }))).toMatch(
      /'period' needs a grain/,
    );
    expect(
      err(spec({ rows: [{ field: 'manager', grain: 'month' }], measures: ['deals'] })),
    ).toMatch(/'manager' is not a date/);
    expect(err(spec({ rows: [{ field: 'manager', bins: [1] }], measures: ['deals'] }))).toMatch(
      /'manager' is not a number/,
    );
    expect(
      err(spec({ rows: [{ field: 'amount', bins: [100, 10] }], measures: ['deals'] })),
    ).toMatch(/ascending/);
    expect(err(spec({ rows: [{ field: 'amount', bins: [] }], measures: ['deals'] }))).toMatch(
      /ascending/,
    );
  });

  it('a dimension keyed like a measure is refused, not silently mixed up (names ignore case)', () => {
    // Regression: rows [amount] with measure amount made `max("amount")` ambiguous and the grand
    // total came out NULL while leaves showed the dimension's value.
    expect(err(spec({ rows: [{ field: 'amount' }], measures: ['amount'] }))).toMatch(
      /'amount' would be two columns/,
    );
    const custom: Catalog = {
      ...db.catalog,
      fields: [
        ...db.catalog.fields,
        {
          id: 'Revenue',
          table: 'deals',
          column: 'amount',
          type: 'number',
          label: { en: 'R', ru: 'R' },
        },
      ],
    };
    expect(() =>
      compile(spec({ rows: [{ field: 'Revenue' }], measures: ['revenue'] }), custom),
    ).toThrow(/'revenue' would be two columns .*'Revenue'/);
    const grouping: Catalog = {
      ...db.catalog,
      fields: [
        ...db.catalog.fields,
        {
          id: '_grouping',
          table: 'deals',
          column: 'source',
          type: 'text',
          label: { en: 'G', ru: 'G' },
        },
      ],
    };
    expect(() =>
      compile(spec({ rows: [{ field: '_grouping' }], measures: ['deals'] }), grouping),
    ).toThrow(/'_grouping' would be two columns/);
  });

  it("a generic aggregate of 'period' and a grain filter on a non-date are compile errors, not DuckDB binder errors", () => {
    expect(err(spec({ measures: ['count_distinct:period'] }))).toMatch(
      /'count_distinct:period'.*own date/,
    );
    expect(
      err(
        spec({
          measures: ['deals'],
          filters: [{ field: 'manager', grain: 'year', op: 'in', values: ['2024'] }],
        }),
      ),
    ).toMatch(/'manager' is not a date/);
  });

  it('sorting by a key that is not a column, a date that is not a date, bad filter values', () => {
    expect(err(spec({ measures: ['deals'], sort: [{ key: 'revenue', dir: 'desc' }] }))).toMatch(
      /cannot sort by 'revenue'/,
    );
    expect(err(spec({ measures: ['deals'], date: 'manager' }))).toMatch(/'manager' is not a date/);
    expect(
      err(
        spec({ measures: ['deals'], filters: [{ field: 'amount', op: 'gt', values: ['lots'] }] }),
      ),
    ).toMatch(/not a number/);
    expect(
      err(
        spec({
          measures: ['deals'],
          filters: [{ field: 'created_at', op: 'gt', values: ['2023-02-30'] }],
        }),
      ),
    ).toMatch(/not a date/);
    expect(
      err(
        spec({ measures: ['deals'], filters: [{ field: 'amount', op: 'between', values: [1] }] }),
      ),
    ).toMatch(/needs 2/);
  });
});

// ---- filters against a plain-JS reference -------------------------------------------------------

type Value = string | number | null;
const region = (d: TinyDeal) => CLIENTS.find((c) => c.client === d.client)?.region ?? null;
const FIELD: Record<string, { get: (d: TinyDeal) => Value; type: 'text' | 'number' | 'date' }> = {
  source: { get: (d) => d.source, type: 'text' },
  manager: { get: (d) => d.manager, type: 'text' },
  'clients.region': { get: region, type: 'text' },
  amount: { get: (d) => d.amount, type: 'number' },
  created_at: { get: (d) => d.created_at, type: 'date' },
  closed_at: { get: (d) => d.closed_at, type: 'date' },
};

/** The documented meaning of each filter op; dates compare as calendar days. */
function keep(f: Filter, v: Value): boolean {
  const vals = (f.values ?? []) as Value[];
  const x = vals[0] as Value;
  switch (f.op) {
    case 'in':
      return vals.includes(v);
    case 'not_in':
      return !vals.includes(v);
    case 'eq':
      return v !== null && v === x;
    case 'neq':
      return v === null || v !== x;
    case 'gt':
      return v !== null && v > x!;
    case 'gte':
      return v !== null && v >= x!;
    case 'lt':
      return v !== null && v < x!;
    case 'lte':
      return v !== null && v <= x!;
    case 'between':
      return v !== null && v >= x! && v <= (vals[1] as Value)!;
    case 'contains':
      // Numbers and dates match as DuckDB prints them (1500.0, 2023-01-10); the cases avoid the gap.
      return v !== null && String(v).toLowerCase().includes(String(x).toLowerCase());
    case 'is_null':
      return v === null;
    case 'not_null':
      return v !== null;
  }
}

const FILTER_CASES: Filter[] = [
  { field: 'source', op: 'in', values: ['Web'] },
  { field: 'source', op: 'in', values: ['Web', null] },
  { field: 'source', op: 'in', values: [] },
  { field: 'source', op: 'not_in', values: ['Web'] },
  { field: 'source', op: 'not_in', values: ['Web', null] },
  { field: 'source', op: 'not_in', values: [] },
  { field: 'source', op: 'eq', values: ['Referral'] },
  { field: 'source', op: 'neq', values: ['Referral'] },
  { field: 'source', op: 'contains', values: ['EB'] },
  { field: 'source', op: 'is_null' },
  { field: 'source', op: 'not_null' },
  { field: 'manager', op: 'in', values: [`O'Brien "Bob"`] },
  { field: 'manager', op: 'contains', values: ['нн'] },
  { field: 'manager', op: 'contains', values: [`'brien "b`] },
  { field: 'clients.region', op: 'in', values: ['North; DROP TABLE deals'] },
  { field: 'clients.region', op: 'neq', values: ['Юг'] },
  { field: 'clients.region', op: 'contains', values: ['; drop'] },
  { field: 'amount', op: 'gt', values: [1000] },
  { field: 'amount', op: 'gte', values: [1000] },
  { field: 'amount', op: 'lt', values: ['1000'] },
  { field: 'amount', op: 'lte', values: [1000] },
  { field: 'amount', op: 'between', values: [700, 2000] },
  { field: 'amount', op: 'in', values: [500, 700, null] },
  { field: 'amount', op: 'not_in', values: [500] },
  { field: 'amount', op: 'neq', values: [500] },
  { field: 'amount', op: 'eq', values: [1500.0] },
  { field: 'amount', op: 'is_null' },
  { field: 'amount', op: 'contains', values: ['15'] },
  { field: 'created_at', op: 'contains', values: ['2023-0'] },
  { field: 'created_at', op: 'eq', values: ['2023-02-01'] },
  { field: 'created_at', op: 'neq', values: ['2023-02-01'] },
  { field: 'created_at', op: 'in', values: ['2023-02-01', '2024-03-10'] },
  { field: 'created_at', op: 'gt', values: ['2023-02-01'] },
  { field: 'created_at', op: 'gte', values: ['2023-02-01'] },
  { field: 'created_at', op: 'lt', values: ['2023-02-01'] },
  { field: 'created_at', op: 'lte', values: ['2023-02-01'] },
  { field: 'created_at', op: 'between', values: ['2023-02-01', '2024-01-20'] },
  { field: 'closed_at', op: 'lte', values: ['2023-03-20'] },
  { field: 'closed_at', op: 'not_in', values: ['2024-02-10'] },
  { field: 'closed_at', op: 'is_null' },
];

describe('compile: filters agree with a plain-JS reference on DuckDB', () => {
  it.each(FILTER_CASES)('%j', async (f) => {
    const s = spec({ rows: [{ field: 'id' }], measures: ['deals'], filters: [f], totals: false });
    const got = (await runSpec(s)).map((r) => r.id as string).sort();
    const field = FIELD[f.field]!;
    const want = DEALS.filter((d) => keep(f, field.get(d)))
      .map((d) => d.id)
      .sort();
    expect(got).toEqual(want);
  });

  it('on a date, lte X and gt X split the rows with no overlap, and eq X is their meeting day', async () => {
    const ids = async (f: Filter) =>
      (
        await runSpec(
          spec({ rows: [{ field: 'id' }], measures: ['deals'], filters: [f], totals: false }),
        )
      )
        .map((r) => r.id)
        .sort();
    const day = '2023-02-01';
    const lte = await ids({ field: 'created_at', op: 'lte', values: [day] });
    const gt = await ids({ field: 'created_at', op: 'gt', values: [day] });
    const eq = await ids({ field: 'created_at', op: 'eq', values: [day] });
    const gte = await ids({ field: 'created_at', op: 'gte', values: [day] });
    expect(lte.filter((x) => gt.includes(x))).toEqual([]);
    expect([...lte, ...gt].sort()).toEqual(DEALS.map((d) => d.id).sort());
    expect(eq).toEqual(['d3']);
    expect(gte.filter((x) => lte.includes(x))).toEqual(eq);
  });

  it('a grain filter compares bucket labels', async () => {
    const s = spec({
      rows: [{ field: 'id' }],
      measures: ['deals'],
      filters: [
        { field: 'created_at', grain: 'quarter', op: 'in', values: ['2023-Q1', '2024-Q1'] },
      ],
      totals: false,
    });
    const got = (await runSpec(s)).map((r) => r.id).sort();
    const q = (d: string) => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
    expect(got).toEqual(
      DEALS.filter((d) => ['2023-Q1', '2024-Q1'].includes(q(d.created_at)))
        .map((d) => d.id)
        .sort(),
    );
  });
});

describe("compile: a filter on 'period' is each measure's own date", () => {
  // Regression: it used to print "deals"."period", a column that does not exist.
  it.each<[string, Filter]>([
    ['between', { field: 'period', op: 'between', values: ['2024-01-01', '2024-03-31'] }],
    ['quarter label', { field: 'period', grain: 'quarter', op: 'in', values: ['2024-Q1'] }],
  ])(
    '%s: same as the period 2024 Q1 for dated measures; snapshot measures are not filtered',
    async (_, f) => {
      const measures = ['deals', 'won', 'revenue', 'activities', 'open'];
      const s = spec({ rows: [{ field: 'manager' }], measures, filters: [f], totals: false });
      const filtered = await runSpec(s);
      const viaPeriod = await runSpec(
        spec({
          rows: [{ field: 'manager' }],
          measures,
          period: { from: '2024-01-01', to: '2024-03-31' },
          totals: false,
        }),
      );
      expect(filtered).toEqual(viaPeriod);
      expect(compile(s, db.catalog).notes.map(english).join()).toMatch(
        /Filter on 'period' does not apply to open/,
      );
    },
  );
});

describe('compile: shapes that run', () => {
  it.each<[string, Partial<SpecOf<'pivot'>>]>([
    [
      'bins on a joined number',
      { rows: [{ field: 'clients.headcount', bins: [10, 100] }], measures: ['deals', 'clients'] },
    ],
    [
      'period columns with snapshot measures',
      {
        rows: [{ field: 'manager' }],
        columns: [{ field: 'period', grain: 'month' }],
        measures: ['revenue', 'pipeline', 'activities'],
      },
    ],
    [
      'top-N with totals',
      { rows: [{ field: 'manager' }, { field: 'source' }], measures: ['revenue'], limit: 1 },
    ],
    [
      'compare with totals and columns',
      {
        rows: [{ field: 'source' }],
        columns: [{ field: 'period', grain: 'month' }],
        measures: ['won', 'median_won', 'open'],
        period: { from: '2024-01-01', to: '2024-03-31' },
        compare: 'previous',
      },
    ],
    [
      'all dates pinned to created_at',
      {
        rows: [{ field: 'manager' }],
        measures: ['revenue', 'activities', 'pipeline'],
        date: 'created_at',
      },
    ],
    [
      'generic aggregates',
      {
        rows: [{ field: 'products.category' }],
        measures: [
          'sum:amount',
          'avg:clients.headcount',
          'count_distinct:activities.type',
          'median:amount',
          'min:amount',
          'max:amount',
        ],
      },
    ],
    [
      'every grain',
      {
        rows: [
          { field: 'created_at', grain: 'week' },
          { field: 'closed_at', grain: 'year' },
        ],
        columns: [{ field: 'period', grain: 'day' }],
        measures: ['deals', 'won'],
      },
    ],
    [
      'a date without a grain buckets by day',
      { rows: [{ field: 'closed_at' }], measures: ['won'] },
    ],
  ])('%s', async (_, patch) => {
    const rows = await runSpec(spec(patch));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('activities split by a deal-only field are noted, not wrong', () => {
    const c = compile(
      spec({ rows: [{ field: 'products.category' }], measures: ['activities'] }),
      db.catalog,
    );
    expect(c.notes).toEqual([]);
    const c2 = compile(
      spec({
        rows: [{ field: 'manager' }],
        measures: ['pipeline'],
        period: { from: '2024-01-01', to: '2024-01-31' },
        compare: 'year',
      }),
      db.catalog,
    );
    expect(c2.notes.map(english).join()).toMatch(/pipeline: a snapshot of now, not compared/);
  });
});
