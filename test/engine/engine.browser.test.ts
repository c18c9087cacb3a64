import { describe, expect, it } from 'vitest';
import { createBrowserEngine } from '../../src/engine/browser.ts';
import { engineSuite } from './suite.ts';

engineSuite('browser (duckdb-wasm worker)', (opts) => createBrowserEngine(opts));

describe('the browser engine’s registered bytes', () => {
  it('moves a handed-over buffer to DuckDB’s worker instead of copying it; copies the rest', async () => {
    const engine = createBrowserEngine();
    try {
      const kept = new TextEncoder().encode('x\n1\n');
      await engine.registerFile('kept.csv', kept);
      expect(kept.buffer.byteLength).toBeGreaterThan(0);
      const given = new TextEncoder().encode('x\n1\n2\n');
      const path = await engine.registerFile('given.csv', given.subarray(2), { handOver: true });
      // Transferred: the page's buffer is detached, no copy of it was made here.
      expect(given.buffer.byteLength).toBe(0);
      const t = await engine.query(
        `SELECT count(*)::INT AS n FROM read_csv('${path}', header = false, columns = {'x': 'INT'})`,
      );
      expect(t.get(0)?.toJSON().n).toBe(2);
    } finally {
      await engine.close();
    }
  });
});
