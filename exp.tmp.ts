import { buildCatalog } from './src/crm/catalog.ts';
import { DEMO_TABLES, generateDemo } from './src/demo/index.ts';
import { createNodeEngine } from './src/engine/node.ts';
import { compileReport } from './src/crm/report.ts';
import { BENCH_SPECS } from './bench/specs.ts';
const n = Number(process.argv[2] ?? 300000);
const engine = await createNodeEngine();
const demo = generateDemo({ deals: n, activitiesPerDeal: 1 });
for (const name of DEMO_TABLES) await engine.insertArrow(name, demo.tables[name]);
const catalog = buildCatalog(demo.model);
const gen = compileReport(
  BENCH_SPECS['manager × quarter (revenue, totals)']!(demo.model),
  catalog,
).sql;
const variant = gen.replaceAll(
  `((strftime("deals"."closed_at", '%Y') || '-Q') || CAST(quarter("deals"."closed_at") AS VARCHAR))`,
  `date_trunc('quarter', "deals"."closed_at")`,
);
const single = variant
  .replace(/"merged" AS \([\s\S]*?\n\),\n/, '')
  .replace('FROM "merged"', 'FROM "g0"');
const hand = `SELECT manager, strftime(closed_at,'%Y')||'-Q'||quarter(closed_at) AS q, sum(amount) FILTER (WHERE status='won') AS revenue FROM deals WHERE closed_at >= DATE '2025-01-01' AND closed_at < DATE '2026-01-01' GROUP BY GROUPING SETS ((manager, q),(manager),(q),()) ORDER BY 1,2`;
const hand2 = `SELECT manager, date_trunc('quarter', closed_at) AS q, sum(amount) FILTER (WHERE status='won') AS revenue FROM deals WHERE closed_at >= DATE '2025-01-01' AND closed_at < DATE '2026-01-01' GROUP BY GROUPING SETS ((manager, q),(manager),(q),()) ORDER BY 1,2`;
const t = async (sql: string) => {
  await engine.query(sql);
  const ts = [];
  for (let i = 0; i < 7; i++) {
    const s = performance.now();
    await engine.query(sql);
    ts.push(performance.now() - s);
  }
  ts.sort((a, b) => a - b);
  return ts[3]!;
};
for (let r = 0; r < 2; r++)
  console.log({
    gen: await t(gen),
    variant: await t(variant),
    single: await t(single),
    hand: await t(hand),
    hand2: await t(hand2),
  });
await engine.close();
