/**
 * `npm run bench -- --only import --sizes 300000 --no-browser`: a CSV export of the demo (deals
 * and stage history, as a CRM would write them) imported the way the CLI does it — bytes read
 * from disk, `importFiles`, the report — against DuckDB-WASM's own `read_csv` of the same files
 * in the same runtime, in one run, so the ratio holds whatever the machine's load. Each step runs
 * on a fresh engine; the JS-only reader (`csvLoader: 'js'`, the import before DuckDB read CSV
 * itself) is timed once.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, type Table } from 'apache-arrow';
import { generateDemo } from '../src/demo/index.ts';
import type { LazyEngine } from '../src/engine/types.ts';
import { BENCH_ENGINES } from './node.ts';
import { readLater } from '../src/cli/load.ts';
import { importFiles } from '../src/ingest/index.ts';
import type { PendingFile } from '../src/ingest/types.ts';
import { median, type BenchRow } from './specs.ts';

const DIR = 'bench/out/import';

/** A table as a CRM's CSV export: a header, quoted text where needed, `YYYY-MM-DD HH:MM:SS` times. */
function toCsv(table: Table): string {
  const fields = table.schema.fields;
  const cols = fields.map((f, i) => ({
    vec: table.getChildAt(i)!,
    time: DataType.isTimestamp(f.type) || DataType.isDate(f.type),
  }));
  const cell = (v: unknown, time: boolean): string => {
    if (v === null || v === undefined) return '';
    if (time) return new Date(Number(v)).toISOString().slice(0, 19).replace('T', ' ');
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const out = [fields.map((f) => f.name).join(',')];
  for (let r = 0; r < table.numRows; r++)
    out.push(cols.map((c) => cell(c.vec.get(r), c.time)).join(','));
  return out.join('\n') + '\n';
}

/** Writes deals.csv and stage_history.csv for `deals` demo deals; returns their paths. */
export function writeExport(deals: number): {
  deals: string;
  history: string;
  historyRows: number;
} {
  mkdirSync(DIR, { recursive: true });
  const demo = generateDemo({ deals, activitiesPerDeal: 0 });
  const paths = {
    deals: join(DIR, `deals-${deals}.csv`),
    history: join(DIR, `stage_history-${deals}.csv`),
  };
  writeFileSync(paths.deals, toCsv(demo.tables.deals));
  writeFileSync(paths.history, toCsv(demo.tables.stage_history));
  return { ...paths, historyRows: demo.tables.stage_history.numRows };
}

async function timed(step: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await step();
  return performance.now() - t;
}

type Make = () => Promise<LazyEngine>;

/**
 * The engines as the CLI makes them (`src/cli/engine.ts`): `duckdb-wasm` on its worker thread.
 * `duckdb-wasm-blocking` is the blocking bindings the CLI used before (and the tests use), for an
 * A/B in one run.
 */
const IMPORT_ENGINES: Record<string, Make> = {
  ...BENCH_ENGINES,
  'duckdb-wasm': async () =>
    (await import('../src/engine/node-worker.ts')).createNodeWorkerEngine(),
  'duckdb-wasm-blocking': () => BENCH_ENGINES['duckdb-wasm']!(),
};

/** The engine's reader alone: the same bytes registered, `read_csv` with its own detection. */
async function engineReader(
  make: Make,
  paths: string[],
): Promise<{ ms: number; cpuMs: number; faults: number }> {
  const engine = await make();
  await engine.query('SELECT 1');
  const cpu = process.cpuUsage();
  const faults = process.resourceUsage().minorPageFault;
  try {
    const ms = await timed(async () => {
      let k = 0;
      for (const p of paths) {
        // The Buffer itself, as the import hands over its read: `new Uint8Array(buffer)` would
        // copy every byte into fresh memory, which costs ≈ 4 ms per MB on a VM whose page
        // faults are slow (2026-12-05) and made this baseline ≈ 0.4 s slower than it is.
        // Handed over: an engine on another thread takes the buffer itself, no copy.
        const path = await engine.registerFile(`f${k}.csv`, readFileSync(p), { handOver: true });
        await engine.exec(`CREATE TABLE t${k++} AS SELECT * FROM read_csv('${path}')`);
      }
    });
    const used = process.cpuUsage(cpu);
    return {
      ms,
      cpuMs: (used.user + used.system) / 1000,
      faults: process.resourceUsage().minorPageFault - faults,
    };
  } finally {
    await engine.close();
  }
}

/** The CLI's import of the same files (`src/cli/load.ts`: bytes from disk, `importFiles`). */
async function cliImport(
  make: Make,
  paths: { deals: string; history: string },
  csvLoader: 'sql' | 'js',
) {
  const engine = await make();
  await engine.query('SELECT 1');
  const inEngine = timeEngineCalls(engine);
  const cpu = process.cpuUsage();
  const faults = process.resourceUsage().minorPageFault;
  try {
    const ms = await timed(async () => {
      // Both files opened, then read by the import as it goes, as the CLI's `loadFiles` does.
      const deals = await readLater('deals', paths.deals);
      const history = await readLater('stages', paths.history);
      const files: PendingFile[] = [
        { name: 'deals.csv', read: deals.read, kind: 'deals' },
        { name: 'stage_history.csv', read: history.read, kind: 'stage_history' },
      ];
      try {
        await importFiles(engine, files, { csvLoader });
      } finally {
        await deals.close();
        await history.close();
      }
    });
    const used = process.cpuUsage(cpu);
    return {
      ms,
      engineMs: inEngine(),
      cpuMs: (used.user + used.system) / 1000,
      faults: process.resourceUsage().minorPageFault - faults,
    };
  } finally {
    await engine.close();
  }
}

/**
 * Wall time spent inside the engine's calls from now on. On native DuckDB the calls run on
 * DuckDB's threads while the JS thread waits, and the JS passes run while DuckDB's threads wait,
 * so the split (and the process CPU beside it) says which side a change moved.
 */
function timeEngineCalls(engine: LazyEngine): () => number {
  let total = 0;
  const e = engine as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const k of ['exec', 'query', 'registerFile', 'dropFile']) {
    const call = e[k]!.bind(engine);
    e[k] = async (...a) => {
      const t = performance.now();
      try {
        return await call(...a);
      } finally {
        total += performance.now() - t;
      }
    };
  }
  return () => total;
}

