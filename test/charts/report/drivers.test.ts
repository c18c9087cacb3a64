/** The drivers view's model: the waterfall lands on the current total, best and worst members. */
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import {
  bestAndWorst,
  driverDimensionsOf,
  driverRows,
  waterfall,
  type DriverRow,
} from '../../../src/charts/report/drivers.ts';

const row = (dimension: string | null, member: string | null, delta: number | null): DriverRow => ({
  dimension,
  member,
  member_2: null,
  value: null,
  previous: null,
  delta,
  growth: null,
  share: null,
  mix: null,
  rate: null,
});

describe('drivers view model', () => {
  const total = { ...row(null, null, 30), previous: 100, value: 130 };
  // Source: +50, −25, +10, −5 (sum 30); manager: +30 and a member with no contribution.
  const rows = [
    row('source', 'Web', 50),
    row('manager', 'Ann', 30),
    row('source', 'Ads', -25),
    row('source', 'Mail', 10),
    row('source', null, -5),
    row('manager', 'Bob', null),
  ];

  it('reads the total and the members from the result table', () => {
    const t = tableFromArrays({
      dimension: [null, 'source'],
      member: [null, 'Web'],
      revenue: [130, 60],
      revenue_previous: [100, 10],
      revenue_delta: [30, 50],
      revenue_growth: [0.3, 5],
      share_of_change: [null, 5 / 3],
    });
    const r = driverRows(t, 'revenue');
    expect(r.total).toMatchObject({ value: 130, previous: 100, delta: 30, mix: null });
    expect(r.rows).toEqual([
      { ...row('source', 'Web', 50), value: 60, previous: 10, growth: 5, share: 5 / 3 },
    ]);
  });

  it('dimensions in ranking order', () => {
    expect(driverDimensionsOf(rows)).toEqual(['source', 'manager']);
  });

  it('a dimension whose largest contribution is its blank member comes after the others', () => {
    // Olist: the segment is known only for won deals; its blank group carries the change.
    const ranked = [
      row('segment', null, 776),
      row('source', 'organic_search', 271),
      row('segment', 'home_decor', 58),
      row('region', 'North', 40),
      row('source', null, 30),
    ];
    expect(driverDimensionsOf(ranked)).toEqual(['source', 'region', 'segment']);
    // The lists too: the blank members after every named one.
    expect(bestAndWorst(ranked, 4).best.map((r) => r.member)).toEqual([
      'organic_search',
      'home_decor',
      'North',
      null,
    ]);
  });

  it('the waterfall: ups then downs, the rest as one step, closing on the current total', () => {
    const steps = waterfall(total, rows, 'source', 3);
    expect(steps.map((s) => [s.kind, s.from, s.to, s.row?.member ?? s.count])).toEqual([
      ['start', 0, 100, 0],
      ['up', 100, 150, 'Web'],
      ['up', 150, 160, 'Mail'],
      ['down', 160, 135, 'Ads'],
      ['other', 135, 130, 1],
      ['end', 0, 130, 0],
    ]);
    // With room for every member there is no "other" step.
    expect(waterfall(total, rows, 'source').map((s) => s.kind)).toEqual([
      'start',
      'up',
      'up',
      'down',
      'down',
      'end',
    ]);
  });

  it('best and worst across dimensions, members without a contribution left out', () => {
    const { best, worst } = bestAndWorst(rows, 2);
    expect(best.map((r) => r.member)).toEqual(['Web', 'Ann']);
    expect(worst.map((r) => r.member)).toEqual(['Ads', null]);
  });
});
