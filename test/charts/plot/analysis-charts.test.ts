import { describe, expect, it } from 'vitest';
import { analysisChart, chooseChart, scatterAxes } from '../../../src/charts/plot/chart-choice.ts';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { STATUS_COLORS } from '../../../src/charts/plot/analyses/dynamics-plot.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows, type ResultLike } from '../../../src/charts/result.ts';
import { STATUSES } from '../../../src/crm/analyses/dynamics/dynamics-status.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { render } from '../../../src/lib/message.ts';
import { dimColumn as dim, measureColumn as val } from '../../fixtures/columns.ts';

const o: ChartOptions = { lang: 'en', width: 900, empty: '(first)', label: (k) => k };
/** An analysis report's chart, through the registry (a pivot asking for a scatter for `scatter`). */
const chart =
  (analysis: 'funnel' | 'cohort' | 'dynamics' | 'ltv' | 'forecast' | 'pivot') =>
  (columns: OutputColumn[], result: ResultLike, opts: ChartOptions) =>
    buildChart(
      { analysis, chart: analysis === 'pivot' ? 'scatter' : 'auto' },
      columns,
      result,
      opts,
    );
const funnelPlot = chart('funnel');
const cohortPlot = chart('cohort');
const dynamicsPlot = chart('dynamics');
const transitionsPlot = chart('dynamics');
const ltvPlot = chart('ltv');
const scatterPlot = chart('pivot');
const forecastPlot = chart('forecast');

/** The data and channels of a mark, as Plot keeps them. */
const markData = (mark: unknown) => (mark as { data: Record<string, unknown>[] }).data;
const marksOf = (opts: { marks?: unknown[] } | null) =>
  (opts?.marks ?? []).flat() as { ariaLabel?: string }[];

describe('funnelPlot', () => {
  const cols = [
    dim('stage'),
    dim('position', 'int'),
    val('reached', 'int'),
    val('step_conversion', 'pct'),
  ];
  const r = resultFromRows([
    { stage: 'Won', position: 3, reached: 20, step_conversion: 0.5 },
    { stage: 'Lead', position: 1, reached: 100, step_conversion: null },
    { stage: 'Proposal', position: 2, reached: 40, step_conversion: 0.4 },
  ]);

  it('draws the stages in funnel order with count and conversion labels', () => {
    const { options } = funnelPlot(cols, r, o);
    expect((options?.y as { domain: string[] }).domain).toEqual(['Lead', 'Proposal', 'Won']);
    const [bars, labels] = marksOf(options);
    expect(bars?.ariaLabel).toBe('bar');
    expect(markData(bars)).toHaveLength(3);
    const text = (labels as unknown as { channels: { text: { value: (d: unknown) => string } } })
      .channels.text.value;
    const data = markData(labels);
    expect(data.map((d) => text(d))).toEqual(['20 · 50.0%', '100', '40 · 40.0%']);
  });

  it('draws nothing for an empty result', () => {
    expect(funnelPlot(cols, resultFromRows([]), o).options).toBeNull();
  });

  it('facets a split funnel by the split value', () => {
    const split = [dim('source'), ...cols];
    const rs = resultFromRows([
      { source: 'Web', stage: 'Lead', position: 1, reached: 10, step_conversion: null },
      { source: 'Ads', stage: 'Lead', position: 1, reached: 5, step_conversion: null },
    ]);
    const { options } = funnelPlot(split, rs, o);
    expect((options?.fy as { domain: string[] }).domain).toEqual(['Web', 'Ads']);
  });
});

