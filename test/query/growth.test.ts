// Growth from nothing in the SQL (query/growth.ts): a member with nothing in the earlier period
// keeps an empty growth (the result stays numbers) but sorts first under "fastest growth first",
// after every number under a decline sort, and ranks first in `<m>_growth_rank`; a drop to
// nothing is −100 %, a number. Checked on the demo against plain SQL over its deals for three
// managers of Q3 2025 against Q3 2024: one new, one that grew, one that dropped to nothing; and
// for August 2025 against August 2024, a member from 0 (deals closed a year before, none won:
// revenue 0, win rate 0 %), which is not new and sorts and ranks after the new ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPivot } from '../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../src/charts/result.ts';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { compileReport } from '../../src/crm/report.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { defaultSpec, type ReportSpec, type SortKey } from '../../src/query/spec/spec.ts';
import { rowsOf, type Row } from './helpers.ts';

let engine: LazyEngine;
let catalog: Catalog;
beforeAll(async () => {
  engine = await createNodeEngine();
  catalog = buildCatalog(await loadDemo(engine));
}, 120_000);
afterAll(async () => {
  await engine.close();
});

const spec = (sort: SortKey[]): ReportSpec => ({
  ...defaultSpec(),
  rows: [{ field: 'manager' }],
  measures: ['revenue'],
  period: { from: '2025-07-01', to: '2025-09-30' },
  compare: 'year',
  totals: false,
  sort,
});
const run = async (s: ReportSpec) => {
  const c = compileReport(s, catalog);
  return { columns: c.columns, rows: rowsOf(await engine.query(c.sql)) };
};
const NEW = 'Ava Sinclair';
const GREW = 'Daniel Brooks';
const GONE = 'Emily Parker';

describe('growth from nothing, on the demo', () => {
  it('leaves growth empty for a new member, −100 % for one gone; numbers as plain SQL', async () => {
    const plain = rowsOf(
      await engine.query(`
        SELECT manager,
          coalesce(sum(amount) FILTER (WHERE closed_at >= DATE '2025-07-01' AND closed_at < DATE '2025-10-01'), 0) AS now,
          coalesce(sum(amount) FILTER (WHERE closed_at >= DATE '2024-07-01' AND closed_at < DATE '2024-10-01'), 0) AS before
        FROM deals WHERE status = 'won' AND manager IN ('${NEW}', '${GREW}', '${GONE}')
        GROUP BY manager ORDER BY manager`),
    );
    const by = (rows: Row[], name: string) => rows.find((r) => r.manager === name)!;
    const { rows } = await run(spec([{ key: 'revenue_growth', dir: 'desc' }]));
    for (const name of [NEW, GREW, GONE]) {
      const p = by(plain, name);
      const r = by(rows, name);
      expect([Number(r.revenue), Number(r.revenue_previous)]).toEqual([
        Number(p.now),
        Number(p.before),
      ]);
    }
    expect(Number(by(plain, NEW).before)).toBe(0);
    expect(Number(by(plain, GONE).now)).toBe(0);
    expect(by(rows, NEW).revenue_growth).toBeNull();
    expect(by(rows, GONE).revenue_growth).toBe(-1);
    const grew = by(plain, GREW);
    expect(by(rows, GREW).revenue_growth).toBeCloseTo(
      (Number(grew.now) - Number(grew.before)) / Number(grew.before),
      12,
    );
  });

  it('sorts new members first under fastest growth first, last under a decline sort', async () => {
    const desc = (await run(spec([{ key: 'revenue_growth', dir: 'desc' }]))).rows;
    const asc = (await run(spec([{ key: 'revenue_growth', dir: 'asc' }]))).rows;
    const isNew = (r: Row) => r.revenue_growth === null && Number(r.revenue) > 0;
    const news = desc.filter(isNew).map((r) => r.manager);
    expect(news).toContain(NEW);
    expect(desc.slice(0, news.length).every(isNew)).toBe(true);
    expect(desc.at(news.length)?.revenue_growth).toBe(
      Math.max(
        ...desc.filter((r) => r.revenue_growth !== null).map((r) => Number(r.revenue_growth)),
      ),
    );
    expect(asc[0]!.manager).toBe(GONE);
    expect(asc.slice(-news.length).every(isNew)).toBe(true);
    // The growth rank: new members first, then by growth; the table's marks agree with it.
    const rank = (name: string) =>
      Number(desc.find((r) => r.manager === name)!.revenue_growth_rank);
    expect(rank(NEW)).toBe(1);
    expect(rank(GONE)).toBe(Math.max(...desc.map((r) => Number(r.revenue_growth_rank))));
  });

  it('the table reads "new", best and worst as the SQL ranks them', async () => {
    const { columns, rows } = await run(spec([{ key: 'revenue_growth', dir: 'desc' }]));
    const result = resultFromRows(rows);
    const shown = columns.filter((c) => c.role !== 'rank');
    const labels = {
      lang: 'en' as const,
      empty: '',
      total: 'Total',
      all: 'All',
      subtotal: () => '',
      dimension: () => '',
      value: () => '',
    };
    const layout = buildPivot(shown, result, labels);
    const g = layout.leaves.findIndex((l) => l.column.key === 'revenue_growth');
    const marks = layout.marks!;
    const news = rows.filter((r) => r.revenue_growth === null && Number(r.revenue) > 0).length;
    layout.rows.forEach((row, i) => {
      const r = rows.find((x) => x.manager === row.labels[0]!.text)!;
      const rank = Number(r.revenue_growth_rank);
      const mark = marks[i]![g];
      if (mark === 'new') expect(rank).toBe(1);
      // Best: the first rank after the new members; worst: the last rank.
      if (mark === 'best') expect(rank).toBe(news + 1);
      if (mark === 'worst') expect(r.manager).toBe(GONE);
    });
    expect(marks.flat().filter((m) => m === 'new')).toHaveLength(news);
    expect(marks.flat().filter((m) => m === 'best')).toHaveLength(1);
  });
});

