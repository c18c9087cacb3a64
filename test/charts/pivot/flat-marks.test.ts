// The best and worst step of a compared funnel, by the pivot's growth rules: within each split
// member, the highest rise and the lowest fall; ties share; no "worst" when nothing fell.
import { describe, expect, it } from 'vitest';
import { rankMarks, tierMarks } from '../../../src/charts/pivot/flat-marks.ts';
import { buildFlatTable } from '../../../src/charts/pivot/flat-table.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const delta = (within: string[]): OutputColumn => ({
  key: 'step_conversion_delta',
  role: 'delta',
  measure: 'step_conversion',
  format: 'pp',
  rankedWithin: within,
});
const stage: OutputColumn = { key: 'stage', role: 'dimension', axis: 'row', format: 'text' };
const source: OutputColumn = { key: 'source', role: 'dimension', axis: 'row', format: 'text' };

describe('rankMarks', () => {
  it('marks the highest rise and the lowest fall of each split member; ties share', () => {
    const rows = resultFromRows([
      { source: 'Web', stage: 'Lead', step_conversion_delta: null },
      { source: 'Web', stage: 'Qualified', step_conversion_delta: 0.05 },
      { source: 'Web', stage: 'Proposal', step_conversion_delta: -0.1 },
      { source: 'Web', stage: 'Won', step_conversion_delta: 0.05 },
      { source: null, stage: 'Lead', step_conversion_delta: null },
      { source: null, stage: 'Qualified', step_conversion_delta: 0.2 },
      { source: null, stage: 'Proposal', step_conversion_delta: 0.01 },
      { source: null, stage: 'Won', step_conversion_delta: 0 },
    ]);
    const marks = rankMarks([source, stage, delta(['source'])], rows);
    expect(marks.get('step_conversion_delta')).toEqual([
      null,
      'best',
      'worst',
      'best',
      null,
      'best', // every step of this member rose or held: none is "worst"
      null,
      null,
    ]);
  });

  it('ranks all rows together without a split; one value or none has no mark', () => {
    const all = resultFromRows([
      { stage: 'Lead', step_conversion_delta: null },
      { stage: 'Proposal', step_conversion_delta: -0.25 },
      { stage: 'Won', step_conversion_delta: 0 },
    ]);
    expect(rankMarks([stage, delta([])], all).get('step_conversion_delta')).toEqual([
      null,
      'worst',
      null,
    ]);
    const one = resultFromRows([{ stage: 'Won', step_conversion_delta: -0.25 }]);
    expect(rankMarks([stage, delta([])], one).get('step_conversion_delta')).toEqual([null]);
    expect(rankMarks([stage], all).size).toBe(0);
  });

  it('a row whose rise is bad news (more lost clients) ranks by its opposite', () => {
    // Compared dynamics: per period, new +50 % and lost +80 % (worse), regular −10 %, lapsed
    // −40 % (better).
    const growth: OutputColumn = {
      key: 'clients_growth',
      role: 'growth',
      measure: 'clients',
      format: 'pct',
      rankedWithin: ['period'],
      rankReversed: { key: 'status', values: ['lapsed', 'lost'] },
    };
    const period: OutputColumn = { ...stage, key: 'period' };
    const status: OutputColumn = { ...stage, key: 'status' };
    const rows = resultFromRows([
      { period: '2025-Q1', status: 'new', clients_growth: 0.5 },
      { period: '2025-Q1', status: 'regular', clients_growth: -0.1 },
      { period: '2025-Q1', status: 'lapsed', clients_growth: -0.4 },
      { period: '2025-Q1', status: 'lost', clients_growth: 0.8 },
      { period: '2025-Q2', status: 'new', clients_growth: 0.2 },
      { period: '2025-Q2', status: 'lost', clients_growth: -0.3 },
    ]);
    expect(rankMarks([period, status, growth], rows).get('clients_growth')).toEqual([
      'best',
      null,
      null,
      'worst',
      null,
      'best', // 30 % fewer lost clients beats 20 % more new ones; nothing got worse
    ]);
    const { rankReversed: _, ...plain } = growth;
    expect(rankMarks([period, status, plain], rows).get('clients_growth')).toEqual([
      null,
      null,
      'worst',
      'best',
      'best',
      'worst',
    ]);
  });

  it('the flat table shows the Δ in points with its word, only when given the words', () => {
    const rows = resultFromRows([
      { stage: 'Proposal', step_conversion_delta: -0.25 },
      { stage: 'Won', step_conversion_delta: 0.032 },
    ]);
    const words = {
      best: { text: 'лучший', title: 'B' },
      worst: { text: 'худший', title: 'W' },
    };
    const t = buildFlatTable([stage, delta([])], rows, {
      lang: 'ru',
      empty: '',
      label: (c) => c.key,
      markWords: words,
    });
    expect(t.rows.map((r) => r[1])).toEqual(['\u221225,0\u00a0п.п.', '+3,2\u00a0п.п.']);
    expect(t.headers[1]?.numeric).toBe(true);
    expect(t.marks).toEqual([
      [null, { kind: 'worst', text: 'худший', title: 'W' }],
      [null, { kind: 'best', text: 'лучший', title: 'B' }],
    ]);
    const plain = buildFlatTable([stage, delta([])], rows, {
      lang: 'en',
      empty: '',
      label: (c) => c.key,
    });
    expect(plain.marks).toBeUndefined();
    expect(plain.rows[1]?.[1]).toBe('+3.2\u00a0pp');
  });
});