describe('funnelPlot compared with an earlier period', () => {
  const cols = [
    dim('stage'),
    dim('position', 'int'),
    val('reached', 'int'),
    { key: 'reached_previous', role: 'previous', measure: 'reached', format: 'int' } as const,
    val('step_conversion', 'pct'),
    {
      key: 'step_conversion_previous',
      role: 'previous',
      measure: 'step_conversion',
      format: 'pct',
    } as const,
  ];
  const r = resultFromRows([
    {
      stage: 'Lead',
      position: 1,
      reached: 100,
      reached_previous: 80,
      step_conversion: null,
      step_conversion_previous: null,
    },
    {
      stage: 'Won',
      position: 2,
      reached: 30,
      reached_previous: 40,
      step_conversion: 0.3,
      step_conversion_previous: 0.5,
    },
  ]);
  const periods = { reached: 'Q3 2025', reached_previous: 'Q3 2024' } as Record<string, string>;

  it('draws two bars per step, the earlier one lighter below it, named by their periods', () => {
    const { options } = funnelPlot(cols, r, { ...o, periodLabel: (k) => periods[k] ?? k });
    const y = options?.y as { domain: string[]; tickFormat: (s: string) => string };
    expect(y.domain.map(y.tickFormat)).toEqual(['Lead', '', 'Won', '']);
    const [bars, labels] = marksOf(options);
    const data = markData(bars) as { row: string; side: string; reached: number }[];
    expect(data.map((d) => [y.tickFormat(d.row) || '↳', d.side, d.reached])).toEqual([
      ['Lead', 'reached', 100],
      ['↳', 'reached_previous', 80],
      ['Won', 'reached', 30],
      ['↳', 'reached_previous', 40],
    ]);
    const color = options?.color as {
      domain: string[];
      range: string[];
      legend: boolean;
      tickFormat: (k: string) => string;
    };
    expect(color.legend).toBe(true);
    expect(color.domain.map(color.tickFormat)).toEqual(['Q3 2025', 'Q3 2024']);
    const text = (labels as unknown as { channels: { text: { value: (d: unknown) => string } } })
      .channels.text.value;
    expect(markData(labels).map((d) => text(d))).toEqual(['100', '80', '30 · 30.0%', '40 · 50.0%']);
  });
});

describe('cohortPlot', () => {
  const cols = [
    dim('cohort'),
    val('cohort_size', 'int'),
    dim('period_index', 'int'),
    val('active_clients', 'int'),
    val('retention', 'pct'),
  ];
  const cohortRows = [
    { cohort: '2024-02', cohort_size: 5, period_index: 0, active_clients: 5, retention: 1 },
    { cohort: '2024-01', cohort_size: 10, period_index: 0, active_clients: 10, retention: 1 },
    { cohort: '2024-01', cohort_size: 10, period_index: 1, active_clients: 3, retention: 0.3 },
  ];
  const r = resultFromRows(cohortRows);

  it('is a triangle of cells: cohorts oldest first, periods in order, retention as fill', () => {
    const { options } = cohortPlot(cols, r, o);
    expect((options?.y as { domain: string[] }).domain).toEqual(['2024-01', '2024-02']);
    expect((options?.x as { domain: number[] }).domain).toEqual([0, 1]);
    const [cells, text] = marksOf(options);
    expect(cells?.ariaLabel).toBe('cell');
    expect(markData(cells)).toHaveLength(3);
    expect(text?.ariaLabel).toBe('text');
  });

  it('scales colour to the largest retention after period 0', () => {
    const { options } = cohortPlot(cols, r, o);
    expect((options?.color as { domain: number[] }).domain).toEqual([0, 0.3]);
    expect((options?.color as { legend: boolean }).legend).toBe(true);
    // Its ticks are round, as an axis's: 20%, not 20.0%.
    const ticks = (options?.color as { tickFormat: (v: number) => string }).tickFormat;
    expect([ticks(0.2), ticks(0.25)]).toEqual(['20%', '25%']);
    const ru = cohortPlot(cols, r, { ...o, lang: 'ru' }).options?.color as {
      tickFormat: (v: number) => string;
    };
    expect(ru.tickFormat(0.2)).toBe('20\u00a0%');
  });

  it('has no retention legend when no client came back after period 0', () => {
    // One cohort with no later period yet, or later periods all at 0: a 0–1 % ramp that no
    // cell is on would be all the legend said.
    const first = cohortRows.filter((row) => row.period_index === 0);
    for (const rows of [first, [...first, { ...first[1]!, period_index: 1, retention: 0 }]]) {
      const { options } = cohortPlot(cols, resultFromRows(rows), o);
      expect((options?.color as { legend: boolean }).legend).toBe(false);
    }
  });

  it("compared: draws the period's cohorts only, and a note says so", () => {
    const prev: OutputColumn = {
      key: 'retention_previous',
      role: 'previous',
      measure: 'retention',
      format: 'pct',
    };
    const rows = cohortRows.map((row) => ({ ...row, retention_previous: 0.5 }));
    const { options, notes } = cohortPlot([...cols, prev], resultFromRows(rows), o);
    expect(markData(marksOf(options)[0])).toHaveLength(3);
    expect(notes.map((n) => n.code)).toEqual(['cohortEarlierNotDrawn']);
    expect(cohortPlot(cols, r, o).notes).toEqual([]);
  });
});

