/**
 * The forecast in the ClickHouse dialect, every variant the preset alone does not reach (the
 * conformance suite runs the preset): a past as-of date with actuals, weeks, a split with its
 * total row, the backtest and the top deals. chdb must give DuckDB-WASM's rows, Arrow types and
 * numbers (within 1e-9 relative) for each, and the same deals behind their numbers.
 */
import { describe, expect, it } from 'vitest';
import { resolvePreset } from '../../../src/crm/presets.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { compileAnalysisDrill } from '../../../src/crm/analyses/drill.ts';
import type { AnalysisCell } from '../../../src/crm/analyses/drill-common.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { chdbAvailable } from '../../../src/engine/chdb.ts';
import type { ReportSpec } from '../../../src/query/spec/spec.ts';
import { rowsOf } from '../../query/helpers.ts';
import { enginePair, expectSameOnBoth } from '../engine-pair.ts';

const DEMO = { deals: 4000, lang: 'en' as const };

describe.skipIf(!chdbAvailable())('forecast on chdb (ClickHouse dialect)', () => {
  const e = enginePair((engine) => loadDemo(engine, DEMO));

  function variants(): [string, ReportSpec][] {
    const { catalog, model } = e;
    const base = resolvePreset('forecast', { catalog, model }).spec;
    if (base.analysis !== 'forecast') throw new Error('forecast preset is not a forecast');
    const w = (options: object, more: object = {}) =>
      ({ ...base, ...more, options: { ...base.options, ...options } }) as ReportSpec;
    return [
      ['preset', base],
      ['as of 2024-06-30, 3m', w({ asOf: '2024-06-30', horizon: '3m' })],
      ['as of 2024-03-31, 10w', w({ asOf: '2024-03-31', horizon: '10w' })],
      [
        'split by manager with totals',
        w({ asOf: '2024-06-30', horizon: '2m' }, { rows: [{ field: 'manager' }], totals: true }),
      ],
      ['backtest', w({ backtest: true })],
      ['top deals', w({ asOf: '2024-06-30', topDeals: 25 })],
    ];
  }

  it('gives the same rows, types and numbers as DuckDB for every variant', async () => {
    const { catalog } = e;
    for (const [name, spec] of variants()) {
      const rows = await expectSameOnBoth(
        e,
        name,
        compileReport(spec, catalog).sql,
        compileReport(spec, catalog, { dialect: 'clickhouse' }).sql,
      );
      expect(rows.length, `${name} has rows`).toBeGreaterThan(0);
    }
  }, 300_000);

  it('drills down to the same deals behind each number of every variant but the top deals', async () => {
    const { catalog } = e;
    let drilled = 0;
    for (const [name, spec] of variants()) {
      if (spec.analysis === 'forecast' && spec.options.topDeals) continue;
      const result = await e.duck.query(compileReport(spec, catalog).sql);
      const rows = rowsOf(result).slice(0, 3) as AnalysisCell[];
      for (const row of rows) {
        for (const key of ['expected_revenue', 'actual_won']) {
          if (!(key in row)) continue;
          const page = { limit: 1000, offset: 0, sort: [] };
          const d = compileAnalysisDrill(spec, catalog, key, row, page);
          const c = compileAnalysisDrill(spec, catalog, key, row, {
            ...page,
            dialect: 'clickhouse',
          });
          await expectSameOnBoth(e, `${name} ${key}`, d.sql, c.sql);
          drilled++;
        }
      }
    }
    expect(drilled).toBeGreaterThan(10);
  }, 300_000);
});
