import { describe, expect, it } from 'vitest';
import {
  choosePivotChart as chooseChart,
  isTimeDimension,
} from '../../../src/charts/plot/chart-choice.ts';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { keepCategories, rankBy, type Datum } from '../../../src/charts/plot/plot-data.ts';
import { msg, render } from '../../../src/lib/message.ts';
import { labelMargin, textWidth } from '../../../src/charts/plot/plot-margins.ts';
import { cellFits, inkOn } from '../../../src/charts/plot/plot-bars.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows, type ResultLike } from '../../../src/charts/result.ts';
import type { ChartKind } from '../../../src/query/spec/spec.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const source: OutputColumn = { key: 'source', role: 'dimension', axis: 'column', format: 'text' };
const quarter: OutputColumn = {
  key: 'period:quarter',
  role: 'dimension',
  axis: 'column',
  format: 'text',
};
const created: OutputColumn = { key: 'created_at', role: 'dimension', axis: 'row', format: 'date' };
const revenue: OutputColumn = {
  key: 'revenue',
  role: 'measure',
  measure: 'revenue',
  format: 'money',
};
const winRate: OutputColumn = {
  key: 'win_rate',
  role: 'measure',
  measure: 'win_rate',
  format: 'pct',
};
const grouping: OutputColumn = { key: '_grouping', role: 'grouping', format: 'int' };

const opts: ChartOptions = {
  lang: 'en',
  width: 800,
  empty: '(empty)',
  label: (key) => key,
};

/** A pivot report's chart, through the registry. */
const buildPlot = (
  columns: OutputColumn[],
  result: ResultLike,
  chart: ChartKind,
  o: ChartOptions,
) => buildChart({ analysis: 'pivot', chart }, columns, result, o);

describe('chooseChart (auto)', () => {
  it('draws a time dimension as a line, a second dimension as series', () => {
    expect(isTimeDimension(quarter)).toBe(true);
    expect(isTimeDimension(created)).toBe(true);
    expect(isTimeDimension(manager)).toBe(false);
    const c = chooseChart([manager, quarter, revenue], 'auto');
    expect(c.kind).toBe('line');
    expect(c.x?.key).toBe('period:quarter');
    expect(c.series?.key).toBe('manager');
  });

  it('draws one category as horizontal bars', () => {
    expect(chooseChart([manager, revenue], 'auto').kind).toBe('barh');
  });

  it('stacks additive measures over two categories and groups rates', () => {
    expect(chooseChart([manager, source, revenue], 'auto').kind).toBe('bar_stacked');
    expect(chooseChart([manager, source, winRate], 'auto').kind).toBe('bar_grouped');
    const nonAdditive = chooseChart([manager, source, revenue], 'auto', { additive: () => false });
    expect(nonAdditive.kind).toBe('bar_grouped');
  });

  it('draws nothing without dimensions or measures, or when asked', () => {
    expect(chooseChart([revenue], 'auto').kind).toBe('none');
    expect(chooseChart([manager], 'auto').kind).toBe('none');
    expect(chooseChart([manager, revenue], 'none').kind).toBe('none');
  });

  it('says why there is no chart, as a message', () => {
    expect(chooseChart([revenue], 'auto').reason).toEqual({ code: 'noChart_noDims' });
    expect(chooseChart([manager], 'auto').reason).toEqual({ code: 'noChart_noValue' });
    expect(chooseChart([manager, revenue], 'none').reason).toBeUndefined();
    const scatter = buildChart(
      { analysis: 'pivot', chart: 'scatter' },
      [manager, source, revenue],
      resultFromRows([]),
      opts,
    );
    expect(scatter.reason).toEqual({ code: 'noChart_scatter', params: { dims: 2, measures: 1 } });
    const empty = buildPlot([manager, revenue], resultFromRows([]), 'auto', opts);
    expect(empty.reason).toEqual({ code: 'noChart_noRows' });
  });

  it('makes the choice again when the layout outgrows the asked kind', () => {
    // A line over categories becomes bars; rates never stack; area of a rate is a line.
    expect(chooseChart([manager, source, revenue], 'line').kind).toBe('bar_stacked');
    expect(chooseChart([manager, revenue], 'line').kind).toBe('barh');
    expect(chooseChart([manager, source, winRate], 'bar_stacked').kind).toBe('bar_grouped');
    expect(chooseChart([quarter, winRate], 'area').kind).toBe('line');
  });

  it('honours explicit kinds where the dimensions allow them', () => {
    expect(chooseChart([manager, source, revenue], 'heatmap').kind).toBe('heatmap');
    expect(chooseChart([manager, revenue], 'bar_stacked').kind).toBe('barh');
    expect(chooseChart([manager, quarter, revenue], 'bar').x?.key).toBe('manager');
    expect(
      chooseChart([manager, winRate, revenue], 'auto', { valueKey: 'revenue' }).value?.key,
    ).toBe('revenue');
  });
});

