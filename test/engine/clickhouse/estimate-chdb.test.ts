/**
 * The size estimate's date buckets (counted exactly by their first day) on ClickHouse: the same
 * counts as on DuckDB, for every grain (week is `toMonday` there), on the tiny CRM.
 */
import { describe, expect, it } from 'vitest';
import { chdbAvailable } from '../../../src/engine/chdb.ts';
import { estimateCounts, estimateQuery } from '../../../src/query/run/estimate.ts';
import { loadTiny } from '../../fixtures/tiny-crm.ts';
import { rowsOf, spec } from '../../query/helpers.ts';
import { enginePair } from '../engine-pair.ts';

describe.skipIf(!chdbAvailable())('size estimate on ClickHouse', () => {
  const pair = enginePair(loadTiny);
  it.each(['day', 'week', 'month', 'quarter', 'year'] as const)('%s buckets', async (grain) => {
    const s = spec({
      rows: [{ field: 'manager' }, { field: 'created_at', grain }],
      columns: [{ field: 'period', grain }],
      measures: ['revenue'],
    });
    const counts = [];
    for (const [engine, dialect] of [
      [pair.duck, 'duckdb'],
      [pair.ch, 'clickhouse'],
    ] as const) {
      const est = estimateQuery(s, pair.catalog, { dialect })!;
      const [row] = rowsOf(await engine.query(est.sql));
      counts.push(estimateCounts(est, (k) => row![k]));
    }
    expect(counts[1]).toEqual(counts[0]);
  });
});
