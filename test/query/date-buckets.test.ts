/**
 * Date buckets are grouped by their first day (`dateKey`) and labelled after aggregation
 * (`bucketLabel`). The label of the first day must be the label of every day of the bucket, at
 * the edges where that is least obvious: ISO weeks across a year end, quarter and month ends,
 * 29 February.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { compile } from '../../src/query/compile.ts';
import { bucketLabel, dateKey } from '../../src/query/dimension.ts';
import type { Grain } from '../../src/query/spec/spec.ts';
import { col } from '../../src/query/sql/ast.ts';
import { printExpr } from '../../src/query/sql/print.ts';
import { loadTiny } from '../fixtures/tiny-crm.ts';
import { rowsOf, spec } from './helpers.ts';

/** Written out by hand (ISO 8601 weeks: the week with the year's first Thursday is week 1). */
const EXPECTED: [string, Record<Grain, string>][] = [
  [
    '2020-12-31',
    { day: '2020-12-31', week: '2020-W53', month: '2020-12', quarter: '2020-Q4', year: '2020' },
  ],
  [
    '2021-01-01',
    { day: '2021-01-01', week: '2020-W53', month: '2021-01', quarter: '2021-Q1', year: '2021' },
  ],
  [
    '2021-01-03',
    { day: '2021-01-03', week: '2020-W53', month: '2021-01', quarter: '2021-Q1', year: '2021' },
  ],
  [
    '2021-01-04',
    { day: '2021-01-04', week: '2021-W01', month: '2021-01', quarter: '2021-Q1', year: '2021' },
  ],
  [
    '2024-02-29',
    { day: '2024-02-29', week: '2024-W09', month: '2024-02', quarter: '2024-Q1', year: '2024' },
  ],
  [
    '2024-03-31',
    { day: '2024-03-31', week: '2024-W13', month: '2024-03', quarter: '2024-Q1', year: '2024' },
  ],
  [
    '2024-04-01',
    { day: '2024-04-01', week: '2024-W14', month: '2024-04', quarter: '2024-Q2', year: '2024' },
  ],
  [
    '2024-12-30',
    { day: '2024-12-30', week: '2025-W01', month: '2024-12', quarter: '2024-Q4', year: '2024' },
  ],
];
const GRAINS: Grain[] = ['day', 'week', 'month', 'quarter', 'year'];

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('date buckets', () => {
  it('the label of a bucket key is the label of the date, for every grain and edge', async () => {
    const d = col('t', 'd');
    const select = GRAINS.map((g) => `${printExpr(bucketLabel(dateKey(d, g), g))} AS "${g}"`).join(
      ', ',
    );
    const values = EXPECTED.map(([day]) => `(DATE '${day}')`).join(', ');
    const rows = rowsOf(
      await engine.query(`SELECT ${select} FROM (VALUES ${values}) AS t(d) ORDER BY d`),
    );
    expect(rows).toEqual(EXPECTED.map(([, labels]) => labels));
  });

  it('a report groups by the truncated date and labels the buckets once, after aggregation', async () => {
    const catalog = buildCatalog(await loadTiny(engine));
    const c = compile(
      spec({ rows: [{ field: 'created_at', grain: 'quarter' }], measures: ['deals'] }),
      catalog,
    );
    const group = c.sql.slice(0, c.sql.indexOf('"result"'));
    expect(group).toContain(`date_trunc('quarter', "deals"."created_at")`);
    expect(group).not.toContain('strftime');
    const rows = rowsOf(await engine.query(c.sql)).filter((r) => r._grouping === 0);
    // Counted by hand from the tiny fixture's created_at: d1–d3, d4–d5, d10, d6–d9.
    expect(rows.map((r) => [r['created_at:quarter'], r.deals])).toEqual([
      ['2023-Q1', 3],
      ['2023-Q2', 2],
      ['2023-Q4', 1],
      ['2024-Q1', 4],
    ]);
  });
});
