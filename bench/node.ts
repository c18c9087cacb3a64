/**
 * Node half of `npm run bench`: demo generation, then per engine — DuckDB-WASM (the same wasm build
 * as the browser, blocking bindings) and native DuckDB (`@duckdb/node-api`, the CLI's default) —
 * the import of the demo's Arrow tables and the median latency of representative reports, on the
 * same data, so the two can be read side by side.
 */
import { buildCatalog } from '../src/crm/catalog.ts';
import { DEMO_TABLES, generateDemo } from '../src/demo/index.ts';
import type { LazyEngine } from '../src/engine/types.ts';
import { compileReport } from '../src/crm/report.ts';
import { benchHandwritten } from './handwritten.ts';
import { importRatio } from './parquet-baseline.ts';
import { benchSpecs, median, type BenchRow } from './specs.ts';

/** The engines the Node benchmark can time, by the CLI's `--engine` names. */
export const BENCH_ENGINES: Record<string, (threads?: number) => Promise<LazyEngine>> = {
  'duckdb-wasm': async () => (await import('../src/engine/node.ts')).createNodeEngine(),
  duckdb: async (threads) =>
    (await import('../src/engine/native.ts')).createNativeEngine(threads ? { threads } : {}),
  chdb: async () => (await import('../src/engine/chdb.ts')).createChdbEngine(),
};

/** The `where` column of an engine's rows: `node` stays DuckDB-WASM, as in earlier results. */
export const whereOf = (engine: string) => (engine === 'duckdb-wasm' ? 'node' : `node ${engine}`);

/**
 * One engine at one size, in this process: generate the demo, import it, time the reports. The
 * caller runs each (size, engine) in its own process, so that the process's peak RSS
 * (`resourceUsage().maxRSS`, reported as a row) is that engine's, the demo's Arrow tables included.
 */
export async function benchOne(
  deals: number,
  name: string,
  runs: number,
  only?: string,
  threads?: number,
): Promise<BenchRow[]> {
  const make = BENCH_ENGINES[name];
  if (!make) throw new Error(`unknown engine '${name}' (${Object.keys(BENCH_ENGINES).join(', ')})`);
  const rows: BenchRow[] = [];
  const where = whereOf(name);
  let t = performance.now();
  const demo = generateDemo({ deals, activitiesPerDeal: 5 });
  rows.push({ where, deals, what: 'generate demo', ms: performance.now() - t });
  const catalog = buildCatalog(demo.model);
  const engine = await make(threads);
  try {
    await engine.query('SELECT 1');
    t = performance.now();
    for (const table of DEMO_TABLES) await engine.insertArrow(table, demo.tables[table]);
    rows.push({
      where,
      deals,
      what: 'import into DuckDB (insert Arrow)',
      ms: performance.now() - t,
    });
    const built = new Set<string>();
    for (const [what, spec] of benchSpecs(only)) {
      const compiled = compileReport(spec(demo.model), catalog);
      const sql = compiled.sql;
      try {
        // Tables built once per dataset (the funnel's per-deal summary), timed on their own.
        for (const p of compiled.prepare ?? []) {
          if (built.has(p.table)) continue;
          const s = performance.now();
          await engine.exec(p.sql);
          rows.push({
            where,
            deals,
            what: `build once per dataset: ${what}`,
            ms: performance.now() - s,
          });
          built.add(p.table);
        }
        await engine.query(sql); // warm-up: V8 tiers the wasm up on first use
      } catch (e) {
        // chdb runs part of the presets until the ClickHouse printer exists: a row says which.
        rows.push({ where, deals, what: `query: ${what}`, ms: NaN, note: firstLine(e) });
        continue;
      }
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        await engine.query(sql);
        times.push(performance.now() - s);
      }
      rows.push({ where, deals, what: `query: ${what}`, ms: median(times) });
    }
    // The compiled-vs-hand-written comparison is about the browser's engine: its rows say `node`.
    if (name === 'duckdb-wasm' && (!only || only === 'hand'))
      rows.push(...(await benchHandwritten(engine, demo.model, catalog, deals, runs)));
  } catch (e) {
    // A size one engine cannot hold (the wasm heap) is a result, not a crash of the run.
    rows.push({ where, deals, what: 'failed', ms: NaN, note: firstLine(e) });
  } finally {
    await engine.close();
  }
  rows.push({
    where,
    deals,
    what: PEAK_RSS,
    ms: process.resourceUsage().maxRSS / 1024,
    unit: ' MiB',
  });
  if (name === 'duckdb') {
    // After the peak was read: the yardstick loads the data a second time.
    const tables = Object.fromEntries(DEMO_TABLES.map((n) => [n, demo.tables[n]]));
    const r = await importRatio(tables, threads);
    rows.push(
      { where, deals, what: IMPORT_VS_PARQUET, ms: r.insertArrowMs / r.readParquetMs, unit: '×' },
      { where, deals, what: '  insert Arrow (same run)', ms: r.insertArrowMs },
      { where, deals, what: '  read_parquet of the same tables (same run)', ms: r.readParquetMs },
    );
  }
  return rows;
}

export const PEAK_RSS = 'peak RSS of the process (demo + engine)';
export const IMPORT_VS_PARQUET = 'import: insert Arrow ÷ DuckDB read_parquet of the same data';

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Side by side: one line per (size, step), each engine's figure and its ratio to the reference
 * engine (native DuckDB when it ran: the CLI's default, and the one that holds every size).
 */
export function sideBySide(rows: BenchRow[], engines: string[]): string {
  const ref = engines.includes('duckdb') ? 'duckdb' : engines[0]!;
  const others = engines.filter((e) => e !== ref);
  const keys = [
    ...new Set(
      rows
        .filter((r) => r.where !== 'node' || !/^(generate|hand-written|ratio)/.test(r.what))
        .filter((r) => r.unit !== '×' && !r.what.startsWith('  '))
        .map((r) => `${r.deals}\t${r.what}`),
    ),
  ];
  const ms = (where: string, key: string) =>
    rows.find((r) => r.where === where && `${r.deals}\t${r.what}` === key)?.ms;
  const fmt = (v: number | undefined) =>
    v === undefined || Number.isNaN(v) ? '—' : v.toFixed(v < 10 ? 1 : 0);
  const head = [
    `| deals | what | ${ref} | ${others.map((e) => `${e} | ${e} ÷ ${ref}`).join(' | ')} |`,
    `|---:|---|---:|${others.map(() => '---:|---:').join('|')}|`,
  ];
  const lines = keys.map((key) => {
    const [deals, what] = key.split('\t');
    const base = ms(whereOf(ref), key);
    const cells = others.map((e) => {
      const v = ms(whereOf(e), key);
      const ratio =
        base !== undefined && v !== undefined && base > 0 && !Number.isNaN(v)
          ? `${(v / base).toFixed(1)}×`
          : '—';
      return `${fmt(v)} | ${ratio}`;
    });
    return `| ${Number(deals).toLocaleString('en')} | ${what} | ${fmt(base)} | ${cells.join(' | ')} |`;
  });
  return [...head, ...lines].join('\n');
}
