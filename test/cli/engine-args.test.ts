import { describe, expect, it } from 'vitest';
import { UsageError, USAGE, parseArgs, type ReportArgs } from '../../src/cli/args.ts';

const report = (...argv: string[]) => parseArgs(['report', ...argv]) as ReportArgs;
const usage = (...argv: string[]) => {
  try {
    parseArgs(['report', '--demo', ...argv]);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('cli --engine, --threads, --memory-limit', () => {
  it('defaults to native duckdb with DuckDB’s own threads and memory limit', () => {
    expect(report('--demo')).toMatchObject({ engine: 'duckdb', threads: null, memoryLimit: null });
  });

  it('reads the engine and the native options', () => {
    expect(report('--demo', '--engine', 'duckdb-wasm')).toMatchObject({ engine: 'duckdb-wasm' });
    expect(
      report('--demo', '--engine=duckdb', '--threads', '2', '--memory-limit', '512MB'),
    ).toMatchObject({ engine: 'duckdb', threads: 2, memoryLimit: '512MB' });
    expect(
      (
        parseArgs(['publish', '--out', 'o', '--deals', 'd.csv', '--threads', '3']) as {
          data: ReportArgs;
        }
      ).data.threads,
    ).toBe(3);
    expect(USAGE).toMatch(/--engine duckdb\|duckdb-wasm\|chdb/);
    expect(report('--demo', '--engine', 'chdb')).toMatchObject({ engine: 'chdb' });
  });

  it('refuses unknown engines, bad sizes, and native options on another engine', () => {
    expect(usage('--engine', 'sqlite')).toMatch(/--engine: expected duckdb or duckdb-wasm or chdb/);
    expect(usage('--threads', '0')).toMatch(/--threads: expected a whole number/);
    expect(usage('--memory-limit', 'lots')).toMatch(/--memory-limit: expected a size/);
    expect(usage('--engine', 'duckdb-wasm', '--threads', '2')).toBe(
      '--threads applies to --engine duckdb, not duckdb-wasm',
    );
  });
});
