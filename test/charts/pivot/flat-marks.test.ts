// The best and worst step of a compared funnel, by the pivot's growth rules: within each split
// member, the highest rise and the lowest fall; ties share; no "worst" when nothing fell.
import { describe, expect, it } from 'vitest';
import { rankMarks } from '../../../src/charts/pivot/flat-marks.ts';
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
    expect(t.rows.map((r) => r[1])).toEqual(['-25,0\u00a0п.п.', '+3,2\u00a0п.п.']);
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
