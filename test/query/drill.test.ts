/**
 * Drill-down against the independent check: for every cell of several reports on the tiny CRM,
 * the listed rows add up to the cell (count measures → row count, amounts → sum of `amount`).
 */
import { describe, expect, it } from 'vitest';
import { ROLLED_UP, type CellKey } from '../../src/query/spec/cell.ts';
import { compile } from '../../src/query/compile.ts';
import { compileDrill, drillTarget } from '../../src/query/drill.ts';
import { pivotListsRows } from '../../src/query/drill-rows.ts';
import { CompileError } from '../../src/query/resolve.ts';
import type { ReportSpec, Scalar } from '../../src/query/spec/spec.ts';
import { DEALS } from '../fixtures/tiny-crm.ts';
import { rowsOf, spec, type Row } from './helpers.ts';
import { tinyCrm } from '../fixtures/engine.ts';

const db = tinyCrm();

async function rows(sql: string): Promise<Row[]> {
  try {
    return rowsOf(await db.engine.query(sql));
  } catch (e) {
    throw new Error(`${String(e)}\n${sql}`);
  }
}

/** Every cell of the report's result as (cell key, values by column). */
async function cells(s: ReportSpec): Promise<{ cell: CellKey; row: Row }[]> {
  const c = compile(s, db.catalog);
  const dims = c.columns.filter((x) => x.role === 'dimension');
  return (await rows(c.sql)).map((row) => {
    const g = Number(row._grouping ?? 0);
    const cell: CellKey = {};
    dims.forEach((d, i) => {
      const bit = 2 ** (dims.length - 1 - i);
      cell[d.key] = (g & bit) !== 0 ? ROLLED_UP : (row[d.key] as Scalar);
    });
    return { cell, row };
  });
}

/** Cells found with nothing behind them (no links), over the whole file. */
let unlinked = 0;

const SUMS: Record<string, string> = { revenue: 'amount', lost_amount: 'amount', amount: 'amount' };

/** Measures whose cell of 0 must never be a link: counts, or a sum beside a count of its rows. */
const EXACT = new Set(['deals', 'won', 'lost', 'open', 'activities']);

/** Whether the table shows the cell as a drill-down link (query/drill-rows.ts). */
const isLink = (s: ReportSpec, key: string, row: Row) =>
  pivotListsRows(
    s,
    key,
    (k) => (row[k] === null || row[k] === undefined ? null : Number(row[k])),
    (id) => db.catalog.measures.find((m) => m.id === id),
  );

/**
 * Checks every (cell, value column) pair of a report; returns how many were checked. A cell that
 * is no link lists nothing; a count's (or `exact` measure's) empty list is no link.
 */
async function checkAll(s: ReportSpec, keys: string[], exact: string[] = []): Promise<number> {
  let checked = 0;
  for (const { cell, row } of await cells(s)) {
    for (const key of keys) {
      const target = drillTarget(s, key)!;
      const d = compileDrill(s, db.catalog, key, cell, { limit: 100_000, offset: 0, sort: [] });
      const listed = await rows(d.sql);
      const [{ n }] = (await rows(d.countSql)) as [{ n: unknown }];
      expect(Number(n)).toBe(listed.length);
      const col = SUMS[target.measure];
      const got = col ? listed.reduce((a, r) => a + Number(r[col] ?? 0), 0) : listed.length;
      expect(
        got,
        `${key} at ${JSON.stringify(cell, (_k, v) => (v === ROLLED_UP ? '*' : v))}`,
      ).toBeCloseTo(Number(row[key] ?? 0), 6);
      const link = isLink(s, key, row);
      if (!link) expect(listed, `${key} is no link`).toEqual([]);
      if (EXACT.has(target.measure) || exact.includes(target.measure))
        expect(link, `${key} at ${JSON.stringify(row)}`).toBe(listed.length > 0);
      if (!link) unlinked++;
      checked++;
    }
  }
  return checked;
}

