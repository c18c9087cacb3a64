import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crm, root } from './run-cli.ts';
import { buildEnv, dataUrl } from '../../src/cli/publish.ts';
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

describe('crm publish: the app it ships', () => {
  it('is the production build even from a shell with NODE_ENV=development', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'crm-publish-build-'));
    const r = spawnSync(
      join(root, 'node_modules/.bin/vite'),
      ['build', '--base', './', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'],
      { cwd: root, env: buildEnv({ ...process.env, NODE_ENV: 'development' }), encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const js = readdirSync(join(outDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(outDir, 'assets', f), 'utf8'))
      .join('\n');
    expect(js.length).toBeGreaterThan(100_000);
    // One of Svelte's dev-only console warnings: in the bundle only when built for development.
    expect(js).not.toContain('assignment_value_stale');
  }, 120_000);
});
