/**
 * The ClickHouse HTTP engine against a loopback server that executes in chdb (ch-server.mjs):
 * results in DuckDB-WASM's Arrow types, the settings and credentials on every request, typed
 * MergeTree tables from Arrow, and one clear message for every way it fails.
 */
import { createServer, type Server } from 'node:http';
import { Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chdbAvailable } from '../../../src/engine/chdb.ts';
import {
  ClickHouseError,
  createClickHouseEngine,
  serverDetail,
} from '../../../src/engine/clickhouse.ts';
import { render } from '../../../src/lib/message.ts';
import { startClickHouse } from './ch-server.mjs';

type Loopback = Awaited<ReturnType<typeof startClickHouse>>;

async function failure(p: Promise<unknown>): Promise<ClickHouseError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ClickHouseError);
  return e as ClickHouseError;
}

describe('serverDetail', () => {
  it('keeps the reason of a ClickHouse error body, without code, name and version', () => {
    expect(
      serverDetail(
        'Code: 60. DB::Exception: Table crm.deals does not exist. (UNKNOWN_TABLE) (version 24.3.1.2 (official build))\n',
      ),
    ).toBe('Table crm.deals does not exist');
    expect(
      serverDetail(
        'Code: 241. DB::Exception: Code: 241. DB::Exception: Query memory limit exceeded',
      ),
    ).toBe('Query memory limit exceeded');
  });
});