describe('dynamicsPlot', () => {
  it('stacks clients per status in status order with fixed colours', () => {
    const cols = [dim('period'), dim('status'), val('status_order', 'int'), val('clients', 'int')];
    const r = resultFromRows([
      { period: '2024-Q2', status: 'lost', clients: 3 },
      { period: '2024-Q1', status: 'new', clients: 10 },
      { period: '2024-Q2', status: 'repeat', clients: 4 },
    ]);
    const { options } = dynamicsPlot(cols, r, { ...o, category: (_k, v) => v.toUpperCase() });
    const color = options?.color as {
      domain: string[];
      range: string[];
      tickFormat: (s: string) => string;
    };
    expect(color.domain).toEqual([...STATUSES]);
    expect(color.range).toEqual(STATUS_COLORS.map(([, c]) => c));
    expect(color.tickFormat('new')).toBe('NEW');
    expect((options?.x as { domain: string[] }).domain).toEqual(['2024-Q1', '2024-Q2']);
  });

  it('draws nothing when every count is 0: a period before the data drew full-height bars', () => {
    // Q2–Q3 2018 on the demo (its data begins in 2023): every status 0, compared too, and Plot
    // stretched the empty domain [0, 0] over the whole height — tall red "Lost" bars.
    const cols = [dim('period'), dim('status'), val('clients', 'int')];
    const zeros = (previous: boolean) =>
      resultFromRows(
        ['2018-Q2', '2018-Q3'].flatMap((period) =>
          STATUSES.map((status) => ({
            period,
            status,
            clients: 0,
            ...(previous ? { clients_previous: 0 } : {}),
          })),
        ),
      );
    const prev: OutputColumn = { key: 'clients_previous', role: 'previous', format: 'int' };
    expect(dynamicsPlot(cols, zeros(false), o).options).toBeNull();
    expect(dynamicsPlot([...cols, prev], zeros(true), o).options).toBeNull();
    // One client before is something to draw.
    const one = resultFromRows([
      { period: '2018-Q2', status: 'lost', clients: 0, clients_previous: 1 },
    ]);
    expect(dynamicsPlot([...cols, prev], one, o).options).not.toBeNull();
  });

  it('split, says the chart adds the split up — not that it uses "the first 2 of 3 dimensions"', () => {
    // Split by client type the chart draws each period's statuses summed over the types (the
    // period and status: the 2nd and 3rd columns), and said it used "the first 2".
    const cols = [dim('clients.type'), dim('period'), dim('status'), val('clients', 'int')];
    const r = resultFromRows([
      { 'clients.type': 'Company', period: '2024-Q1', status: 'new', clients: 4 },
      { 'clients.type': 'Person', period: '2024-Q1', status: 'new', clients: 6 },
    ]);
    const label = (k: string) => (k === 'clients.type' ? 'Client type' : k);
    const { notes } = dynamicsPlot(cols, r, { ...o, label });
    expect(notes.map((n) => render('en', n))).toEqual([
      'The chart adds up every “Client type”; the table shows each apart',
    ]);
    expect(render('ru', notes[0]!)).toBe(
      'На графике все значения «Client type» сложены; по отдельности — в таблице',
    );
  });

  it('keeps the same status list as the analysis', () => {
    expect(STATUS_COLORS.map(([s]) => s)).toEqual([...STATUSES]);
  });
});

