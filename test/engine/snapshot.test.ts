import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import { columnsOf, exportTable, importTable } from '../../src/engine/snapshot.ts';
import type { LazyEngine } from '../../src/engine/types.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

/** Rows as JSON text, in table order (UBIGINT and intervals still arrive as bigint). */
async function dump(table: string): Promise<string> {
  const t = await engine.query(`SELECT * FROM "${table.replaceAll('"', '""')}"`);
  return JSON.stringify(
    t.toArray().map((r) => r.toJSON()),
    (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v),
  );
}

async function roundTrip(name: string, copy: string, streamBytes?: number) {
  const streams: Uint8Array[] = [];
  const snap = await exportTable(engine, name, async (s) => void streams.push(s), {
    streamBytes,
  });
  await importTable(engine, { ...snap, name: copy }, streams);
  return { snap, streams };
}

/** Rows in one table and not the other, both ways (NULLs compare equal in EXCEPT ALL). */
async function differences(a: string, b: string): Promise<number> {
  const t = await engine.query(
    `SELECT (SELECT count(*) FROM (FROM "${a}" EXCEPT ALL FROM "${b}"))::DOUBLE +
            (SELECT count(*) FROM (FROM "${b}" EXCEPT ALL FROM "${a}"))::DOUBLE AS n`,
  );
  return Number(t.getChild('n')?.get(0));
}

describe('table snapshots', () => {
  it('keep every column type exactly, with NULLs, unicode and hostile names', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE "src ""t""" AS
      SELECT i::INTEGER AS "select", 'Сделка «' || i || '» ✓' AS "a""b",
        CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 1.5)::DOUBLE END AS "Сумма, руб.",
        TIMESTAMP '2024-02-29 13:14:15.123456' + INTERVAL (i) MINUTE AS "at",
        CASE WHEN i % 4 = 0 THEN NULL ELSE i % 2 = 0 END AS won,
        DATE '2024-01-01' + i::INTEGER AS d,
        (9007199254740993 + i)::BIGINT AS big,
        (170141183460469231731687303715884105727 - i)::HUGEINT AS huge,
        (i / 7)::DECIMAL(18, 3) AS dec,
        18446744073709551615::UBIGINT AS ubig,
        INTERVAL (i) SECOND + INTERVAL 1 MONTH AS span,
        TIME '12:34:56.789' AS tm,
        'deadbeef-0000-4000-8000-00000000000' || (i % 10) AS u_text,
        ('deadbeef-0000-4000-8000-00000000000' || (i % 10))::UUID AS u,
        CASE WHEN i % 5 = 0 THEN NULL ELSE [i, i + 9007199254740993] END::BIGINT[] AS list,
        '\\xDE\\xAD'::BLOB AS bytes,
        (i % 128)::TINYINT AS tiny, i::SMALLINT AS small, (i / 3)::FLOAT AS f
      FROM range(7000) t(i)`);
    const { snap, streams } = await roundTrip('src "t"', 'copy Сумма', 20_000);
    expect(streams.length).toBeGreaterThan(2);
    expect(snap.rows).toBe(7000);
    expect(snap.columns.filter((c) => c.text).map((c) => c.name)).toEqual([
      'big',
      'huge',
      'dec',
      'ubig',
      'span',
      'tm',
      'u',
      'list',
      'bytes',
    ]);
    expect(await columnsOf(engine, 'copy Сумма')).toEqual(await columnsOf(engine, 'src "t"'));
    expect(await differences('src ""t""', 'copy Сумма')).toBe(0);
    // Exactly: the BIGINT above 2^53 would not survive a trip through a double.
    const big = await engine.query(
      `SELECT count(*)::DOUBLE AS n FROM "copy Сумма" WHERE big = 9007199254740993 OR big = 9007199254740994`,
    );
    expect(Number(big.getChild('n')?.get(0))).toBe(2);
    expect(await dump('copy Сумма')).toBe(await dump('src "t"'));
  });

  it('goes slice by slice in table order, with gaps in the rowids, other queries in between', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE big AS
      SELECT (299999 - range)::INTEGER AS i, 'v' || (range % 97) AS s FROM range(300000)`);
    await engine.exec('DELETE FROM big WHERE i % 7 = 0 OR (i > 100000 AND i < 160000)');
    const events: string[] = [];
    const streams: Uint8Array[] = [];
    const snap = await exportTable(engine, 'big', async (ipc) => {
      streams.push(ipc);
      events.push(`stream ${streams.length}`);
      if (streams.length === 1)
        void engine.query('SELECT 42 AS x').then(() => events.push('other query'));
    });
    expect(events.slice(0, 3)).toEqual(['stream 1', 'other query', 'stream 2']);
    await importTable(engine, { ...snap, name: 'big copy' }, streams);
    expect(snap.rows).toBe(300000 - 42857 - 51428);
    expect(await dump('big copy')).toBe(await dump('big'));
  });

  it('keeps an empty table with its columns', async () => {
    await engine.exec('CREATE OR REPLACE TABLE empty_src (a INTEGER, b BIGINT, c VARCHAR)');
    const { snap } = await roundTrip('empty_src', 'empty_copy');
    expect(snap.rows).toBe(0);
    expect(await columnsOf(engine, 'empty_copy')).toEqual([
      { name: 'a', type: 'INTEGER' },
      { name: 'b', type: 'BIGINT' },
      { name: 'c', type: 'VARCHAR' },
    ]);
  });

  it('refuses types it could only keep approximately or by pasting stored text into SQL', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE nested AS SELECT {'a': 1} AS s`);
    await expect(exportTable(engine, 'nested', async () => undefined)).rejects.toThrow(
      /nested\.s: type STRUCT/,
    );
    await expect(exportTable(engine, 'no such', async () => undefined)).rejects.toThrow(
      /no table "no such"/,
    );
  });

  it('rejects a snapshot that does not match its description, keeping the old table', async () => {
    await engine.exec('CREATE OR REPLACE TABLE small AS SELECT range::INTEGER AS a FROM range(5)');
    await engine.exec("CREATE OR REPLACE TABLE keep AS SELECT 'old' AS x");
    const streams: Uint8Array[] = [];
    const snap = await exportTable(engine, 'small', async (s) => void streams.push(s));
    const cases: [string, Partial<typeof snap>, RegExp][] = [
      ['rows', { rows: 6 }, /keep: 5 rows, expected 6/],
      ['name', { columns: [{ name: 'b', type: 'INTEGER' }] }, /columns \(a INTEGER\), expected/],
      ['type', { columns: [{ name: 'a', type: 'BIGINT' }] }, /columns \(a INTEGER\), expected/],
      [
        'SQL in a type',
        { columns: [{ name: 'a', type: 'INTEGER); DROP TABLE small; --', text: true }] },
        /unexpected type/,
      ],
    ];
    for (const [what, patch, error] of cases) {
      await expect(
        importTable(engine, { ...snap, ...patch, name: 'keep' }, streams),
        what,
      ).rejects.toThrow(error);
      expect(await dump('keep'), what).toBe('[{"x":"old"}]');
    }
    expect(await dump('small')).toBe('[{"a":0},{"a":1},{"a":2},{"a":3},{"a":4}]');
    const left = await engine.query(
      "SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE starts_with(table_name, '__')",
    );
    expect(Number(left.getChild('n')?.get(0))).toBe(0);
  });
});
