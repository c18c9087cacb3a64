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
import { benchSpecs, median, type BenchRow } from './specs.ts';

/** The engines the Node benchmark can time, by the CLI's `--engine` names. */
export const BENCH_ENGINES: Record<string, (threads?: number) => Promise<LazyEngine>> = {
  'duckdb-wasm': async () => (await import('../src/engine/node.ts')).createNodeEngine(),
  duckdb: async (threads) =>
    (await import('../src/engine/native.ts')).createNativeEngine(threads ? { threads } : {}),
};

/** The `where` column of an engine's rows: `node` stays DuckDB-WASM, as in earlier results. */
export const whereOf = (engine: string) => (engine === 'duckdb-wasm' ? 'node' : `node ${engine}`);

export async function benchNode(
  sizes: number[],
  runs: number,
  only?: string,
  engines: string[] = ['duckdb-wasm', 'duckdb'],
  threads?: number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const deals of sizes) {
    let t = performance.now();
    const demo = generateDemo({ deals, activitiesPerDeal: 5 });
    rows.push({ where: 'node', deals, what: 'generate demo', ms: performance.now() - t });
    const catalog = buildCatalog(demo.model);
    for (const name of engines) {
      const make = BENCH_ENGINES[name];
      if (!make)
        throw new Error(`unknown engine '${name}' (${Object.keys(BENCH_ENGINES).join(', ')})`);
      const where = whereOf(name);
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
        rows.push({
          where,
          deals,
          what: `failed: ${(e as Error).message.split('\n')[0]}`,
          ms: NaN,
        });
      } finally {
        await engine.close();
      }
      console.log(`${where} ${deals.toLocaleString('en')} deals done`);
    }
  }
  return rows;
}

/** Side by side: one line per (size, step), each engine's time and its ratio to DuckDB-WASM. */
export function sideBySide(rows: BenchRow[], engines: string[]): string {
  const others = engines.filter((e) => e !== 'duckdb-wasm');
  const keys = [
    ...new Set(rows.filter((r) => r.what !== 'generate demo').map((r) => `${r.deals}\t${r.what}`)),
  ];
  const ms = (where: string, key: string) =>
    rows.find((r) => r.where === where && `${r.deals}\t${r.what}` === key)?.ms;
  const fmt = (v: number | undefined) =>
    v === undefined || Number.isNaN(v) ? '—' : v.toFixed(v < 10 ? 1 : 0);
  const head = [
    `| deals | what | duckdb-wasm ms | ${others.map((e) => `${e} ms | wasm ÷ ${e}`).join(' | ')} |`,
    `|---:|---|---:|${others.map(() => '---:|---:').join('|')}|`,
  ];
  const lines = keys.map((key) => {
    const [deals, what] = key.split('\t');
    const wasm = ms('node', key);
    const cells = others.map((e) => {
      const v = ms(whereOf(e), key);
      const ratio =
        wasm !== undefined && v !== undefined && v > 0 ? `${(wasm / v).toFixed(1)}×` : '—';
      return `${fmt(v)} | ${ratio}`;
    });
    return `| ${Number(deals).toLocaleString('en')} | ${what} | ${fmt(wasm)} | ${cells.join(' | ')} |`;
  });
  return [...head, ...lines].join('\n');
}