/**
 * `engines`: DuckDB-WASM (the browser's engine, `where` = node) and native DuckDB (the CLI's
 * default, `node duckdb`), each compared with its own `read_csv`.
 */
export async function benchImportCsv(
  sizes: number[],
  runs: number,
  engines: string[] = ['duckdb-wasm'],
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const deals of sizes) {
    const paths = writeExport(deals);
    console.log(`import: ${deals} deals, ${paths.historyRows} history rows written`);
    for (const name of engines) {
      const make = () => IMPORT_ENGINES[name]!();
      const where = name === 'duckdb-wasm' ? 'node' : `node ${name}`;
      const reader: number[] = [];
      const sql: number[] = [];
      const js: number[] = [];
      // Interleaved, so a change in the machine's load hits all three alike.
      for (let i = 0; i < runs; i++) {
        const read = await engineReader(make, [paths.deals, paths.history]);
        reader.push(read.ms);
        const run = await cliImport(make, paths, 'sql');
        sql.push(run.ms);
        console.log(
          `${where} import run ${i + 1}: read_csv ${reader.at(-1)!.toFixed(0)} ms, import ${run.ms.toFixed(0)} ms ` +
            `(engine calls ${run.engineMs.toFixed(0)} ms, JS between ${(run.ms - run.engineMs).toFixed(0)} ms, ` +
            `process CPU ${run.cpuMs.toFixed(0)} ms, ${(run.cpuMs / read.cpuMs).toFixed(2)}× read_csv's ${read.cpuMs.toFixed(0)} ms; ` +
            `minor page faults ${run.faults} vs read_csv's ${read.faults})`,
        );
      }
      // After the timed runs: the JS reader's garbage (row objects for 1.7M rows) was otherwise
      // collected inside the next run's import, adding ≈ 0.7 s to its "JS between".
      js.push((await cliImport(make, paths, 'js')).ms);
      const r = median(reader);
      const s = median(sql);
      const j = median(js);
      const what = `CSV export (${deals.toLocaleString('en')} deals + ${paths.historyRows.toLocaleString('en')} history rows)`;
      rows.push(
        { where, deals, what: `${what}: read_csv`, ms: r },
        { where, deals, what: `${what}: import, DuckDB reads (default)`, ms: s },
        { where, deals, what: `${what}: import, JS reader (before; once, after the runs)`, ms: j },
        { where, deals, what: `${what}: import ÷ read_csv`, ms: s / r, unit: '×' },
        { where, deals, what: `${what}: JS-reader import ÷ read_csv`, ms: j / r, unit: '×' },
      );
    }
  }
  return rows;
}
