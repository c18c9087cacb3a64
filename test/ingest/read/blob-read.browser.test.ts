// The picked-file reader in Chromium, on real Blobs: Chromium's Blob streams are byte streams read
// in chunks of its own (up to 2 MB), so a big Blob is read in many reads, cut wherever they end.
import { describe, expect, it } from 'vitest';
import { factsOf, readBlob } from '../../../src/ingest/read/big-file/blob-read.ts';
import { utf8Facts } from '../../../src/ingest/read/encoding/utf8-check.ts';

/** ≈ 9 MB of rows with characters of every UTF-8 width, odd lengths so reads cut inside them. */
function parts(rows: number): string[] {
  return Array.from(
    { length: rows },
    (_, i) => `${i};Сделка №${i};€${i % 7};😀${'я'.repeat(i % 5)}\n`,
  );
}

describe('readBlob in the browser', () => {
  it('reads a big Blob as arrayBuffer does, and checks it as utf8Facts does', async () => {
    const blob = new Blob(parts(250_000));
    expect(blob.size).toBeGreaterThan(8 << 20);
    const read = await readBlob(blob);
    const plain = new Uint8Array(await blob.arrayBuffer());
    expect(read.length).toBe(plain.length);
    expect(read.every((b, i) => b === plain[i])).toBe(true);
    expect(factsOf(read, 0)).toEqual(utf8Facts(plain));
    expect(factsOf(read, 0)).toEqual({ lf: 250_000, nul: false, backslash: false });
  });

  it('finds a bad byte near the end of a big Blob', async () => {
    const blob = new Blob([...parts(250_000), new Uint8Array([0x61, 0xd1]), '\n']);
    const read = await readBlob(blob);
    expect(factsOf(read, 0)).toBeNull();
    expect(utf8Facts(read)).toBeNull();
  });

  // Chromium's BYOB reader of a Blob stream left a read unsettled in 1–2 of 60 such reads.
  it('reads big Blobs one after another, none left waiting', async () => {
    const hung: number[] = [];
    for (let k = 0; k < 60; k++) {
      const blob = new Blob(parts(250_000 + k));
      const wait = new Promise<'hung'>((res) => setTimeout(() => res('hung'), 10_000));
      const got = await Promise.race([readBlob(blob).then((b) => b.length), wait]);
      if (got === 'hung') hung.push(k);
      else expect(got).toBe(blob.size);
    }
    expect(hung).toEqual([]);
  }, 900_000);
});
