import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipStore } from '../../src/lib/zip-write.ts';
import { zipEntries } from '../../src/ingest/read/zip.ts';

const enc = new TextEncoder();

describe('zipStore', () => {
  it('crc32 is the standard one', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes a zip that unzip reads back byte for byte; names are UTF-8', () => {
    const files = [
      { name: 'README.txt', bytes: enc.encode('hello\n') },
      { name: 'data/deals.csv', bytes: enc.encode('id,amount\n1,100\n') },
      { name: 'data/сделки.csv', bytes: enc.encode('id\n2\n') },
      { name: 'data/empty.csv', bytes: new Uint8Array(0) },
    ];
    const zip = zipStore(files);
    expect(zipEntries(zip)?.map((e) => [e.name, e.method, e.uncompressed])).toEqual(
      files.map((f) => [f.name, 0, f.bytes.length]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'zip-write-'));
    try {
      writeFileSync(join(dir, 'a.zip'), zip);
      execFileSync('unzip', ['-q', 'a.zip', '-d', 'out'], { cwd: dir });
      // Old unzip builds ignore the UTF-8 flag and mangle the Cyrillic name on disk: ASCII here,
      // the UTF-8 name is read back from the directory above.
      for (const f of files.filter((x) => /^[\x20-\x7e]+$/.test(x.name)))
        expect(new Uint8Array(readFileSync(join(dir, 'out', f.name)))).toEqual(f.bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
