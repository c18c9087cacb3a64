import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorkerEngine } from '../../src/engine/node-worker.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { engineSuite } from './suite.ts';

engineSuite('node (duckdb-wasm on a worker thread)', (opts) => createNodeWorkerEngine(opts));

describe('node (duckdb-wasm on a worker thread): registered bytes', () => {
  let engine: LazyEngine;
  beforeAll(async () => {
    engine = await createNodeWorkerEngine();
  });
  afterAll(() => engine.close());

  const csv = (text: string, shared: boolean) => {
    const bytes = new TextEncoder().encode(text);
    const out = shared
      ? new Uint8Array(new SharedArrayBuffer(bytes.length))
      : new Uint8Array(bytes.length);
    out.set(bytes);
    return out;
  };
  const sum = async (path: string) =>
    (await engine.query(`SELECT sum(a * b)::INTEGER AS s FROM read_csv('${path}')`))
      .get(0)
      ?.toJSON();

  it('reads shared bytes and leaves them to the caller as they were', async () => {
    const bytes = csv('a,b\n1,2\n3,4\n', true);
    expect(await sum(await engine.registerFile('shared.csv', bytes))).toEqual({ s: 14 });
    expect(new TextDecoder().decode(bytes)).toBe('a,b\n1,2\n3,4\n');
  });

  it("keeps the caller's unshared bytes unless they are handed over", async () => {
    const kept = csv('a,b\n2,5\n', false);
    expect(await sum(await engine.registerFile('kept.csv', kept))).toEqual({ s: 10 });
    expect(kept.length).toBe(8);
    const given = csv('a,b\n3,3\n', false);
    expect(await sum(await engine.registerFile('given.csv', given, { handOver: true }))).toEqual({
      s: 9,
    });
  });

  it('a view into a larger shared buffer is read from its offset to its end only', async () => {
    const all = csv('xxxxa,b\n7,7\nyyyy', true);
    const view = all.subarray(4, all.length - 4);
    expect(await sum(await engine.registerFile('view.csv', view))).toEqual({ s: 49 });
  });
});
