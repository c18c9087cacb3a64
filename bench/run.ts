/**
 * `npm run bench [-- --sizes 100000,1000000 --runs 5 --no-browser --only funnel
 * --engines duckdb-wasm,duckdb --threads 2]`: times the demo generator, import and representative
 * reports (`--only`: those whose name contains the text) in Node on each engine (side by side,
 * with ratios) and in Chromium, and writes bench/out/results.json and Markdown tables to paste
 * into docs/benchmarks.md. Not part of the tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchNode, sideBySide } from './node.ts';
import { ratioRows } from './ratios.ts';
import type { BenchRow } from './specs.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const sizes = opt('--sizes', '100000,1000000').split(',').map(Number);
const runs = Number(opt('--runs', '5'));
const only = args.includes('--only') ? opt('--only', '') : undefined;
const engines = opt('--engines', 'duckdb-wasm,duckdb').split(',');
const threads = args.includes('--threads') ? Number(opt('--threads', '0')) : undefined;

const rows: BenchRow[] = [...(await benchNode(sizes, runs, only, engines, threads))];
if (!args.includes('--no-browser')) {
  const { benchBrowser } = await import('./browser.ts');
  rows.push(...(await benchBrowser(sizes, runs, only)));
}

rows.push(...ratioRows(rows));

const machine = `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
mkdirSync('bench/out', { recursive: true });
writeFileSync(
  'bench/out/results.json',
  JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2),
);
const table = [
  `Machine: ${machine}; ${new Date().toISOString().slice(0, 10)}; median of ${runs} runs after a warm-up.`,
  '',
  '| where | deals | what | ms (or ratio) |',
  '|---|---:|---|---:|',
  ...rows.map(
    (r) =>
      `| ${r.where} | ${r.deals.toLocaleString('en')} | ${r.what} | ${r.unit ? `${r.ms.toFixed(2)}${r.unit}` : r.ms.toFixed(r.ms < 10 ? 1 : 0)} |`,
  ),
].join('\n');
const engineTable =
  engines.length > 1 ? `\n\nEngines side by side (Node):\n\n${sideBySide(rows, engines)}` : '';
writeFileSync('bench/out/results.md', table + engineTable + '\n');
console.log(table + engineTable);
