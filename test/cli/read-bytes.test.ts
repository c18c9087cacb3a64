/**
 * The CLI hands the import the bytes of one `read` of the whole file, as a view: no copy of an
 * export that nothing else holds, and no 512 KB pieces (`readFile`'s). A view may start anywhere
 * in its buffer (Node's small-file pool), so an import from a view at an odd offset must give
 * what an import from a fresh copy gives. `loadFiles` opens every file before the import (the
 * first one named that cannot be opened is the error, before any is read) and the import reads
 * them; a file it never read is closed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseArgs, type ReportArgs } from '../../src/cli/args.ts';
import { createNativeEngine } from '../../src/engine/native.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import { createNodeWorkerEngine } from '../../src/engine/node-worker.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { importFiles } from '../../src/ingest/index.ts';

/** Every `read` of a file handle (the buffer read into, where, how much) and every close. */
const reads: { path: string; buffer: Uint8Array; offset: number; length: number }[] = [];
const opened: string[] = [];
const closed: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    open: async (path: string, ...a: unknown[]) => {
      const fh = await fs.open(path, ...(a as []));
      opened.push(path);
      const read = fh.read.bind(fh) as (...a: unknown[]) => ReturnType<typeof fh.read>;
      const close = fh.close.bind(fh);
      return Object.assign(fh, {
        read: (buffer: Uint8Array, offset: number, length: number, position: number) => {
          reads.push({ path, buffer, offset, length });
          return read(buffer, offset, length, position);
        },
        close: () => {
          closed.push(path);
          return close();
        },
      });
    },
  };
});

const { loadFiles, readBytes } = await import('../../src/cli/load.ts');

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

  it("returns a view of one read's buffer with the file's exact bytes", async () => {
    reads.length = opened.length = closed.length = 0;
    const bytes = await readBytes('deals', DEALS);
    const size = readFileSync(DEALS).length;
    expect(reads).toEqual([{ path: DEALS, buffer: expect.anything(), offset: 0, length: size }]);
    expect(bytes.buffer).toBe(reads[0]!.buffer.buffer);
    expect(bytes.byteOffset).toBe(reads[0]!.buffer.byteOffset);
    expect(Buffer.from(bytes).equals(readFileSync(DEALS))).toBe(true);
    expect(closed).toEqual(opened);
  });

  it('names the option and the path when the file cannot be read', async () => {
    await expect(readBytes('clients', 'test/cli/fixtures/nope.csv')).rejects.toThrow(
      '--clients test/cli/fixtures/nope.csv: no such file',
    );
    await expect(readBytes('deals', 'test/cli/fixtures')).rejects.toThrow(
      '--deals test/cli/fixtures: is a directory',
    );
  });

  const args = (...argv: string[]) => parseArgs(['report', ...argv]) as ReportArgs;

  it('opens every file before the import: the first that cannot be opened, none read, all closed', async () => {
    reads.length = opened.length = closed.length = 0;
    const engine = await createNodeEngine();
    engines.push(engine);
    const run = loadFiles(
      engine,
      args('--deals', DEALS, '--stages', 'nope.csv', '--lookup', CLIENTS),
    );
    await expect(run).rejects.toThrow('--stages nope.csv: no such file');
    expect(reads).toEqual([]);
    expect(opened).toEqual([DEALS]);
    expect(closed).toEqual(opened);
  });

  /** A deals file and its stage history, 300 deals, in a new folder. */
  function writeExport(): { deals: string; history: string } {
    const dir = mkdtempSync(join(tmpdir(), 'crm-read-'));
    const deals = join(dir, 'deals.csv');
    const history = join(dir, 'history.csv');
    const d = ['id,title,created_at,amount,stage'];
    const h = ['deal_id,stage,entered_at'];
    for (let i = 0; i < 300; i++) {
      d.push(
        `D${i},Сделка ${i},2024-01-0${1 + (i % 9)} 10:00:00,${i * 10},${i % 3 ? 'New' : 'Won'}`,
      );
      h.push(`D${i},New,2024-01-0${1 + (i % 9)} 10:00:00`, `D${i},Won,2024-02-01`);
    }
    writeFileSync(deals, d.join('\n') + '\n');
    writeFileSync(history, h.join('\n') + '\n');
    return { deals, history };
  }

  it('the import reads each file once, the stage history first, and closes them (DuckDB-WASM)', async () => {
    const { deals, history } = writeExport();
    reads.length = opened.length = closed.length = 0;
    const engine = await createNodeEngine();
    engines.push(engine);
    const loaded = await loadFiles(engine, args('--deals', deals, '--stages', history));
    // Both opened first (in the options' order), then read by the import, the history first.
    expect(opened).toEqual([deals, history]);
    expect(reads.map((r) => r.path)).toEqual([history, deals]);
    expect(closed.sort()).toEqual([...opened].sort());
    const given = await importFiles(engine, [
      { name: 'deals.csv', bytes: new Uint8Array(readFileSync(deals)), kind: 'deals' },
      { name: 'history.csv', bytes: new Uint8Array(readFileSync(history)), kind: 'stage_history' },
    ]);
    expect(loaded.model).toEqual(given.model);
    expect(loaded.report).toEqual(given.report);
  });

  it("on DuckDB-WASM's worker thread (the CLI's) the engine reads the shared bytes the import keeps", async () => {
    const { deals, history } = writeExport();
    reads.length = 0;
    const engine = await createNodeWorkerEngine();
    engines.push(engine);
    const loaded = await loadFiles(engine, args('--deals', deals, '--stages', history));
    // Shared, so the worker reads them where they are and the import's own passes still can.
    expect(reads.map((r) => r.buffer.buffer instanceof SharedArrayBuffer)).toEqual([true, true]);
    const blocking = await createNodeEngine();
    engines.push(blocking);
    const given = await importFiles(blocking, [
      { name: 'deals.csv', bytes: new Uint8Array(readFileSync(deals)), kind: 'deals' },
      { name: 'history.csv', bytes: new Uint8Array(readFileSync(history)), kind: 'stage_history' },
    ]);
    expect(loaded.model).toEqual(given.model);
    expect(loaded.report).toEqual(given.report);
    const count = 'SELECT count(*)::INTEGER AS n, sum(amount)::DOUBLE AS s FROM deals';
    expect((await engine.query(count)).get(0)?.toJSON()).toEqual({ n: 300, s: 448500 });
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
