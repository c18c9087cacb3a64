import { describe, expect, it } from 'vitest';
import { pageBundle } from '../../../src/state/dataset/links/page-bundle.ts';
import { parseManifest } from '../../../src/state/dataset/links/manifest.ts';
import { zipEntries } from '../../../src/ingest/read/zip.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { decodeSpec } from '../../../src/query/spec/url.ts';

/** The stored bytes of a stored (uncompressed) entry. */
function entry(zip: Uint8Array, name: string): string {
  const e = zipEntries(zip)!.find((x) => x.name === name)!;
  const v = new DataView(zip.buffer, zip.byteOffset);
  const start = e.offset + 30 + v.getUint16(e.offset + 26, true) + v.getUint16(e.offset + 28, true);
  return new TextDecoder().decode(zip.subarray(start, start + e.compressed));
}

describe('pageBundle', () => {
  it('zips the files, a manifest with their mapping and the report, and the report link', async () => {
    const spec: ReportSpec = {
      ...defaultSpec(),
      measures: ['deals'],
      rows: [{ field: 'manager' }],
    };
    const b = await pageBundle(
      {
        name: 'Acme leads',
        options: { maps: { 'deals.csv': { manager: 'Owner' } }, won: ['Paid'], stageOrder: ['A'] },
      },
      [
        { name: 'deals.csv', blob: new Blob(['id,Owner\n1,Ann\n']), kind: 'deals' },
        { name: 'managers.csv', blob: new Blob(['Owner,Team\nAnn,A\n']), kind: 'managers' },
      ],
      { name: 'By manager', spec },
      'ru',
    );
    expect(b.fileName).toBe('Acme-leads-bundle.zip');
    expect(zipEntries(b.bytes)?.map((e) => e.name)).toEqual([
      'README.txt',
      'data/manifest.json',
      'data/deals.csv',
      'data/managers.csv',
    ]);
    expect(entry(b.bytes, 'data/managers.csv')).toBe('Owner,Team\nAnn,A\n');
    const m = parseManifest(JSON.parse(entry(b.bytes, 'data/manifest.json')), 'x');
    expect(m.name).toBe('Acme leads');
    expect(m.files).toEqual([
      { url: 'deals.csv', kind: 'deals', map: { manager: 'Owner' } },
      { url: 'managers.csv', kind: 'managers' },
    ]);
    expect(m.won).toEqual(['Paid']);
    expect(m.reports).toEqual([{ name: 'By manager', spec }]);
    // The link opens the bundle's manifest on the same report.
    expect(b.link.startsWith('?data=data/manifest.json&lang=ru#')).toBe(true);
    const decoded = decodeSpec(new URLSearchParams(b.link.slice(b.link.indexOf('#') + 1)));
    expect(decoded.measures).toEqual(['deals']);
    expect(decoded.rows).toEqual([{ field: 'manager' }]);
    const readme = entry(b.bytes, 'README.txt');
    expect(readme).toContain(b.link);
    expect(readme).toContain('the stage order set by hand');
  });
});
