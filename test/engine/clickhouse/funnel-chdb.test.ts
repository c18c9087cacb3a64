/**
 * The funnel on ClickHouse: its per-deal summary is part of the statement (no table built before
 * it) and paired with the deals by id and close instead of by position. Random stage histories of
 * every shape (skipped, re-entered and repeated steps, other pipelines' and unknown stages, closes
 * before the last row, no history) and deal ids shared by several rows with different closes,
 * compiled for each engine: chdb must give DuckDB's rows, and the plain-JS reference's where ids
 * are unique (the reference keys deals by id).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataType, Table, TimestampMicrosecond, vectorFromArray, type Vector } from 'apache-arrow';
import { compileAnalysisDrill } from '../../../src/crm/analyses/drill.ts';
import { compileFunnel } from '../../../src/crm/analyses/funnel/funnel.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { chdbAvailable } from '../../../src/engine/chdb.ts';
import { inDialect } from '../../../src/query/sql/dialect.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { midModel, midTables, type MidDeal, type MidHistory } from '../../fixtures/mid-crm.ts';
import { exec, expectRows, spec, withSplitKey } from '../../crm/analyses/helpers.ts';
import { rowsOf } from '../../query/helpers.ts';
import { funnelRef } from '../../crm/analyses/reference.ts';
import { sameRows } from '../compare.ts';
import { enginePair } from '../engine-pair.ts';

const SALES = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won'];
const STAGES = [...SALES, 'Contact', 'Offer', 'Lost', ' lead', 'PROPOSAL ', 'Archived'];
const T0 = Date.UTC(2023, 0, 1);
const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();

const dealArb = fc.record({
  sales: fc.boolean(),
  createdDay: fc.integer({ min: 0, max: 700 }),
  status: fc.constantFrom('open', 'won', 'lost'),
  stage: fc.constantFrom(...STAGES),
  reason: fc.constantFrom('Price', 'No budget', null),
  manager: fc.constantFrom('Анна', 'Bob', null),
  closeAfter: fc.integer({ min: -300, max: 300 }),
  withHistory: fc.boolean(),
  rows: fc.array(
    fc.record({
      stage: fc.constantFrom(...STAGES),
      after: fc.integer({ min: 1, max: 400 }),
      repeat: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
});
type GenDeal = typeof dealArb extends fc.Arbitrary<infer T> ? T : never;

/** `copies`: how many more deals rows share each deal's id (each with its own close). */
function crm(ds: GenDeal[], copies: number): { deals: MidDeal[]; history: MidHistory[] } {
  const deals: MidDeal[] = [];
  const history: MidHistory[] = [];
  ds.forEach((x, n) => {
    const id = `D-${n}`;
    let t = T0 + x.createdDay * 24 * HOUR;
    const created = t;
    for (const r of x.rows) {
      const prev = history[history.length - 1];
      if (r.repeat && prev?.deal_id === id) history.push({ ...prev });
      else {
        t += r.after * HOUR;
        if (x.withHistory) history.push({ deal_id: id, stage: r.stage, entered_at: iso(t) });
      }
    }
    for (let c = 0; c <= copies; c++)
      deals.push({
        id,
        created_at: iso(created),
        closed_at: x.status === 'open' ? null : iso(t + (x.closeAfter + 17 * c) * HOUR),
        status: x.status as MidDeal['status'],
        stage: x.stage,
        pipeline: x.sales ? 'Sales' : 'Renewals',
        amount: 100,
        source: 'Web',
        lost_reason: x.status === 'lost' ? x.reason : null,
        manager: c === 0 ? x.manager : 'Bob',
        client: null,
      });
  });
  return { deals, history };
}