describe('compileDrill: the list adds up to the cell', () => {
  it('deals, won, revenue by manager × year with totals (NULL managers, quoted names)', async () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'period', grain: 'year' }],
      measures: ['deals', 'won', 'revenue', 'lost_amount'],
    });
    expect(await checkAll(s, ['deals', 'won', 'revenue', 'lost_amount'])).toBeGreaterThan(20);
  });

  it('a period, a filter, a joined dimension and a date field bucketed by quarter', async () => {
    const s = spec({
      rows: [{ field: 'clients.region' }, { field: 'source' }],
      columns: [{ field: 'created_at', grain: 'quarter' }],
      measures: ['deals', 'amount'],
      filters: [{ field: 'status', op: 'in', values: ['won', 'open'] }],
      period: { from: '2023-01-01', to: '2024-12-31' },
    });
    expect(await checkAll(s, ['deals', 'amount'])).toBeGreaterThan(10);
  });

  it('number bins and the activities fact (its own manager, deal fields by join)', async () => {
    const s = spec({
      rows: [{ field: 'amount', bins: [1000, 3000] }, { field: 'manager' }],
      measures: ['deals', 'activities'],
    });
    expect(await checkAll(s, ['deals', 'activities'])).toBeGreaterThan(8);
  });

  it('comparison columns list the previous period', async () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue', 'won'],
      period: { from: '2024-01-01', to: '2024-03-31' },
      compare: 'year',
    });
    unlinked = 0;
    // Won deals beside revenue count its rows: a revenue of 0 beside won 0 lists nothing.
    expect(
      await checkAll(s, ['revenue', 'revenue_previous', 'won', 'won_previous'], ['revenue']),
    ).toBeGreaterThan(8);
    expect(unlinked).toBeGreaterThan(0);
    const all = { manager: ROLLED_UP, 'period:quarter': ROLLED_UP } as CellKey;
    const prev = await rows(
      compileDrill(s, db.catalog, 'revenue_previous', all, { limit: 50, offset: 0, sort: [] }).sql,
    );
    const expected = DEALS.filter(
      (d) => d.status === 'won' && d.closed_at! >= '2023-01-01' && d.closed_at! < '2023-04-01',
    );
    expect(prev.map((r) => r.id).sort()).toEqual(expected.map((d) => d.id).sort());
  });

  it('a sum of 0 alone stays a link unless the earlier period had no rows', async () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      measures: ['revenue'],
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year',
    });
    unlinked = 0;
    expect(await checkAll(s, ['revenue', 'revenue_previous'])).toBeGreaterThan(4);
    // A manager without deals closed in 2023: the earlier revenue lists nothing.
    expect(unlinked).toBeGreaterThan(0);
    const row = { revenue: 0, revenue_previous: 0, revenue_earlier: 1 };
    // Deals closed before but none won, or won for 0: the row cannot tell, the list can.
    expect(isLink(s, 'revenue', row)).toBe(true);
    expect(isLink(s, 'revenue_previous', row)).toBe(true);
    expect(isLink(s, 'revenue_previous', { ...row, revenue_earlier: 0 })).toBe(false);
    expect(isLink(s, 'revenue_delta', { ...row, revenue_delta: 0 })).toBe(false);
    expect(isLink({ ...s, measures: ['revenue', 'won'] }, 'revenue', { ...row, won: 0 })).toBe(
      false,
    );
    // Deals (created) count other rows than revenue (won, by close date): no help.
    expect(isLink({ ...s, measures: ['revenue', 'deals'] }, 'revenue', { ...row, deals: 0 })).toBe(
      true,
    );
    expect(isLink({ ...s, measures: ['won'] }, 'won', { won: 0 })).toBe(false);
    expect(isLink({ ...s, measures: ['won'] }, 'won', { won: 2 })).toBe(true);
  });

  it('a sum of 0 with no count asked for is a link exactly when it lists rows', async () => {
    // Revenue alone by manager and quarter, compared: its 0s over no won deal were links to
    // empty lists. The result counts each sum's rows (`revenue_rows`, query/row-counts.ts).
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue', 'deals'],
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year',
    });
    unlinked = 0;
    expect(await checkAll(s, ['revenue', 'revenue_previous'], ['revenue'])).toBeGreaterThan(8);
    expect(unlinked).toBeGreaterThan(0);
    // Without a period the groups of one fact share a scan: each sum still counts its own rows.
    const fused = spec({ rows: [{ field: 'manager' }], measures: ['revenue', 'amount'] });
    expect(await checkAll(fused, ['revenue', 'amount'], ['revenue', 'amount'])).toBeGreaterThan(3);
    const c = compile(s, db.catalog);
    expect(c.columns.filter((x) => x.role === 'rows').map((x) => x.key)).toEqual([
      'revenue_rows',
      'revenue_rows_previous',
    ]);
    // A count asked for that covers the sum says it already: no hidden count.
    const won = compile({ ...s, measures: ['revenue', 'won'] }, db.catalog);
    expect(won.columns.some((x) => x.role === 'rows')).toBe(false);
    const row = { revenue: 0, revenue_previous: 0, revenue_earlier: 1 };
    expect(isLink(s, 'revenue', { ...row, revenue_rows: 0 })).toBe(false);
    expect(isLink(s, 'revenue', { ...row, revenue_rows: 1 })).toBe(true);
    expect(isLink(s, 'revenue_previous', { ...row, revenue_rows_previous: 0 })).toBe(false);
  });

  it('win rate lists the closed deals it divides by; snapshots ignore the period', async () => {
    const s = spec({
      measures: ['win_rate', 'open'],
      period: { from: '2024-01-01', to: '2024-12-31' },
    });
    const closed = await rows(
      compileDrill(s, db.catalog, 'win_rate', {}, { limit: 50, offset: 0, sort: [] }).sql,
    );
    expect(closed.map((r) => r.id).sort()).toEqual(['d10', 'd6', 'd7', 'd8']);
    const open = await rows(
      compileDrill(s, db.catalog, 'open', {}, { limit: 50, offset: 0, sort: [] }).sql,
    );
    expect(open.map((r) => r.id).sort()).toEqual(['d4', 'd5', 'd9']);
  });
});