describe('transitionsPlot', () => {
  it('is a from × to matrix with the first period (NULL) on top', () => {
    const cols = [
      dim('from_status'),
      { ...dim('to_status'), axis: 'column' as const },
      val('clients', 'int'),
    ];
    const r = resultFromRows([
      { from_status: 'new', to_status: 'repeat', clients: 4 },
      { from_status: null, to_status: 'new', clients: 9 },
      { from_status: 'lapsed', to_status: 'returned', clients: 2 },
    ]);
    const { options } = transitionsPlot(cols, r, o);
    expect((options?.y as { domain: string[] }).domain).toEqual(['', 'new', 'lapsed']);
    expect((options?.x as { domain: string[] }).domain).toEqual(['new', 'repeat', 'returned']);
    expect((options?.y as { tickFormat: (s: string) => string }).tickFormat('')).toBe('(first)');
  });

  it('compared, draws the period’s counts and says the earlier ones are in the table', () => {
    const cols = [
      dim('from_status'),
      { ...dim('to_status'), axis: 'column' as const },
      val('clients', 'int'),
    ];
    const prev: OutputColumn = {
      key: 'clients_previous',
      role: 'previous',
      measure: 'clients',
      format: 'int',
    };
    const r = resultFromRows([
      { from_status: null, to_status: 'new', clients: 9, clients_previous: 4 },
      { from_status: 'new', to_status: 'repeat', clients: 0, clients_previous: 3 },
    ]);
    const { options, notes } = transitionsPlot([...cols, prev], r, o);
    expect(notes.map((n) => n.code)).toEqual(['transitionsEarlierNotDrawn']);
    const cells = markData(marksOf(options)[0]) as { clients: number }[];
    expect(cells.map((d) => d.clients)).toEqual([9, 0]);
    expect(transitionsPlot(cols, r, o).notes).toEqual([]);
  });
});

