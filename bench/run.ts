/**
 * `npm run bench [-- --sizes 100000,1000000 --runs 5 --no-browser --only funnel]`: times the demo
 * generator, import and representative reports (`--only`: those whose name contains the text) in
 * Node and in Chromium, and writes bench/out/results.json and a Markdown table to paste into
 * docs/benchmarks.md. Not part of the tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchNode } from './node.ts';
import type { BenchRow } from './specs.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const sizes = opt('--sizes', '100000,1000000').split(',').map(Number);
const runs = Number(opt('--runs', '5'));
const only = args.includes('--only') ? opt('--only', '') : undefined;

const rows: BenchRow[] = [...(await benchNode(sizes, runs, only))];
if (!args.includes('--no-browser')) {
  const { benchBrowser } = await import('./browser.ts');
  rows.push(...(await benchBrowser(sizes, runs, only)));
}

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
writeFileSync('bench/out/results.md', table + '\n');
console.log(table);
