// Top N of a cross-tab sorted by one table column keeps the first rows of that order: the members
// ranked by their value in the column the header names, not by their row total. On the tiny
// fixture the two disagree: revenue Анна 5000 (1000 in 2023, 4000 in 2024), Bob 4500 (3000 in
// 2023, 1500 in 2024), an empty manager 700 (2024).
import { describe, expect, it } from 'vitest';
import { run, spec } from './helpers.ts';
import { tinyCrm } from '../fixtures/engine.ts';
import type { SortKey } from '../../src/query/spec/spec.ts';

const db = tinyCrm();
const BOB = 'O\'Brien "Bob"';

/** The first row dimension's members the result keeps (Other and totals aside). */
async function kept(sort: SortKey, other: boolean, patch = {}) {
  const { rows } = await run(
    db.engine,
    db.catalog,
    spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'closed_at', grain: 'year' }],
      measures: ['revenue'],
      sort: [sort],
      limit: 1,
      limitOther: other,
      ...patch,
    }),
  );
  return [
    ...new Set(
      rows
        .filter((r) => r._other !== true && (r._grouping ?? 0) === 0 && r.manager !== undefined)
        .map((r) => r.manager),
    ),
  ];
}

describe('compile: top N sorted by one column', () => {
  for (const other of [false, true]) {
    const how = other ? 'with Other' : 'without Other';
    it(`ranks by the column the sort names, ${how}`, async () => {
      // 2023 descending: Bob's 3000 beats Анна's 1000, though her year total is larger.
      expect(await kept({ key: 'revenue', dir: 'desc', column: ['2023'] }, other)).toEqual([BOB]);
      // 2024 descending: Анна's 4000.
      expect(await kept({ key: 'revenue', dir: 'desc', column: ['2024'] }, other)).toEqual([
        'Анна',
      ]);
      // By the row total (no column): Анна.
      expect(await kept({ key: 'revenue', dir: 'desc' }, other)).toEqual(['Анна']);
    });

    it(`a member with no value in the column ranks after those with one, ${how}`, async () => {
      // 2023 ascending: Анна 1000, Bob 3000; the empty manager has nothing in 2023 (only 700 in
      // 2024, the smallest total), so it does not take the place.
      expect(await kept({ key: 'revenue', dir: 'asc', column: ['2023'] }, other)).toEqual(['Анна']);
    });
  }

  it('without totals, the column is ranked all the same', async () => {
    expect(
      await kept({ key: 'revenue', dir: 'desc', column: ['2023'] }, false, { totals: false }),
    ).toEqual([BOB]);
  });
});
