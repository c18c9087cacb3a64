/**
 * The import's small statements after the file's read, each a round trip to DuckDB's worker in
 * the page: the previous dataset's tables dropped in one engine call, the typed columns' failure
 * flags dropped in one, and the tables left exactly as before (every old table gone, no flag
 * column left).
 */
import { expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { importFiles } from '../../../src/ingest/index.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const db = sharedEngine();

/** The engine, with every exec's SQL kept in `execs` (in order). */
function recording(): { execs: string[]; spy: Engine } {
  const execs: string[] = [];
  const spy: Engine = {
    ...db.engine,
    query: (sql) => db.engine.query(sql),
    exec: (sql) => (execs.push(sql), db.engine.exec(sql)),
    insertArrow: (t, d) => db.engine.insertArrow(t, d),
    registerFile: (n, d, o) => db.engine.registerFile(n, d, o),
    dropFile: (n) => db.engine.dropFile(n),
  };
  return { execs, spy };
}

const tablesNow = async () =>
  (
    await db.engine.query(
      `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY 1`,
    )
  )
    .toArray()
    .map((r) => String((r.toJSON() as { t: string }).t));

it('drops the previous dataset in one call and the failure flags in one, leaving the same tables', async () => {
  await importFiles(db.engine, [
    {
      name: 'deals.csv',
      bytes: utf8('Deal ID,Stage,Amount,Deal owner,Company\nD1,Closed Won,100,Ann,Acme\n'),
    },
    { name: 'clients.csv', bytes: utf8('Company,Industry\nAcme,Retail\n') },
    { name: 'managers.csv', bytes: utf8('Deal owner,Team\nAnn,North\n') },
  ]);
  const before = await tablesNow();
  expect(before).toEqual(expect.arrayContaining(['clients', 'deals', 'managers', 'stages']));

  const { execs, spy } = recording();
  const { model } = await importFiles(spy, [
    {
      name: 'deals.csv',
      bytes: utf8(
        [
          'Deal ID,Stage,Amount,Created,Closed',
          'D1,Closed Won,100,2024-01-03,2024-02-01',
          'D2,Closed Lost,x,2024-01-10,',
          'D3,Negotiation,300,not a date,2024-05-30',
        ].join('\n') + '\n',
      ),
    },
  ]);
  const old = execs.filter((x) => before.some((t) => x.includes(`DROP TABLE IF EXISTS "${t}"`)));
  // Main: one call per table (four here, seven after the demo).
  expect(old).toHaveLength(1);
  for (const t of before) expect(old[0]).toContain(`DROP TABLE IF EXISTS "${t}";`);
  const flags = execs.filter((x) => x.includes('DROP COLUMN'));
  // Main: one call per typed column (amount, created, closed).
  expect(flags).toHaveLength(1);
  expect(flags[0]!.match(/DROP COLUMN/g)!.length).toBeGreaterThanOrEqual(3);

  expect(await tablesNow()).toEqual(['deals', 'stages']);
  const deals = model.tables.find((t) => t.name === 'deals')!;
  expect(deals.columns.some((c) => c.name.startsWith('_failed'))).toBe(false);
  const cols = (
    await db.engine.query(
      `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = 'deals' ORDER BY column_index`,
    )
  )
    .toArray()
    .map((r) => String((r.toJSON() as { c: string }).c));
  expect(cols).toEqual(deals.columns.map((c) => c.name));
  expect(cols.filter((c) => c.startsWith('_'))).toEqual([]);
  expect(deals.rows).toBe(3);
});