describe('ltvPlot', () => {
  it('sums revenue and counts clients per segment, segments in rule order', () => {
    const cols = [dim('client'), val('revenue', 'money'), val('segment', 'text')];
    const r = resultFromRows([
      { client: 'a', revenue: 10, segment: 'Loyal' },
      { client: 'b', revenue: 5, segment: 'Champions' },
      { client: 'c', revenue: 7, segment: 'Loyal' },
    ]);
    const { options } = ltvPlot(cols, r, o);
    expect((options?.y as { domain: string[] }).domain).toEqual(['Champions', 'Loyal']);
    const data = markData(marksOf(options)[0]);
    expect(data).toContainEqual({ segment: 'Loyal', revenue: 17, clients: 2 });
  });

  it('split, says the bars add up every member of the split (it said nothing of it)', () => {
    // LTV split by client region: the table has a region column, the chart one bar per segment.
    const cols = [
      dim('client'),
      dim('clients.region'),
      val('revenue', 'money'),
      val('segment', 'text'),
    ];
    const r = resultFromRows([
      { client: 'a', 'clients.region': 'North', revenue: 10, segment: 'Loyal' },
      { client: 'b', 'clients.region': 'South', revenue: 5, segment: 'Loyal' },
    ]);
    const label = (k: string) => (k === 'clients.region' ? 'Region' : k);
    const { notes, options } = ltvPlot(cols, r, { ...o, label });
    expect(notes.map((n) => render('en', n))).toEqual([
      'The chart adds up every “Region”; the table shows each apart',
    ]);
    expect(markData(marksOf(options)[0])).toContainEqual({
      segment: 'Loyal',
      revenue: 15,
      clients: 2,
    });
    const plain = [dim('client'), val('revenue', 'money'), val('segment', 'text')];
    expect(ltvPlot(plain, r, o).notes).toEqual([]);
  });

  it("writes a segment's revenue on its bar to three significant digits", () => {
    const cols = [dim('client'), val('revenue', 'money'), val('segment', 'text')];
    const r = resultFromRows([
      { client: 'a', revenue: 1_000_000, segment: 'Loyal' },
      { client: 'b', revenue: 234_567, segment: 'Loyal' },
    ]);
    const { options } = ltvPlot(cols, r, { ...o, money: { currency: 'USD' } });
    type Text = { channels: { text?: { value: (d: unknown) => string } } };
    const text = (marksOf(options) as unknown as Text[]).find((m) => m.channels?.text)!;
    const label = text.channels.text!.value({ segment: 'Loyal', revenue: 1_234_567, clients: 2 });
    // The axis's short form read $1.2M.
    expect(label).toBe('$1.23M · 2 clientsShort');
  });

  // Small segments' labels share their decimals: «85,5 ₽» stood beside «91 ₽».
  it("writes the segments' revenue with the decimals their labels share", () => {
    const cols = [dim('client'), val('revenue', 'money'), val('segment', 'text')];
    const r = resultFromRows([
      { client: 'a', revenue: 85.5, segment: 'Loyal' },
      { client: 'b', revenue: 91, segment: 'New' },
      { client: 'c', revenue: 12_957, segment: 'Champions' },
    ]);
    for (const [lang, want] of [
      ['en', ['$85.5 · 1 clientsShort', '$91.0 · 1 clientsShort', '$13.0K · 1 clientsShort']],
      [
        'ru',
        ['85,5 ₽ · 1 clientsShort', '91,0 ₽ · 1 clientsShort', '13,0 тыс. ₽ · 1 clientsShort'],
      ],
    ] as const) {
      const { options } = ltvPlot(cols, r, {
        ...o,
        lang,
        money: { currency: lang === 'en' ? 'USD' : 'RUB' },
      });
      type Text = { channels: { text?: { value: (d: unknown) => string } } };
      const text = (marksOf(options) as unknown as Text[]).find((m) => m.channels?.text)!;
      const label = (revenue: number) =>
        text.channels
          .text!.value({ segment: 'Loyal', revenue, clients: 1 })
          .replace(/[\u00a0\u202f]/g, ' ');
      expect([85.5, 91, 12_957].map(label)).toEqual(want);
    }
  });

  it('compared: a client of only the earlier period has no segment, is not drawn, and a note says so', () => {
    const cols = [dim('client'), val('revenue', 'money'), val('segment', 'text')];
    const r = resultFromRows([
      { client: 'a', revenue: 10, segment: 'Loyal' },
      { client: 'gone', revenue: 0, segment: null },
    ]);
    const { options, notes } = ltvPlot(cols, r, o);
    expect((options?.y as { domain: string[] }).domain).toEqual(['Loyal']);
    expect(notes.map((n) => n.code)).toEqual(['ltvLapsedNotDrawn']);
    const plain = ltvPlot(
      cols,
      resultFromRows([{ client: 'a', revenue: 10, segment: 'Loyal' }]),
      o,
    );
    expect(plain.notes).toEqual([]);
  });

  it('no revenue in the data: the bars count clients, not zero revenue', () => {
    const cols = [dim('client'), val('revenue', 'money'), val('segment', 'text')];
    const r = resultFromRows([
      { client: 'a', revenue: 0, segment: 'New' },
      { client: 'b', revenue: null, segment: 'New' },
      { client: 'c', revenue: 0, segment: 'Promising' },
    ]);
    const { options } = ltvPlot(cols, r, o);
    const x = options?.x as { label: string; tickFormat: (v: number) => string };
    expect(x.label).toBe('clients');
    // Counted, not money: plain integers on the axis.
    expect(x.tickFormat(1000)).toBe('1,000');
  });
});

