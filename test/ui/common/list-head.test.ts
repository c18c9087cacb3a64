// A list table's two header rows and its stacked cells' names, when some columns are one
// compared measure's: the measure once over its run of columns, the other columns over both
// rows; stacked, a group's first cell names the measure and its part, the rest their parts.
import { describe, expect, it } from 'vitest';
import { listMinWidth } from '../../../src/ui/common/list-fit.ts';
import {
  cellName,
  hasGroups,
  headBands,
  startsGroup,
  widestGroup,
} from '../../../src/ui/common/list-head.ts';

const plain = (key: string, numeric = true) => ({ key, label: key, numeric });
const grouped = (key: string, label: string, group: string, short: string) => ({
  key,
  label,
  numeric: true,
  group: { label: group, short },
});

const HEADERS = [
  plain('Stage', false),
  plain('Step'),
  grouped('reached', 'Reached', 'Reached', '2025'),
  grouped('reached_previous', 'Reached, previous', 'Reached', '2024'),
  grouped('reached_delta', 'Reached, Δ', 'Reached', 'Δ'),
  grouped('dropped', 'Dropped', 'Dropped', '2025'),
  grouped('dropped_previous', 'Dropped, previous', 'Dropped', '2024'),
  plain('Median days'),
];

describe('grouped list headers', () => {
  it('merge each group’s run of columns into one band', () => {
    expect(headBands(HEADERS).map((b) => [b.label, b.span, b.grouped])).toEqual([
      ['Stage', 1, false],
      ['Step', 1, false],
      ['Reached', 3, true],
      ['Dropped', 2, true],
      ['Median days', 1, false],
    ]);
    expect(HEADERS.map((_, j) => startsGroup(HEADERS, j))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(widestGroup(HEADERS)).toBe(3);
    expect(hasGroups(HEADERS)).toBe(true);
    expect(hasGroups([plain('a'), plain('b')])).toBe(false);
  });

  it('name a stacked cell by its measure and part, then its part alone', () => {
    expect(HEADERS.map((_, j) => cellName(HEADERS, j))).toEqual([
      'Stage',
      'Step',
      'Reached, 2025',
      '2024',
      'Δ',
      'Dropped, 2025',
      '2024',
      'Median days',
    ]);
  });

  it('size a grouped column by its part, and a marked cell with its word', () => {
    const long = 'Step conversion, previous';
    const one = (h: { label: string; numeric: boolean; group?: { short: string } }) =>
      listMinWidth({ headers: [h], rows: [['81.4%']] });
    expect(one({ label: long, numeric: true, group: { short: '2024' } })).toBeLessThan(
      one({ label: long, numeric: true }),
    );
    const cell = { headers: [plain('Δ')], rows: [['-5.9 pp']] };
    expect(listMinWidth({ ...cell, marks: [[{ text: 'worst' }]] })).toBeGreaterThan(
      listMinWidth(cell) + 30,
    );
  });
});
