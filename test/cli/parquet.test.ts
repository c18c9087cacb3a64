/**
 * `crm report` on a Parquet file, as a user runs it: the CLI reads a file into shared memory
 * (cli/load.ts), which the Parquet reader once refused ("parquet expected ArrayBuffer or
 * Uint8Array"), so no Parquet file could be imported from the command line.
 */
import { describe, expect, it } from 'vitest';
import { crm } from './run-cli.ts';

describe('crm report on a Parquet file', () => {
  it.each([['--deals'], ['--file']])('%s deals.parquet: its six deals', async (flag) => {
    const r = await crm(
      'report',
      flag,
      'test/fixtures/ingest/deals.parquet',
      '--measures',
      'deals',
      '--format',
      'json',
    );
    expect(r.stderr).not.toContain('not a readable Parquet file');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ deals: 6 }]);
  });
});
