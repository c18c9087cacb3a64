/**
 * One behavioural suite for every Engine implementation (browser worker, Node blocking), so the
 * two cannot drift apart. Each implementation's test file calls `engineSuite` once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Bool,
  Field,
  Float64,
  Int32,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import {
  EngineCrashed,
  EngineError,
  type EngineOptions,
  type EngineStatus,
  type LazyEngine,
} from '../../src/engine/types.ts';
import { quoteString } from '../../src/query/sql/escape.ts';

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export type EngineFactory = (opts: EngineOptions) => LazyEngine | Promise<LazyEngine>;

/** Rows as plain objects; fine for the handful of rows these tests look at. */
function rows(t: Table): Record<string, unknown>[] {
  return t.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
}

/** Rejects if `p` has not settled after `ms`: "fails cleanly" must also mean "does not hang". */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

export interface SuiteOptions {
  /**
   * Parquet and JSON are built into native DuckDB (no extension to fetch): there, reading a file
   * must fail on the sandbox instead, and `::JSON` simply works.
   */
  builtinExtensions?: boolean;
}

export function engineSuite(name: string, factory: EngineFactory, o: SuiteOptions = {}): void {
  describe(`engine: ${name}`, () => {
    let engine: LazyEngine;
    const statuses: EngineStatus[] = [];

    beforeAll(async () => {
      engine = await factory({ onStatus: (s) => statuses.push(s) });
    });
    afterAll(async () => {
      await engine?.close();
    });

    // Must run first: it observes the very first start of the shared engine.
    it('starts lazily, exactly once for concurrent first queries', async () => {
      expect(statuses).toEqual([]);
      const [a, b] = await Promise.all([
        engine.query('SELECT 1 AS v'),
        engine.query('SELECT 2 AS v'),
      ]);
      expect(rows(a)).toEqual([{ v: 1 }]);
      expect(rows(b)).toEqual([{ v: 2 }]);
      await engine.start();
      expect(statuses).toEqual(['loading-wasm', 'ready']);
    });

    it('returns Arrow tables of our own apache-arrow instance', async () => {
      const t = await engine.query(
        "SELECT 42 AS answer, 'x' AS s UNION ALL SELECT 43, NULL ORDER BY 1",
      );
      expect(t).toBeInstanceOf(Table);
      expect(t.numRows).toBe(2);
      expect(t.schema.fields.map((f) => f.name)).toEqual(['answer', 's']);
      expect(rows(t)).toEqual([
        { answer: 42, s: 'x' },
        { answer: 43, s: null },
      ]);
    });

    it('keeps the schema of an empty result', async () => {
      const t = await engine.query('SELECT 1 AS a, 2.5 AS b WHERE false');
      expect(t.numRows).toBe(0);
      expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
    });

    it('returns BIGINT, HUGEINT and DECIMAL as numbers, never bigint', async () => {
      const t = await engine.query(
        `SELECT 9007199254740991::BIGINT AS big, 12.34::DECIMAL(10,2) AS dec, count(*) AS n,
                sum(range)::HUGEINT AS huge, avg(range) AS mean FROM range(10)`,
      );
      const [row] = rows(t);
      expect(row).toEqual({ big: 9007199254740991, dec: 12.34, n: 10, huge: 45, mean: 4.5 });
      for (const v of Object.values(row!)) expect(typeof v).toBe('number');
      expect(() => JSON.stringify(row)).not.toThrow();
    });

    it('returns DATE and TIMESTAMP as epoch milliseconds', async () => {
      const t = await engine.query(
        "SELECT DATE '2024-02-29' AS d, TIMESTAMP '2024-02-29 13:14:15.123' AS ts, NULL::DATE AS nd",
      );
      expect(rows(t)).toEqual([
        { d: Date.UTC(2024, 1, 29), ts: Date.UTC(2024, 1, 29, 13, 14, 15, 123), nd: null },
      ]);
    });

    it('runs DDL and several statements through exec', async () => {
      await engine.exec('CREATE OR REPLACE TABLE ddl_t (id INTEGER, name VARCHAR)');
      await engine.exec("INSERT INTO ddl_t VALUES (1, 'a'); INSERT INTO ddl_t VALUES (2, 'Ёж');");
      const t = await engine.query('SELECT id, name FROM ddl_t ORDER BY id');
      expect(rows(t)).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'Ёж' },
      ]);
    });

    it('serialises concurrent queries on its one connection', async () => {
      const sqls = Array.from(
        { length: 8 },
        (_, i) => `SELECT ${i} AS i, sum(range) AS s FROM range(${i * 1000})`,
      );
      const results = await Promise.all(sqls.map((sql) => engine.query(sql)));
      results.forEach((t, i) => expect(rows(t)[0]?.['i']).toBe(i));
    });

    describe('insertArrow', () => {
      const name = 'my "deals" 2024';
      const q = '"my ""deals"" 2024"';
      const when = [Date.UTC(2024, 0, 31, 23, 59, 59, 500), null, Date.UTC(1999, 11, 31)];

      it('round-trips utf8 (Cyrillic), nulls, numbers, booleans and timestamps', async () => {
        const data = new Table({
          id: vectorFromArray([1, 2, 3], new Int32()),
          title: vectorFromArray(['Сделка «Ромашка»', null, 'plain "quoted" \'text\''], new Utf8()),
          stage: tableFromArrays({ s: ['Новая', 'Новая', null] }).getChild('s')!, // dictionary-encoded
          amount: vectorFromArray([1.5, null, -2], new Float64()),
          won: vectorFromArray([true, false, null], new Bool()),
          at: vectorFromArray(
            when.map((ms) => (ms === null ? null : new Date(ms))),
            new TimestampMillisecond(),
          ),
        });
        await engine.insertArrow(name, data);
        const t = await engine.query(`SELECT * FROM ${q} ORDER BY id`);
        expect(rows(t)).toEqual([
          { id: 1, title: 'Сделка «Ромашка»', stage: 'Новая', amount: 1.5, won: true, at: when[0] },
          { id: 2, title: null, stage: 'Новая', amount: null, won: false, at: null },
          {
            id: 3,
            title: 'plain "quoted" \'text\'',
            stage: null,
            amount: -2,
            won: null,
            at: when[2],
          },
        ]);
      });

      it('replaces an existing table', async () => {
        await engine.insertArrow(name, tableFromArrays({ other: Int32Array.from([7]) }));
        expect(rows(await engine.query(`SELECT * FROM ${q}`))).toEqual([{ other: 7 }]);
        const left = await engine.query(
          "SELECT count(*) AS n FROM duckdb_tables() WHERE starts_with(table_name, '__engine')",
        );
        expect(rows(left)).toEqual([{ n: 0 }]);
      });

      it('leaves things as they were when the swap fails', async () => {
        await engine.exec('CREATE OR REPLACE VIEW "a view" AS SELECT 1 AS v');
        const e = await rejection(
          engine.insertArrow('a view', tableFromArrays({ v: Int32Array.from([2]) })),
        );
        expect(e).toBeInstanceOf(EngineError);
        expect((e as EngineError).message).toContain('insertArrow("a view")');
        expect(rows(await engine.query('SELECT * FROM "a view"'))).toEqual([{ v: 1 }]);
        const left = await engine.query(
          "SELECT count(*) AS n FROM duckdb_tables() WHERE starts_with(table_name, '__engine')",
        );
        expect(rows(left)).toEqual([{ n: 0 }]);
      });

      it('creates a 0-row table with its columns (with and without an empty batch)', async () => {
        const schema = new Schema([
          new Field('a', new Int32(), true),
          new Field('s', new Utf8(), true),
        ]);
        for (const data of [new Table(schema), tableFromArrays({ a: Int32Array.from([]) })]) {
          await engine.insertArrow('empty t', data);
          const t = await engine.query('SELECT * FROM "empty t"');
          expect(t.numRows).toBe(0);
          expect(t.schema.fields.map((f) => f.name)).toEqual(data.schema.fields.map((f) => f.name));
        }
      });

      it('loads many batches', async () => {
        const n = 100_000;
        const ids = Int32Array.from({ length: n }, (_, i) => i);
        const big = new Table(
          [0, 1, 2, 3]
            .map(
              (k) => tableFromArrays({ id: ids.subarray((k * n) / 4, ((k + 1) * n) / 4) }).batches,
            )
            .flat(),
        );
        await engine.insertArrow('big', big);
        expect(rows(await engine.query('SELECT count(*) AS n, sum(id) AS s FROM big'))).toEqual([
          { n, s: (n * (n - 1)) / 2 },
        ]);
      });
    });

    describe('exportIPC / importIPC', () => {
      // Every type the canonical tables use, NULLs, Cyrillic and names that need quoting.
      const source = `SELECT i::INTEGER AS "select", 'Сделка «' || i || '»' AS "a""b",
          CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1.25 END::DOUBLE AS "Сумма, руб.",
          TIMESTAMP '2024-02-29 13:14:15.123' + INTERVAL (i) HOUR AS at,
          CASE WHEN i % 4 = 0 THEN NULL ELSE i % 2 = 0 END AS won, DATE '2024-01-01' + i::INTEGER AS d
        FROM range(5000) t(i)`;
      const types = (table: string) =>
        engine.query(
          `SELECT column_name AS c, data_type AS t FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`,
        );

      it('round-trips a table through several streams: order, values, NULLs, types', async () => {
        await engine.exec(`CREATE OR REPLACE TABLE ipc_src AS ${source}`);
        const streams: Uint8Array[] = [];
        await engine.exportIPC('SELECT * FROM ipc_src', (s) => void streams.push(s), {
          streamBytes: 20_000,
        });
        expect(streams.length).toBeGreaterThan(2);
        // Each stream is complete on its own.
        const counts = streams.map((s) => tableFromIPC(s).numRows);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(5000);
        await engine.importIPC('ipc "copy" Ω', streams);
        const [a, b] = await Promise.all([
          engine.query('SELECT * FROM ipc_src'),
          engine.query('SELECT * FROM "ipc ""copy"" Ω"'),
        ]);
        expect(rows(b)).toEqual(rows(a));
        expect(rows(await types('ipc "copy" Ω'))).toEqual(rows(await types('ipc_src')));
        expect(rows(await types('ipc_src')).map((r) => r['t'])).toEqual([
          'INTEGER',
          'VARCHAR',
          'DOUBLE',
          'TIMESTAMP',
          'BOOLEAN',
          'DATE',
        ]);
      });

      it('keeps the columns of an empty result (one stream, schema only)', async () => {
        const streams: Uint8Array[] = [];
        await engine.exportIPC(`SELECT * FROM (${source}) WHERE false`, (s) => {
          streams.push(s);
        });
        expect(streams).toHaveLength(1);
        await engine.importIPC('ipc_empty', streams);
        const t = await engine.query('SELECT * FROM ipc_empty');
        expect(t.numRows).toBe(0);
        expect(t.schema.fields.map((f) => f.name)).toEqual([
          'select',
          'a"b',
          'Сумма, руб.',
          'at',
          'won',
          'd',
        ]);
      });

      it('reads streams from an async source', async () => {
        const ipc = tableToIPC(tableFromArrays({ x: Int32Array.from([1, 2, 3]) }), 'stream');
        async function* parts() {
          yield ipc;
          await new Promise((r) => setTimeout(r, 5));
          yield ipc;
        }
        await engine.importIPC('ipc_async', parts());
        expect(
          rows(await engine.query('SELECT sum(x) AS s, count(*) AS n FROM ipc_async')),
        ).toEqual([{ s: 12, n: 6 }]);
      });

      // duckdb-wasm buffers an Arrow insert until its end-of-stream marker: a broken stream that
      // reached it would swallow every later insert without an error.
      it('rejects broken streams, keeps the old table and loads the next insert', async () => {
        await engine.insertArrow('ipc_keep', tableFromArrays({ v: Int32Array.from([7]) }));
        const good = tableToIPC(tableFromArrays({ v: Int32Array.from([1, 2]) }), 'stream');
        const other = tableToIPC(
          tableFromArrays({ v: Int32Array.from([1]), w: Int32Array.from([2]) }),
          'stream',
        );
        const bad: [string, Uint8Array[]][] = [
          ['cut short', [good.subarray(0, good.length - 20)]],
          ['no end marker', [good.subarray(0, good.length - 8)]],
          ['garbage', [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])]],
          ['bytes after the end', [concatBytes(good, new Uint8Array([1, 2, 3]))]],
          ['nothing', []],
          ['a second stream of another schema', [good, other]],
        ];
        for (const [what, streams] of bad) {
          const e = await rejection(engine.importIPC('ipc_keep', streams));
          expect(e, what).toBeInstanceOf(EngineError);
          expect((e as EngineError).message, what).toContain('importIPC("ipc_keep")');
          expect(rows(await engine.query('SELECT * FROM ipc_keep')), what).toEqual([{ v: 7 }]);
          await engine.insertArrow('ipc_after', tableFromArrays({ v: Int32Array.from([3]) }));
          expect(rows(await engine.query('SELECT * FROM ipc_after')), what).toEqual([{ v: 3 }]);
          await engine.exec('DROP TABLE ipc_after');
        }
        const left = await engine.query(
          "SELECT count(*) AS n FROM duckdb_tables() WHERE starts_with(table_name, '__engine')",
        );
        expect(rows(left)).toEqual([{ n: 0 }]);
        await engine.importIPC('ipc_keep', [good]);
        expect(rows(await engine.query('SELECT * FROM ipc_keep'))).toEqual([{ v: 1 }, { v: 2 }]);
      });

      it('stops an export whose consumer fails, with its error unchanged', async () => {
        let calls = 0;
        const full = new Error('disk full');
        const e = await rejection(
          engine.exportIPC(
            'SELECT range AS i, range::VARCHAR AS s FROM range(200000)',
            () => {
              if (++calls === 2) throw full;
            },
            { streamBytes: 10_000 },
          ),
        );
        expect(e).toBe(full);
        expect(calls).toBe(2);
        expect(rows(await engine.query('SELECT count(*) AS n FROM range(7)'))).toEqual([{ n: 7 }]);
      });

      it('stops an import whose source fails, with its error unchanged', async () => {
        await engine.insertArrow('ipc_src_fail', tableFromArrays({ v: Int32Array.from([7]) }));
        const cancelled = new DOMException('stopped', 'AbortError');
        const ipc = tableToIPC(tableFromArrays({ v: Int32Array.from([1]) }), 'stream');
        async function* parts() {
          yield ipc;
          throw cancelled;
        }
        expect(await rejection(engine.importIPC('ipc_src_fail', parts()))).toBe(cancelled);
        expect(rows(await engine.query('SELECT * FROM ipc_src_fail'))).toEqual([{ v: 7 }]);
      });

      it('fails an export of bad SQL with the SQL, and keeps working', async () => {
        const e = await rejection(engine.exportIPC('SELECT * FROM no_such_table', () => undefined));
        expect(e).toBeInstanceOf(EngineError);
        expect((e as EngineError).sql).toBe('SELECT * FROM no_such_table');
        expect(rows(await engine.query('SELECT 1 AS ok'))).toEqual([{ ok: 1 }]);
      });
    });

    it('reads a registered file with read_csv and forgets it after dropFile', async () => {
      const bytes = new TextEncoder().encode('id;name;amount\n1;Иванов;10,5\n2;"Smith; Jr";3\n');
      const path = await engine.registerFile('x.csv', bytes);
      expect(bytes.byteLength).toBeGreaterThan(0); // the caller's buffer was not detached
      const t = await engine.query(
        `SELECT * FROM read_csv(${quoteString(path)}, decimal_separator=',') ORDER BY id`,
      );
      expect(rows(t)).toEqual([
        { id: 1, name: 'Иванов', amount: 10.5 },
        { id: 2, name: 'Smith; Jr', amount: 3 },
      ]);
      await engine.dropFile('x.csv');
      expect(
        await rejection(engine.query(`SELECT * FROM read_csv(${quoteString(path)})`)),
      ).toBeInstanceOf(EngineError);
    });

    it('reads exactly the bytes of a view handed over, not the rest of its buffer', async () => {
      const whole = new TextEncoder().encode('id;name\n1;a\n2;b\n');
      const view = whole.subarray('id;name\n'.length);
      const path = await engine.registerFile('view.csv', view, { handOver: true });
      const t = await engine.query(
        `SELECT * FROM read_csv(${quoteString(path)}, header = false, columns = {'id': 'INT', 'name': 'VARCHAR'}) ORDER BY id`,
      );
      expect(rows(t)).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]);
      await engine.dropFile('view.csv');
    });

    it('refuses a registered name that could leave its directory', async () => {
      for (const name of ['../x.csv', 'a/b.csv', '..', '']) {
        expect(await rejection(engine.registerFile(name, new Uint8Array(1)))).toBeInstanceOf(
          EngineError,
        );
      }
    });

    it('is sandboxed: no local file, URL, ATTACH, COPY TO or setting change', async () => {
      const refused = [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
        "SELECT * FROM read_csv('/registered/../etc/passwd')",
        "ATTACH '/tmp/crm-sandbox-test.db' AS x",
        "COPY (SELECT 1 AS a) TO '/tmp/crm-sandbox-test.csv'",
        'SET enable_external_access = true',
        'RESET enable_external_access',
        "SET allowed_directories = ['/']",
        'SET lock_configuration = false',
        "LOAD 'httpfs'",
      ];
      for (const sql of refused) {
        const e = await rejection(engine.exec(sql));
        expect(e, sql).toBeInstanceOf(EngineError);
        expect((e as Error).message, sql).toMatch(
          /Permission|locked|disabled|not allowed|Catalog|Invalid|IO/i,
        );
      }
      expect(rows(await engine.query('SELECT 1 AS ok'))).toEqual([{ ok: 1 }]);
    });

    it('rejects bad SQL with an EngineError carrying the SQL, and keeps working', async () => {
      const sql = 'SELEC 1 FROM nowhere';
      const e = await rejection(engine.query(sql));
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).sql).toBe(sql);
      expect((e as EngineError).message).toMatch(/syntax error/i);
      const e2 = await rejection(engine.exec('SELECT * FROM no_such_table'));
      expect((e2 as EngineError).sql).toBe('SELECT * FROM no_such_table');
      expect(rows(await engine.query('SELECT 1 AS ok'))).toEqual([{ ok: 1 }]);
    });

    it('fails parquet/json extension SQL cleanly, without hanging or downloading', async () => {
      for (const sql of [
        "SELECT * FROM read_parquet('x.parquet')",
        "SELECT * FROM read_json('x.json')",
        ...(o.builtinExtensions ? [] : ["SELECT '{}'::JSON AS j"]),
      ]) {
        const e = await within(rejection(engine.query(sql)), 15_000);
        expect(e).toBeInstanceOf(EngineError);
        expect((e as EngineError).message).toMatch(
          o.builtinExtensions ? /permission error/i : /catalog error|extension/i,
        );
      }
      expect(rows(await engine.query('SELECT 1 AS ok'))).toEqual([{ ok: 1 }]);
    });

    it('cancels a long-running query and stays usable', async () => {
      const slow = engine.query(
        'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b',
      );
      const outcome = rejection(slow);
      await new Promise((r) => setTimeout(r, 300));
      await engine.cancel();
      const e = await within(outcome, 10_000);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).message).toMatch(/cancel/i);
      expect(rows(await engine.query('SELECT 1 AS ok'))).toEqual([{ ok: 1 }]);
    });

    it('after a crash: running and queued calls fail, onCrash once, then a fresh sandboxed database', async () => {
      // Its own engine: the crash takes every table with it.
      const crashes: string[] = [];
      const own = await factory({ onCrash: (r) => crashes.push(r) });
      try {
        await own.exec('CREATE TABLE kept AS SELECT 42 AS a');
        const running = rejection(
          own.query('SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b'),
        );
        const queued = rejection(own.query('SELECT a FROM kept'));
        await own.simulateCrash();
        for (const e of [await within(running, 15_000), await within(queued, 15_000)]) {
          expect(e).toBeInstanceOf(EngineCrashed);
          expect((e as EngineCrashed).reason).toBe('terminated');
        }
        expect(crashes).toEqual(['terminated']);
        // A new database: the old tables are gone, the sandbox is on again, nothing more crashed.
        const gone = await rejection(own.query('SELECT a FROM kept'));
        expect(gone).toBeInstanceOf(EngineError);
        expect(gone).not.toBeInstanceOf(EngineCrashed);
        expect((gone as Error).message).toMatch(/kept does not exist/);
        expect(await rejection(own.exec('SET enable_external_access = true'))).toBeInstanceOf(
          EngineError,
        );
        await own.exec('CREATE TABLE kept AS SELECT 7 AS a');
        expect(rows(await own.query('SELECT a FROM kept'))).toEqual([{ a: 7 }]);
        expect(crashes).toEqual(['terminated']);
      } finally {
        await own.close();
      }
    });

    it('rejects the running query and later calls on close', async () => {
      const slow = rejection(
        engine.query('SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b'),
      );
      await new Promise((r) => setTimeout(r, 300));
      await engine.close();
      expect(await within(slow, 10_000)).toBeInstanceOf(Error);
      expect(await rejection(engine.query('SELECT 1'))).toBeInstanceOf(EngineError);
    });
  });
}
