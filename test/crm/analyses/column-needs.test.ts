/**
 * Money columns need deal amounts by their format (src/crm/analyses/column-needs.ts): on data
 * without amounts no forecast output (its periods, backtest, deals list) nor LTV keeps a column
 * formatted as money — a new money column left out of a hand-kept list would read 0 on every row
 * — while on data with amounts each of them has some.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { columnNeeds, FORECAST_NEEDS } from '../../../src/crm/analyses/column-needs.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { render } from '../../../src/lib/message.ts';
import { TINY_MODEL } from '../../fixtures/tiny-crm.ts';

const noAmounts: DatasetModel = {
  ...TINY_MODEL,
  tables: TINY_MODEL.tables.map((t) =>
    t.name === 'deals' ? { ...t, columns: t.columns.filter((c) => c.name !== 'amount') } : t,
  ),
};
const SPECS: [string, Partial<ReportSpec>][] = [
  ['forecast', { analysis: 'forecast', options: { horizon: '3m' } }],
  ['backtest', { analysis: 'forecast', options: { horizon: '3m', backtest: true } }],
  ['deals list', { analysis: 'forecast', options: { horizon: '3m', topDeals: 10 } }],
  ['ltv', { analysis: 'ltv' }],
  ['dynamics', { analysis: 'dynamics', options: { grain: 'quarter' } }],
  [
    'dynamics compared',
    {
      analysis: 'dynamics',
      options: { grain: 'quarter' },
      period: { from: '2024-04-01', to: '2024-09-30' },
      compare: 'previous',
    },
  ],
];
const money = (s: Partial<ReportSpec>, model: DatasetModel) =>
  compileReport({ ...defaultSpec(), measures: ['deals'], ...s } as ReportSpec, buildCatalog(model))
    .columns.filter((c) => c.format === 'money')
    .map((c) => c.key);

describe('money columns need deal amounts', () => {
  it.each(SPECS)('%s: money columns with amounts, none without', (_, s) => {
    expect(money(s, TINY_MODEL).length).toBeGreaterThan(0);
    expect(money(s, noAmounts)).toEqual([]);
  });

  it('dynamics without amounts: no revenue of any kind, and a note that says why', () => {
    // Olist's leads and won deals: every status read a revenue of 0, compared too (0, 0, 0, –).
    const s: Partial<ReportSpec> = {
      analysis: 'dynamics',
      options: { grain: 'quarter' },
      period: { from: '2024-04-01', to: '2024-09-30' },
      compare: 'year',
    };
    const report = (model: DatasetModel) =>
      compileReport(
        { ...defaultSpec(), measures: ['deals'], ...s } as ReportSpec,
        buildCatalog(model),
      );
    const revenue = (model: DatasetModel) =>
      report(model)
        .columns.filter((c) => c.key === 'revenue' || c.measure === 'revenue')
        .map((c) => c.key);
    expect(revenue(TINY_MODEL)).toContain('revenue_growth');
    expect(revenue(noAmounts)).toEqual([]);
    const note = report(noAmounts).notes.find((n) => n.code === 'note_leftOut');
    expect(note && render('en', note)).toContain('“Revenue”');
    expect(note && render('ru', note)).toContain('«Выручка»');
  });

  it('the forecast deals list has no Manager column on data without managers', () => {
    // Olist's leads alone: every deal listed "(empty)" under Manager.
    const noManager: DatasetModel = {
      ...TINY_MODEL,
      tables: TINY_MODEL.tables.map((t) =>
        t.name === 'deals' ? { ...t, columns: t.columns.filter((c) => c.name !== 'manager') } : t,
      ),
    };
    const list = (model: DatasetModel) =>
      compileReport(
        {
          ...defaultSpec(),
          measures: ['deals'],
          analysis: 'forecast',
          options: { horizon: '3m', topDeals: 10 },
        } as ReportSpec,
        buildCatalog(model),
      );
    expect(list(TINY_MODEL).columns.map((c) => c.key)).toContain('manager');
    const without = list(noManager);
    expect(without.columns.map((c) => c.key)).not.toContain('manager');
    const note = without.notes.find((n) => n.code === 'note_leftOut');
    // Named in the UI language: “Manager” / «Менеджер», not the key.
    expect(note && render('ru', note)).toContain('«Менеджер»');
  });

  it('a money column needs amounts whatever its key; other needs are declared by key', () => {
    expect(
      columnNeeds({ key: 'new_money', role: 'measure', format: 'money' }, FORECAST_NEEDS),
    ).toEqual(['amount']);
    expect(columnNeeds({ key: 'stage', role: 'measure', format: 'text' }, FORECAST_NEEDS)).toEqual([
      'stage',
    ]);
    expect(columnNeeds({ key: 'won', role: 'measure', format: 'int' }, FORECAST_NEEDS)).toEqual([]);
  });
});
