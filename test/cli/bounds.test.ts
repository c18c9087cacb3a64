/**
 * The real `crm` command with one malformed file beside a good one: the good file loads, the
 * report runs, and the bad file is named on stderr with its reason instead of aborting the run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crm, type Run } from './run-cli.ts';

let xlsx: Run;
let json: Run;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bounds-'));
  const bad = join(dir, 'bad.xlsx');
  writeFileSync(bad, 'PK\x03\x04 this was cut short');
  const numbers = join(dir, 'numbers.json');
  writeFileSync(numbers, '[1,2,3]');
  const deals = ['report', 'by-source', '--deals', 'test/cli/fixtures/deals.csv'];
  [xlsx, json] = await Promise.all([
    crm(...deals, '--lookup', bad),
    crm(...deals, '--lookup', numbers),
  ]);
}, 300_000);

describe('crm with a malformed file among several', () => {
  it('loads the good file and names the bad workbook on stderr', () => {
    expect(xlsx.code).toBe(0);
    const rows = JSON.parse(xlsx.stdout) as { source: string | null; deals: number }[];
    // deals.csv: 5 Web, 3 Referral, 2 without a source.
    expect(rows.map((r) => [r.source, r.deals])).toEqual([
      ['Web', 5],
      ['Referral', 3],
      [null, 2],
    ]);
    expect(xlsx.stderr).toContain(
      'note: bad.xlsx: not a readable workbook: the file is damaged or incomplete\n',
    );
  });

  it('names a JSON array of plain values instead of a database message', () => {
    expect(json.code).toBe(0);
    expect(json.stderr).toContain(
      'note: numbers.json: JSON must be an array of records (objects with named fields), not of plain values\n',
    );
    expect(json.stderr).not.toMatch(/Parser Error|Binder Error/);
  });
});
