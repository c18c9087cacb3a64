/**
 * The import's read-back of what it made (the dataset model): columns, types and row counts of
 * every table, the date range and whether any deal is lost, against plain SQL asked table by
 * table; and in a fixed number of queries, however many tables the files made.
 */
import { expect, it } from 'vitest';
import type { Engine } from '../../src/engine/types.ts';
import { importFiles } from '../../src/ingest/index.ts';
import { amocrm } from './corpus/corpus.ts';
import { sharedEngine } from '../fixtures/engine.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const db = sharedEngine();

const rows = async (sql: string) =>
  (await db.engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);

const deals = utf8(
  [
    'Deal ID,Stage,Amount,Deal owner,Company,Created,Closed',
    'D1,Closed Won,100,Ann,Acme,2023-11-03,2024-02-01',
    'D2,Closed Lost,200,Bob,Beta,2024-01-10,',
    'D3,Negotiation,300,Ann,Gamma,,2024-05-30',
    'D4,Closed Won,400,Bob,Acme,2024-03-01,2024-03-20',
  ].join('\n') + '\n',
);
const clients = utf8('Company,Industry\nAcme,Retail\nBeta,IT\nGamma,Retail\n');
const managers = utf8('Deal owner,Team\nAnn,North\nBob,South\n');

/** The engine, with every query's SQL kept in `asked` (in order). */
function recording(): { asked: string[]; spy: Engine } {
  const asked: string[] = [];
  const spy: Engine = {
    ...db.engine,
    query: (sql) => (asked.push(sql), db.engine.query(sql)),
    exec: (sql) => db.engine.exec(sql),
    insertArrow: (t, d) => db.engine.insertArrow(t, d),
    registerFile: (n, d, o) => db.engine.registerFile(n, d, o),
    dropFile: (n) => db.engine.dropFile(n),
  };
  return { asked, spy };
}

it('reads back every table, the date range and the lost deals as plain SQL does', async () => {
  const { asked, spy } = recording();
  const { model } = await importFiles(spy, [
    { name: 'deals.csv', bytes: deals },
    { name: 'clients.csv', bytes: clients },
    { name: 'managers.csv', bytes: managers },
  ]);
  const names = model.tables.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(['deals', 'stages', 'clients', 'managers']));
  for (const t of model.tables) {
    const cols = await rows(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${t.name}' ORDER BY ordinal_position`,
    );
    expect(t.columns.map((c) => c.name)).toEqual(cols.map((c) => c.name));
    const [n] = await rows(`SELECT count(*)::DOUBLE AS n FROM ${t.name}`);
    expect(t.rows).toBe(n!.n);
  }
  const dealCols = model.tables.find((t) => t.name === 'deals')!.columns;
  const typeOf = (name: string) => dealCols.find((c) => c.name === name)?.type;
  expect([typeOf('amount'), typeOf('created_at'), typeOf('manager')]).toEqual([
    'number',
    'date',
    'text',
  ]);
  // By hand from the fixture: the earliest date is D1's creation, the latest D3's closing.
  expect([model.minDate, model.maxDate]).toEqual(['2023-11-03', '2024-05-30']);
  expect(model.hasLost).toBe(true);
  // The types as information_schema calls them (the view the model was read from before).
  for (const t of model.tables) {
    const types = await rows(
      `SELECT data_type AS t FROM information_schema.columns WHERE table_name = '${t.name}' ORDER BY ordinal_position`,
    );
    const fieldType = (d: string) =>
      /INT|DOUBLE|DECIMAL|FLOAT|REAL|NUMERIC/.test(d)
        ? 'number'
        : /DATE|TIME/.test(d)
          ? 'date'
          : d === 'BOOLEAN'
            ? 'boolean'
            : 'text';
    expect(t.columns.map((c) => c.type)).toEqual(types.map((r) => fieldType(String(r.t))));
  }
  // One question for the columns of all the tables, one for their rows, not one each; the
  // columns from the catalog function, not from the information_schema view built over it.
  expect(asked.filter((q) => q.includes('FROM duckdb_columns()'))).toHaveLength(1);
  expect(asked.filter((q) => q.includes('information_schema'))).toEqual([]);
  const counts = names.map((n) => [
    `SELECT count(*)::DOUBLE FROM "${n}"`,
    `SELECT count(*)::DOUBLE FROM ${n}`,
  ]);
  expect(asked.filter((q) => counts.flat().includes(q))).toEqual([]);
  // The row counts on the pass over deals, not a query of their own.
  expect(asked.filter((q) => q.startsWith('SELECT (SELECT count(*)'))).toEqual([]);
  const facts = asked.filter((q) => q.includes('AS lo,'));
  expect(facts).toHaveLength(1);
  expect(facts[0]).toContain('count(*)');
});

