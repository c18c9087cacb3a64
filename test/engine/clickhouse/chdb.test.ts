import { afterAll, describe, expect, it } from 'vitest';
import { chdbAvailable, createChdbEngine } from '../../../src/engine/chdb.ts';
import { EngineCrashed, EngineError } from '../../../src/engine/types.ts';

describe('chdb engine', () => {
  it('without chdb installed, names the install command', async () => {
    const saved = process.env.CRM_CHDB_DIR;
    process.env.CRM_CHDB_DIR = '/nonexistent/chdb';
    try {
      const e = createChdbEngine();
      await expect(e.query('SELECT 1')).rejects.toThrow(
        'chdb is not installed (looked in /nonexistent/chdb); install it with: npm run install:chdb',
      );
      await e.close();
    } finally {
      if (saved === undefined) delete process.env.CRM_CHDB_DIR;
      else process.env.CRM_CHDB_DIR = saved;
    }
  });

  describe.skipIf(!chdbAvailable())('installed', () => {
    const crashes: string[] = [];
    const engine = createChdbEngine({ onCrash: (r) => crashes.push(r) });
    afterAll(() => engine.close());

    it('returns DuckDB-WASM’s types: 64-bit integers and decimals as doubles, UTC timestamps zone-less', async () => {
      const t = await engine.query(
        "SELECT count() AS n, toDecimal64(1.25, 2) AS d, toDateTime64('2024-01-02 03:04:05.123456', 6, 'UTC') AS ts, 'ж' AS s",
      );
      expect(t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
        'n: Float64',
        'd: Float64',
        'ts: Timestamp<MICROSECOND>',
        's: Utf8',
      ]);
      expect(t.get(0)!.toJSON()).toEqual({ n: 1, d: 1.25, ts: 1704164645123.456, s: 'ж' });
    });

    it('reports ClickHouse errors as EngineError with the SQL, and keeps working', async () => {
      const e = await engine.query('SELECT nope FROM nowhere').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).sql).toBe('SELECT nope FROM nowhere');
      expect((await engine.query('SELECT 1 AS ok')).get(0)!.toJSON()).toEqual({ ok: 1 });
    });

    it('after a crash: queued calls fail, onCrash once, then a fresh database', async () => {
      await engine.exec('CREATE TABLE kept ENGINE = Memory AS SELECT 42 AS a');
      const queued = engine.query('SELECT a FROM kept').catch((x: unknown) => x);
      await engine.simulateCrash();
      expect(await queued).toBeInstanceOf(EngineCrashed);
      expect(crashes).toEqual(['terminated']);
      await expect(engine.query('SELECT a FROM kept')).rejects.toThrow(/kept/);
    });
  });
});
