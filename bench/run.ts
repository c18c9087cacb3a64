/**
 * `npm run bench [-- --scale 5m --sizes 100000,1000000 --runs 5 --no-browser --only funnel
 * --engines duckdb-wasm,duckdb,chdb --threads 2]`: times the demo generator, import and
 * representative reports (`--only`: those whose name contains the text) in Node on each engine
 * (side by side, with ratios, and the peak memory of each) and in Chromium, and writes
 * bench/out/results.json and Markdown tables to paste into docs/benchmarks.md. Not part of the
 * tests. `--only import` times a CSV export's import against DuckDB's own `read_csv`
 * (bench/import-csv.ts) on each engine; the default run does it at 300k deals. `--only startup`
 * (cold page → first report vs the engine's own start, longest main-thread stall) and `--only
 * threads` (the threaded build when cross-origin isolated) run that Chromium part alone.
 *
 * `--scale 5m` is the large point: 1M and 5M deals, Node only, on native DuckDB (2 threads),
 * DuckDB-WASM and chdb (when installed), 3 runs. It takes about half an hour on 2 cores.
 *
 * Each (size, engine) runs in a child process of its own (`--child`), so that its peak RSS is its
 * own and one engine's crash or heap exhaustion is a row of the results, not the end of the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchOne, sideBySide, whereOf } from './node.ts';
import { ratioRows } from './ratios.ts';
import { askPriority } from './priority.mjs';
import type { BenchRow } from './specs.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const scale = opt('--scale', '');
if (scale && scale !== '5m') throw new Error(`--scale takes 5m, not '${scale}'`);
const large = scale === '5m';
const sizes = opt('--sizes', large ? '1000000,5000000' : '100000,1000000')
  .split(',')
  .map(Number);
const runs = Number(opt('--runs', large ? '3' : '5'));
const only = args.includes('--only') ? opt('--only', '') : undefined;
const engines = opt('--engines', large ? 'duckdb,duckdb-wasm,chdb' : 'duckdb-wasm,duckdb').split(
  ',',
);
const threads = args.includes('--threads') ? Number(opt('--threads', '0')) : large ? 2 : undefined;

if (args.includes('--child')) {
  // One (size, engine) in this process; the rows go to the file the parent named.
  const rows = await benchOne(
    Number(opt('--deals', '0')),
    opt('--engine', ''),
    runs,
    only,
    threads,
  );
  writeFileSync(opt('--out', ''), JSON.stringify(rows));
  process.exit(0);
}

/** Runs one (size, engine) in a child process: same Node, same loader (tsx), same options. */
function child(deals: number, engine: string): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const out = join(dir, 'rows.json');
  const pass = [
    '--child',
    '--deals',
    String(deals),
    '--engine',
    engine,
    '--runs',
    String(runs),
    '--out',
    out,
  ];
  if (only !== undefined) pass.push('--only', only);
  if (threads) pass.push('--threads', String(threads));
  // The 5M demo's Arrow tables are built from JS arrays: more heap than Node's default.
  const heap = Math.max(...sizes) > 1_000_000 ? ['--max-old-space-size=12288'] : [];
  const r = spawnSync(process.execPath, [...heap, ...process.execArgv, process.argv[1]!, ...pass], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    // JSON has no NaN (a failed step): it comes back as null.
    const got = JSON.parse(readFileSync(out, 'utf8')) as BenchRow[];
    return got.map((r) => ({ ...r, ms: r.ms ?? NaN }));
  } catch {
    const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    return [
      {
        where: whereOf(engine),
        deals,
        what: 'failed',
        ms: NaN,
        note: `the process ended (${why})`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Before the first child: they and the Chromium the bench starts inherit it.
const priority = askPriority();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const loadBefore = load();
const importOnly = only === 'import';
// `--only startup` / `--only threads`: that Chromium part alone; otherwise both run after the
// browser half (threads at the largest size).
const startupOnly = only === 'startup' || only === 'threads';
const file = large ? 'results-5m' : 'results';
const rows: BenchRow[] = [];
for (const deals of importOnly || startupOnly ? [] : sizes) {
  for (const engine of engines) {
    if (engine === 'chdb' && !(await chdbInstalled())) {
      console.log(`chdb is not installed: skipped (npm run install:chdb)`);
      continue;
    }
    const got = child(deals, engine);
    // The demo is generated in every child; one figure of it is enough.
    rows.push(...got.filter((r) => r.what !== 'generate demo' || engine === engines[0]));
    console.log(`${whereOf(engine)} ${deals.toLocaleString('en')} deals done (load ${load()})`);
    // A long run can be stopped without losing what it measured so far.
    mkdirSync('bench/out', { recursive: true });
    writeFileSync(`bench/out/${file}.partial.json`, JSON.stringify(rows, null, 2));
  }
}
for (const r of rows) if (r.what === 'generate demo') r.where = 'node';
if (!large && (!only || importOnly) && !startupOnly) {
  const { benchImportCsv } = await import('./import-csv.ts');
  rows.push(...(await benchImportCsv(importOnly ? sizes : [300_000], runs, engines)));
}
if (!large && !args.includes('--no-browser') && !importOnly) {
  const { benchStartup } = await import('./startup.ts');
  if (!startupOnly) {
    const { benchBrowser } = await import('./browser.ts');
    rows.push(...(await benchBrowser(sizes, runs, only)));
  }
  if (only !== 'threads') rows.push(...(await benchStartup(runs, !startupOnly)));
  if (only === 'threads' || !only) {
    if (only === 'threads')
      spawnSync('node_modules/.bin/vite', ['build', '--base', './'], { stdio: 'inherit' });
    const { benchThreads } = await import('./threads.ts');
    rows.push(...(await benchThreads(Math.max(...sizes), runs)));
  }
}

/** Without loading its library into this process: the children do. */
async function chdbInstalled(): Promise<boolean> {
  const { chdbDir } = await import('../src/engine/chdb.ts');
  return existsSync(join(chdbDir(), 'node_modules', 'chdb'));
}

rows.push(...ratioRows(rows));

const machine = `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const loadNote = `load average (1/5/15 min) ${loadBefore} before, ${load()} after; ${priority}`;
writeFileSync(
  `bench/out/${file}.json`,
  JSON.stringify({ machine, load: loadNote, date: new Date().toISOString(), rows }, null, 2),
);
const value = (r: BenchRow) =>
  r.note
    ? `failed: ${r.note.length > 90 ? `${r.note.slice(0, 90)}…` : r.note}`
    : r.unit
      ? `${r.ms.toFixed(r.unit === '×' ? 2 : 0)}${r.unit}`
      : r.ms.toFixed(r.ms < 10 ? 1 : 0);
const table = [
  `Machine: ${machine}; ${new Date().toISOString().slice(0, 10)}; ${loadNote}; median of ${runs} runs after a warm-up${threads ? `; native DuckDB on ${threads} threads` : ''}.`,
  '',
  '| where | deals | what | ms (or ratio, MiB) |',
  '|---|---:|---|---:|',
  ...rows.map((r) => `| ${r.where} | ${r.deals.toLocaleString('en')} | ${r.what} | ${value(r)} |`),
].join('\n');
const engineTable =
  engines.length > 1 && rows.some((r) => r.where.startsWith('node'))
    ? `\n\nEngines side by side (Node):\n\n${sideBySide(rows, engines)}`
    : '';
writeFileSync(`bench/out/${file}.md`, table + engineTable + '\n');
rmSync(`bench/out/${file}.partial.json`, { force: true });
console.log(table + engineTable);
