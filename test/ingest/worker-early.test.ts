// The files the ingest worker registers while the mapping screen shows (worker-early.ts): the
// import takes one only for exactly the bytes it would register, and nothing is left behind.
import { describe, expect, it } from 'vitest';
import { EarlyFiles } from '../../src/ingest/worker-early.ts';
import { readFile } from '../../src/ingest/read/readers.ts';
import { csvData } from '../../src/ingest/read/csv-shape.ts';
import type { RawTable } from '../../src/ingest/types.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** An engine that holds what it was given until dropped; `refuse` makes registering fail. */
function fakeEngine(refuse = false) {
  const held = new Map<string, Uint8Array>();
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  return {
    held,
    /** Registrations wait until `open()` (a file still travelling). */
    hold() {
      gate = new Promise((r) => (release = r));
    },
    open: () => release(),
    engine: {
      async registerEarly(name: string, data: Uint8Array) {
        await gate;
        if (refuse) throw new Error('no');
        held.set(name, data);
        return `/registered/${name}`;
      },
      async dropFile(name: string) {
        held.delete(name);
      },
    },
  };
}

async function table(name: string, bytes: Uint8Array): Promise<RawTable> {
  const t = (await readFile(name, bytes)) as RawTable | RawTable[];
  return Array.isArray(t) ? t[0]! : t;
}

const DEALS = 'id,amount\n1,10\n2,20\n3,"3,5"\n';

describe('EarlyFiles', () => {
  it('registers a file read from its head once read whole, unless forgotten or another job came', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    const t = await table('deals.csv', utf8(DEALS));
    const gate = () => {
      let open: () => void = () => undefined;
      const ready = new Promise<void>((r) => (open = r));
      return { ready, open };
    };
    // Forgotten (the screen closed, another file picked) while the whole file was read.
    const a = gate();
    const late = early.registerWhen(a.ready, () => [t]);
    await early.forget();
    a.open();
    expect(await late).toBe(false);
    expect(early.size).toBe(0);
    // Another job started meanwhile (an import, which registers its own).
    const b = gate();
    let last = true;
    const other = early.registerWhen(
      b.ready,
      () => [t],
      () => last,
    );
    last = false;
    b.open();
    expect(await other).toBe(false);
    expect(early.size).toBe(0);
    // Still wanted: registered, and dropped by the next forget.
    const c = gate();
    const kept = early.registerWhen(c.ready, () => [t]);
    c.open();
    expect(await kept).toBe(true);
    expect(early.size).toBe(1);
    await early.forget();
    expect(f.held.size).toBe(0);
  });

  it('registers the data records DuckDB will read; the import takes exactly those bytes', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    const t = await table('deals.csv', utf8(DEALS));
    early.register([t]);
    expect(early.size).toBe(1);
    const plain = csvData(t.csv!, t.headers.length)!;
    // Another view of other bytes (say, the file read again in another encoding) is not taken.
    expect(await early.take('_ingest_9.csv', plain.data.slice())).toBeNull();
    const path = await early.take('_ingest_1.csv', csvData(t.csv!, t.headers.length)!.data);
    expect(path).toMatch(/^\/registered\/_early_/);
    expect([...f.held.values()][0]).toEqual(plain.data);
    expect(early.size).toBe(0);
    // Taken once: the same bytes registered again (a second read of the file) are the caller's.
    expect(await early.take('_ingest_2.csv', plain.data)).toBeNull();
    expect(await early.drop('_ingest_2.csv')).toBe(false);
    expect(await early.drop('_ingest_1.csv')).toBe(true);
    expect(f.held.size).toBe(0);
  });

  it('forget drops what was not taken, also a file still travelling once it arrives', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    early.register([await table('a.csv', utf8(DEALS))]);
    f.hold();
    early.register([await table('b.csv', utf8('x;y\n1;2\n'))]);
    const forgotten = early.forget();
    expect(early.size).toBe(0);
    f.open();
    await forgotten;
    expect(f.held.size).toBe(0);
  });

  it('registers nothing DuckDB will not read from the bytes, and a refusal leaves it to the import', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    // A ragged row: the JS loader's file.
    early.register([await table('ragged.csv', utf8('a,b\n1,2\n3\n'))]);
    expect(early.size).toBe(0);
    const refused = new EarlyFiles(fakeEngine(true).engine);
    const t = await table('deals.csv', utf8(DEALS));
    refused.register([t]);
    expect(await refused.take('_ingest_1.csv', csvData(t.csv!, t.headers.length)!.data)).toBeNull();
  });
});
