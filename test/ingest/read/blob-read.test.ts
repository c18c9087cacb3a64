/**
 * A picked file is checked for UTF-8 chunk by chunk while it is read (`readBlob`): the check
 * across chunk ends against the check of the whole bytes, and the tables read from such bytes
 * against those read from the same bytes checked afterwards, wherever the chunks and the head end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Check, utf8Facts } from '../../../src/ingest/read/encoding/utf8-check.ts';
import { factsOf, readBlob } from '../../../src/ingest/read/big-file/blob-read.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { WorkerFiles } from '../../../src/ingest/worker/worker-files.ts';
import type { RawTable, RowIssue } from '../../../src/ingest/types.ts';
import { encodeCp1251 } from '../corpus/cp1251.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * A Blob whose stream gives exactly these chunks (a real one's chunks are the runtime's): a byte
 * stream, read into one buffer, or (`plain`) a stream of chunks, as older engines give.
 */
function chunked(chunks: Uint8Array[], plain = false): Blob {
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const left = chunks.map((c) => c.slice());
  const source: UnderlyingByteSource = {
    type: 'bytes',
    // One chunk a read, so each read ends where a chunk ends.
    pull(c) {
      let ch = left.shift();
      while (ch?.length === 0) ch = left.shift();
      if (ch === undefined) {
        c.close();
        c.byobRequest?.respond(0);
      } else c.enqueue(ch);
    },
  };
  return {
    size,
    stream: () =>
      plain
        ? new ReadableStream<Uint8Array>({
            start(c) {
              for (const ch of left) c.enqueue(ch);
              c.close();
            },
          })
        : new ReadableStream(source, { highWaterMark: 0 }),
  } as unknown as Blob;
}

/** The bytes cut at the given places (sorted, repeats give empty chunks). */
function cut(b: Uint8Array, at: number[]): Uint8Array[] {
  const ends = [...at.map((i) => i % (b.length + 1)).sort((x, y) => x - y), b.length];
  let from = 0;
  return ends.map((e) => {
    const c = b.subarray(from, e);
    from = e;
    return c;
  });
}

const byte = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(0x0a, 0x5c, 0, 0xc2, 0xd0, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x80, 0xbf),
);
/** Valid text of every UTF-8 width, as bytes. */
const text = fc
  .array(fc.constantFrom('a', '\n', ';', '\\', '\u0000', 'я', 'é', '€', '😀'), { maxLength: 60 })
  .map((cs) => utf8(cs.join('')));

