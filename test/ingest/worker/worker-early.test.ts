// The files the ingest worker registers while the mapping screen shows (worker-early.ts): the
// import takes one only for exactly the bytes it would register, and nothing is left behind.
import { describe, expect, it } from 'vitest';
import { EarlyFiles, headerEnd } from '../../../src/ingest/worker/worker-early.ts';
import { keepTwin, takeTwin } from '../../../src/ingest/read/big-file/twin-read.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { csvData, knownShape } from '../../../src/ingest/read/csv/csv-data.ts';
import type { RawTable } from '../../../src/ingest/types.ts';

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

describe('EarlyFiles with a copy read beside the file (twin-read.ts)', () => {
  /** A table read from `text`, its bytes with a copy of them kept beside. */
  async function twinned(name: string, text: string | Uint8Array) {
    const bytes = typeof text === 'string' ? utf8(text) : text;
    const t = await table(name, bytes);
    keepTwin(t.csv!.bytes!, t.csv!.bytes!.slice());
    return t;
  }

  it('registers the copy before the shape pass; the import takes exactly its data records', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    const t = await twinned('deals.csv', 'sep=,\n\n' + DEALS);
    early.register([t]);
    early.confirm();
    expect(early.size).toBe(1);
    const plain = csvData(t.csv!, t.headers.length)!;
    const path = await early.take('_ingest_1.csv', plain.data);
    expect(path).toMatch(/^\/registered\/_early_/);
    const held = [...f.held.values()][0]!;
    // The copy's bytes, not the file's own buffer (which stays here for the JS loader).
    expect(held.buffer).not.toBe(t.csv!.bytes!.buffer);
    expect(held).toEqual(plain.data);
    // Taken once: the copy is gone, a second registration is the file's own.
    expect(takeTwin(t.csv!.bytes!)).toBeUndefined();
  });

  it('drops on confirm what the shape pass refuses or finds elsewhere', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    // A ragged row (the JS loader's file), a lone CR in the header line (not plain).
    const ragged = await twinned('ragged.csv', 'a,b\n1,2\n3\n');
    const cr = await twinned('cr.csv', 'a,b\rc\n1,2\n');
    early.register([ragged, cr]);
    expect(early.size).toBe(2);
    early.confirm();
    expect(early.size).toBe(0);
    await early.forget();
    expect(f.held.size).toBe(0);
    expect(await early.take('_ingest_1.csv', ragged.csv!.bytes!.subarray(4))).toBeNull();
  });

  it('confirms only the files whose shape was found when asked to (an import makes the pass)', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    const ragged = await twinned('ragged.csv', 'a,b\n1,2\n3\n');
    const plain = await twinned('deals.csv', DEALS);
    early.register([ragged, plain]);
    // No pass made yet: nothing is dropped, and none is made here.
    early.confirm(true);
    expect(early.size).toBe(2);
    expect(knownShape(ragged.csv!, ragged.headers.length)).toBeUndefined();
    // The import's pass refused the ragged file: its copy goes; the plain one stays for the take.
    expect(csvData(ragged.csv!, ragged.headers.length)).toBeNull();
    early.confirm(true);
    expect(early.size).toBe(1);
    expect(knownShape(plain.csv!, plain.headers.length)).toBeUndefined();
    const data = csvData(plain.csv!, plain.headers.length)!.data;
    early.confirm(true);
    expect(await early.take('_ingest_1.csv', data)).toMatch(/^\/registered\/_early_/);
    await early.forget();
    expect(f.held.size).toBe(1);
  });

  it('an import that reaches its files while they are still read waits for their registration', async () => {
    const f = fakeEngine();
    const early = new EarlyFiles(f.engine);
    const t = await twinned('deals.csv', DEALS);
    let open: () => void = () => undefined;
    const read = new Promise<void>((r) => (open = r));
    const registered = early.registerWhen(read, () => [t]);
    const taken = early.take('_ingest_1.csv', csvData(t.csv!, t.headers.length)!.data);
    open();
    expect(await registered).toBe(true);
    expect(await taken).toMatch(/^\/registered\/_early_/);
    // A forget (another file picked) ends the wait: nothing is registered for the old read.
    let openOld: () => void = () => undefined;
    const old = early.registerWhen(new Promise<void>((r) => (openOld = r)), () => [t]);
    await early.forget();
    expect(await early.take('_ingest_2.csv', new Uint8Array(3))).toBeNull();
    openOld();
    expect(await old).toBe(false);
  });
});

describe('headerEnd', () => {
  /** Where the shape pass finds the data records start (its `dataStart` on the bytes). */
  async function shapeStart(text: string): Promise<number | null> {
    const t = await table('x.csv', utf8(text));
    const plain = csvData(t.csv!, t.headers.length);
    // Re-encoded text (not the file's own bytes) is not handed over early at all.
    return plain && plain.data.buffer === t.csv!.bytes?.buffer ? plain.data.byteOffset : null;
  }

  it('is where the shape pass starts the data records, or null when the header may span lines', async () => {
    const texts = [
      DEALS,
      '\uFEFF' + DEALS,
      'sep=;\nid;amount\n1;2\n',
      '\n\r\n\nid,amount\r\n1,2\r\n',
      'id,название\n1,я\n',
      'id\n1\n2\n',
    ];
    for (const text of texts) {
      const t = await table('x.csv', utf8(text));
      expect(headerEnd(t.csv!), JSON.stringify(text)).toBe(await shapeStart(text));
    }
    // A quote in the header line: the pass decides (it may open a field across lines).
    const quoted = await table('q.csv', utf8('"id","a\nb"\n1,2\n'));
    expect(headerEnd(quoted.csv!)).toBeNull();
    // No line end after the header: no records to hand over.
    expect(headerEnd((await table('h.csv', utf8('id,amount'))).csv!)).toBeNull();
  });
});
