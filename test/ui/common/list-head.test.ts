// A list table's two header rows and its stacked cells' names, when some columns are one
// compared measure's: the measure once over its run of columns, the other columns over both
// rows; stacked, a group's first cell names the measure and its part, the rest their parts.
import { describe, expect, it } from 'vitest';
import { columnWidths, listFit, listMinWidth } from '../../../src/ui/common/list-fit.ts';
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
    // The word wraps under its number in a narrow column (`.marked` wraps): the cell holds the
    // wider of the two, not both side by side — counted side by side, a compared funnel's Δ
    // column was sized 80 px over its real width and the table stacked at 1440 px.
    const short = { headers: [plain('Δ')], rows: [['+1']] };
    const word = { text: 'worst', kind: 'worst' };
    expect(listMinWidth({ ...short, marks: [[word]] })).toBeGreaterThan(listMinWidth(short) + 10);
    const wide = { headers: [plain('Δ')], rows: [['-1,139,945 $']] };
    expect(listMinWidth({ ...wide, marks: [[word]] })).toBe(listMinWidth(wide));
    // A tier ("new") is the cell's own text: nothing beside it.
    const fresh = { headers: [plain('Δ %')], rows: [['new']] };
    expect(listMinWidth({ ...fresh, marks: [[{ text: 'new', kind: 'new' }]] })).toBe(
      listMinWidth(fresh),
    );
  });

  it('leave out the rightmost secondary columns a table needs to fit, at most a third', () => {
    const num = (label: string, secondary = false) => ({
      label,
      numeric: true,
      ...(secondary ? { secondary: true as const } : {}),
    });
    const row = ['1,237,927 $', '193 d', '5', '5', '5', 'Champions'];
    const list = {
      headers: [
        num('Revenue'),
        num('Tenure', true),
        num('R', true),
        num('F', true),
        num('M', true),
        { label: 'Segment', numeric: false },
      ],
      rows: [row],
    };
    const whole = listMinWidth(list);
    expect(listFit(list, whole)).toEqual({ stacked: false, leave: [] });
    const m = listFit(list, whole - 1);
    expect(m).toEqual({ stacked: false, leave: [4] });
    // Two would fit without three of them, but that is more than a third of six: blocks.
    const w = columnWidths(list);
    const withoutThree = whole - w[2]! - w[3]! - w[4]!;
    expect(listFit(list, withoutThree)).toEqual({ stacked: true, leave: [] });
    expect(listFit(list, withoutThree + w[2]!)).toEqual({ stacked: false, leave: [3, 4] });
    // Not asked to leave any out (a list that cannot say so): blocks.
    expect(listFit(list, whole - 1, undefined, false)).toEqual({ stacked: true, leave: [] });
    // A compared measure's part stays with its group.
    const grouped = {
      ...list,
      headers: list.headers.map((h, j) => (j === 4 ? { ...h, group: { short: 'M' } } : h)),
    };
    expect(listFit(grouped, whole - 1).leave).toEqual([3]);
  });
});
