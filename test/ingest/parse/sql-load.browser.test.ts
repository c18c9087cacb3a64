// In Chromium, the real ingest worker hands a plain CSV to the page's DuckDB (register, read_csv,
// drop) instead of sending Arrow batches, and the tables are the JS reader's.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBrowserEngine } from '../../../src/engine/browser.ts';
import type { Engine, LazyEngine } from '../../../src/engine/types.ts';
import { createIngestClient } from '../../../src/state/dataset/ingest-client.ts';

const csv = [
  'Deal ID;Бюджет;Дата создания;Этап',
  ...Array.from(
    { length: 300 },
    (_, i) =>
      `${i};${i % 7 ? `${i} 000,50` : 'нет'};${String((i % 28) + 1).padStart(2, '0')}.03.2024;${i % 3 ? 'Переговоры' : 'Успешно реализовано'}`,
  ),
].join('\r\n');
const file = () => ({ name: 'deals.csv', blob: new Blob([csv], { type: 'text/csv' }) });

let engine: LazyEngine;
beforeAll(() => {
  engine = createBrowserEngine();
});
afterAll(async () => {
  await engine.close();
});

/** The engine with its file calls counted. */
function counting(e: Engine) {
  const calls: string[] = [];
  const spy: Engine = {
    query: (sql) => e.query(sql),
    exec: (sql) => e.exec(sql),
    insertArrow: (t, d) => (calls.push('insert'), e.insertArrow(t, d)),
    registerFile: (n, d) => (calls.push('register'), e.registerFile(n, d)),
    dropFile: (n) => (calls.push('drop'), e.dropFile(n)),
    cancel: () => e.cancel(),
    close: () => e.close(),
  };
  return { spy, calls };
}

const rows = async () =>
  (await engine.query('SELECT id, amount, created_at::VARCHAR AS c, stage FROM deals ORDER BY id'))
    .toArray()
    .map((r) => JSON.stringify(r.toJSON()));

describe('the ingest worker and DuckDB reading CSV', () => {
  it('registers the file with the page engine; same tables and report as the JS reader', async () => {
    const client = createIngestClient();
    const sql = counting(engine);
    const a = await client.import(sql.spy, [file()], {});
    expect(sql.calls).toEqual(['register', 'drop']);
    const viaSql = await rows();
    const js = counting(engine);
    const b = await client.import(js.spy, [file()], { csvLoader: 'js' });
    expect(js.calls).not.toContain('register');
    expect(js.calls).toContain('insert');
    expect(await rows()).toEqual(viaSql);
    expect(a.report).toEqual(b.report);
    expect(a.report.files[0]!.failures[0]!.count).toBe(43);
  });

  it('"Import" after the mapping screen reuses what the worker read: the same tables and report', async () => {
    const client = createIngestClient();
    const fresh = await client.import(engine, [file()], {});
    const before = await rows();
    // The same Blob inspected first, as the mapping screen does: its bytes, table and shape are
    // kept in the worker, and the import reads them instead of the file.
    const f = file();
    const inspection = await client.inspect([f], {});
    expect(inspection.tables[0]!.proposal.rows).toBe(300);
    const sql = counting(engine);
    const again = await client.import(sql.spy, [f], {});
    expect(sql.calls).toEqual(['register', 'drop']);
    expect(await rows()).toEqual(before);
    expect(again.report).toEqual(fresh.report);
  });
});

/**
 * The worker's replies cross two threads; on a loaded machine they take longer than `vi.waitFor`'s
 * default second. The bound only stops a hang.
 */
const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 30_000, interval: 20 });

/** The engine with the files registered on it, by name, until dropped. */
function holding(e: Engine) {
  const held = new Set<string>();
  const names: string[] = [];
  const queries: string[] = [];
  const spy: Engine = {
    ...counting(e).spy,
    query: (sql) => (queries.push(sql), e.query(sql)),
    registerFile: (n, d, o) => (names.push(n), held.add(n), e.registerFile(n, d, o)),
    dropFile: (n) => (held.delete(n), e.dropFile(n)),
  };
  return { spy, held, names, queries };
}

describe('the bytes registered while the mapping screen shows', () => {
  it('"Import" reads the file registered early: nothing sent again, same tables, nothing left', async () => {
    const client = createIngestClient();
    const fresh = await client.import(engine, [file()], {});
    const before = await rows();
    const e = holding(engine);
    const f = file();
    await client.inspect([f], {}, {}, e.spy);
    await waitFor(() => expect(e.names).toHaveLength(1));
    expect(e.names[0]).toMatch(/^_early_/);
    // The catalog looked at once while the screen shows (its first look builds system views).
    await waitFor(() => expect(e.queries).toEqual(['SELECT count(*) FROM duckdb_tables()']));
    const again = await client.import(e.spy, [f], {});
    expect(e.names).toHaveLength(1);
    expect(e.held.size).toBe(0);
    expect(await rows()).toEqual(before);
    expect(again.report).toEqual(fresh.report);
  });

  it('closing the mapping screen, another inspection or another engine drops them', async () => {
    const client = createIngestClient();
    const e = holding(engine);
    await client.inspect([file()], {}, {}, e.spy);
    await waitFor(() => expect(e.held.size).toBe(1));
    client.forget();
    await waitFor(() => expect(e.held.size).toBe(0));
    // Another file picked: the first one's bytes go, the second one's come.
    await client.inspect([file()], {}, {}, e.spy);
    await waitFor(() => expect(e.held.size).toBe(1));
    const first = [...e.held][0];
    const f = file();
    await client.inspect([f], {}, {}, e.spy);
    // One is held before the swap too: wait until the one held is the new one.
    await waitFor(() => {
      expect(e.held.size).toBe(1);
      expect(e.held.has(first!)).toBe(false);
    });
    // The import runs on another engine: it registers the file itself, and the early one goes.
    const other = holding(engine);
    await client.import(other.spy, [f], {});
    await waitFor(() => expect(e.held.size).toBe(0));
    expect(other.names).toHaveLength(1);
    expect(other.names[0]).toMatch(/^_ingest_/);
    expect(other.held.size).toBe(0);
  });
});