const august = (sort: SortKey[]): ReportSpec => ({
  ...spec(sort),
  measures: ['revenue', 'win_rate'],
  period: { from: '2025-08-01', to: '2025-08-31' },
});
const FROM_ZERO = 'Daniel Brooks';

describe('growth from 0, on the demo', () => {
  it('is told from new by the earlier rows, Δ a number; numbers as plain SQL', async () => {
    const plain = rowsOf(
      await engine.query(`
        SELECT manager,
          count(*) FILTER (WHERE closed_at >= DATE '2024-08-01' AND closed_at < DATE '2024-09-01') AS closed_before,
          coalesce(sum(amount) FILTER (WHERE status = 'won' AND closed_at >= DATE '2025-08-01' AND closed_at < DATE '2025-09-01'), 0) AS now,
          coalesce(sum(amount) FILTER (WHERE status = 'won' AND closed_at >= DATE '2024-08-01' AND closed_at < DATE '2024-09-01'), 0) AS before,
          count(*) FILTER (WHERE status = 'won' AND closed_at >= DATE '2025-08-01' AND closed_at < DATE '2025-09-01')
            / count(*) FILTER (WHERE status IN ('won', 'lost') AND closed_at >= DATE '2025-08-01' AND closed_at < DATE '2025-09-01') AS rate_now
        FROM deals WHERE manager IN ('${NEW}', '${FROM_ZERO}', '${GONE}')
        GROUP BY manager ORDER BY manager`),
    );
    const by = (rows: Row[], name: string) => rows.find((r) => r.manager === name)!;
    expect(Number(by(plain, NEW).closed_before)).toBe(0);
    expect(Number(by(plain, FROM_ZERO).closed_before)).toBeGreaterThan(0);
    expect(Number(by(plain, FROM_ZERO).before)).toBe(0);
    const { rows } = await run(august([{ key: 'revenue_growth', dir: 'desc' }]));
    for (const name of [NEW, FROM_ZERO, GONE]) {
      const p = by(plain, name);
      const r = by(rows, name);
      expect([Number(r.revenue), Number(r.revenue_previous)]).toEqual([
        Number(p.now),
        Number(p.before),
      ]);
      expect(Number(r.revenue_earlier)).toBe(Number(p.closed_before) > 0 ? 1 : 0);
    }
    const zero = by(rows, FROM_ZERO);
    expect(zero.revenue_growth).toBeNull();
    expect(Number(zero.revenue_delta)).toBe(Number(by(plain, FROM_ZERO).now));
    // Win rate 0 % → 58.3 %: from 0, its Δ in percentage points a number.
    expect(zero.win_rate_previous).toBe(0);
    expect(zero.win_rate_growth).toBeNull();
    expect(Number(zero.win_rate_earlier)).toBe(1);
    expect(Number(zero.win_rate_delta)).toBeCloseTo(Number(by(plain, FROM_ZERO).rate_now), 12);
    expect(by(rows, NEW).win_rate_previous).toBeNull();
    expect(Number(by(rows, NEW).win_rate_earlier)).toBe(0);
    expect(Number(by(rows, GONE).revenue_growth)).toBe(-1);
  });

  it('sorts and ranks new, then from 0, then the numbers; reversed after them when ascending', async () => {
    const desc = (await run(august([{ key: 'revenue_growth', dir: 'desc' }]))).rows;
    const asc = (await run(august([{ key: 'revenue_growth', dir: 'asc' }]))).rows;
    const tier = (r: Row) =>
      r.revenue_growth !== null || !(Number(r.revenue) > 0)
        ? 0
        : Number(r.revenue_earlier) === 0
          ? 2
          : 1;
    const tiers = desc.map(tier);
    const news = tiers.filter((t) => t === 2).length;
    const zeros = tiers.filter((t) => t === 1).length;
    expect(news).toBeGreaterThan(0);
    expect(zeros).toBeGreaterThan(0);
    expect(tiers.slice(0, news + zeros)).toEqual([
      ...Array<number>(news).fill(2),
      ...Array<number>(zeros).fill(1),
    ]);
    expect(desc.slice(0, news + zeros).map((r) => r.manager)).toContain(FROM_ZERO);
    const rank = (name: string) =>
      Number(desc.find((r) => r.manager === name)!.revenue_growth_rank);
    expect(rank(NEW)).toBe(1);
    expect(rank(FROM_ZERO)).toBe(news + 1);
    expect(Number(desc[news + zeros]!.revenue_growth_rank)).toBe(news + zeros + 1);
    // Ascending: every number, then from 0, then new.
    const numbers = asc.filter((r) => r.revenue_growth !== null).length;
    expect(asc.slice(0, numbers).every((r) => r.revenue_growth !== null)).toBe(true);
    expect(asc.slice(numbers, numbers + zeros + news).map(tier)).toEqual([
      ...Array<number>(zeros).fill(1),
      ...Array<number>(news).fill(2),
    ]);
  });
});
