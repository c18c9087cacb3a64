/**
 * The CLI hands the import the bytes `readFile` gave it, as a view: no copy of an export that
 * nothing else holds. A view may start anywhere in its buffer (Node's small-file pool), so an
 * import from a view at an odd offset must give what an import from a fresh copy gives.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNativeEngine } from '../../src/engine/native.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { importFiles } from '../../src/ingest/index.ts';

const read: Buffer[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    readFile: async (...a: Parameters<typeof fs.readFile>) => {
      const b = (await fs.readFile(...a)) as Buffer;
      read.push(b);
      return b;
    },
  };
});

const { readBytes } = await import('../../src/cli/load.ts');

const DEALS = 'test/cli/fixtures/deals.csv';
const CLIENTS = 'test/cli/fixtures/clients.csv';

/** `bytes` at `offset` inside a larger buffer whose other bytes are not CSV. */
function at(bytes: Uint8Array, offset: number): Uint8Array {
  const all = new Uint8Array(offset + bytes.length + 5).fill(0x22);
  all.set(bytes, offset);
  return all.subarray(offset, offset + bytes.length);
}

describe('the CLI reads a file once, without a copy', () => {
  const engines: LazyEngine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
  });

  it("returns a view of readFile's buffer with the file's exact bytes", async () => {
    read.length = 0;
    const bytes = await readBytes('deals', DEALS);
    expect(read).toHaveLength(1);
    expect(bytes.buffer).toBe(read[0]!.buffer);
    expect(bytes.byteOffset).toBe(read[0]!.byteOffset);
    expect(Buffer.from(bytes).equals(readFileSync(DEALS))).toBe(true);
  });

  it('names the option and the path when the file cannot be read', async () => {
    await expect(readBytes('clients', 'test/cli/fixtures/nope.csv')).rejects.toThrow(
      '--clients test/cli/fixtures/nope.csv: no such file',
    );
  });

  it('imports views at odd offsets exactly like fresh copies (native DuckDB)', async () => {
    const deals = new Uint8Array(readFileSync(DEALS));
    const clients = new Uint8Array(readFileSync(CLIENTS));
    const results = [];
    for (const offset of [0, 1, 3]) {
      const engine = createNativeEngine({ threads: 1 });
      engines.push(engine);
      const { model, report } = await importFiles(engine, [
        { name: 'deals.csv', bytes: offset ? at(deals, offset) : deals.slice(), kind: 'deals' },
        { name: 'clients.csv', bytes: offset ? at(clients, offset) : clients.slice() },
      ]);
      const rows = await engine.query('SELECT * FROM deals ORDER BY rowid');
      const cl = await engine.query('SELECT * FROM clients ORDER BY rowid');
      results.push({
        model,
        report,
        deals: rows.toArray().map((r) => JSON.stringify(r.toJSON())),
        clients: cl.toArray().map((r) => JSON.stringify(r.toJSON())),
      });
    }
    expect(results[0]!.deals).toHaveLength(10);
    expect(results[0]!.deals.join()).toContain('Анна');
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