describe('buildChart (pivot)', () => {
  it('sorts bars by value, skips subtotal rows and fits the label margin', () => {
    const r = resultFromRows([
      { manager: 'Ann', revenue: 10, _grouping: 0 },
      { manager: 'A very long manager name indeed, longer than thirty', revenue: 30, _grouping: 0 },
      { manager: null, revenue: 20, _grouping: 0 },
      { manager: null, revenue: 60, _grouping: 1 },
    ]);
    const p = buildPlot([manager, revenue, grouping], r, 'auto', opts);
    expect(p.kind).toBe('barh');
    const y = p.options?.y as { domain: string[] };
    expect(y.domain).toEqual([
      'A very long manager name indeed, longer than thirty',
      '(empty)',
      'Ann',
    ]);
    expect(p.options?.marginLeft).toBe(labelMargin(y.domain));
    expect(p.options?.marginLeft).toBeGreaterThan(150);
    expect(p.options?.marginLeft).toBeLessThanOrEqual(220);
  });

  it('keeps only the top bars and says so', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ manager: `m${i}`, revenue: i }));
    const p = buildPlot([manager, revenue], resultFromRows(rows), 'auto', { ...opts, maxBars: 10 });
    expect((p.options?.y as { domain: string[] }).domain).toHaveLength(10);
    expect((p.options?.y as { domain: string[] }).domain[0]).toBe('m49');
    expect(p.notes).toEqual([{ code: 'topBars', params: { shown: 10, total: 50 } }]);
  });

  it('orders a time axis and thins its ticks', () => {
    const rows = [];
    for (let y = 2015; y <= 2019; y++)
      for (let q = 4; q >= 1; q--) rows.push({ 'period:quarter': `${y}-Q${q}`, revenue: q });
    const p = buildPlot([quarter, revenue], resultFromRows(rows), 'auto', { ...opts, width: 400 });
    expect(p.kind).toBe('line');
    const x = p.options?.x as { domain: string[]; ticks: string[] };
    expect(x.domain[0]).toBe('2015-Q1');
    expect(x.domain.at(-1)).toBe('2019-Q4');
    expect(x.ticks.length).toBeLessThan(x.domain.length);
    expect(typeof (p.options?.y as { tickFormat: unknown }).tickFormat).toBe('function');
  });

  it('limits series and formats axis numbers compactly', () => {
    const rows = [];
    for (let s = 0; s < 15; s++)
      rows.push({ manager: 'Ann', source: `s${s}`, revenue: 1e6 * (s + 1) });
    const p = buildPlot([manager, source, revenue], resultFromRows(rows), 'auto', opts);
    expect(p.kind).toBe('bar_stacked');
    // A stack keeps nine series and sums the other six as Other, so the bar is the whole total.
    expect(p.notes).toContainEqual({ code: 'otherSeries', params: { shown: 9, total: 15 } });
    const grouped = buildPlot(
      [manager, source, revenue],
      resultFromRows(rows),
      'bar_grouped',
      opts,
    );
    expect(grouped.notes).toContainEqual({ code: 'topSeries', params: { shown: 10, total: 15 } });
    const fmt = (p.options?.x as { tickFormat: (v: number) => string }).tickFormat;
    expect(fmt(2_500_000)).toBe('2.5M');
  });

  // A bar's label carries three significant digits (1,23 млн ₽) where the axis reads 1,2 млн ₽:
  // the label said «1,2 млн ₽» for 1 234 567 and 1 249 000 alike.
  it('labels bars with three significant digits, the axis with its short form', () => {
    const rows = [
      { manager: 'Ann', revenue: 1_234_567 },
      { manager: 'Bob', revenue: 12_400 },
    ];
    const p = buildPlot([manager, revenue], resultFromRows(rows), 'auto', {
      ...opts,
      lang: 'ru',
      money: { currency: 'RUB' },
    });
    const marks = p.options?.marks as unknown as { channels: Record<string, { value: unknown }> }[];
    const text = marks.find((m) => m.channels.text)!.channels.text!.value as (d: unknown) => string;
    const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    const data = [
      { x: 'Ann', s: '', v: 1_234_567 },
      { x: 'Bob', s: '', v: 12_400 },
    ];
    expect(data.map((d) => norm(text(d)))).toEqual(['1,23 млн ₽', '12,4 тыс. ₽']);
    const axis = (p.options?.x as { tickFormat: (v: number) => string }).tickFormat;
    expect(norm(axis(1_200_000))).toBe('1,2 млн ₽');
    const en = buildPlot([manager, revenue], resultFromRows(rows), 'auto', {
      ...opts,
      money: { currency: 'USD' },
    });
    const enMarks = en.options?.marks as unknown as typeof marks;
    const enText = enMarks.find((m) => m.channels.text)!.channels.text!.value as typeof text;
    expect(data.map(enText)).toEqual(['$1.23M', '$12.4K']);
  });

  // A rate's bars read «59 %» beside «65,3 %»: the labels of one chart share their decimals.
  it("writes a rate's bars with the decimals they share, in either language", () => {
    const labels = (rates: number[], lang: 'en' | 'ru', kind: ChartKind = 'auto', maxBars = 40) => {
      const rows = rates.map((v, i) => ({ manager: `M${i}`, source: 'Web', win_rate: v }));
      const columns = kind === 'heatmap' ? [manager, source, winRate] : [manager, winRate];
      const p = buildPlot(columns, resultFromRows(rows), kind, { ...opts, lang, maxBars });
      const marks = p.options?.marks as unknown as {
        channels: Record<string, { value: unknown }>;
      }[];
      const text = marks.find((m) => m.channels.text)!.channels.text!.value as (
        d: unknown,
      ) => string;
      return rates.map((v) => text({ x: 'M', s: 'Web', v }).replace(/[\u00a0\u202f]/g, ' '));
    };
    expect(labels([0.59, 0.653], 'en')).toEqual(['59.0%', '65.3%']);
    expect(labels([0.59, 0.653], 'ru')).toEqual(['59,0 %', '65,3 %']);
    // Where none needs a decimal, none has one.
    expect(labels([0.59, 0.65], 'ru')).toEqual(['59 %', '65 %']);
    // Decided by the bars drawn: a bar left out (the top two of three) does not add decimals.
    expect(labels([0.59, 0.65, 0.213], 'en', 'auto', 2).slice(0, 2)).toEqual(['59%', '65%']);
    // A heatmap's cells alike.
    expect(labels([0.21, 0.412], 'en', 'heatmap')).toEqual(['21.0%', '41.2%']);
  });

  // The longer labels of the table's form read on the darkest cells: black on navy did not.
  it("writes a heatmap's labels white on its darker cells, black on the lighter", () => {
    const rows = [10, 500, 1_000].map((revenue, i) => ({
      manager: `M${i}`,
      source: 'Web',
      revenue,
    }));
    const p = buildPlot([manager, source, revenue], resultFromRows(rows), 'heatmap', opts);
    const marks = (p.options?.marks ?? []) as unknown as {
      data?: { v: number }[];
      channels?: Record<string, unknown>;
    }[];
    const texts = marks.filter((m) => m?.channels?.text);
    const inks = texts.map((m) => ({
      fill: (m as unknown as { fill: string }).fill,
      values: (m.data ?? []).map((d) => d.v),
    }));
    expect(inks).toEqual([
      { fill: 'black', values: [10, 500] },
      { fill: 'white', values: [1_000] },
    ]);
    expect(inkOn(null, [1, 2])).toBe('black');
    expect(inkOn(5, [5, 5])).toBe('black');
  });

  // Russian revenue over ten months at 768 px: «1,68 млн ₽» in a 55 px cell fitted neither the
  // table's form nor the short one, and every cell went blank (the tooltip kept the value).
  it("writes a heatmap's labels in the first form and size that fits every cell, in either language", () => {
    const sources = ['Контекстная реклама', 'Сайт', 'Партнёр', 'Рекомендация'];
    const months = Array.from({ length: 10 }, (_, i) => `2025-${String(i + 3).padStart(2, '0')}`);
    const values = [1_680_000, 500_000, 99_700, 2_380, 1_050_000];
    const rows = sources.flatMap((src, i) =>
      months.map((month, j) => ({ src, month, revenue: values[(i + j) % values.length]! })),
    );
    const src: OutputColumn = { ...manager, key: 'src' };
    const month: OutputColumn = { ...source, key: 'month' };
    const draw = (lang: 'en' | 'ru') => {
      const p = buildPlot([src, month, revenue], resultFromRows(rows), 'heatmap', {
        ...opts,
        lang,
        width: 720,
        money: { currency: lang === 'ru' ? 'RUB' : 'USD' },
      });
      const marks = (p.options?.marks ?? []) as unknown as {
        fontSize?: number;
        channels?: { text?: { value: (d: { v: number }) => string } };
      }[];
      const texts = marks.filter((m) => m.channels?.text);
      const cell = (720 - (p.options?.marginLeft ?? 0) - 20) / months.length;
      const label = (v: number) =>
        texts[0]!.channels!.text!.value({ v }).replace(/[\u00a0\u202f]/g, ' ');
      return { texts, cell, label, size: texts[0]?.fontSize };
    };
    const ru = draw('ru');
    expect(ru.texts.length).toBeGreaterThan(0);
    // No label wider than its cell, so none runs into the next one.
    for (const v of values)
      expect(cellFits(ru.label(v), ru.size!, ru.cell), ru.label(v)).toBe(true);
    expect(ru.label(1_680_000)).toBe('1,68 млн');
    expect(ru.size).toBe(9);
    // English fits its short form, currency and all, at the usual size.
    const en = draw('en');
    expect([en.label(1_680_000), en.size]).toEqual(['$1.68M', 10]);
    // Each form tried is kept only where every label fits: a wider form would not have.
    expect(cellFits('1,68 млн ₽', 10, ru.cell)).toBe(false);
    expect(textWidth('1,68 млн', 9) + 4).toBeLessThanOrEqual(ru.cell);
  });

  it('leaves a heatmap cell blank where no form fits, rather than write over its neighbours', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      manager: 'M',
      source: `S${i}`,
      revenue: 1_234_567,
    }));
    const p = buildPlot([manager, source, revenue], resultFromRows(rows), 'heatmap', {
      ...opts,
      lang: 'ru',
      width: 600,
      money: { currency: 'RUB' },
      maxSeries: 30,
    } as ChartOptions);
    const marks = (p.options?.marks ?? []) as unknown as { channels?: Record<string, unknown> }[];
    expect(marks.filter((m) => m.channels?.text)).toEqual([]);
    expect(cellFits('1,23 млн', 9, 12)).toBe(false);
  });

  // Labels without a suffix share their decimals too: "13" stood beside "12.5".
  it("writes small bars' values with the decimals their labels share", () => {
    const ratio: OutputColumn = {
      key: 'ratio',
      role: 'measure',
      measure: 'ratio',
      format: 'number',
    };
    const labels = (vs: number[], lang: 'en' | 'ru', column = ratio) => {
      const rows = vs.map((v, i) => ({ manager: `M${i}`, [column.key]: v }));
      const p = buildPlot([manager, column], resultFromRows(rows), 'auto', {
        ...opts,
        lang,
        money: { currency: lang === 'en' ? 'USD' : 'RUB' },
      });
      const marks = p.options?.marks as unknown as {
        channels: Record<string, { value: unknown }>;
      }[];
      const text = marks.find((m) => m.channels.text)!.channels.text!.value as (
        d: unknown,
      ) => string;
      return vs.map((v) => text({ x: 'M', s: '', v }).replace(/[\u00a0\u202f]/g, ' '));
    };
    expect(labels([12.5, 13, 2_400], 'en')).toEqual(['12.5', '13.0', '2.40K']);
    expect(labels([12.5, 13, 2_400], 'ru')).toEqual(['12,5', '13,0', '2,40 тыс.']);
    expect(labels([85.5, 91], 'ru', revenue)).toEqual(['85,5 ₽', '91,0 ₽']);
    // Where none needs a decimal, none has one.
    expect(labels([12, 13, 2_400], 'en')).toEqual(['12', '13', '2.40K']);
  });

  // A heatmap's cells read as the table where they have room (12,957 / «12 957 ₽»), else the
  // bars' short form with one form for every cell: «13 тыс.» sat beside «12,4 тыс.».
  it("writes a heatmap's cells in the table's form where they fit, else one short form", () => {
    const cells = (
      lang: 'en' | 'ru',
      width: number,
      sources: number,
      [a, b] = [12_957, 12_400],
    ) => {
      const rows = Array.from({ length: sources }, (_, i) => [
        { manager: 'Ann', source: `S${i}`, revenue: a },
        { manager: 'Bob', source: `S${i}`, revenue: b },
      ]).flat();
      const p = buildPlot([manager, source, revenue], resultFromRows(rows), 'heatmap', {
        ...opts,
        lang,
        width,
        money: { currency: lang === 'ru' ? 'RUB' : 'USD' },
      });
      const marks = p.options?.marks as unknown as {
        channels: Record<string, { value: unknown }>;
      }[];
      const mark = marks.find((m) => m?.channels.text);
      if (!mark) return null;
      const text = mark.channels.text!.value as (d: unknown) => string;
      return [a, b].map((v) => text({ x: 'Ann', s: 'S0', v }).replace(/[\u00a0\u202f]/g, ' '));
    };
    expect(cells('en', 1440, 4)).toEqual(['$12,957', '$12,400']);
    expect(cells('ru', 1440, 4)).toEqual(['12 957 ₽', '12 400 ₽']);
    // Ten columns (the most a heatmap keeps) of a narrow chart: millions take the short form,
    // its decimals shared.
    const millions: [number, number] = [12_957_000, 12_400_000];
    expect(cells('ru', 768, 10, millions)).toEqual(['13,0 млн ₽', '12,4 млн ₽']);
    expect(cells('en', 600, 10, millions)).toEqual(['$13.0M', '$12.4M']);
    // Too narrow for either: no labels (the tooltip keeps the values).
    expect(cells('ru', 500, 10, millions)).toBeNull();
  });

  it("writes a negative bar's value right of 0, clear of its bar", () => {
    const rows = [
      { manager: 'Ann', revenue: 500 },
      { manager: 'Bob', revenue: -300 },
    ];
    const p = buildPlot([manager, revenue], resultFromRows(rows), 'auto', opts);
    const marks = p.options?.marks as unknown as { channels: Record<string, { value: unknown }> }[];
    const label = marks.find((m) => m.channels.text)!;
    const x = label.channels.x!.value as (d: unknown) => number;
    expect(x({ x: 'Ann', s: '', v: 500 })).toBe(500);
    expect(x({ x: 'Bob', s: '', v: -300 })).toBe(0);
  });

  it('returns no options for an empty result', () => {
    expect(buildPlot([manager, revenue], resultFromRows([]), 'auto', opts).options).toBeNull();
  });
});

