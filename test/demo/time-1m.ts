/**
 * Times the demo generator at scale (not a test): `npx tsx test/demo/time-1m.ts [deals] [--load]`.
 * With --load it also inserts the tables into the Node engine and times that.
 */
import { DEMO_TABLES, generateDemo } from '../../src/demo/index.ts';

const deals = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
generateDemo({ deals: 20_000 }); // warm up the JIT so the figure is the steady state

// A fixed trivial loop, so figures from a busy machine can be compared with a quiet one
// (about 15 ms on an idle laptop).
const base = performance.now();
const probe = new Float64Array(5_000_000);
for (let i = 0; i < probe.length; i++) probe[i] = Math.sqrt(i) * 1.5;
console.log(`baseline loop: ${(performance.now() - base).toFixed(0)} ms`);

const cpu = process.cpuUsage();
const t0 = performance.now();
const { tables } = generateDemo({ deals });
const wall = performance.now() - t0;
const used = process.cpuUsage(cpu);
const sizes = DEMO_TABLES.map((t) => `${t} ${tables[t].numRows.toLocaleString('en')}`).join(', ');
console.log(
  `generate ${deals.toLocaleString('en')} deals: wall ${wall.toFixed(0)} ms, cpu ${((used.user + used.system) / 1000).toFixed(0)} ms`,
);
console.log(sizes);
console.log(
  `heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, array buffers ${(process.memoryUsage().arrayBuffers / 2 ** 20).toFixed(0)} MiB`,
);

if (process.argv.includes('--load')) {
  const { createNodeEngine } = await import('../../src/engine/node.ts');
  const engine = await createNodeEngine();
  await engine.start();
  const t1 = performance.now();
  for (const name of DEMO_TABLES) await engine.insertArrow(name, tables[name]);
  console.log(
    `insert into DuckDB (Node, blocking wasm): ${(performance.now() - t1).toFixed(0)} ms`,
  );
  await engine.close();
}
