/**
 * The engine's dialect reaches every path that compiles SQL in the page: the report and the size
 * estimate before it, a dashboard tile, a filter's value list and the currency, a drill-down into
 * a pivot cell or an analysis. A page on a ClickHouse server (a remote engine with
 * `dialect: 'clickhouse'`) sends ClickHouse SQL only; on the tab's engine, DuckDB SQL as before.
 * Each statement printed for ClickHouse ends with its SETTINGS (print.ts `withSettings`), which a
 * DuckDB statement never has; what ClickHouse then computes is checked in test/engine and e2e.
 */
import { tableFromArrays, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { compileAnalysisDrill } from '../../../src/crm/analyses/drill.ts';
import { currencyOf, fieldValuesQuery } from '../../../src/crm/field-values.ts';
import { resolvePreset } from '../../../src/crm/presets.ts';
import { generateDemo } from '../../../src/demo/index.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { estimateQuery } from '../../../src/query/run/estimate.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { Daily } from '../../../src/state/library/daily.svelte.ts';
import { LargeReportGuard } from '../../../src/state/report/large-guard.ts';
import { ReportRun } from '../../../src/state/report/report-run.svelte.ts';
import { DataSource } from '../../../src/state/session/data-source.svelte.ts';
import type { Workbench } from '../../../src/state/session/workbench.svelte.ts';

const { model } = generateDemo({ deals: 60 });
const catalog = buildCatalog(model);
const wonSize = resolvePreset('won-size', { catalog, model }).spec;
const CH = /\nSETTINGS join_use_nulls = 1/;

function server(
  dialect?: 'clickhouse',
): Engine & { ran: string[]; sent: (sql: string) => Promise<void> } {
  const ran: string[] = [];
  const waiting = new Map<string, () => void>();
  const answer = async (sql: string): Promise<Table> => {
    ran.push(sql);
    waiting.get(sql)?.();
    return tableFromArrays({ n: Float64Array.from([1]) });
  };
  return {
    ...(dialect ? { dialect } : {}),
    ran,
    /** Resolves once `sql` has been sent (at once if it was). */
    sent: (sql) =>
      ran.includes(sql) ? Promise.resolve() : new Promise((r) => waiting.set(sql, r)),
    query: answer,
    exec: async (sql) => void ran.push(sql),
    insertArrow: async () => undefined,
    registerFile: async () => '',
    dropFile: async () => undefined,
    cancel: async () => undefined,
    close: async () => undefined,
  };
}

/** A data source showing the demo's model from `engine` (a server when it has a dialect). */
async function connected(engine: Engine & { dialect?: string }): Promise<DataSource> {
  const data = new DataSource(
    { createEngine: () => engine, loadDemo: async () => model },
    () => 'en',
    () => undefined,
  );
  await data.load(engine.dialect ? Object.assign(async () => model, { remote: engine }) : null);
  return data;
}

describe('the compilers take the dialect', () => {
  it('estimate: approx_count_distinct is uniq on ClickHouse, with its settings', () => {
    const duck = estimateQuery(wonSize, catalog)!;
    const ch = estimateQuery(wonSize, catalog, { dialect: 'clickhouse' })!;
    expect(duck.sql).toContain('approx_count_distinct(');
    expect(duck.sql).not.toMatch(CH);
    expect(ch.sql).toContain('uniq(');
    expect(ch.sql).not.toContain('approx_count_distinct');
    expect(ch.sql).toMatch(CH);
    expect(ch.known).toEqual(duck.known);
  });

  it('field values and the currency', () => {
    expect(fieldValuesQuery(catalog, 'manager').sql).not.toMatch(CH);
    expect(fieldValuesQuery(catalog, 'manager', 10, { dialect: 'clickhouse' }).sql).toMatch(CH);
    expect(currencyOf(catalog, { dialect: 'clickhouse' })!.query.sql).toMatch(CH);
  });

  it('analysis drill: the page and its count', () => {
    const cohort = { ...defaultSpec(), analysis: 'cohort', options: { grain: 'month' } };
    const args = [cohort as ReportSpec, catalog, 'cohort_size', { cohort: '2024-01' }] as const;
    const page = { limit: 10, offset: 0, sort: [] };
    const duck = compileAnalysisDrill(...args, page);
    const ch = compileAnalysisDrill(...args, { ...page, dialect: 'clickhouse' });
    expect(duck.sql).not.toMatch(CH);
    expect(ch.sql).toMatch(CH);
    expect(ch.countSql).toMatch(CH);
  });

  it('the size guard runs its estimate in the dialect given', async () => {
    const ran: string[] = [];
    const run = async (q: { sql: string }) => {
      ran.push(q.sql);
      return tableFromArrays({ d0: Float64Array.from([3]) });
    };
    const guard = new LargeReportGuard(1_000_000);
    const q = { sql: 'x', columns: [], hasTotals: false, notes: [] };
    await guard.check(q, wonSize, catalog, run, 'clickhouse');
    await guard.check(q, wonSize, catalog, run);
    expect(ran).toHaveLength(2);
    expect(ran[0]).toContain('uniq(');
    expect(ran[1]).toContain('approx_count_distinct(');
  });
});

describe('a page on a ClickHouse server sends ClickHouse SQL only', () => {
  it('the report, its estimate, the currency and a filter’s values', async () => {
    const ch = server('clickhouse');
    const data = await connected(ch);
    expect(data.started).toBe(true);
    const run = new ReportRun(data, () => wonSize, 0);
    try {
      const report = run.compiled.query!.sql;
      expect(report).toMatch(CH);
      run.release();
      run.rerun();
      await ch.sent(report);
      await data.fieldValues('manager');
      // currency, estimate, report, the filter's values
      expect(ch.ran.length).toBeGreaterThanOrEqual(4);
      expect(ch.ran.some((s) => s.includes('uniq('))).toBe(true);
      expect(ch.ran.every((s) => CH.test(s))).toBe(true);
    } finally {
      run.stop();
    }
  });

  it('a dashboard tile and a drill-down, pivot and analysis', async () => {
    const ch = server('clickhouse');
    const data = await connected(ch);
    const daily = new Daily({ data } as unknown as Workbench, null);
    await daily.run(wonSize);
    await daily.drill.show({
      spec: wonSize,
      catalog,
      key: wonSize.measures[0]!,
      cell: {},
      caption: '',
      shown: '',
    });
    const cohort = { ...defaultSpec(), analysis: 'cohort', options: { grain: 'month' } };
    await daily.drill.show({
      spec: cohort as ReportSpec,
      catalog,
      key: 'cohort_size',
      cell: { cohort: '2024-01' },
      caption: '',
      shown: '',
    });
    expect(daily.drill.error).toBeNull();
    const before = ch.ran.length;
    await daily.drill.all();
    expect(ch.ran.length).toBeGreaterThan(before);
    expect(ch.ran.every((s) => CH.test(s))).toBe(true);
  });

  it('the tab’s own engine still gets DuckDB SQL', async () => {
    const tab = server();
    const data = await connected(tab);
    const daily = new Daily({ data } as unknown as Workbench, null);
    await daily.run(wonSize);
    await daily.drill.show({
      spec: wonSize,
      catalog,
      key: wonSize.measures[0]!,
      cell: {},
      caption: '',
      shown: '',
    });
    await data.fieldValues('manager');
    expect(tab.ran.length).toBeGreaterThan(3);
    expect(tab.ran.some((s) => CH.test(s))).toBe(false);
  });
});