describe('forecastPlot', () => {
  const grouping = { key: '_grouping', role: 'grouping', format: 'int' } as OutputColumn;
  const slice = [
    dim('period'),
    dim('period_end'),
    val('expected_revenue', 'money'),
    val('low', 'money'),
    val('high', 'money'),
  ];

  it('a bar of expected revenue per slice, its range as a rule, what was won as a dot', () => {
    const cols = [...slice, val('actual_revenue', 'money')];
    const r = resultFromRows([
      { period: '2025-01-01', expected_revenue: 100, low: 60, high: 140, actual_revenue: 90 },
      { period: '2025-02-01', expected_revenue: 50, low: 20, high: 80, actual_revenue: 70 },
    ]);
    const { kind, options } = forecastPlot(cols, r, o);
    expect(kind).toBe('forecast');
    const [bars, range, dots] = marksOf(options);
    expect(markData(bars).map((d) => (d as { expected: number }).expected)).toEqual([100, 50]);
    expect(markData(range)).toContainEqual(expect.objectContaining({ low: 20, high: 80 }));
    expect(markData(dots).map((d) => (d as { actual: number }).actual)).toEqual([90, 70]);
  });

  it('a split: the total rows when there are, else the members summed without a range', () => {
    const cols = [dim('manager'), ...slice, grouping];
    const r = resultFromRows([
      { manager: 'Ann', period: 'p1', expected_revenue: 30, low: 10, high: 50, _grouping: 0 },
      { manager: 'Bob', period: 'p1', expected_revenue: 20, low: 5, high: 35, _grouping: 0 },
      { manager: null, period: 'p1', expected_revenue: 50, low: 25, high: 75, _grouping: 1 },
    ]);
    const split = forecastPlot(cols, r, o).options;
    const [bars, range] = marksOf(split);
    // Nothing won yet (as of the data's end): no "actual" in the legend.
    expect((split?.color as { domain: string[] }).domain).toEqual(['expected_revenue']);
    expect(markData(bars)).toEqual([
      { period: 'p1', expected: 50, low: 25, high: 75, actual: null },
    ]);
    const flat = resultFromRows([
      { manager: 'Ann', period: 'p1', expected_revenue: 30, low: 10, high: 50 },
      { manager: 'Bob', period: 'p1', expected_revenue: 20, low: 5, high: 35 },
    ]);
    const [sum, none] = marksOf(forecastPlot([dim('manager'), ...slice], flat, o).options);
    expect(markData(sum)).toEqual([
      { period: 'p1', expected: 50, low: null, high: null, actual: null },
    ]);
    expect(markData(none)).toEqual([]);
    expect(range).toBeDefined();
  });

  it('data without amounts: the bars count won deals with their own range, not zero revenue', () => {
    const cols = [
      ...slice,
      val('expected_won', 'number'),
      val('won_low', 'number'),
      val('won_high', 'number'),
    ];
    const r = resultFromRows([
      {
        period: 'p1',
        expected_revenue: 0,
        low: 0,
        high: 0,
        expected_won: 12,
        won_low: 8,
        won_high: 16,
      },
      {
        period: 'p2',
        expected_revenue: null,
        low: null,
        high: null,
        expected_won: 5,
        won_low: 2,
        won_high: 8,
      },
    ]);
    const { options } = forecastPlot(cols, r, o);
    const [bars, range] = marksOf(options);
    expect(markData(bars).map((d) => (d as { expected: number }).expected)).toEqual([12, 5]);
    expect(markData(range)).toContainEqual(expect.objectContaining({ low: 8, high: 16 }));
    expect((options?.y as { label: string }).label).toBe('expected_won');
    expect((options?.color as { domain: string[] }).domain).toEqual(['expected_won']);
  });

  it('data without amounts, its revenue columns left out of the result shown: still the won deals', () => {
    // A lead export (Olist): the report drops the revenue columns it cannot fill, and the chart
    // was left out with them, though the won deals are there to draw.
    const cols = [
      dim('period'),
      dim('period_end'),
      val('open_deals', 'int'),
      val('expected_won', 'number'),
      val('won_low', 'number'),
      val('won_high', 'number'),
    ];
    const r = resultFromRows([
      {
        period: '2018-11-15',
        period_end: '2018-12-14',
        open_deals: 7158,
        expected_won: 19.7,
        won_low: 12.4,
        won_high: 27,
      },
      {
        period: '2018-12-15',
        period_end: '2019-01-13',
        open_deals: 7158,
        expected_won: 18.6,
        won_low: 11.5,
        won_high: 25.6,
      },
    ]);
    expect(analysisChart('forecast', cols)).toBe('forecast');
    const { kind, options } = forecastPlot(cols, r, o);
    expect(kind).toBe('forecast');
    const [bars, range] = marksOf(options);
    expect(markData(bars).map((d) => (d as { expected: number }).expected)).toEqual([19.7, 18.6]);
    expect(markData(range)).toContainEqual(expect.objectContaining({ low: 12.4, high: 27 }));
    expect((options?.y as { label: string }).label).toBe('expected_won');
  });

  it('nothing expected at all: a 0–1 axis instead of an empty domain', () => {
    const r = resultFromRows([{ period: 'p1', expected_revenue: 0, low: 0, high: 0 }]);
    const { options } = forecastPlot(slice, r, o);
    expect((options?.y as { domain?: number[] }).domain).toEqual([0, 1]);
  });

  it('a backtest: won deals per as-of date, forecast, baseline and actual', () => {
    const cols = [
      dim('as_of'),
      val('expected_won', 'number'),
      val('actual_won', 'int'),
      val('baseline_won', 'number'),
    ];
    const r = resultFromRows([
      { as_of: '2025-01-01', expected_won: 12, actual_won: 10, baseline_won: 8 },
    ]);
    const [line] = marksOf(forecastPlot(cols, r, o).options);
    expect(markData(line)).toEqual([
      { as_of: '2025-01-01', series: 'expected_won', value: 12 },
      { as_of: '2025-01-01', series: 'baseline_won', value: 8 },
      { as_of: '2025-01-01', series: 'actual_won', value: 10 },
    ]);
  });

  it('the list of deals has no chart', () => {
    expect(analysisChart('forecast', [dim('deal'), val('expected_revenue', 'money')])).toBeNull();
    expect(analysisChart('forecast', slice)).toBe('forecast');
  });
});

