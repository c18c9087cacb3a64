/**
 * `crm report <preset> --demo --engine duckdb|duckdb-wasm|chdb` print the same JSON: the same rows
 * in the same order, numbers within 1e-9 relative (parallel sums may differ in the last bits).
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CHDB_PASSING } from '../engine/clickhouse/chdb-passing.ts';
import { chdbAvailable } from '../../src/engine/chdb.ts';
import { closeEnough } from '../engine/compare.ts';

const root = new URL('../..', import.meta.url).pathname;

function crm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return crmEnv({}, ...args);
}

function crmEnv(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node_modules/.bin/tsx',
      ['src/cli/main.ts', ...args],
      { cwd: root, timeout: 240_000, maxBuffer: 16 << 20, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

type Row = Record<string, unknown>;

/** null when the two outputs agree row by row, in order; else the first difference. */
function diff(a: Row[], b: Row[]): string | null {
  if (a.length !== b.length) return `${a.length} rows vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const keys = Object.keys(b[i]!);
    if (JSON.stringify(Object.keys(a[i]!)) !== JSON.stringify(keys)) return `row ${i}: keys differ`;
    for (const k of keys)
      if (!closeEnough(a[i]![k], b[i]![k]))
        return `row ${i} ${k}: ${String(a[i]![k])} vs ${String(b[i]![k])}`;
  }
  return null;
}

describe('crm report --engine', () => {
  it.each([['by-source'], ['compare'], ['funnel'], ['ltv'], ['dynamics']])(
    '%s: the same JSON on duckdb and duckdb-wasm',
    async (preset) => {
      const [native, wasm] = await Promise.all([
        crm('report', preset, '--demo', '--demo-deals', '3000', '--engine', 'duckdb'),
        crm('report', preset, '--demo', '--demo-deals', '3000', '--engine', 'duckdb-wasm'),
      ]);
      expect(native.code, native.stderr).toBe(0);
      expect(wasm.code, wasm.stderr).toBe(0);
      const a = JSON.parse(native.stdout) as Row[];
      const b = JSON.parse(wasm.stdout) as Row[];
      expect(b.length).toBeGreaterThan(0);
      expect(diff(a, b)).toBeNull();
      expect(native.stderr).toBe(wasm.stderr);
    },
    240_000,
  );

  it('runs on the default engine; a bad memory limit is a clear usage error', async () => {
    const [def, bad] = await Promise.all([
      crm('report', 'by-source', '--demo', '--demo-deals', '500', '--sql'),
      crm('report', 'by-source', '--demo', '--memory-limit', 'plenty'),
    ]);
    expect(def.code, def.stderr).toBe(0);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "crm: --memory-limit: expected a size such as 512MB or 4GB, got 'plenty'\n",
    );
  }, 240_000);

  it('--engine chdb without chdb installed names the install command', async () => {
    const missing = (...more: string[]) =>
      crmEnv(
        { CRM_CHDB_DIR: '/nonexistent/chdb' },
        ...['report', 'won-size', '--demo', '--engine', 'chdb', ...more],
      );
    const r = await missing();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'crm: chdb is not installed (looked in /nonexistent/chdb); install it with: npm run install:chdb\n',
    );
    const ru = await missing('--lang', 'ru');
    expect([ru.code, ru.stderr]).toEqual([
      1,
      'crm: chdb не установлен (искали в /nonexistent/chdb); установите его командой: npm run install:chdb\n',
    ]);
  }, 240_000);

  // The presets ClickHouse runs (the conformance suite asserts the list of the others).
  it.skipIf(!chdbAvailable()).each(CHDB_PASSING.map((id) => [id]))(
    '%s: the same JSON and notes on chdb and duckdb',
    async (preset) => {
      const [ch, native] = await Promise.all([
        crm('report', preset, '--demo', '--demo-deals', '3000', '--engine', 'chdb'),
        crm('report', preset, '--demo', '--demo-deals', '3000', '--engine', 'duckdb'),
      ]);
      expect(ch.code, ch.stderr).toBe(0);
      expect(native.code, native.stderr).toBe(0);
      const a = JSON.parse(ch.stdout) as Row[];
      expect(a.length).toBeGreaterThan(0);
      expect(diff(a, JSON.parse(native.stdout) as Row[])).toBeNull();
      expect(ch.stderr).toBe(native.stderr);
    },
    240_000,
  );
});
