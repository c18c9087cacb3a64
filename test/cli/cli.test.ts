/**
 * The real `crm` command, spawned as a user would run it. Each run pays the DuckDB-WASM start-up
 * (≈3 s idle, much more on a busy machine), so there are few runs, two at a time, and each test
 * checks several things.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/index.ts';
import { OLIST_DIR } from '../fixtures/olist-dir.ts';
import { crm, type Run } from './run-cli.ts';

const fx = (f: string) => `test/cli/fixtures/${f}`;
const OLIST = OLIST_DIR;
const DEALS = ['--deals', fx('deals.csv'), '--clients', fx('clients.csv')];

const runs: Record<string, Run> = {};
beforeAll(async () => {
  const jobs: Record<string, string[]> = {
    bySource: ['report', 'by-source', ...DEALS],
    quarterCsv: [
      'report',
      ...DEALS,
      '--by',
      'managers.manager,closed_at:quarter',
      '--measures',
      'won,revenue,win_rate',
      '--format',
      'csv',
      '--sort',
      'revenue:desc',
      '--map',
      'manager=Owner,lost_reason=Lost reason',
    ],
    compare: [
      'report',
      // Stage names no dictionary knows: --won/--lost tell the importer.
      '--deals',
      fx('deals-paid.csv'),
      '--clients',
      fx('clients.csv'),
      '--won',
      'Paid',
      '--lost',
      'Failed',
      '--by',
      'Sector',
      '--measures',
      'revenue,won',
      '--from',
      '2024-01-01',
      '--to',
      '2024-03-31',
      '--compare',
      'year',
    ],
    lookup: [
      'report',
      ...DEALS,
      '--lookup',
      fx('sources.csv'),
      '--by',
      'sources.Channel',
      '--measures',
      'deals,revenue',
      '--sort',
      'deals:desc',
    ],
    sql: ['report', 'managers', ...DEALS, '--sql'],
    unknownMeasure: ['report', ...DEALS, '--measures', 'deals,revenu'],
    missingFile: ['report', '--deals', fx('nope.csv'), '--measures', 'deals'],
    badSort: ['report', ...DEALS, '--measures', 'deals', '--sort', 'revnue:desc'],
    olist: [
      'report',
      '--deals',
      `${OLIST}/olist_closed_deals_dataset.csv`,
      '--by',
      'closed_at:month',
      '--measures',
      'deals',
    ],
    demo: ['report', 'lost-reasons', '--demo', '--demo-deals', '2000', '--limit', '3'],
    // Olist's won deals: no lost reasons, no lost deals.
    olistLost: ['report', 'lost-reasons', '--deals', `${OLIST}/olist_closed_deals_dataset.csv`],
    presets: ['presets'],
    // Issue 10's number fixes, as the CLI shows them.
    undated: ['report', '--deals', fx('undated.csv'), '--measures', 'deals,conversion,win_rate'],
    undatedPeriod: [
      'report',
      '--deals',
      fx('undated.csv'),
      '--measures',
      'deals',
      '--from',
      '2024-01-01',
      '--to',
      '2024-12-31',
    ],
    byStage: ['report', 'by-stage', '--demo', '--demo-deals', '2000'],
    ltvCompare: [
      'report',
      'ltv',
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2025-01-01',
      '--to',
      '2025-12-31',
      '--compare',
      'year',
    ],
    dynamicsCompare: [
      'report',
      'dynamics',
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2025-01-01',
      '--to',
      '2025-12-31',
      '--compare',
      'year',
    ],
    dynamics2024: [
      'report',
      'dynamics',
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2024-01-01',
      '--to',
      '2024-12-31',
    ],
    // The transition matrix (a saved spec with `options.view`) over 2025 against 2024, and over
    // 2024 alone: the earlier side must be the latter.
    transitionsCompare: [
      'report',
      '--spec',
      fx('dynamics-transitions.json'),
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2025-01-01',
      '--to',
      '2025-12-31',
      '--compare',
      'year',
    ],
    transitions2024: [
      'report',
      '--spec',
      fx('dynamics-transitions.json'),
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2024-01-01',
      '--to',
      '2024-12-31',
    ],
    cohortsCompare: [
      'report',
      'cohorts',
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2025-01-01',
      '--to',
      '2025-12-31',
      '--compare',
      'year',
    ],
    cohorts2024: [
      'report',
      'cohorts',
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2024-01-01',
      '--to',
      '2024-12-31',
    ],
    funnelCompare: [
      'report',
      'funnel',
      '--demo',
      '--demo-deals',
      '2000',
      '--from',
      '2025-07-01',
      '--to',
      '2025-09-30',
      '--compare',
      'year',
    ],
    roleNamedColumn: [
      'report',
      '--deals',
      fx('deals.csv'),
      '--managers',
      fx('managers-lead.csv'),
      '--by',
      'managers.manager',
      '--measures',
      'deals',
    ],
    // Issue 12: nothing lost without a word; CSV safe to open in a spreadsheet.
    broken: ['report', '--deals', fx('broken.csv'), '--measures', 'deals'],
    brokenRu: ['report', '--deals', fx('broken.csv'), '--measures', 'deals', '--lang', 'ru'],
    formulaCsv: [
      'report',
      '--deals',
      fx('undated.csv'),
      '--by',
      'manager',
      '--measures',
      'deals',
      '--format',
      'csv',
    ],
  };
  const queue = Object.entries(jobs);
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) runs[job[0]] = await crm(...job[1]);
  };
  await Promise.all([worker(), worker()]);
}, 900_000);

const json = (r: Run) => {
  expect(
    r.stderr.split('\n').filter((l) => !l.startsWith('note: ') && l !== ''),
    r.stderr,
  ).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
};

describe('crm report (the real command)', () => {
  it('prints a preset as JSON: numbers as numbers, rates as fractions, flat rows', () => {
    expect(json(runs.bySource!)).toEqual([
      { source: 'Web', deals: 5, won: 3, revenue: 6500, win_rate: 0.75 },
      { source: 'Referral', deals: 3, won: 1, revenue: 3000, win_rate: 0.5 },
      { source: null, deals: 2, won: 1, revenue: 700, win_rate: 1 },
    ]);
  });

  it('--lookup loads any other lookup; its columns are table.column dimensions', () => {
    // sources.csv spells "Web" as " web": matched tolerantly; deals with no source have no channel.
    expect(json(runs.lookup!)).toEqual([
      { 'sources.Channel': 'Online', deals: 5, revenue: 6500 },
      { 'sources.Channel': 'Offline', deals: 3, revenue: 3000 },
      { 'sources.Channel': null, deals: 2, revenue: 700 },
    ]);
  });

  it('CSV with a lookup key and a date by quarter, keys as given, sorted, --map passed on', () => {
    const r = runs.quarterCsv!;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'managers.manager,closed_at:quarter,won,revenue,win_rate',
        'Анна,2024-Q1,1,4000,1',
        '"O\'Brien ""Bob""",2023-Q1,1,3000,1',
        '"O\'Brien ""Bob""",2024-Q1,1,1500,0.5',
        'Анна,2023-Q1,1,1000,0.5',
        ',2024-Q1,1,700,1',
        '',
      ].join('\n'),
    );
  });

  it('--compare year adds <m>_previous, <m>_delta, <m>_growth; --won/--lost; a bare lookup column', () => {
    const rows = json(runs.compare!);
    expect(Object.keys(rows[0]!)).toEqual([
      'Sector',
      'revenue',
      'revenue_previous',
      'revenue_delta',
      'revenue_growth',
      'won',
      'won_previous',
      'won_delta',
      'won_growth',
    ]);
    // 2024-Q1 against 2023-Q1: c2 (Банки) won 4000 vs 0; c1 + c3 (Retail) won 700 + 1500 vs 1000 + 3000.
    expect(rows).toContainEqual({
      Sector: 'Retail',
      revenue: 2200,
      revenue_previous: 4000,
      revenue_delta: -1800,
      revenue_growth: -0.45,
      won: 2,
      won_previous: 2,
      won_delta: 0,
      won_growth: 0,
    });
    expect(rows).toContainEqual(
      expect.objectContaining({
        Sector: 'Банки',
        revenue: 4000,
        revenue_previous: 0,
        revenue_growth: null,
      }),
    );
    // The first deal is of 10 January 2023: part of 2023-Q1's zeros are the data's start.
    expect(runs.compare!.stderr).toContain(
      'note: The data begins on Jan 10, 2023, inside the comparison period, Q1 2023: its figures cover only the part from that date\n',
    );
  });

  it('--measures conversion works; an undated deal counts with no period', () => {
    // 5 deals, two without a creation date; 2 won, 1 lost.
    expect(json(runs.undated!)).toEqual([{ deals: 5, conversion: 0.4, win_rate: 2 / 3 }]);
  });

  it('with a period, the undated deals are counted in a note, not silently dropped', () => {
    expect(json(runs.undatedPeriod!)).toEqual([{ deals: 3 }]);
    expect(runs.undatedPeriod!.stderr).toContain(
      'note: 2 rows have no created_at and are outside any period (deals)',
    );
  });

  it('by-stage on the demo lists the first pipeline stages in its own order', () => {
    const { model } = generateDemo({ deals: 10 });
    const first = model.stages.filter((x) => x.pipeline === model.stages[0]!.pipeline);
    const open = first.filter((x) => x.outcome === 'open').map((x) => x.stage);
    const got = json(runs.byStage!).map((r) => r.stage);
    expect(got.slice(0, open.length)).toEqual(open);
  });

  it('table.column of a lookup column named like a role names that column', () => {
    // managers-lead.csv: key `Name`, and `manager` = the team lead, not the deals role.
    expect(json(runs.roleNamedColumn!)).toEqual([
      { 'managers.manager': 'Boss A', deals: 4 },
      { 'managers.manager': 'Boss B', deals: 4 },
      { 'managers.manager': null, deals: 2 },
    ]);
  });

  it('prints rejected rows and failed values as notes', () => {
    expect(json(runs.broken!)).toEqual([{ deals: 3 }]);
    const notes = runs.broken!.stderr;
    expect(notes).toMatch(
      /^note: broken\.csv: 2 of 5 row\(s\) rejected.*row 4: expected 6 fields, found 7.*row 6: unclosed quote/m,
    );
    expect(notes).toMatch(
      /^note: broken\.csv: column "Amount": 1 value\(s\) not number.*row 3: "abc"/m,
    );
  });

  it('--lang ru prints the notes in Russian, ids as they are', () => {
    expect(json(runs.brokenRu!)).toEqual([{ deals: 3 }]);
    const notes = runs.brokenRu!.stderr;
    expect(notes).toMatch(
      /^note: broken\.csv: отклонено строк: 2 из 5, они не загружены \(строка 4: .*; строка 6: /m,
    );
    expect(notes).toMatch(
      /^note: broken\.csv: столбец «Amount»: значений не типа «число»: 1, загружены пустыми \(строка 3: "abc"\)/m,
    );
    expect(notes).not.toMatch(/row\(s\)|loaded as empty|expected \d+ fields/);
  });

  it('CSV output neutralises formulas', () => {
    expect(runs.formulaCsv!.code).toBe(0);
    expect(runs.formulaCsv!.stdout.split('\n')).toContain("'@SUM(1),1");
  });

  it('--sql prints the SQL and runs nothing', () => {
    const r = runs.sql!;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^WITH "g0" AS \(/);
    expect(r.stdout).toContain('GROUP BY "deals"."manager"');
    expect(r.stdout.trimEnd().endsWith(';')).toBe(true);
  });

  it('errors: non-zero exit and exactly one line on stderr, no stack trace', () => {
    for (const [r, re] of [
      [runs.unknownMeasure!, /^crm: unknown measure 'revenu' \(measures: deals, won/],
      [runs.missingFile!, /^crm: --deals test\/cli\/fixtures\/nope\.csv: no such file$/],
    ] as const) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(re);
    }
  });

  it('a --sort key that is no column of the report is a wrong command line: exit 2, one line naming it', () => {
    const r = runs.badSort!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      "crm: cannot sort by 'revnue': not a column of this report",
    ]);
  });

  it('a preset the data cannot answer: exit 2 and one line naming what it needs, no table', () => {
    const r = runs.olistLost!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      "crm: preset 'lost-reasons' cannot be answered from this data: needs lost reasons, needs lost deals",
    ]);
  });

  it('loads the real Olist closed deals: counts by won month match reference.json', () => {
    const ref = JSON.parse(readFileSync(`${OLIST}/reference.json`, 'utf8')) as {
      row_counts: { closed_deals: number };
      deals_by_won_month: Record<string, number>;
    };
    const rows = json(runs.olist!);
    const got = Object.fromEntries(rows.map((r) => [r['closed_at:month'], r.deals]));
    expect(got).toEqual(ref.deals_by_won_month);
    expect(rows.reduce((n, r) => n + (r.deals as number), 0)).toBe(ref.row_counts.closed_deals);
  });

  it('funnel --compare year: each step beside the same quarter a year before, pivot-style keys', () => {
    const rows = json(runs.funnelCompare!);
    expect(Object.keys(rows[0]!)).toEqual([
      'stage',
      'position',
      'reached',
      'reached_previous',
      'reached_delta',
      'reached_growth',
      'step_conversion',
      'step_conversion_previous',
      'step_conversion_delta',
      'cumulative_conversion',
      'cumulative_conversion_previous',
      'cumulative_conversion_delta',
      'dropped',
      'dropped_previous',
      'lost_reasons',
      'median_days_in_stage',
    ]);
    for (const r of rows) {
      expect(r.reached_delta).toBe((r.reached as number) - (r.reached_previous as number));
      expect(r.reached_previous as number).toBeGreaterThan(0);
    }
    expect(rows[1]!.step_conversion_delta).toBeCloseTo(
      (rows[1]!.step_conversion as number) - (rows[1]!.step_conversion_previous as number),
      12,
    );
  });

  it('dynamics --compare year: each quarter’s statuses beside the same quarter’s a year before', () => {
    const rows = json(runs.dynamicsCompare!);
    expect(Object.keys(rows[0]!)).toEqual([
      'period',
      'status',
      'status_order',
      'clients',
      'clients_previous',
      'clients_delta',
      'clients_growth',
      'revenue',
      'revenue_previous',
      'revenue_delta',
      'revenue_growth',
    ]);
    // The earlier side is what dynamics over 2024 alone says of each quarter and status.
    const before = new Map(
      json(runs.dynamics2024!).map((r) => [`${r.period} ${r.status}`, [r.clients, r.revenue]]),
    );
    expect(rows).toHaveLength(24);
    for (const r of rows) {
      const key = `2024${String(r.period).slice(4)} ${r.status}`;
      expect([r.clients_previous, r.revenue_previous], key).toEqual(before.get(key));
      expect(r.clients_delta).toBe((r.clients as number) - (r.clients_previous as number));
    }
  });

  it('the transition matrix --compare year: each move over 2025 beside the moves over 2024', () => {
    const rows = json(runs.transitionsCompare!);
    expect(Object.keys(rows[0]!)).toEqual([
      'from_status',
      'to_status',
      'clients',
      'clients_previous',
      'clients_delta',
      'clients_growth',
    ]);
    const key = (r: Record<string, unknown>) => `${String(r.from_status)} → ${String(r.to_status)}`;
    const before = new Map(json(runs.transitions2024!).map((r) => [key(r), r.clients]));
    // Every pair of 2024 is listed, with 0 now if it did not occur in 2025.
    for (const k of before.keys()) expect(rows.map(key)).toContain(k);
    for (const r of rows) {
      expect(r.clients_previous, key(r)).toBe(before.get(key(r)) ?? 0);
      expect(r.clients_delta).toBe((r.clients as number) - (r.clients_previous as number));
    }
  });

  it('ltv --compare year: each client beside the same year before, pivot-style keys, lapsed clients kept', () => {
    const rows = json(runs.ltvCompare!);
    expect(Object.keys(rows[0]!)).toEqual([
      'client',
      'revenue',
      'revenue_previous',
      'revenue_delta',
      'revenue_growth',
      'won_deals',
      'won_deals_previous',
      'won_deals_delta',
      'won_deals_growth',
      'first_purchase',
      'last_purchase',
      'tenure_days',
      'purchase_frequency',
      'avg_deal',
      'recency_days',
      'r_score',
      'f_score',
      'm_score',
      'segment',
    ]);
    for (const r of rows) {
      expect(r.revenue_delta).toBeCloseTo(
        (r.revenue as number) - (r.revenue_previous as number),
        6,
      );
      expect(r.won_deals_delta).toBe((r.won_deals as number) - (r.won_deals_previous as number));
    }
    const lapsed = rows.filter((r) => r.won_deals === 0);
    expect(lapsed.length).toBeGreaterThan(0);
    for (const r of lapsed) expect([r.revenue_growth, r.segment]).toEqual([-1, null]);
    expect(rows.some((r) => r.won_deals_previous === 0 && r.revenue_growth === null)).toBe(true);
  });

  it('cohorts --compare year: each 2025 cohort beside the 2024 one of its month at the same age', () => {
    const rows = json(runs.cohortsCompare!);
    expect(Object.keys(rows[0]!)).toEqual([
      'cohort',
      'cohort_size',
      'cohort_size_previous',
      'cohort_size_delta',
      'cohort_size_growth',
      'period_index',
      'active_clients',
      'active_clients_previous',
      'active_clients_delta',
      'active_clients_growth',
      'retention',
      'retention_previous',
      'retention_delta',
      'revenue',
      'revenue_previous',
      'revenue_delta',
      'revenue_growth',
      'cumulative_revenue_per_client',
    ]);
    // The earlier side is what the cohorts of 2024 alone say at the same age.
    const before = new Map(
      json(runs.cohorts2024!).map((r) => [
        `${r.cohort} ${r.period_index}`,
        [r.cohort_size, r.active_clients, r.retention, r.revenue],
      ]),
    );
    let matched = 0;
    for (const r of rows) {
      const key = `2024${String(r.cohort).slice(4)} ${r.period_index}`;
      const earlier = before.get(key);
      if (!earlier) {
        expect([r.cohort_size_previous, r.retention_previous], key).toEqual([0, null]);
        continue;
      }
      matched++;
      expect(
        [
          r.cohort_size_previous,
          r.active_clients_previous,
          r.retention_previous,
          r.revenue_previous,
        ],
        key,
      ).toEqual(earlier);
      expect(r.retention_delta).toBeCloseTo((r.retention as number) - (earlier[2] as number), 9);
    }
    expect(matched).toBeGreaterThan(12);
  });

  it('runs on the built-in demo; lists the presets', () => {
    const rows = json(runs.demo!);
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]!)).toEqual(['lost_reason', 'lost', 'lost_amount']);
    expect(rows[0]!.lost as number).toBeGreaterThanOrEqual(rows[1]!.lost as number);
    const list = runs
      .presets!.stdout.trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(list).toEqual([
      'by-source',
      'lost-reasons',
      'by-stage',
      'funnel',
      'managers',
      'clients',
      'custom-field',
      'pipeline',
      'won-size',
      'activities',
      'compare',
      'ltv',
      'cohorts',
      'dynamics',
      'drivers',
      'forecast',
      'pivot',
    ]);
  });
});