describe('Utf8Check', () => {
  it('finds what one check of the whole bytes finds, wherever the chunks end', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(byte, { maxLength: 30 }).map((a) => Uint8Array.from(a)),
          text,
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(3),
        (bytes, at, offset) => {
          // At every alignment of the buffer (ASCII goes four aligned bytes at a time).
          const buf = new Uint8Array(bytes.length + offset).subarray(offset);
          const check = new Utf8Check();
          let end = 0;
          for (const c of cut(bytes, at)) {
            buf.set(c, end);
            end += c.length;
            check.advance(buf, end);
          }
          expect(check.finish(buf)).toEqual(utf8Facts(bytes));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('waits for the rest of a character cut by a chunk, and fails on a bad byte after it', () => {
    const ya = utf8('я😀'); // d1 8f f0 9f 98 80
    for (let at = 1; at < ya.length; at++) {
      const check = new Utf8Check();
      check.advance(ya, at);
      expect(check.finish(ya)).toEqual({ lf: 0, nul: false, backslash: false });
    }
    const bad = Uint8Array.of(0x61, 0xd1, 0x41);
    const check = new Utf8Check();
    check.advance(bad, 2);
    expect(check.finish(bad)).toBeNull();
    // A character the file ends inside is not UTF-8.
    const last = new Utf8Check();
    last.advance(ya, 3);
    expect(last.finish(ya.subarray(0, 3))).toBeNull();
  });
});

describe('readBlob', () => {
  it('gives the Blob’s bytes and keeps what the check found with them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(byte, { maxLength: 40 }).map((a) => Uint8Array.from(a)),
          text,
        ),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        async (bytes, at, plain) => {
          const read = await readBlob(chunked(cut(bytes, at), plain));
          expect(read).toEqual(bytes);
          expect(read.byteLength).toBe(read.buffer.byteLength);
          const facts = factsOf(read, 0);
          expect(facts).toEqual(utf8Facts(bytes));
          // Kept, not found again: the same object each time.
          if (facts) expect(factsOf(read, 0)).toBe(facts);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a real Blob of many parts', async () => {
    const parts = Array.from({ length: 300 }, (_, i) => `${i};Сделка ${i};€😀\n`);
    const blob = new Blob(parts);
    const read = await readBlob(blob);
    expect(read).toEqual(new Uint8Array(await blob.arrayBuffer()));
    expect(factsOf(read, 0)).toEqual({ lf: 300, nul: false, backslash: false });
  });

  it('is the worker’s reader of a picked file', async () => {
    const [f] = await new WorkerFiles().take(
      [{ name: 'a.csv', blob: new Blob(['a;b\nя;1\n']), blobId: 1 }],
      'inspect',
    );
    expect(f!.bytes).toEqual(utf8('a;b\nя;1\n'));
    expect(factsOf(f!.bytes, 0)).toBe(factsOf(f!.bytes, 0));
  });
});

/** What the import sees of a table: everything but its functions, rows and issues read out. */
function seen(raw: RawTable) {
  const issues: RowIssue[] = [];
  const rows = [...raw.rows((i) => issues.push(i))];
  const { rows: _r, lineCount: _l, csv, ...rest } = raw;
  return { ...rest, rows, issues, lines: raw.lineCount?.(), text: csv?.text, utf8: !!csv?.bytes };
}

describe('a file checked while read', () => {
  const rows = Array.from({ length: 400 }, (_, i) => `${i};Сделка №${i};${i},5;😀\n`).join('');
  const head = utf8(`ID;Название;Бюджет;Знак\n${rows}`);
  const FILES: [string, Uint8Array][] = [
    ['valid.csv', head],
    ['bom.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...head])],
    // A Windows-1251 line at the very end: the whole file is read line by line as today.
    ['cp1251-last.csv', new Uint8Array([...head, ...encodeCp1251('401;Сделка;1;x\n')])],
    // The file ends inside a character.
    ['cut-end.csv', new Uint8Array([...head, ...utf8('401;x;1;я').subarray(0, -1)])],
    ['bad-byte.csv', new Uint8Array([...head.subarray(0, 5000), 0xff, ...head.subarray(5000)])],
    ['nul.csv', new Uint8Array([...head, ...utf8('402;a\u0000b;1;x\n')])],
  ];

  it.each(FILES)(
    '%s reads as when checked after the read, wherever chunks and head end',
    async (name, b) => {
      // Chunk ends inside characters and on them: before, at and after a multi-byte one.
      const cuts = [[], [1], [4097, 4098, 4099], [b.length - 1], [b.length - 2, 5000, 5001]];
      for (const headBytes of [64, 1000, 1 << 30]) {
        const plain = seen(await readFile(name, b.slice(), { headBytes }));
        for (const at of cuts) {
          const read = await readBlob(chunked(cut(b, at)));
          expect(seen(await readFile(name, read, { headBytes }))).toEqual(plain);
        }
      }
    },
  );

  it('tells the late bad bytes as before', async () => {
    const t = await readFile('x.csv', await readBlob(chunked(cut(FILES[2]![1], [3000]))), {
      headBytes: 64,
    });
    expect(t.format.encoding).toBe('utf-8');
    // The last line in a legacy encoding is named, as when the file is checked after its read.
    expect(t.format.mixed).toMatchObject({ lines: [402], count: 1 });
    expect(t.csv?.bytes).toBeUndefined();
  });
});