describe('line data order', () => {
  it('joins points in x order even when the result is sorted by value', () => {
    const r = resultFromRows([
      { 'period:quarter': '2025-Q3', revenue: 30 },
      { 'period:quarter': '2025-Q1', revenue: 20 },
      { 'period:quarter': '2025-Q2', revenue: 10 },
    ]);
    const p = buildPlot([quarter, revenue], r, 'auto', opts);
    const marks = p.options?.marks as unknown as { data: { x: string }[] }[];
    const line = marks.find((m) => Array.isArray(m.data) && m.data.length === 3);
    expect(line?.data.map((d) => d.x)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
  });
});

describe('valueMargin', () => {
  it('fits the longest value-axis label (Russian compact money is long)', async () => {
    const { valueMargin } = await import('../../../src/charts/plot/plot-margins.ts');
    const { formatter } = await import('../../../src/charts/format.ts');
    const fmt = formatter('money', 'ru', { compact: true, currency: 'RUB' });
    const m = valueMargin([2_050_000, 150_000, 900_000], fmt);
    // "2,5 млн ₽" is 9 characters: it needs more than the old fixed 56 px.
    expect(m).toBeGreaterThanOrEqual(fmt(2_500_000).length * 6.6);
    expect(m).toBeGreaterThan(56);
    expect(valueMargin([], fmt)).toBeGreaterThanOrEqual(44);
  });
});

describe('heatmap bottom margin', () => {
  it('makes room below rotated column labels for them and the axis title', () => {
    const names = (n: number, len: number) =>
      Array.from({ length: n }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(len - 2)}`);
    const margin = (sources: string[]) => {
      const rows = sources.map((s, i) => ({ manager: 'Ann', source: s, revenue: i + 1 }));
      return buildPlot([manager, source, revenue], resultFromRows(rows), 'heatmap', opts).options
        ?.marginBottom;
    };
    expect(margin(names(4, 14))).toBe(50); // upright labels: one line
    // 14 characters at ~5.7 px (10px text), rotated 30° → ~40 px down, plus the tick (9), a
    // 4 px gap and the title's line (12): the browser test measures the real boxes.
    expect(margin(names(10, 14))).toBeGreaterThanOrEqual(40 + 9 + 4 + 12);
    expect(margin(names(10, 3))).toBe(50);
  });
});

describe('chooseChart: a kind the layout cannot take says what is drawn and why', () => {
  const why = (cols: OutputColumn[], kind: ChartKind) => {
    const c = chooseChart(cols, kind);
    return [c.kind, c.replaced?.code ?? null];
  };
  it('names the reason for each replacement', () => {
    expect(why([manager, revenue], 'line')).toEqual(['barh', 'chartWhy_noTime']);
    expect(why([manager, source, revenue], 'area')).toEqual(['bar_stacked', 'chartWhy_noTime']);
    expect(why([manager, revenue], 'bar_stacked')).toEqual(['barh', 'chartWhy_oneDim']);
    expect(why([manager, revenue], 'heatmap')).toEqual(['barh', 'chartWhy_oneDim']);
    expect(why([manager, source, winRate], 'bar_stacked')).toEqual([
      'bar_grouped',
      'chartWhy_notAdditive',
    ]);
    expect(why([quarter, winRate], 'area')).toEqual(['line', 'chartWhy_notAdditive']);
  });
  it('is silent when the kind drawn is the kind asked (bars of any layout are "Bars")', () => {
    expect(why([manager, source, revenue], 'bar')).toEqual(['bar_stacked', null]);
    expect(why([quarter, revenue], 'line')).toEqual(['line', null]);
    expect(why([manager, source, revenue], 'heatmap')).toEqual(['heatmap', null]);
    expect(why([manager, revenue], 'auto')).toEqual(['barh', null]);
  });
});

// A time axis with more periods than bars keeps the latest, in time order, and says so; it kept
// the largest and put them in time, a timeline with holes in it.
describe('keepCategories', () => {
  const month = (i: number) => `2023-${String(i + 1).padStart(2, '0')}`;
  // 12 months whose largest values are the oldest: by value the first six would be kept.
  const months: Datum[] = Array.from({ length: 12 }, (_, i) => ({
    x: `M${i + 1}`,
    xk: month(i),
    s: '',
    v: 100 - i,
  }));
  const ranked = rankBy(months, (d) => d.x);

  it('keeps the most recent periods in time order and counts them by the grain', () => {
    const { kept, note } = keepCategories(ranked, months, 6, 'month');
    expect(kept).toEqual(['M7', 'M8', 'M9', 'M10', 'M11', 'M12']);
    expect(note).toEqual({ code: 'lastPeriods_month', params: { shown: 6, total: 12 } });
    expect(render('en', note!)).toBe('Last 6 of 12 months shown');
    expect(render('ru', note!)).toBe('Показаны последние 6 из 12 месяцев');
    expect(render('ru', msg('lastPeriods_month', { shown: 20, total: 21 }))).toBe(
      'Показаны последние 20 из 21 месяца',
    );
    expect(render('ru', msg('lastPeriods_quarter', { shown: 8, total: 10 }))).toBe(
      'Показаны последние 8 из 10 кварталов',
    );
  });

  it('keeps an empty period after the periods', () => {
    const withEmpty = [...months, { x: '(empty)', s: '', v: 1000 }];
    const { kept, note } = keepCategories(
      rankBy(withEmpty, (d) => d.x),
      withEmpty,
      4,
      'month',
    );
    expect(kept).toEqual(['M10', 'M11', 'M12', '(empty)']);
    expect(note?.params).toEqual({ shown: 3, total: 12 });
  });

  it('keeps the largest of other members, and nothing is cut when all fit', () => {
    const managers = months.map(({ x, s, v }) => ({ x, s, v }));
    const { kept, note } = keepCategories(ranked, managers, 3, null);
    expect(kept).toEqual(['M1', 'M2', 'M3']);
    expect(note).toEqual({ code: 'topBars', params: { shown: 3, total: 12 } });
    expect(keepCategories(ranked, months, 12, 'month')).toEqual({ kept: ranked, note: null });
  });

  it('bars over months draw the last ones in time, the note beside them', () => {
    const rows = Array.from({ length: 36 }, (_, i) => ({
      'created_at:month': `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      revenue: i % 12 === 0 ? 1e6 : 10 + i,
    }));
    const monthCol: OutputColumn = { ...quarter, key: 'created_at:month' };
    const p = buildPlot([monthCol, revenue], resultFromRows(rows), 'bar', {
      ...opts,
      maxBars: 24,
    });
    const domain = (p.options?.y as { domain: string[] }).domain;
    expect(domain[0]).toBe('2023-01');
    expect(domain.at(-1)).toBe('2024-12');
    expect(domain).toHaveLength(24);
    expect(p.notes).toEqual([{ code: 'lastPeriods_month', params: { shown: 24, total: 36 } }]);
  });
});