describe('compileDrill: pages, sorting, refusals', () => {
  const s = spec({ rows: [{ field: 'manager' }], measures: ['deals'] });
  it('pages with LIMIT/OFFSET cover the list exactly once, in the chosen order', async () => {
    const sort = [{ key: 'amount', dir: 'desc' as const }];
    const full = await rows(
      compileDrill(s, db.catalog, 'deals', {}, { limit: 100, offset: 0, sort }).sql,
    );
    expect(full).toHaveLength(DEALS.length);
    const amounts = full.map((r) => r.amount as number | null);
    expect(amounts.slice(0, 3)).toEqual([6000, 4000, 3000]);
    expect(amounts.at(-1)).toBeNull(); // NULLS LAST
    const pages: Row[] = [];
    for (let off = 0; off < DEALS.length; off += 3)
      pages.push(
        ...(await rows(
          compileDrill(s, db.catalog, 'deals', {}, { limit: 3, offset: off, sort }).sql,
        )),
      );
    expect(pages.map((r) => r.id)).toEqual(full.map((r) => r.id));
  });

  it('lists the deal columns, ids first; amount as money', () => {
    const d = compileDrill(
      s,
      db.catalog,
      'deals',
      { manager: 'Анна' },
      { limit: 10, offset: 0, sort: [] },
    );
    expect(d.columns.slice(0, 4).map((c) => c.key)).toEqual([
      'id',
      'title',
      'created_at',
      'closed_at',
    ]);
    expect(d.columns.find((c) => c.key === 'amount')?.format).toBe('money');
    expect(d.sql).toContain(`("deals"."manager" IS NOT DISTINCT FROM 'Анна')`);
  });

  it('refuses deltas, unknown sort keys and bad pages', () => {
    const c = spec({
      rows: [{ field: 'manager' }],
      measures: ['won'],
      period: { from: '2024-01-01', to: '2024-03-31' },
      compare: 'previous',
    });
    expect(() =>
      compileDrill(c, db.catalog, 'won_delta', {}, { limit: 10, offset: 0, sort: [] }),
    ).toThrow(CompileError);
    expect(() =>
      compileDrill(
        c,
        db.catalog,
        'won',
        {},
        { limit: 10, offset: 0, sort: [{ key: 'nope', dir: 'asc' }] },
      ),
    ).toThrow(/cannot sort/);
    expect(() => compileDrill(c, db.catalog, 'won', {}, { limit: 0, offset: 0, sort: [] })).toThrow(
      CompileError,
    );
  });
});
