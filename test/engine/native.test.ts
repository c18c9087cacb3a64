import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../../src/engine/native.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { engineSuite } from './suite.ts';

engineSuite(
  'native duckdb (@duckdb/node-api)',
  (opts) => createNativeEngine({ ...opts, threads: 2 }),
  { builtinExtensions: true },
);

describe('native duckdb: threads, memory limit, spilling, private directory', () => {
  let base: string;
  let engine: LazyEngine;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'native-test-'));
    engine = createNativeEngine({ threads: 2, memoryLimit: '64MB', tempDir: base });
  });
  afterAll(async () => {
    await engine.close();
    await rm(base, { recursive: true, force: true });
  });

  it('runs with the given threads and memory limit, spilling under the private directory', async () => {
    const t = await engine.query(
      "SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS mem, current_setting('temp_directory') AS tmp",
    );
    const row = t.get(0)!.toJSON() as { threads: number; mem: string; tmp: string };
    expect(Number(row.threads)).toBe(2);
    expect(row.mem).toMatch(/^6\d(\.\d+)? MiB$/);
    const [dir] = await readdir(base);
    expect(dir).toMatch(/^crm-duckdb-/);
    expect(row.tmp).toBe(join(base, dir!, 'spill'));
  });

  it('returns text of any script, NULLs and wide values exactly', async () => {
    const t = await engine.query(
      "SELECT * FROM (VALUES (1, 'Привет, 世界 🎉'), (2, NULL), (3, repeat('ж', 5000))) v(i, s) ORDER BY i",
    );
    expect(t.toArray().map((r: { s: string | null }) => r.s)).toEqual([
      'Привет, 世界 🎉',
      null,
      'ж'.repeat(5000),
    ]);
  });

  it('sorts more data than the memory limit by spilling to disk', async () => {
    // ~3M rows of 32-character strings: several times the 64 MB limit.
    const t = await engine.query(
      `SELECT count(*) AS n, min(h) AS lo FROM (
         SELECT h FROM (SELECT md5(range::VARCHAR) AS h FROM range(3000000)) ORDER BY h
       )`,
    );
    expect(t.get(0)!.toJSON()).toMatchObject({ n: 3_000_000 });
    expect(String(t.get(0)!.toJSON().lo)).toMatch(/^0000/);
  });

  it('reads registered files by real path, nothing else, and removes its directory on close', async () => {
    const own = createNativeEngine({ threads: 1, tempDir: base });
    const path = await own.registerFile('a.csv', new TextEncoder().encode('x\n1\n2\n'));
    expect(path.startsWith(base)).toBe(true);
    const t = await own.query(`SELECT sum(x) AS s FROM read_csv('${path}')`);
    expect(t.get(0)!.toJSON()).toEqual({ s: 3 });
    await expect(own.query(`SELECT * FROM read_csv('${join(base, 'x.csv')}')`)).rejects.toThrow(
      /permission/i,
    );
    await own.close();
    expect(existsSync(path)).toBe(false);
  });
});
