/** The demo loaded into real DuckDB (wasm, Node): types, row counts and aggregates vs plain JS. */
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANONICAL } from '../../src/crm/vocabulary.ts';
import { DEMO_TABLES, generateDemo, loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { col, groupSum, year } from './columns.ts';

const OPTS = { seed: 3, deals: 5000, lang: 'ru' } as const;
const { tables, model: expected } = generateDemo(OPTS);
let engine: Engine;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const t: Table = await engine.query(sql);
  return t.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
}

beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('loadDemo into the Node engine', () => {
  it('creates every table with the generated row counts and returns the model', async () => {
    const model = await loadDemo(engine, OPTS);
    expect(model).toEqual(expected);
    for (const name of DEMO_TABLES) {
      const [r] = await rows(`SELECT count(*)::INTEGER AS n FROM ${name}`);
      expect(r?.n, name).toBe(tables[name].numRows);
    }
  });

  it('has the canonical DuckDB types (TIMESTAMP, not TIMESTAMP_MS; VARCHAR for dictionary text)', async () => {
    const types = await rows(
      `SELECT table_name AS t, column_name AS c, data_type AS ty FROM information_schema.columns`,
    );
    const typeOf = new Map(types.map((r) => [`${r.t}.${r.c}`, r.ty]));
    for (const [table, columns] of Object.entries(CANONICAL)) {
      for (const [column, type] of Object.entries(columns)) {
        expect(typeOf.get(`${table}.${column}`), `${table}.${column}`).toBe(type);
      }
    }
    expect(typeOf.get('deals.discount_pct')).toBe('DOUBLE');
    expect(typeOf.get('deals.channel_campaign')).toBe('VARCHAR');
    expect(typeOf.get('clients.headcount')).toBe('INTEGER');
    expect(typeOf.get('managers.hired_at')).toBe('TIMESTAMP');
  });

  it('answers aggregates the same as plain JS over the generated arrays', async () => {
    const status = col<string>(tables.deals, 'status');
    const amount = col<number>(tables.deals, 'amount');
    const closed = col<number | null>(tables.deals, 'closed_at');
    const source = col<string>(tables.deals, 'source');

    const won = groupSum(
      closed.map((c, i) => (status[i] === 'won' && c !== null ? year(c) : 0)),
      (i) => amount[i]!,
    );
    const sql = await rows(
      `SELECT year(closed_at)::INTEGER AS y, sum(amount) AS s FROM deals WHERE status = 'won' GROUP BY 1 ORDER BY 1`,
    );
    expect(sql.map((r) => [r.y, r.s])).toEqual([2023, 2024, 2025].map((y) => [y, won.get(y)]));

    const bySource = groupSum(source, (i) => (status[i] === 'lost' ? 1 : 0));
    const lost = await rows(
      `SELECT source, count(*) FILTER (WHERE status = 'lost')::INTEGER AS n FROM deals GROUP BY 1`,
    );
    expect(new Map(lost.map((r) => [r.source, r.n]))).toEqual(bySource);

    const perDeal = groupSum(col<string>(tables.activities, 'deal_id'));
    const ids = col<string>(tables.deals, 'id');
    const wonIds = ids.filter((_, i) => status[i] === 'won');
    const jsAvg = wonIds.reduce((s, d) => s + (perDeal.get(d) ?? 0), 0) / wonIds.length;
    const [avg] = await rows(
      `SELECT avg(coalesce(n, 0)) AS a FROM deals d
       LEFT JOIN (SELECT deal_id, count(*) AS n FROM activities GROUP BY 1) a ON a.deal_id = d.id
       WHERE d.status = 'won'`,
    );
    expect(avg?.a).toBeCloseTo(jsAvg, 9);
  });

  it('joins every key: deals to clients, managers, products, stages; history and activities to deals', async () => {
    const [r] = await rows(`
      SELECT
        count(*) FILTER (WHERE c.client IS NULL)::INTEGER AS no_client,
        count(*) FILTER (WHERE m.manager IS NULL)::INTEGER AS no_manager,
        count(*) FILTER (WHERE p.product IS NULL)::INTEGER AS no_product,
        count(*) FILTER (WHERE s.stage IS NULL)::INTEGER AS no_stage
      FROM deals d
      LEFT JOIN clients c ON c.client = d.client
      LEFT JOIN managers m ON m.manager = d.manager
      LEFT JOIN products p ON p.product = d.product
      LEFT JOIN stages s ON s.pipeline = d.pipeline AND s.stage = d.stage`);
    expect(r).toEqual({ no_client: 0, no_manager: 0, no_product: 0, no_stage: 0 });
    const [orphans] = await rows(`
      SELECT (SELECT count(*) FROM stage_history WHERE deal_id NOT IN (SELECT id FROM deals))::INTEGER AS h,
             (SELECT count(*) FROM activities WHERE deal_id NOT IN (SELECT id FROM deals))::INTEGER AS a`);
    expect(orphans).toEqual({ h: 0, a: 0 });
  });
});