describe.skipIf(!chdbAvailable())(
  'the funnel on chdb (ClickHouse; installed by `npm test`)',
  () => {
    const e = enginePair();

    const catalog = buildCatalog(midModel(true));
    const period = { from: '2023-06-01', to: '2024-06-30' };
    const specs: SpecOf<'funnel'>[] = [
      spec({ analysis: 'funnel' }),
      spec({ analysis: 'funnel', options: { pipeline: 'Renewals' } }),
      spec({ analysis: 'funnel', rows: [{ field: 'manager' }], period }),
      // Both periods' CTEs in one WITH, merged per member: ClickHouse must give DuckDB's rows.
      spec({ analysis: 'funnel', rows: [{ field: 'manager' }], period, compare: 'previous' }),
    ];

    async function load(data: { deals: MidDeal[]; history: MidHistory[] }) {
      for (const [name, t] of Object.entries(midTables({ ...data, clients: [] }))) {
        await e.duck.insertArrow(name, t);
        await e.ch.insertArrow(name, micros(t));
      }
    }

    /** Timestamps in µs, as every import writes them (chdb reads no other unit back). */
    function micros(t: Table): Table {
      const cols: Record<string, Vector> = {};
      for (const f of t.schema.fields) {
        const v = t.getChild(f.name)!;
        cols[f.name] = DataType.isTimestamp(f.type)
          ? vectorFromArray(
              [...v].map((x) => (x === null ? null : Number(x))),
              new TimestampMicrosecond(),
            )
          : v;
      }
      return new Table(cols);
    }

    /** The deals behind every `reached` and `dropped` number: the same list and count on chdb. */
    async function sameDrills(s: SpecOf<'funnel'>, rows: Record<string, unknown>[]) {
      const page = { limit: 1000, offset: 0, sort: [] };
      for (const row of rows) {
        const cell = {
          position: row.position as number,
          ...(s.rows.length ? { manager: row.manager as string | null } : {}),
        };
        for (const key of ['reached', 'dropped']) {
          if (row[key] === null) continue;
          const d = compileAnalysisDrill(s, catalog, key, cell, page);
          const c = compileAnalysisDrill(s, catalog, key, cell, { ...page, dialect: 'clickhouse' });
          const want = rowsOf(await e.duck.query(d.sql));
          expect(want.length, `${key} at ${String(row.position)}`).toBe(row[key]);
          expect(
            sameRows(rowsOf(await e.ch.query(c.sql)), want),
            `${key} ${JSON.stringify(cell)}`,
          ).toBeNull();
          const n = rowsOf(await e.ch.query(c.countSql))[0]!.n;
          expect(Number(n)).toBe(row[key]);
        }
      }
    }

    it('compiles to one statement: nothing is built before the query', () => {
      const ch = inDialect('clickhouse', () => compileFunnel(specs[0]!, catalog));
      expect(ch.prepare).toBeUndefined();
      expect(ch.sql).not.toMatch(/rowid|POSITIONAL|CREATE/i);
      expect(compileFunnel(specs[0]!, catalog).prepare).toHaveLength(1);
    });

    it('gives DuckDB’s rows, and the reference’s, on random histories', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(dealArb, { minLength: 1, maxLength: 30 }),
          fc.integer({ min: 0, max: 2 }),
          async (ds, copies) => {
            const data = crm(ds, copies);
            await load(data);
            for (const s of specs) {
              const want = await exec(e.duck, compileReport(s, catalog));
              const got = await exec(e.ch, compileReport(s, catalog, { dialect: 'clickhouse' }));
              expect(sameRows(got, want), JSON.stringify(s)).toBeNull();
              if (s.rows.length) await sameDrills(s, want); // the split and period: the hardest cells
            }
            if (copies === 0) {
              const got = await exec(
                e.ch,
                compileReport(specs[2]!, catalog, { dialect: 'clickhouse' }),
              );
              const split = (d: unknown) => (d as MidDeal).manager;
              const ref = funnelRef(data.deals, data.history, SALES, true, {
                pipeline: 'Sales',
                period,
                split,
              });
              expectRows(got, withSplitKey(ref, 'manager'));
            }
          },
        ),
        { numRuns: 5, seed: 20261204, endOnFailure: true },
      );
    }, 300_000);
  },
);
