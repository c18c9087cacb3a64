/**
 * `crm push` then `crm report --engine clickhouse` against a loopback ClickHouse server that
 * executes in chdb (test/engine/clickhouse/ch-server.mjs): the same JSON as `--engine duckdb` on the same
 * demo for the presets ClickHouse runs (CHDB_PASSING, shared with the conformance suite), and one
 * clear line on stderr for every way a server can fail.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESET_IDS } from '../../src/crm/presets.ts';
import { chdbAvailable } from '../../src/engine/chdb.ts';
import { startClickHouse } from '../engine/clickhouse/ch-server.mjs';
import { CHDB_PASSING } from '../engine/clickhouse/chdb-passing.ts';
import { closeEnough } from '../engine/compare.ts';
import { root, type Run } from './run-cli.ts';

type Row = Record<string, unknown>;

function crm(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'node_modules/.bin/tsx',
      ['src/cli/main.ts', ...args],
      {
        cwd: root,
        timeout: 240_000,
        maxBuffer: 16 << 20,
        env: { ...process.env, CLICKHOUSE_PASSWORD: '', ...env },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

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

const PW = { CLICKHOUSE_PASSWORD: 'pa55' };
const DEMO = ['--demo', '--demo-deals', '3000'];

describe('crm --engine clickhouse: usage', () => {
  it.each([
    [['report', 'won-size', '--engine', 'clickhouse'], '--engine clickhouse needs --url'],
    [
      ['report', 'won-size', '--url', 'http://x:8123', ...DEMO],
      '--url applies to --engine clickhouse, not duckdb',
    ],
    [
      ['report', 'won-size', '--engine', 'clickhouse', '--url', 'http://x:8123', ...DEMO],
      'load files or --demo there with: crm push',
    ],
    [['push', '--demo'], 'push needs --engine clickhouse'],
    [
      ['report', '--engine', 'clickhouse', '--url', 'http://me:pw@x:8123'],
      'no user or password in it',
    ],
  ])('%j', async (args, text) => {
    const r = await crm({}, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
  });
});

describe.skipIf(!chdbAvailable())(
  'crm push and report on a ClickHouse server (loopback on chdb)',
  () => {
    let server: Awaited<ReturnType<typeof startClickHouse>>;
    const at = () => ['--engine', 'clickhouse', '--url', server.url, '--user', 'crm'];

    beforeAll(async () => {
      server = await startClickHouse({ user: 'crm', password: 'pa55' });
      const pushed = await crm(PW, 'push', ...at(), '--database', 'crm', ...DEMO);
      expect(pushed.code, pushed.stderr).toBe(0);
      expect(JSON.parse(pushed.stdout)).toMatchObject({ deals: 3000, stages: 14 });
    }, 240_000);
    afterAll(() => server?.close());

    it('pushes typed MergeTree tables under the canonical names, and the model beside them', async () => {
      const tsv = new TextDecoder().decode(
        await server.sql(
          "SELECT name, engine FROM system.tables WHERE database = 'crm' ORDER BY name",
        ),
      );
      expect(tsv.trim().split('\n')).toEqual(
        [
          'activities',
          'clients',
          'crm_model',
          'deals',
          'managers',
          'products',
          'stage_history',
          'stages',
        ].map((t) => `${t}\tMergeTree`),
      );
      const ddl = new TextDecoder().decode(
        await server.sql(
          "SELECT create_table_query FROM system.tables WHERE database = 'crm' AND name = 'deals'",
        ),
      );
      expect(ddl).toMatch(/`amount` Nullable\(Float64\)/);
      expect(ddl).toMatch(/`created_at` Nullable\(DateTime64\(6, \\*'UTC\\*'\)\)/);
    });

    const presets = CHDB_PASSING.filter((p) => (PRESET_IDS as readonly string[]).includes(p));
    it.each(presets.map((p) => [p]))(
      '%s: the same JSON as --engine duckdb on the same demo',
      async (preset) => {
        const [ch, duck] = await Promise.all([
          crm(PW, 'report', preset, ...at(), '--database', 'crm'),
          crm({}, 'report', preset, ...DEMO, '--engine', 'duckdb'),
        ]);
        expect(ch.code, ch.stderr).toBe(0);
        expect(duck.code, duck.stderr).toBe(0);
        const a = JSON.parse(ch.stdout) as Row[];
        const b = JSON.parse(duck.stdout) as Row[];
        expect(b.length).toBeGreaterThan(0);
        expect(diff(a, b)).toBeNull();
        expect(ch.stderr).toBe(duck.stderr);
      },
      240_000,
    );

    it('the comparison can fail: another demo size gives other numbers', async () => {
      const [ch, duck] = await Promise.all([
        crm(PW, 'report', 'won-size', ...at(), '--database', 'crm'),
        crm({}, 'report', 'won-size', '--demo', '--demo-deals', '2000'),
      ]);
      expect(diff(JSON.parse(ch.stdout) as Row[], JSON.parse(duck.stdout) as Row[])).not.toBeNull();
    }, 240_000);

    it('a wrong password: one line naming the server and the user', async () => {
      const r = await crm({ CLICKHOUSE_PASSWORD: 'wrong' }, 'report', 'won-size', ...at());
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `crm: the ClickHouse server at ${server.url} refused user “crm”: wrong password or no such user\n`,
      );
    });

    it('an unreachable server: one line, no stack trace', async () => {
      const closed = await new Promise<number>((resolve) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => resolve(p));
        });
      });
      const r = await crm(
        PW,
        'report',
        'won-size',
        '--engine',
        'clickhouse',
        '--url',
        `http://127.0.0.1:${closed}`,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `crm: cannot reach the ClickHouse server at http://127.0.0.1:${closed}: ECONNREFUSED\n`,
      );
    });

    it('a database without a pushed dataset, an unknown database', async () => {
      const empty = await crm(PW, 'report', 'won-size', ...at());
      expect(empty.code).toBe(1);
      expect(empty.stderr).toBe(
        `crm: the ClickHouse database “default” holds no CRM dataset (no table crm_model); load one with: crm push --engine clickhouse --url ${server.url} --demo (or your files)\n`,
      );
      const none = await crm(PW, 'report', 'won-size', ...at(), '--database', 'nowhere');
      expect(none.stderr).toBe(
        `crm: the ClickHouse server at ${server.url} has no database “nowhere”\n`,
      );
    });

    it('a missing canonical table or column: the server’s error, explained', async () => {
      const pushed = await crm(
        PW,
        'push',
        ...at(),
        '--database',
        'broken',
        '--demo',
        '--demo-deals',
        '200',
      );
      expect(pushed.code, pushed.stderr).toBe(0);
      await server.sql('ALTER TABLE broken.deals DROP COLUMN amount');
      const column = await crm(PW, 'report', 'won-size', ...at(), '--database', 'broken');
      expect(column.code).toBe(1);
      expect(column.stderr).toMatch(
        /^crm: a table in the ClickHouse database “broken” lacks a column this needs \(load the data again with crm push\): .*amount.*\n$/,
      );
      await server.sql('DROP TABLE broken.deals');
      const table = await crm(PW, 'report', 'won-size', ...at(), '--database', 'broken');
      expect(table.stderr).toMatch(
        /^crm: the ClickHouse database “broken” lacks a table this needs \(load the data with crm push\): .*deals.*\n$/,
      );
    }, 240_000);

    it('a report the server stops for memory', async () => {
      server.setProfile({ max_memory_usage: '200000', max_untracked_memory: '1024' });
      try {
        const r = await crm(PW, 'report', 'won-size', ...at(), '--database', 'crm');
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          /^crm: the ClickHouse server stopped the query: it needed more memory than it may use \(.*memory limit exceeded.*\)\. Make the report smaller/,
        );
        expect(r.stderr.split('\n').length).toBe(2);
      } finally {
        server.setProfile({});
      }
    });
  },
);
