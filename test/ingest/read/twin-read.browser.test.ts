// The whole of a big picked file read by a worker of its own (read/big-file/twin-read.ts), in Chromium: the
// bytes as `Blob.arrayBuffer` gives them, a copy of them in another buffer for DuckDB, and the
// UTF-8 check, made in two parts on two threads, equal to one check of the whole bytes.
import { describe, expect, it } from 'vitest';
import { factsOf } from '../../../src/ingest/read/big-file/blob-read.ts';
import {
  readBlobTwice,
  readerStarted,
  takeTwin,
} from '../../../src/ingest/read/big-file/twin-read.ts';
import { utf8Facts } from '../../../src/ingest/read/encoding/utf8-check.ts';

/** ≈ 9 MB of rows with characters of every UTF-8 width, a backslash now and then. */
function parts(rows: number): string[] {
  return Array.from(
    { length: rows },
    (_, i) => `${i};Сделка №${i};€${i % 7};😀${'я'.repeat(i % 5)}${i % 1000 === 0 ? '\\' : ''}\n`,
  );
}

/** Whether two byte arrays hold the same bytes (`toEqual` walks 9 MB far too slowly). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe('readBlobTwice in the browser', () => {
  it('reads the bytes, a copy of them, and checks them as utf8Facts does', async () => {
    const blob = new Blob(parts(250_000));
    const read = await readBlobTwice(blob);
    const plain = new Uint8Array(await blob.arrayBuffer());
    expect(same(read, plain)).toBe(true);
    expect(factsOf(read, 0)).toEqual(utf8Facts(plain));
    expect(factsOf(read, 0)).toEqual({ lf: 250_000, nul: false, backslash: true });
    const twin = takeTwin(read)!;
    expect(twin.buffer).not.toBe(read.buffer);
    expect(same(twin, plain)).toBe(true);
    // Once: whoever took it may have handed its buffer on.
    expect(takeTwin(read)).toBeUndefined();
  });

  it('finds a bad byte or a NUL in either part, and a file with no line end', async () => {
    const bad = new Uint8Array([0x61, 0xd1, 0x0a]);
    const nul = new Uint8Array([0x61, 0x00, 0x0a]);
    const rows = parts(100_000);
    for (const [at, extra, facts] of [
      [10, bad, null],
      [99_990, bad, null],
      [10, nul, { lf: 100_001, nul: true, backslash: true }],
      [99_990, nul, { lf: 100_001, nul: true, backslash: true }],
    ] as const) {
      const blob = new Blob([...rows.slice(0, at), extra, ...rows.slice(at)]);
      const read = await readBlobTwice(blob);
      expect(factsOf(read, 0), `${at}`).toEqual(facts);
      expect(utf8Facts(read)).toEqual(facts);
    }
    // A 2-byte letter cut by nothing: one long line with no LF at all.
    const line = new Blob(['я'.repeat(3_000_000)]);
    expect(factsOf(await readBlobTwice(line), 0)).toEqual({ lf: 0, nul: false, backslash: false });
    const cut = new Blob(['я'.repeat(3_000_000), new Uint8Array([0xd1])]);
    expect(factsOf(await readBlobTwice(cut), 0)).toBeNull();
  });

  it('starts the reader ahead, and reads files asked for at once one after the other', async () => {
    await readerStarted();
    const blobs = [parts(20_000), parts(30_000).reverse()].map((p) => new Blob(p));
    const reads = await Promise.all(blobs.map((b) => readBlobTwice(b)));
    for (const [k, read] of reads.entries()) {
      const plain = new Uint8Array(await blobs[k]!.arrayBuffer());
      expect(same(read, plain)).toBe(true);
      expect(same(takeTwin(read)!, plain)).toBe(true);
      expect(factsOf(read, 0)).toEqual(utf8Facts(plain));
    }
  });
});
