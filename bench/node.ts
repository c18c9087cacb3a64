/**
 * Node half of `npm run bench`: demo generation, import into DuckDB-WASM (the same wasm build as the
 * browser, blocking bindings) and the median latency of representative reports.
 */
import { buildCatalog } from '../src/crm/catalog.ts';
import { DEMO_TABLES, generateDemo } from '../src/demo/index.ts';
import { createNodeEngine } from '../src/engine/node.ts';
import { compileReport } from '../src/crm/report.ts';
import { benchHandwritten } from './handwritten.ts';
import { benchSpecs, median, type BenchRow } from './specs.ts';

export async function benchNode(sizes: number[], runs: number, only?: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const deals of sizes) {
    const engine = await createNodeEngine();
    await engine.query('SELECT 1');
    let t = performance.now();
    const demo = generateDemo({ deals, activitiesPerDeal: 5 });
    rows.push({ where: 'node', deals, what: 'generate demo', ms: performance.now() - t });
    t = performance.now();
    for (const name of DEMO_TABLES) await engine.insertArrow(name, demo.tables[name]);
    rows.push({
      where: 'node',
      deals,
      what: 'import into DuckDB (insert Arrow)',
      ms: performance.now() - t,
    });
    const catalog = buildCatalog(demo.model);
    for (const [name, spec] of benchSpecs(only)) {
      const sql = compileReport(spec(demo.model), catalog).sql;
      await engine.query(sql); // warm-up: V8 tiers the wasm up on first use
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        await engine.query(sql);
        times.push(performance.now() - s);
      }
      rows.push({ where: 'node', deals, what: `query: ${name}`, ms: median(times) });
    }
    if (!only || only === 'hand')
      rows.push(...(await benchHandwritten(engine, demo.model, catalog, deals, runs)));
    await engine.close();
    console.log(`node ${deals.toLocaleString('en')} deals done`);
  }
  return rows;
}
