// Plot's English names of a chart's parts, in the UI language (drawChart renames them).
import { describe, expect, it } from 'vitest';
import { ariaName } from '../../../src/charts/plot/aria.ts';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

describe('ariaName', () => {
  it('names axes, grids and marks in Russian', () => {
    expect(ariaName('y-axis tick', 'ru')).toBe('деления оси Y');
    expect(ariaName('x-axis tick label', 'ru')).toBe('подписи делений оси X');
    expect(ariaName('x-axis', 'ru')).toBe('ось X');
    expect(ariaName('y-grid', 'ru')).toBe('сетка по оси Y');
    expect(ariaName('bar', 'ru')).toBe('столбцы');
    expect(ariaName('tip', 'ru')).toBe('подсказка');
  });

  it('calls a split’s axis by its field’s label, not Plot’s letters (FY)', () => {
    const names = { fy: 'Финансовый год' };
    expect(ariaName('fy-axis label', 'ru', names)).toBe('название оси «Финансовый год»');
    expect(ariaName('fy-axis tick label', 'ru', names)).toBe(
      'подписи делений оси «Финансовый год»',
    );
    expect(ariaName('fy-axis', 'ru', names)).toBe('ось «Финансовый год»');
    expect(ariaName('fy-grid', 'ru', names)).toBe('сетка по оси «Финансовый год»');
    expect(ariaName('fy-axis tick', 'en', { fy: 'Fiscal year' })).toBe('Fiscal year axis tick');
    // Only the named axis: x keeps its letter.
    expect(ariaName('x-axis', 'ru', names)).toBe('ось X');
  });

  it('keeps Plot’s English in English and leaves names Plot did not give', () => {
    expect(ariaName('y-axis tick label', 'en')).toBe('Y-axis tick label');
    expect(ariaName('line', 'en')).toBe('line');
    expect(ariaName('Revenue by month', 'ru')).toBeNull();
    expect(ariaName('z-axis tick', 'ru')).toBeNull();
  });
});

describe('the charts that facet name that axis by the field', () => {
  const LABELS: Record<string, string> = { source: 'Источник', manager: 'Менеджер' };
  const o: ChartOptions = {
    lang: 'ru',
    width: 900,
    empty: '(пусто)',
    label: (k) => LABELS[k] ?? k,
  };
  const dim = (key: string, format: OutputColumn['format'] = 'text'): OutputColumn => ({
    key,
    role: 'dimension',
    axis: 'row',
    format,
  });
  const val = (key: string, format: OutputColumn['format']): OutputColumn => ({
    key,
    role: 'measure',
    format,
  });

  it('a funnel split by source: its fy axis is «Источник»', () => {
    const chart = buildChart(
      { analysis: 'funnel', chart: 'auto' },
      [dim('source'), dim('stage'), dim('position', 'int'), val('reached', 'int')],
      resultFromRows([
        { source: 'Web', stage: 'Lead', position: 1, reached: 10 },
        { source: 'Ads', stage: 'Lead', position: 1, reached: 5 },
      ]),
      o,
    );
    expect(chart.options?.fy).toBeDefined();
    expect(chart.axisNames).toEqual({ fy: 'Источник' });
  });

  it('grouped bars facet the rows’ field: «Менеджер»; a plain bar chart names none', () => {
    const rows = [
      { manager: 'Ann', source: 'Web', revenue: 10 },
      { manager: 'Bob', source: 'Ads', revenue: 5 },
    ];
    const grouped = buildChart(
      { analysis: 'pivot', chart: 'bar_grouped' },
      [dim('manager'), dim('source'), val('revenue', 'money')],
      resultFromRows(rows),
      o,
    );
    expect(grouped.kind).toBe('bar_grouped');
    expect(grouped.axisNames).toEqual({ fy: 'Менеджер' });
    const plain = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [dim('manager'), val('revenue', 'money')],
      resultFromRows(rows),
      o,
    );
    expect(plain.axisNames).toBeUndefined();
  });
});
