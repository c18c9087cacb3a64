import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crm } from './run-cli.ts';
import { dataUrl } from '../../src/cli/publish.ts';
import { uniqueNames } from '../../src/crm/bundle.ts';

describe('crm publish: data file URLs', () => {
  it('encodes file names so the manifest URL resolves back to the file', () => {
    for (const name of ['deals#1.csv', '100%.csv', 'a b?.csv', 'сделки.csv']) {
      const url = dataUrl(name);
      expect(url).not.toMatch(/[#%?\s](?![0-9A-F]{2})/);
      const resolved = new URL(url, 'https://host.example/bundle/data/manifest.json');
      expect(resolved.pathname).toBe(`/bundle/data/${url}`);
      expect(decodeURIComponent(resolved.pathname.split('/').at(-1)!)).toBe(name);
    }
  });
});

describe('bundle file names', () => {
  it('a name taken already gets its prefix, as often as needed', () => {
    expect(uniqueNames(['a.csv', 'a.csv', 'b.csv', 'a.csv'], (i) => `k${i}`)).toEqual([
      'a.csv',
      'k1-a.csv',
      'b.csv',
      'k3-a.csv',
    ]);
  });
});

describe('crm publish: every report must open on the client site', () => {
  it('refuses a preset the data cannot answer, before writing anything', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'crm-publish-')), 'site');
    const r = await crm(
      'publish',
      '--out',
      out,
      '--deals',
      'test/cli/fixtures/deals.csv',
      '--presets',
      'by-source,activities',
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "crm: --presets: preset 'activities' cannot be answered from this data: needs an activities file",
    );
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