// A compared LTV's client with nothing before: its growth has no number and reads "new", as the
// pivot's growth does, on the same test (growth-marks.ts growthTier).
describe('tierMarks', () => {
  const client: OutputColumn = { key: 'client', role: 'dimension', axis: 'row', format: 'text' };
  const cols: OutputColumn[] = [
    client,
    { key: 'revenue', role: 'measure', measure: 'revenue', format: 'money' },
    { key: 'revenue_previous', role: 'previous', measure: 'revenue', format: 'money' },
    { key: 'revenue_growth', role: 'growth', measure: 'revenue', format: 'pct' },
    { key: 'revenue_earlier', role: 'earlier', measure: 'revenue', format: 'int' },
  ];
  const rows = resultFromRows([
    { client: 'new', revenue: 500, revenue_previous: 0, revenue_growth: null, revenue_earlier: 0 },
    { client: 'zero', revenue: 80, revenue_previous: 0, revenue_growth: null, revenue_earlier: 1 },
    {
      client: 'less',
      revenue: 50,
      revenue_previous: 100,
      revenue_growth: -0.5,
      revenue_earlier: 1,
    },
    { client: 'gone', revenue: 0, revenue_previous: 70, revenue_growth: -1, revenue_earlier: 1 },
  ]);

  it('"new" where nothing was before, "from 0" where it was 0; numbers keep no tier', () => {
    expect(tierMarks(cols, rows).get('revenue_growth')).toEqual(['new', 'fromZero', null, null]);
  });

  it('none when nobody had anything before (nothing to be new against), or without _earlier', () => {
    const none = resultFromRows([
      { client: 'a', revenue: 5, revenue_previous: 0, revenue_growth: null, revenue_earlier: 0 },
    ]);
    expect(tierMarks(cols, none).size).toBe(0);
    const noEarlier = resultFromRows([{ client: 'a', revenue: 5, revenue_growth: null }]);
    expect(tierMarks(cols, noEarlier).size).toBe(0);
  });

  it('the flat table writes the word in place of "–", with its title, only when given words', () => {
    const tierWords = {
      new: { text: 'новый', title: 'N' },
      fromZero: { text: 'с нуля', title: 'Z' },
    };
    const t = buildFlatTable(cols, rows, { lang: 'ru', empty: '', label: (c) => c.key, tierWords });
    expect(t.rows.map((r) => r[3])).toEqual([
      'новый',
      'с нуля',
      '\u221250,0\u00a0%',
      '\u2212100,0\u00a0%',
    ]);
    expect(t.marks?.map((r) => r[3])).toEqual([
      { kind: 'new', text: 'новый', title: 'N' },
      { kind: 'fromZero', text: 'с нуля', title: 'Z' },
      null,
      null,
    ]);
    expect(t.headers.map((h) => h.key)).not.toContain('revenue_earlier');
    const plain = buildFlatTable(cols, rows, { lang: 'en', empty: '', label: (c) => c.key });
    expect(plain.rows[0]?.[3]).toBe('–');
  });
});
