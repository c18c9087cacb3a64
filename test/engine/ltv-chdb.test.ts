/**
 * LTV and cohorts in the ClickHouse dialect beyond their presets (which the conformance suite
 * runs): a split, a period, a top N, weeks, the revenue distribution, and the clients and deals
 * behind their numbers. chdb must give DuckDB's rows, Arrow types and numbers for each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { compileReport } from '../../src/crm/report.ts';
import { analysisDrillable, compileAnalysisDrill } from '../../src/crm/analyses/drill.ts';
import type { AnalysisCell } from '../../src/crm/analyses/drill-common.ts';
import { compileLtvDistribution } from '../../src/crm/analyses/ltv.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { chdbAvailable, createChdbEngine } from '../../src/engine/chdb.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { inDialect } from '../../src/query/sql/dialect.ts';
import { withSettings } from '../../src/query/sql/print.ts';
import type { ReportSpec } from '../../src/query/spec/spec.ts';
import { spec } from '../crm/analyses/helpers.ts';
import { sameRows } from './compare.ts';

const DEMO = { deals: 2000, lang: 'en' as const };
type Row = Record<string, unknown>;
const rowsOf = (t: Table): Row[] => t.toArray().map((r: { toJSON(): Row }) => r.toJSON());
const typesOf = (t: Table) => t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`);
const period = { from: '2024-01-01', to: '2024-12-31' };

const VARIANTS: [string, ReportSpec][] = [
  [
    'LTV by source, one manager left out',
    spec({
      analysis: 'ltv',
      rows: [{ field: 'source' }],
      filters: [{ field: 'manager', op: 'neq', values: ['Bob'] }],
    }),
  ],
  ['LTV in 2024, top 25', spec({ analysis: 'ltv', period, limit: 25 })],
  [
    'cohorts by quarter and source, 2024',
    spec({
      analysis: 'cohort',
      options: { grain: 'quarter' },
      rows: [{ field: 'source' }],
      period,
    }),
  ],
  ['cohorts by week', spec({ analysis: 'cohort', options: { grain: 'week' } })],
];

describe.skipIf(!chdbAvailable())('LTV and cohorts on chdb (ClickHouse dialect)', () => {
  let duck: LazyEngine;
  let chdb: LazyEngine;
  let model: DatasetModel;
  beforeAll(async () => {
    duck = await createNodeEngine();
    model = await loadDemo(duck, DEMO);
    chdb = createChdbEngine();
    await loadDemo(chdb, DEMO);
  }, 300_000);
  afterAll(async () => {
    await duck?.close();
    await chdb?.close();
  });

  async function expectSame(name: string, duckSql: string, chSql: string): Promise<Row[]> {
    const want = await duck.query(duckSql);
    const got = await chdb.query(chSql);
    expect(typesOf(got), `${name}: types`).toEqual(typesOf(want));
    expect(sameRows(rowsOf(got), rowsOf(want)), name).toBeNull();
    return rowsOf(want);
  }

  it('gives the same rows, types and numbers as DuckDB for every variant', async () => {
    const catalog = buildCatalog(model);
    for (const [name, s] of VARIANTS) {
      const rows = await expectSame(
        name,
        compileReport(s, catalog).sql,
        compileReport(s, catalog, { dialect: 'clickhouse' }).sql,
      );
      expect(rows.length, `${name} has rows`).toBeGreaterThan(0);
    }
  }, 300_000);

  it('gives the same revenue distribution, default and own edges', async () => {
    const catalog = buildCatalog(model);
    const cases: [string, ReportSpec, number[] | undefined][] = [
      ['default', spec({}), undefined],
      ['2024, own edges', spec({ period }), [500, 2000, 30_000]],
    ];
    for (const [name, s, edges] of cases) {
      const compile = () => withSettings(compileLtvDistribution(s, catalog, edges).sql);
      const rows = await expectSame(name, compile(), inDialect('clickhouse', compile));
      expect(rows.some((r) => Number(r['clients']) > 0)).toBe(true);
    }
  }, 300_000);

  it('drills down to the same clients and deals behind the numbers', async () => {
    const catalog = buildCatalog(model);
    let drilled = 0;
    for (const [name, s] of VARIANTS) {
      const rows = rowsOf(await duck.query(compileReport(s, catalog).sql));
      const cells = rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / 3)) === 0);
      for (const row of cells.slice(0, 3) as AnalysisCell[]) {
        for (const key of Object.keys(row)) {
          if (!analysisDrillable(s, key) || row[key] === null) continue;
          const page = { limit: 1000, offset: 0, sort: [] };
          const d = compileAnalysisDrill(s, catalog, key, row, page);
          const c = compileAnalysisDrill(s, catalog, key, row, { ...page, dialect: 'clickhouse' });
          await expectSame(`${name} ${key}`, d.sql, c.sql);
          await expectSame(`${name} ${key} count`, d.countSql, c.countSql);
          drilled++;
        }
      }
    }
    expect(drilled).toBeGreaterThan(20);
  }, 300_000);
});