// Months as series (a heatmap's columns, a stack's segments) keep the latest too: a heatmap of
// 36 months kept its 10 largest, in time but with holes.
describe('topSeries of periods', () => {
  const monthCol: OutputColumn = { ...quarter, key: 'created_at:month' };
  const key = (i: number) =>
    `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  // January of each year is the largest month by far.
  const rows = ['Ann', 'Bob'].flatMap((m) =>
    Array.from({ length: 36 }, (_, i) => ({
      manager: m,
      'created_at:month': key(i),
      revenue: i % 12 === 0 ? 1e6 : 10 + i,
    })),
  );

  it('a heatmap keeps the latest months, in time order', () => {
    const p = buildPlot([manager, monthCol, revenue], resultFromRows(rows), 'heatmap', opts);
    const x = (p.options?.x as { domain: string[] }).domain;
    expect(x).toEqual(Array.from({ length: 10 }, (_, i) => key(26 + i)));
    expect(p.notes).toEqual([{ code: 'lastPeriods_month', params: { shown: 10, total: 36 } }]);
  });

  it('a stack keeps the latest nine and sums the earlier ones as Other, so a bar is its total', () => {
    const p = buildPlot([manager, monthCol, revenue], resultFromRows(rows), 'bar_stacked', {
      ...opts,
      other: 'Other',
    });
    const legend = (p.options?.color as { domain: string[] }).domain;
    expect(legend).toEqual([...Array.from({ length: 9 }, (_, i) => key(27 + i)), 'Other']);
    const note = p.notes[0]!;
    expect(note).toEqual({ code: 'lastPeriodsOther_month', params: { shown: 9, total: 36 } });
    expect(render('ru', note)).toBe(
      'Показаны последние 9 из 36 месяцев, более ранние сложены в «Прочие»',
    );
    const marks = p.options?.marks as unknown as { data: Datum[] }[];
    const ann = marks[0]!.data.filter((d) => d.x === 'Ann');
    const total = rows.filter((r) => r.manager === 'Ann').reduce((a, r) => a + r.revenue, 0);
    expect(ann.reduce((a, d) => a + (d.v ?? 0), 0)).toBe(total);
  });
});

describe('a value axis over nothing but 0', () => {
  // Won deals per manager among lost deals, or Olist's lost deals per sales rep: every bar 0,
  // and Plot stretched the empty domain [0, 0] over the whole width — full-length bars of 0.
  const won: OutputColumn = { key: 'won', role: 'measure', measure: 'won', format: 'int' };
  const zeros = resultFromRows([
    { manager: 'Ann', source: 'Ads', won: 0, _grouping: 0 },
    { manager: 'Bob', source: 'Ads', won: 0, _grouping: 0 },
    { manager: 'Bob', source: 'Web', won: 0, _grouping: 0 },
  ]);
  const domainOf = (chart: ChartKind, cols: OutputColumn[]) =>
    (buildPlot(cols, zeros, chart, opts).options?.x as { domain?: number[] } | undefined)?.domain;

  it.each(['bar', 'bar_stacked', 'bar_grouped'] as const)('%s: runs from 0 to 1', (chart) => {
    const cols =
      chart === 'bar' ? [manager, won, grouping] : [manager, { ...source }, won, grouping];
    expect(domainOf(chart, cols)).toEqual([0, 1]);
  });

  it('a bar of any other value keeps the domain Plot finds', () => {
    const one = resultFromRows([{ manager: 'Ann', won: 2, _grouping: 0 }]);
    const x = buildPlot(
      [manager, { key: 'won', role: 'measure', format: 'int' }, grouping],
      one,
      'bar',
      opts,
    ).options?.x as { domain?: number[] };
    expect(x.domain).toBeUndefined();
  });
});
