/**
 * `npx tsx bench/funnel-profile.ts [--deals 1000000] [--runs 3] [--only "all time"]`: where the
 * funnel's time goes. Builds the demo in Node DuckDB-WASM like bench/node.ts, then for each funnel
 * spec of bench/specs.ts prints the median wall and process CPU time of its SQL (after a warm-up)
 * and DuckDB's EXPLAIN ANALYZE as an operator tree with each operator's own time and rows. CPU time
 * is the figure to compare on a shared machine: wall time there includes waiting for a core.
 */
import { cpuUsage } from 'node:process';
import { buildCatalog } from '../src/crm/catalog.ts';
import { compileReport } from '../src/crm/report.ts';
import { DEMO_TABLES, generateDemo } from '../src/demo/index.ts';
import { createNodeEngine } from '../src/engine/node.ts';
import { benchSpecs, median } from './specs.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const deals = Number(opt('--deals', '1000000'));
const runs = Number(opt('--runs', '3'));
const only = opt('--only', '');

interface Op {
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: Op[];
}

/** One line per operator: own time, rows and a short description, indented by depth. */
function tree(op: Op, depth = 0, out: string[] = []): string[] {
  const ms = (op.operator_timing ?? 0) * 1000;
  const info = JSON.stringify(op.extra_info ?? {}).slice(0, 100);
  if (op.operator_name)
    out.push(
      `${ms.toFixed(0).padStart(6)} ms ${String(op.operator_cardinality ?? '').padStart(9)} rows ${'  '.repeat(depth)}${op.operator_name.trim()} ${info}`,
    );
  for (const c of op.children ?? []) tree(c, depth + 1, out);
  return out;
}

const engine = await createNodeEngine();
const demo = generateDemo({ deals, activitiesPerDeal: 5 });
for (const name of DEMO_TABLES) await engine.insertArrow(name, demo.tables[name]);
const catalog = buildCatalog(demo.model);
for (const [name, make] of benchSpecs('funnel')) {
  if (only && !name.includes(only)) continue;
  const compiled = compileReport(make(demo.model), catalog);
  const sql = compiled.sql;
  // The per-deal summary is built once per dataset, not per report: not part of the timing.
  for (const p of compiled.prepare ?? []) await engine.exec(p.sql);
  await engine.query(sql); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = cpuUsage();
    const t = performance.now();
    await engine.query(sql);
    wall.push(performance.now() - t);
    const d = cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  console.log(
    `\n${name}, ${deals.toLocaleString('en')} deals: wall ${median(wall).toFixed(0)} ms, CPU ${median(cpu).toFixed(0)} ms (median of ${runs})`,
  );
  const plan = await engine.query(`EXPLAIN (ANALYZE, FORMAT json) ${sql}`);
  const json = String(plan.getChild('explain_value')?.get(0) ?? '{}');
  console.log(tree(JSON.parse(json) as Op).join('\n'));
}
await engine.close();
