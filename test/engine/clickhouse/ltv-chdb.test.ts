/**
 * LTV and cohorts in the ClickHouse dialect beyond their presets (which the conformance suite
 * runs): a split, a period, a top N, weeks, the revenue distribution, and the clients and deals
 * behind their numbers. chdb must give DuckDB's rows, Arrow types and numbers for each.
 */
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../../src/crm/report.ts';
import { analysisDrillable, compileAnalysisDrill } from '../../../src/crm/analyses/drill.ts';
import type { AnalysisCell } from '../../../src/crm/analyses/drill-common.ts';
import { compileLtvDistribution } from '../../../src/crm/analyses/ltv.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { chdbAvailable } from '../../../src/engine/chdb.ts';
import { inDialect } from '../../../src/query/sql/dialect.ts';
import { withSettings } from '../../../src/query/sql/print.ts';
import type { ReportSpec } from '../../../src/query/spec/spec.ts';
import { spec } from '../../crm/analyses/helpers.ts';
import { rowsOf } from '../../query/helpers.ts';
import { enginePair, expectSameOnBoth } from '../engine-pair.ts';

const DEMO = { deals: 2000, lang: 'en' as const };
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
    'LTV in 2024 against 2023 by source, top 40',
    spec({ analysis: 'ltv', period, compare: 'year', rows: [{ field: 'source' }], limit: 40 }),
  ],
  [
    'LTV in Q4 2024 against Q3',
    spec({
      analysis: 'ltv',
      period: { from: '2024-10-01', to: '2024-12-31' },
      compare: 'previous',
    }),
  ],
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
  [
    'cohorts of 2024 by source against 2023',
    spec({ analysis: 'cohort', rows: [{ field: 'source' }], period, compare: 'year' }),
  ],
  [
    'weekly cohorts of Q4 2024 against Q3',
    spec({
      analysis: 'cohort',
      options: { grain: 'week' },
      period: { from: '2024-10-01', to: '2024-12-31' },
      compare: 'previous',
    }),
  ],
];

describe.skipIf(!chdbAvailable())('LTV and cohorts on chdb (ClickHouse dialect)', () => {
  const e = enginePair((engine) => loadDemo(engine, DEMO));

  it('gives the same rows, types and numbers as DuckDB for every variant', async () => {
    const { catalog } = e;
    for (const [name, s] of VARIANTS) {
      const rows = await expectSameOnBoth(
        e,
        name,
        compileReport(s, catalog).sql,
        compileReport(s, catalog, { dialect: 'clickhouse' }).sql,
      );
      expect(rows.length, `${name} has rows`).toBeGreaterThan(0);
    }
  }, 300_000);

  it('gives the same revenue distribution, default and own edges', async () => {
    const { catalog } = e;
    const cases: [string, ReportSpec, number[] | undefined][] = [
      ['default', spec({}), undefined],
      ['2024, own edges', spec({ period }), [500, 2000, 30_000]],
    ];
    for (const [name, s, edges] of cases) {
      const compile = () => withSettings(compileLtvDistribution(s, catalog, edges).sql);
      const rows = await expectSameOnBoth(e, name, compile(), inDialect('clickhouse', compile));
      expect(rows.some((r) => Number(r['clients']) > 0)).toBe(true);
    }
  }, 300_000);

  it('drills down to the same clients and deals behind the numbers', async () => {
    const { catalog } = e;
    let drilled = 0;
    for (const [name, s] of VARIANTS) {
      const rows = rowsOf(await e.duck.query(compileReport(s, catalog).sql));
      const cells = rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / 3)) === 0);
      for (const row of cells.slice(0, 3) as AnalysisCell[]) {
        for (const key of Object.keys(row)) {
          if (!analysisDrillable(s, key) || row[key] === null) continue;
          const page = { limit: 1000, offset: 0, sort: [] };
          const d = compileAnalysisDrill(s, catalog, key, row, page);
          const c = compileAnalysisDrill(s, catalog, key, row, { ...page, dialect: 'clickhouse' });
          await expectSameOnBoth(e, `${name} ${key}`, d.sql, c.sql);
          await expectSameOnBoth(e, `${name} ${key} count`, d.countSql, c.countSql);
          drilled++;
        }
      }
    }
    expect(drilled).toBeGreaterThan(20);
  }, 300_000);
});
