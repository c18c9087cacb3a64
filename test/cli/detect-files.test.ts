/**
 * `--file FILE`: files whose kind the import detects and links, as the page's import does. The
 * options that force a kind could not take Olist's leads with its closed deals: `--deals` of the
 * leads knows no won deal, `--lookup` of the leads only describes the closed deals. Checked
 * against the dataset's reference answers (reference.json, computed in Python from the CSVs).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { OLIST_DIR } from '../fixtures/olist-dir.ts';
import { crm } from './run-cli.ts';

const LEADS = `${OLIST_DIR}/olist_marketing_qualified_leads_dataset.csv`;
const CLOSED = `${OLIST_DIR}/olist_closed_deals_dataset.csv`;
const ref = JSON.parse(readFileSync(`${OLIST_DIR}/reference.json`, 'utf8')) as {
  row_counts: { mql: number; closed_deals: number };
  by_origin: Record<string, { mql: number; won: number; conversion_rate: number }>;
};

describe('--file: a file of a detected kind', () => {
  it('is repeatable, never split at a comma, and stands in for --deals', () => {
    const a = parseArgs(['report', '--file', 'Лиды, 2024.csv', '--file=won.csv']);
    expect(a).toMatchObject({ command: 'report', detect: ['Лиды, 2024.csv', 'won.csv'] });
    const p = parseArgs(['publish', '--out', 'site', '--file', 'a.csv', '--clients', 'c.csv']);
    expect(p).toMatchObject({ command: 'publish', data: { detect: ['a.csv'] } });
  });

  it('cannot go with --demo', () => {
    expect(() => parseArgs(['report', '--demo', '--file', 'a.csv'])).toThrow(/--demo cannot/);
  });
});

describe('Olist leads and won deals together, as the page links them', () => {
  it('report: leads, won and conversion by origin are the reference answers', async () => {
    const r = await crm(
      'report',
      ...[
        '--file',
        LEADS,
        '--file',
        CLOSED,
        '--by',
        'source',
        '--measures',
        'deals,won,conversion',
      ],
    );
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      source: string | null;
      deals: number;
      won: number;
      conversion: number;
    }[];
    const got = Object.fromEntries(rows.map((x) => [x.source ?? '(blank)', x]));
    expect(Object.keys(got).sort()).toEqual(Object.keys(ref.by_origin).sort());
    for (const [origin, want] of Object.entries(ref.by_origin)) {
      expect(got[origin]!.deals, origin).toBe(want.mql);
      expect(got[origin]!.won, origin).toBe(want.won);
      expect(got[origin]!.conversion, origin).toBeCloseTo(want.conversion_rate, 12);
    }
    expect(rows.reduce((n, x) => n + x.deals, 0)).toBe(ref.row_counts.mql);
    expect(rows.reduce((n, x) => n + x.won, 0)).toBe(ref.row_counts.closed_deals);
    expect(r.stderr).toContain('note: Deals found in a won-deals table are won, the others open');
  }, 120_000);

  it('publish: both files in the bundle, their kinds left to the page to detect', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'crm-publish-olist-')), 'site');
    const r = await crm(
      'publish',
      ...['--out', out, '--file', LEADS, '--file', CLOSED, '--presets', 'by-source,managers'],
    );
    expect(r.stderr).not.toMatch(/^crm:/m);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'data', 'manifest.json'), 'utf8')) as {
      name: string;
      files: { url: string; kind?: string }[];
      reports: { name: string }[];
    };
    expect(manifest.name).toBe('olist_marketing_qualified_leads_dataset.csv');
    expect(manifest.files.map((f) => [f.url, f.kind])).toEqual([
      ['olist_marketing_qualified_leads_dataset.csv', undefined],
      ['olist_closed_deals_dataset.csv', undefined],
    ]);
    expect(manifest.reports.map((x) => x.name)).toEqual(['Deals by source', 'Manager performance']);
    for (const f of manifest.files)
      expect(readFileSync(join(out, 'data', f.url))).toEqual(
        readFileSync(f.url.includes('closed') ? CLOSED : LEADS),
      );
  }, 240_000);
});
