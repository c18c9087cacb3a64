import { describe, expect, it } from 'vitest';
import {
  allowedUrl,
  fileNameOf,
  isManifest,
  ManifestError,
  parseManifest,
} from '../../../src/state/dataset/links/manifest.ts';
import { loadLink } from '../../../src/state/dataset/links/link-loader.ts';

const PAGE = 'https://app.example.com/reports/crm/index.html?data=x';

describe('the fetch rule', () => {
  it.each([
    [
      'examples/manifest.json',
      PAGE,
      'examples/manifest.json',
      'https://app.example.com/reports/crm/examples/manifest.json',
    ],
    ['/data/deals.csv', PAGE, 'other', 'https://app.example.com/data/deals.csv'],
    [
      'https://cdn.other.org/d.csv',
      PAGE,
      'https://cdn.other.org/d.csv',
      'https://cdn.other.org/d.csv',
    ],
    [
      'deals.csv',
      'https://app.example.com/reports/crm/examples/m.json',
      'examples/m.json',
      'https://app.example.com/reports/crm/examples/deals.csv',
    ],
  ])('allows %s (base %s)', (url, base, data, expected) => {
    expect(allowedUrl(url, base, PAGE, data).href).toBe(expected);
  });

  it.each([
    ['https://cdn.other.org/d.csv', PAGE, 'examples/manifest.json', /another site/],
    ['file:///etc/passwd', PAGE, 'file:///etc/passwd', /only http/],
    ['javascript:alert(1)', PAGE, 'javascript:alert(1)', /only http/],
    ['data:text/csv,a', PAGE, 'x', /only http/],
    // A cross-origin manifest may be linked, but the files it names must be next to the app.
    ['deals.csv', 'https://cdn.other.org/m.json', 'https://cdn.other.org/m.json', /another site/],
    ['http://app.example.com/d.csv', PAGE, 'x', /another site/],
  ])('refuses %s', (url, base, data, why) => {
    expect(() => allowedUrl(url, base, PAGE, data)).toThrow(why);
  });

  it('names a file by its last path segment', () => {
    expect(fileNameOf(new URL('https://a.b/x/%D1%81%D0%B4%D0%B5%D0%BB%D0%BA%D0%B8.csv?v=1'))).toBe(
      'сделки.csv',
    );
  });
});

describe('parseManifest', () => {
  it('accepts the documented shape', () => {
    const m = parseManifest({
      name: 'Q1',
      files: [
        'a.csv',
        { url: 'b.csv', kind: 'clients', map: { client: 'Company' }, encoding: 'cp1251' },
      ],
      won: ['Won'],
      lost: ['Lost'],
      reports: [{ name: 'By manager', spec: { v: 1 } }],
    });
    expect(m.files).toEqual([
      { url: 'a.csv' },
      { url: 'b.csv', kind: 'clients', map: { client: 'Company' }, encoding: 'cp1251' },
    ]);
    expect(m.reports?.[0]?.name).toBe('By manager');
  });

  it.each([
    [[], /JSON object/],
    [{ files: [] }, /non-empty/],
    [{ files: ['a.csv'], extra: 1 }, /unknown manifest key "extra"/],
    [{ files: [{ url: 'a.csv', knd: 'deals' }] }, /unknown key "knd" in files\[0\]/],
    [{ files: [{ url: 'a.csv', kind: 'leads' }] }, /kind must be one of/],
    [{ files: [{}] }, /files\[0\].url is missing/],
    [{ files: ['a.csv'], won: 'Won' }, /"won" must be a list/],
    [{ files: ['a.csv'], reports: [{ name: 'x' }] }, /needs a "name" and a "spec"/],
    [{ files: ['a.csv'], name: '' }, /"name"/],
  ])('refuses %j', (json, why) => {
    expect(() => parseManifest(json)).toThrow(why);
    expect(() => parseManifest(json)).toThrow(ManifestError);
  });

  it('tells a manifest from JSON data', () => {
    expect(isManifest({ files: [] })).toBe(true);
    expect(isManifest([{ id: 1 }])).toBe(false);
    expect(isManifest({ id: 1 })).toBe(false);
  });
});

describe('loadLink', () => {
  const site: Record<string, string> = {
    'https://app.example.com/reports/crm/ex/m.json': JSON.stringify({
      name: 'Ex',
      files: [
        { url: 'deals.csv', map: { amount: 'Sum' } },
        { url: '../c.csv', kind: 'clients' },
      ],
      won: ['Done'],
    }),
    'https://app.example.com/reports/crm/ex/deals.csv': 'id,Sum\n1,2\n',
    'https://app.example.com/reports/crm/c.csv': 'client\nA\n',
    'https://app.example.com/reports/crm/evil.json': JSON.stringify({
      files: ['https://evil.org/x.csv'],
    }),
  };
  const fetchFn = async (url: string) =>
    url in site
      ? new Response(site[url])
      : new Response('nope', { status: 404, statusText: 'Not Found' });
  const never = () => Promise.reject(new Error('same-origin links ask nobody'));
  const opts = { confirmOrigin: never, fetchFn };

  it('fetches a manifest and its files, relative to the manifest', async () => {
    const fetched: string[] = [];
    const ds = await loadLink('ex/m.json', PAGE, (p) => fetched.push(p.url), {
      confirmOrigin: never,
      fetchFn,
    });
    expect(ds.name).toBe('Ex');
    expect(ds.files.map((f) => f.name)).toEqual(['deals.csv', 'c.csv']);
    expect(ds.files[1]!.kind).toBe('clients');
    expect(ds.options).toEqual({ maps: { 'deals.csv': { amount: 'Sum' } }, won: ['Done'] });
    expect(await ds.files[0]!.blob.text()).toBe('id,Sum\n1,2\n');
  });

  it('a single file link is one file', async () => {
    const ds = await loadLink('ex/deals.csv', PAGE, () => undefined, opts);
    expect(ds.manifest).toBeNull();
    expect(ds.files.map((f) => f.name)).toEqual(['deals.csv']);
  });

  it('says which URL failed and why', async () => {
    await expect(loadLink('missing.csv', PAGE, () => undefined, opts)).rejects.toThrow(
      /missing\.csv: HTTP 404 Not Found/,
    );
    await expect(loadLink('evil.json', PAGE, () => undefined, opts)).rejects.toThrow(
      /another site/,
    );
  });
});
