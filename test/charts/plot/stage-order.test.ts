// A stage axis reads in pipeline order in the chart, as the table lists it (the `stages` table's
// position): the Pipeline report drew "Needs analysis, Proposal, Lead…" by value while its table
// read "Lead, Qualified, Needs analysis…". Other dimensions keep the chart's order by value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { resolvePreset } from '../../../src/crm/presets.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import type { ChartKind } from '../../../src/query/spec/spec.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';

const o: ChartOptions = { lang: 'en', width: 800, empty: '(empty)', label: (k) => k };
const STAGES = ['Lead', 'Qualified', 'Proposal', 'Won'];
const stage: OutputColumn = {
  key: 'stage',
  role: 'dimension',
  axis: 'row',
  format: 'text',
  valueOrder: STAGES,
};
const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const deals: OutputColumn = { key: 'deals', role: 'measure', measure: 'deals', format: 'int' };
// Sorted by value, as a report sorted by its measure would be: Proposal largest.
const one = resultFromRows([
  { stage: 'Proposal', deals: 90 },
  { stage: 'Lead', deals: 40 },
  { stage: null, deals: 30 },
  { stage: 'Won', deals: 20 },
  { stage: 'Qualified', deals: 10 },
]);
const twoRows = ['Proposal', 'Lead', 'Won', 'Qualified'].flatMap((s, i) => [
  { stage: s, manager: 'Ann', deals: 50 - i * 10 },
  { stage: s, manager: 'Bob', deals: 5 + i * 40 },
]);
const two = resultFromRows(twoRows);
const axis = (p: { options: unknown }, a: 'x' | 'y' | 'fy' | 'color') =>
  ((p.options as Record<string, { domain?: string[] }>)[a]?.domain ?? []).slice();

describe('a stage dimension keeps its pipeline order in the chart', () => {
  it('as the bars of one dimension, an empty stage after the named ones', () => {
    const p = buildChart({ analysis: 'pivot', chart: 'bar' }, [stage, deals], one, o);
    expect(axis(p, 'y')).toEqual([...STAGES, '(empty)']);
  });

  it.each<ChartKind>(['bar_stacked', 'bar_grouped', 'heatmap'])(
    'as the categories of a %s chart',
    (chart) => {
      const p = buildChart({ analysis: 'pivot', chart }, [stage, manager, deals], two, o);
      expect(axis(p, chart === 'bar_grouped' ? 'fy' : 'y')).toEqual(STAGES);
    },
  );

  it('as the series: the legend and the stack, a heatmap’s columns', () => {
    const cols = [manager, { ...stage, axis: 'column' } as const, deals];
    const stack = buildChart({ analysis: 'pivot', chart: 'bar_stacked' }, cols, two, o);
    expect(axis(stack, 'color')).toEqual(STAGES);
    const heat = buildChart({ analysis: 'pivot', chart: 'heatmap' }, cols, two, o);
    expect(axis(heat, 'x')).toEqual(STAGES);
  });

  it('under a comparison: the categories, and the members of a split', () => {
    const prev: OutputColumn = { ...deals, key: 'deals_previous', role: 'previous' };
    const rows = twoRows.map((r) => ({ ...r, deals_previous: 100 - r.deals }));
    const p = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [stage, deals, prev],
      resultFromRows(rows.filter((r) => r.manager === 'Ann')),
      o,
    );
    expect(axis(p, 'fy')).toEqual(STAGES);
    const split = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [manager, { ...stage, axis: 'column' } as const, deals, prev],
      resultFromRows(rows),
      o,
    );
    const members = axis(split, 'y').map((s) => s.split(' · ')[0]);
    expect([...new Set(members)]).toEqual(STAGES);
  });

  it('a dimension without an order of its own is still drawn by value', () => {
    const p = buildChart(
      { analysis: 'pivot', chart: 'bar' },
      [{ ...stage, valueOrder: undefined }, deals],
      one,
      o,
    );
    expect(axis(p, 'y')).toEqual(['Proposal', 'Lead', '(empty)', 'Won', 'Qualified']);
  });
});

describe('the Pipeline report on the demo', () => {
  let engine: LazyEngine;
  let model: DatasetModel;
  let catalog: Catalog;
  beforeAll(async () => {
    engine = await createNodeEngine();
    model = await loadDemo(engine, { deals: 800 });
    catalog = buildCatalog(model);
  }, 120_000);
  afterAll(() => engine.close());

  it('draws its stages in the order its table lists them', async () => {
    const { spec } = resolvePreset('pipeline', { catalog, model });
    const compiled = compileReport(spec, catalog);
    const result = await engine.query(compiled.sql);
    const p = buildChart({ analysis: 'pivot', chart: 'bar_stacked' }, compiled.columns, result, {
      ...o,
      maxBars: 100,
    });
    const inTable = [
      ...new Set(
        result
          .toArray()
          .map((r) => (r.toJSON() as { stage: string | null }).stage)
          .filter((s): s is string => s !== null),
      ),
    ];
    const order = [...new Set(catalog.pipelines.flatMap((x) => x.stages.map((s) => s.name)))];
    expect(inTable).toEqual(order.filter((s) => inTable.includes(s)));
    expect(axis(p, 'y')).toEqual(inTable);
  }, 120_000);
});
