// The ingest worker keeps the bytes of the files it inspected for "Import": the same Blobs are not
// read again, and (through readFile's tables by bytes) neither checked nor decoded again.
import { describe, expect, it } from 'vitest';
import { WorkerFiles } from '../../../src/ingest/worker/worker-files.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';

const blob = (s: string) => new Blob([s]);

function counting() {
  const reads: Blob[] = [];
  const read = (b: Blob) => {
    reads.push(b);
    return b.arrayBuffer();
  };
  return { reads, read };
}

describe('WorkerFiles', () => {
  it('"Import" of the files just inspected reads none of them again', async () => {
    const { reads, read } = counting();
    const files = new WorkerFiles(read);
    const a = { name: 'a.csv', blob: blob('x,y\n1,2\n'), blobId: 1 };
    const b = { name: 'b.csv', blob: blob('p,q\n3,4\n'), blobId: 2, kind: 'deals' as const };
    const seen = await files.take([a, b], 'inspect');
    expect(reads).toHaveLength(2);
    const again = await files.take([b, a], 'import');
    expect(reads).toHaveLength(2);
    expect(again.map((f) => f.bytes)).toEqual([seen[1]!.bytes, seen[0]!.bytes]);
    expect(again[0]).toMatchObject({ name: 'b.csv', kind: 'deals' });
    expect(again[0]!.bytes).toBe(seen[1]!.bytes);
    // The same bytes give the same table: nothing is decoded twice.
    expect(await readFile('a.csv', again[1]!.bytes)).toBe(await readFile('a.csv', seen[0]!.bytes));
  });

  it('the import takes the files: a later job reads them again', async () => {
    const { reads, read } = counting();
    const files = new WorkerFiles(read);
    const a = { name: 'a.csv', blob: blob('x\n1\n'), blobId: 1 };
    await files.take([a], 'inspect');
    await files.take([a], 'import');
    await files.take([a], 'import');
    expect(reads).toHaveLength(2);
  });

  it('keeps only the last inspection’s files; a file not inspected is read', async () => {
    const { reads, read } = counting();
    const files = new WorkerFiles(read);
    const a = { name: 'a.csv', blob: blob('x\n1\n'), blobId: 1 };
    const b = { name: 'b.csv', blob: blob('y\n2\n'), blobId: 2 };
    await files.take([a], 'inspect');
    await files.take([b], 'inspect');
    await files.take([a, b], 'import');
    expect(reads.map((r) => r === a.blob)).toEqual([true, false, true]);
  });
});

describe('readFile', () => {
  it('reads the same bytes again with other options, not from the first table', async () => {
    const bytes = new TextEncoder().encode('a;b\n1;2\n');
    const one = await readFile('f.csv', bytes);
    expect(await readFile('f.csv', bytes)).toBe(one);
    const other = await readFile('f.csv', bytes, { encoding: 'windows-1251' });
    expect(other).not.toBe(one);
    expect(other.format.encoding).toBe('windows-1251');
    expect(await readFile('f.csv', new Uint8Array(bytes))).not.toBe(one);
  });
});
