// A compared funnel's table names each compared measure once over its columns ("Reached" over
// "Q3 2025 | Q3 2024 | Δ | Δ %", «Дошли» over «3 кв. 2025 | 3 кв. 2024 | Δ | Δ %»), each column
// keeping its whole name ("Reached, previous") for captions and screen readers; the funnel
// without a comparison, and the drivers' table, keep one header row. A compared LTV groups its
// revenue and purchases the same way.
import { describe, expect, it } from 'vitest';
import { present } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { Labels } from '../../../src/state/report/labels.ts';

const catalog = { fields: [], measures: [] } as unknown as Catalog;
const labelsIn = (lang: 'en' | 'ru') =>
  new Labels({ catalog, currency: null }, { lang, t: translator(lang) });

const dim = (key: string, format: OutputColumn['format'] = 'text'): OutputColumn => ({
  key,
  role: 'dimension',
  format,
});
const val = (key: string, format: OutputColumn['format']): OutputColumn => ({
  key,
  role: 'measure',
  format,
});
const part = (
  measure: string,
  role: 'previous' | 'delta' | 'growth',
  format: OutputColumn['format'],
): OutputColumn => ({
  key: `${measure}_${role}`,
  role,
  measure,
  format,
});

const COLUMNS: OutputColumn[] = [
  dim('stage'),
  dim('position', 'int'),
  val('reached', 'int'),
  part('reached', 'previous', 'int'),
  part('reached', 'delta', 'int'),
  part('reached', 'growth', 'pct'),
  val('step_conversion', 'pct'),
  part('step_conversion', 'previous', 'pct'),
  part('step_conversion', 'delta', 'pp'),
  val('lost_reasons', 'text'),
];
const ROW = {
  stage: 'Lead',
  position: 1,
  reached: 10,
  reached_previous: 8,
  reached_delta: 2,
  reached_growth: 0.25,
  step_conversion: 0.5,
  step_conversion_previous: 0.4,
  step_conversion_delta: 0.1,
  lost_reasons: 'Price (2)',
};

const funnel = (compare: ReportSpec['compare']): ReportSpec =>
  ({
    ...defaultSpec(),
    analysis: 'funnel',
    period: { from: '2025-07-01', to: '2025-09-30' },
    compare,
  }) as ReportSpec;

function headers(spec: ReportSpec, lang: 'en' | 'ru') {
  const p = present({ spec, columns: COLUMNS, table: resultFromRows([ROW]) }, labelsIn(lang), {
    maxColumns: 100,
  });
  if (p.table.kind !== 'flat') throw new Error('a flat table');
  return p.table.rows().headers;
}

describe('a compared funnel’s table headers', () => {
  it('group each compared measure’s columns under its name, parts by period and change', () => {
    const en = headers(funnel('year'), 'en');
    expect(en.map((h) => h.group?.label ?? null)).toEqual([
      null,
      null,
      'Reached',
      'Reached',
      'Reached',
      'Reached',
      'Step conversion',
      'Step conversion',
      'Step conversion',
      null,
    ]);
    expect(en.slice(2, 9).map((h) => h.group?.short)).toEqual([
      'Q3 2025',
      'Q3 2024',
      'Δ',
      'Δ %',
      'Q3 2025',
      'Q3 2024',
      'Δ',
    ]);
    expect(en[3]?.label).toBe('Reached, previous');
    const ru = headers(funnel('previous'), 'ru');
    expect(ru.slice(2, 6).map((h) => `${h.group?.label}: ${h.group?.short}`)).toEqual([
      'Дошли: 3 кв. 2025',
      'Дошли: 2 кв. 2025',
      'Дошли: Δ',
      'Дошли: Δ %',
    ]);
  });

  it('without a comparison, or in the drivers’ table, stay one row', () => {
    expect(headers(funnel(null), 'en').some((h) => h.group)).toBe(false);
    const drivers = { ...funnel('year'), analysis: 'drivers' } as ReportSpec;
    expect(headers(drivers, 'en').some((h) => h.group)).toBe(false);
  });

  it('group a compared LTV’s revenue and purchases the same way, by the year’s names', () => {
    const columns: OutputColumn[] = [
      dim('client'),
      val('revenue', 'money'),
      part('revenue', 'previous', 'money'),
      part('revenue', 'delta', 'money'),
      part('revenue', 'growth', 'pct'),
      val('won_deals', 'int'),
      part('won_deals', 'previous', 'int'),
      val('segment', 'text'),
    ];
    const row = {
      client: 'Acme',
      revenue: 10,
      revenue_previous: 5,
      revenue_delta: 5,
      revenue_growth: 1,
      won_deals: 2,
      won_deals_previous: 1,
      segment: 'Loyal',
    };
    const spec = {
      ...funnel('year'),
      analysis: 'ltv',
      period: { from: '2025-01-01', to: '2025-12-31' },
      options: {},
    } as ReportSpec;
    const p = present({ spec, columns, table: resultFromRows([row]) }, labelsIn('ru'), {
      maxColumns: 100,
    });
    if (p.table.kind !== 'flat') throw new Error('a flat table');
    expect(
      p.table.rows().headers.map((h) => (h.group ? `${h.group.label}: ${h.group.short}` : null)),
    ).toEqual([
      null,
      'Выручка: 2025',
      'Выручка: 2024',
      'Выручка: Δ',
      'Выручка: Δ %',
      'Покупки: 2025',
      'Покупки: 2024',
      null,
    ]);
  });
});