it('a dataset with no lost deal and no dates says so', async () => {
  const { model } = await importFiles(db.engine, [
    { name: 'deals.csv', bytes: utf8('Deal ID,Stage,Amount\nD1,Closed Won,10\nD2,Open,20\n') },
  ]);
  expect([model.minDate, model.maxDate]).toEqual([null, null]);
  expect(model.hasLost).toBe(false);
  const { model: amo } = await importFiles(db.engine, [
    { name: 'amocrm_export.csv', bytes: amocrm() },
  ]);
  const [r] = await rows(
    `SELECT min(d)::VARCHAR AS lo, max(d)::VARCHAR AS hi FROM (SELECT created_at::DATE AS d FROM deals UNION ALL SELECT closed_at::DATE FROM deals)`,
  );
  expect([amo.minDate, amo.maxDate]).toEqual([r!.lo, r!.hi]);
  expect(amo.hasLost).toBe(true);
});

it('the date range is the days of the extremes, however the times fall, one cast per extreme', async () => {
  const { asked, spy } = recording();
  // Times just before and after midnight, a year before 1970, the extremes on either column.
  const { model } = await importFiles(spy, [
    {
      name: 'deals.csv',
      bytes: utf8(
        [
          'Deal ID,Stage,Amount,Created,Closed',
          'D1,Closed Won,1,1969-12-31 23:59:59,1970-01-01 00:00:01',
          'D2,Closed Lost,2,1968-03-01 00:00:00,',
          'D3,Open,3,,2031-01-01 23:59:59',
          'D4,Closed Won,4,2031-01-02 00:00:00,2030-12-31 12:00:00',
        ].join('\n') + '\n',
      ),
    },
  ]);
  const [r] = await rows(
    `SELECT min(d)::VARCHAR AS lo, max(d)::VARCHAR AS hi FROM (SELECT created_at::DATE AS d FROM deals UNION ALL SELECT closed_at::DATE FROM deals)`,
  );
  expect([model.minDate, model.maxDate]).toEqual([r!.lo, r!.hi]);
  expect([model.minDate, model.maxDate]).toEqual(['1968-03-01', '2031-01-02']);
  // Before: min(created_at::DATE), a cast of every row's value.
  const facts = asked.filter((q) => q.includes('AS lo,'));
  expect(facts).toHaveLength(1);
  expect(facts[0]).not.toMatch(/(min|max)\(\w+::DATE\)/);
});

it('whether a deal is lost is asked, not how many: the lost deals are not counted', async () => {
  const { asked, spy } = recording();
  const { model } = await importFiles(spy, [{ name: 'deals.csv', bytes: deals }]);
  const [plain] = await rows(`SELECT count(*) FILTER (WHERE status = 'lost') AS n FROM deals`);
  expect(model.hasLost).toBe(Number(plain!.n) > 0);
  const facts = asked.filter((q) => q.includes('AS lo,'));
  expect(facts).toHaveLength(1);
  // Before: count(*) FILTER (WHERE status = 'lost'), every status compared.
  expect(facts[0]).not.toMatch(/count\(\*\) FILTER \(WHERE status = 'lost'\)/);
  expect(facts[0]).toContain(`EXISTS (SELECT 1 FROM deals WHERE status = 'lost') AS lost`);
});

it('the row counts are branches of their own, not scalar subqueries planned as a join', async () => {
  const { asked, spy } = recording();
  const { model } = await importFiles(spy, [
    { name: 'deals.csv', bytes: deals },
    { name: 'clients.csv', bytes: clients },
    { name: 'managers.csv', bytes: managers },
  ]);
  const facts = asked.filter((q) => q.includes('AS lo,'));
  expect(facts).toHaveLength(1);
  // Before: `(SELECT count(*) FROM "clients")` and one more per table in deals' row, which
  // DuckDB planned as a join of every table (planning ≈ 90 % of the statement at 20k deals).
  expect(facts[0]).not.toMatch(/\(SELECT count\(\*\)/);
  expect(facts[0]!.split(' UNION ALL ')).toHaveLength(model.tables.length);
  for (const t of model.tables) {
    const [n] = await rows(`SELECT count(*)::DOUBLE AS n FROM ${t.name}`);
    expect(t.rows, t.name).toBe(n!.n);
  }
});
