// A comparison period before the data's first date: its zeros are said to be the data's start,
// not a period without sales, in both languages; nothing is said when the data covers it.
import { describe, expect, it } from 'vitest';
import { coverageNotes } from '../../../src/charts/report/coverage-note.ts';
import { render } from '../../../src/lib/message.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';

const spec = (from: string, to: string, compare: ReportSpec['compare']): ReportSpec => ({
  ...defaultSpec(),
  period: { from, to },
  compare,
});

describe('coverageNotes', () => {
  it('a comparison period wholly before the data: its figures are 0, said in each language', () => {
    const [note, ...rest] = coverageNotes(spec('2023-01-01', '2023-03-31', 'year'), '2023-01-01');
    expect(rest).toEqual([]);
    expect(note?.code).toBe('note_compareBeforeData');
    expect(render('en', note!)).toBe(
      'The data begins on Jan 1, 2023: the comparison period, Q1 2022, holds none of it, so its figures are 0 and growth is not shown',
    );
    const ru = render('ru', note!);
    expect(ru).toContain('1 янв. 2023');
    expect(ru).toContain('(1 кв. 2022)');
    expect(ru).not.toMatch(/Jan|the data/);
  });

  it('one that the data begins inside: its figures cover part of it', () => {
    // Seven months back from June–December 2023: November 2022 – May 2023.
    const [note] = coverageNotes(spec('2023-06-01', '2023-12-31', 'previous'), '2023-01-01');
    expect(note?.code).toBe('note_compareFromData');
    expect(render('en', note!)).toContain('Nov 1, 2022 – May 31, 2023');
  });

  it('nothing when the data covers it, there is no comparison or no known first date', () => {
    expect(coverageNotes(spec('2024-01-01', '2024-03-31', 'year'), '2023-01-01')).toEqual([]);
    // The comparison starting on the first date itself is covered.
    expect(coverageNotes(spec('2024-01-01', '2024-12-31', 'year'), '2023-01-01')).toEqual([]);
    expect(coverageNotes(spec('2023-01-01', '2023-03-31', null), '2023-01-01')).toEqual([]);
    expect(coverageNotes(spec('2023-01-01', '2023-03-31', 'year'), null)).toEqual([]);
    expect(coverageNotes({ ...defaultSpec(), compare: 'year' }, '2023-01-01')).toEqual([]);
  });

  it('a report period wholly before the data says so, compared or not', () => {
    // Q2–Q3 2018 on the demo (from 2023): a table of zeros said nothing, and compared it said
    // only that the comparison period held none of the data.
    for (const compare of [null, 'previous', 'year'] as const) {
      const notes = coverageNotes(spec('2018-04-01', '2018-09-30', compare), '2023-01-01');
      expect(notes.map((n) => n.code)).toEqual(['note_periodBeforeData']);
      expect(render('en', notes[0]!)).toBe(
        'The data begins on Jan 1, 2023: the period, Apr 1, 2018 – Sep 30, 2018, holds none of it',
      );
      const ru = render('ru', notes[0]!);
      expect(ru).toContain('1 янв. 2023');
      expect(ru).not.toMatch(/Jan|the data/);
    }
    // On an analysis too; a period ending on the first date holds some of it.
    const ltv = { ...spec('2018-04-01', '2018-09-30', null), analysis: 'ltv' } as ReportSpec;
    expect(coverageNotes(ltv, '2023-01-01').map((n) => n.code)).toEqual(['note_periodBeforeData']);
    expect(coverageNotes(spec('2022-10-01', '2023-01-01', null), '2023-01-01')).toEqual([]);
  });

  it('not on the forecast, which does not compare', () => {
    const forecast = {
      ...spec('2023-01-01', '2023-03-31', 'year'),
      analysis: 'forecast',
      options: {},
    } as ReportSpec;
    expect(coverageNotes(forecast, '2023-01-01')).toEqual([]);
  });
});