describe('ClickHouse engine, no server needed', () => {
  it('refuses an address that is not http(s), and one with credentials in it', async () => {
    expect(() => createClickHouseEngine({ url: 'ftp://x' })).toThrow(/not a ClickHouse server/);
    expect(() => createClickHouseEngine({ url: 'http://u:p@x:8123' })).toThrow(
      /not a ClickHouse server/,
    );
  });

  it('an unreachable server is one clear error, in both languages', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const e = await failure(
      createClickHouseEngine({ url: `http://127.0.0.1:${port}` }).query('SELECT 1'),
    );
    expect(e.message).toBe(
      `cannot reach the ClickHouse server at http://127.0.0.1:${port}: ECONNREFUSED`,
    );
    expect(render('ru', e.msg)).toContain('не удаётся связаться с сервером ClickHouse');
  });

  it('a server that never answers times out instead of hanging', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as { port: number };
    try {
      const e = await failure(
        createClickHouseEngine({ url: `http://127.0.0.1:${port}`, timeoutMs: 300 }).query(
          'SELECT 1',
        ),
      );
      expect(e.msg.code).toBe('ch_timeout');
      expect(e.message).toMatch(/did not finish within 1 s/);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('an answer that is not ClickHouse’s says so', async () => {
    const other: Server = createServer((_, res) => res.writeHead(502).end('Bad gateway'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const { port } = other.address() as { port: number };
    try {
      const e = await failure(
        createClickHouseEngine({ url: `http://127.0.0.1:${port}` }).query('SELECT 1'),
      );
      expect(e.message).toBe(
        `the server at http://127.0.0.1:${port} answered HTTP 502, not as ClickHouse does: Bad gateway`,
      );
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});

describe.skipIf(!chdbAvailable())('ClickHouse engine over HTTP (loopback server on chdb)', () => {
  let server: Loopback;
  beforeAll(async () => {
    server = await startClickHouse({ user: 'crm', password: 's3cret' });
    await server.sql('CREATE DATABASE IF NOT EXISTS crm');
  });
  afterAll(() => server.close());
  const engine = () =>
    createClickHouseEngine({ url: server.url, database: 'crm', user: 'crm', password: 's3cret' });

  it('returns DuckDB-WASM’s types, sending the settings and the credentials on every request', async () => {
    const t = await engine().query(
      "SELECT count() AS n, toDecimal64(1.25, 2) AS d, toDateTime64('2024-01-02 03:04:05.123456', 6, 'UTC') AS ts, 'ж' AS s, currentDatabase() AS db",
    );
    expect(t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
      'n: Float64',
      'd: Float64',
      'ts: Timestamp<MICROSECOND>',
      's: Utf8',
      'db: Utf8',
    ]);
    expect(t.get(0)!.toJSON()).toEqual({
      n: 1,
      d: 1.25,
      ts: 1704164645123.456,
      s: 'ж',
      db: 'crm',
    });
    const r = server.requests.at(-1)!;
    expect(r.headers['x-clickhouse-user']).toBe('crm');
    expect(r.headers['x-clickhouse-key']).toBe('s3cret');
    expect(r.params).toMatchObject({
      database: 'crm',
      default_format: 'ArrowStream',
      join_use_nulls: '1',
      group_by_use_nulls: '1',
      cast_keep_nullable: '1',
      session_timezone: 'UTC',
    });
    expect(r.params.query_id).toMatch(/^crm-/);
    expect(JSON.stringify(r.params)).not.toContain('s3cret');
  });

  it('the settings change the results: an outer join’s missing side is NULL, UTC dates', async () => {
    const t = await engine().query(
      "SELECT b.y AS y, toString(toDateTime('2024-05-06 00:00:00')) AS d FROM (SELECT 1 AS x) a LEFT JOIN (SELECT 2 AS x, 5 AS y) b ON a.x = b.x",
    );
    expect(t.get(0)!.toJSON()).toEqual({ y: null, d: '2024-05-06 00:00:00' });
  });

  it('loads Arrow into a typed MergeTree table and reads it back with the same types', async () => {
    const e = engine();
    const both = new Table({
      name: vectorFromArray(['a', null, 'в'], new Utf8()),
      amount: vectorFromArray([1.5, 2, -3], new Float64()),
      n: vectorFromArray([1, 2, 3], new Int32()),
    });
    await e.insertArrow('loaded', both);
    await e.insertArrow('loaded', both); // replaces, does not append
    const ddl = new TextDecoder().decode(
      await server.sql("SELECT create_table_query FROM system.tables WHERE name = 'loaded'"),
    );
    expect(ddl).toContain(
      '`name` Nullable(String), `amount` Nullable(Float64), `n` Nullable(Int32)',
    );
    expect(ddl).toContain('ENGINE = MergeTree');
    const back = await e.query('SELECT * FROM loaded ORDER BY n');
    expect(back.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
      'name: Utf8',
      'amount: Float64',
      'n: Int32',
    ]);
    expect(back.toArray().map((r: { toJSON(): unknown }) => r.toJSON())).toEqual([
      { name: 'a', amount: 1.5, n: 1 },
      { name: null, amount: 2, n: 2 },
      { name: 'в', amount: -3, n: 3 },
    ]);
  });

  it('a wrong password: the server’s 516, as one message', async () => {
    const e = await failure(
      createClickHouseEngine({ url: server.url, user: 'crm', password: 'nope' }).query('SELECT 1'),
    );
    expect(e.chCode).toBe(516);
    expect(e.message).toBe(
      `the ClickHouse server at ${server.url} refused user “crm”: wrong password or no such user`,
    );
    expect(render('ru', e.msg)).toContain('неверный пароль');
  });

  it('a missing table, column or database: chdb’s own errors 60, 47 and 81, explained', async () => {
    const table = await failure(engine().query('SELECT * FROM deals'));
    expect(table.chCode).toBe(60);
    expect(table.message).toMatch(
      /^the ClickHouse database “crm” lacks a table this needs \(load the data with crm push\): .*deals/,
    );
    await engine().exec('CREATE TABLE IF NOT EXISTS t1 (a Int32) ENGINE = Memory');
    const column = await failure(engine().query('SELECT amount FROM t1'));
    expect(column.chCode).toBe(47);
    expect(column.message).toMatch(/lacks a column this needs.*amount/);
    const db = await failure(
      createClickHouseEngine({
        url: server.url,
        database: 'nowhere',
        user: 'crm',
        password: 's3cret',
      }).query('SELECT 1'),
    );
    expect(db.chCode).toBe(81);
    expect(db.message).toBe(`the ClickHouse server at ${server.url} has no database “nowhere”`);
  });

  it('a query the server stops for memory (241) or time (159)', async () => {
    server.setProfile({ max_memory_usage: '2000000' });
    try {
      const e = await failure(
        engine().query('SELECT groupArray(number) AS a FROM numbers(10000000)'),
      );
      expect(e.chCode).toBe(241);
      expect(e.message).toMatch(/^the ClickHouse server stopped the query: it needed more memory/);
      expect(render('ru', e.msg)).toContain('не хватило разрешённой памяти');
    } finally {
      server.setProfile({});
    }
    const slow = await failure(
      createClickHouseEngine({
        url: server.url,
        user: 'crm',
        password: 's3cret',
        timeoutMs: 1000,
      }).query('SELECT count() FROM numbers(100000000000)'),
    );
    expect(slow.msg.code).toBe('ch_timeout');
  });

  it('cancel ends the running call at once', async () => {
    const e = engine();
    const running = e.query('SELECT count() FROM numbers(3000000000)');
    running.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    await e.cancel();
    const err = await failure(running);
    expect(err.message).toBe('the query was cancelled');
  });

  it('files cannot be registered on a server', async () => {
    const e = await failure(engine().registerFile('x.csv', new Uint8Array([1])));
    expect(e.msg.code).toBe('ch_noFiles');
  });
});