describe('scatter', () => {
  const manager = dim('manager');
  const activities = val('activities', 'int');
  const winRate = val('win_rate', 'pct');
  const revenue = val('revenue', 'money');

  it('needs one row dimension and two measures; prefers activities × win rate', () => {
    expect(scatterAxes([manager, activities])).toBeNull();
    expect(scatterAxes([manager, dim('source'), activities, winRate])).toBeNull();
    const axes = scatterAxes([manager, revenue, winRate, activities]);
    expect([axes?.x.key, axes?.y.key]).toEqual(['activities', 'win_rate']);
    expect(scatterAxes([manager, revenue, winRate])?.x.key).toBe('revenue');
  });

  it('draws a labelled dot per row value, skipping totals', () => {
    const cols = [
      manager,
      activities,
      winRate,
      { key: '_grouping', role: 'grouping', format: 'int' } as OutputColumn,
    ];
    const r = resultFromRows([
      { manager: 'Ann', activities: 120, win_rate: 0.3, _grouping: 0 },
      { manager: 'Bob', activities: 80, win_rate: 0.2, _grouping: 0 },
      { manager: null, activities: 200, win_rate: 0.25, _grouping: 1 },
    ]);
    const { options } = scatterPlot(cols, r, o);
    const [dots, labels] = marksOf(options);
    expect(dots?.ariaLabel).toBe('dot');
    expect(markData(dots)).toEqual([
      { x: 120, y: 0.3, label: 'Ann' },
      { x: 80, y: 0.2, label: 'Bob' },
    ]);
    expect(labels?.ariaLabel).toBe('text');
  });
});

describe('analysisChart', () => {
  it('picks the chart of each analysis', () => {
    expect(analysisChart('funnel', [])).toBe('funnel');
    expect(analysisChart('cohort', [])).toBe('cohort');
    expect(analysisChart('dynamics', [dim('period')])).toBe('dynamics');
    expect(analysisChart('dynamics', [dim('to_status')])).toBe('transitions');
    expect(analysisChart('ltv', [val('segment', 'text')])).toBe('ltv');
    expect(analysisChart('ltv', [dim('revenue_bucket')])).toBeNull();
    expect(analysisChart('pivot', [])).toBeNull();
  });

  it('is the first step of the pipeline: a report says what to draw, `none` draws nothing', () => {
    const funnel = { analysis: 'funnel', chart: 'auto' } as const;
    expect(chooseChart(funnel, []).kind).toBe('funnel');
    expect(chooseChart({ ...funnel, chart: 'none' }, []).kind).toBe('none');
    const scatter = { analysis: 'pivot', chart: 'scatter' } as const;
    expect(chooseChart(scatter, [dim('manager'), val('a', 'int'), val('b', 'int')]).kind).toBe(
      'scatter',
    );
    expect(chooseChart(scatter, [dim('manager'), val('a', 'int')]).kind).toBe('none');
    const r = resultFromRows([{ stage: 'Lead', position: 1, reached: 3, step_conversion: null }]);
    expect(buildChart({ ...funnel, chart: 'none' }, [dim('stage')], r, o)).toEqual({
      kind: 'none',
      options: null,
      notes: [],
    });
  });
});
