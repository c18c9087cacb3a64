/**
 * Deals and their child tables typed before the plan, the key facts read from the typed tables,
 * one stage history file typed straight into `stage_history` (load-early.ts). Differential:
 * - the plan equals the one the text tables (`gatherKeys`) and the JS key sets give, with
 *   samples small enough to make every fixture "sampled";
 * - whole imports equal the JS loader's (`csvLoader: 'js'`): every table with its column types
 *   and rows in order, the model, and the report (failures with file/row/column, warnings) — on
 *   the multi-file fixtures and on generated deal + history (+ activities, + clients) exports with
 *   ids differing in case and spaces, orphans, numeric-looking ids ("007" vs "7"), broken values,
 *   deal ids equal but for case, history by title; on DuckDB-WASM and native DuckDB.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { completeKeys, scanTable, type Scanned } from '../../../src/ingest/detect/detect.ts';
import { gatherKeys } from '../../../src/ingest/detect/keys-sql.ts';
import { keyColumns, planTables, type Plan } from '../../../src/ingest/detect/relations.ts';
import { importFiles, ImportError, type ImportFile } from '../../../src/ingest/index.ts';
import { stageBeforePlan, typedBeforePlan } from '../../../src/ingest/load/load-early.ts';
import { ImportRun } from '../../../src/ingest/load/load.ts';
import { MAX_DISTINCT } from '../../../src/ingest/parse/infer.ts';
import { dropText, type TextRead } from '../../../src/ingest/parse/sql-load.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import type { RawTable } from '../../../src/ingest/types.ts';
import * as C from '../corpus/corpus.ts';
import { dumpTables, ENGINES, recordedEngine, rng } from '../corpus/import-compare.ts';
import { exampleFiles, olistFiles, zohoWithCalls } from '../corpus/multi-file-sets.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (rows: string[][]) => utf8(rows.map((r) => r.join(',')).join('\n') + '\n');

interface Gen {
  seed: number;
  deals: number;
  id: (i: number) => string;
  /** How the history writes a deal's id (or title, `byTitle`). */
  ref: (id: string, r: () => number) => string;
  /** Share of history rows naming no deal. */
  orphans: number;
  activities?: boolean;
  clients?: boolean;
  byTitle?: boolean;
  /** Share of deals with no id (1% unless given). */
  blankIds?: number;
}

function exportFiles(g: Gen): ImportFile[] {
  const r = rng(g.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const ids = Array.from({ length: g.deals }, (_, i) => g.id(i));
  const title = (i: number) => `Сделка ${i}`;
  const deals = [['id', 'title', 'created_at', 'amount', 'stage', 'client']];
  ids.forEach((id, i) =>
    deals.push([
      r() < (g.blankIds ?? 0.01) ? '' : id,
      title(i),
      r() < 0.01 ? '31.02.2024' : `2024-0${1 + (i % 9)}-1${i % 10}`,
      r() < 0.01 ? 'n/a?' : String((i % 300) * 10),
      pick(['New', 'Won', 'Lost', ' won ']),
      `C${i % 40}`,
    ]),
  );
  const history = [['deal_id', 'stage', 'entered_at', 'note']];
  for (let i = 0; i < g.deals * 3; i++) {
    const k = Math.floor(r() * g.deals);
    const ref = r() < g.orphans ? `X${k}` : g.ref(g.byTitle ? title(k) : ids[k]!, r);
    history.push([ref, pick(['New', 'Won']), r() < 0.01 ? 'soon' : '2024-01-02 10:00:00', '007']);
  }
  const files: ImportFile[] = [
    { name: 'deals.csv', bytes: csv(deals), kind: 'deals' },
    { name: 'history.csv', bytes: csv(history), kind: 'stage_history' },
  ];
  if (g.activities) {
    const acts = [['deal', 'type', 'at']];
    for (let i = 0; i < g.deals; i++)
      acts.push([g.ref(ids[Math.floor(r() * g.deals)]!, r), pick(['call', 'email']), '2024-01-03']);
    files.push({ name: 'calls.csv', bytes: csv(acts), kind: 'activities' });
  }
  if (g.clients) {
    const cl = [['client', 'region']];
    for (let i = 0; i < 45; i++) cl.push([i % 7 === 0 ? `c${i}` : `C${i}`, `R${i % 3}`]);
    files.push({ name: 'clients.csv', bytes: csv(cl), kind: 'clients' });
  }
  return files;
}

const cased = (id: string, r: () => number) =>
  r() < 0.3 ? id.toLowerCase() : r() < 0.5 ? ` ${id}  ` : r() < 0.6 ? `"${id}"` : id;

const GENERATED: [string, Gen][] = [
  [
    'ids as the deals have them, a few orphans',
    { seed: 1, deals: 400, id: (i) => `D${i}`, ref: (id) => id, orphans: 0.02 },
  ],
  [
    'ids in other case and spacing, orphans, activities',
    { seed: 2, deals: 400, id: (i) => `Id-${i}`, ref: cased, orphans: 0.1, activities: true },
  ],
  [
    'numeric-looking ids ("007" in the deals, "7" in the history)',
    {
      seed: 3,
      deals: 300,
      id: (i) => String(i).padStart(3, '0'),
      ref: (id, r) => (r() < 0.3 ? String(Number(id)) : id),
      orphans: 0,
    },
  ],
  [
    'deal ids equal but for case ("A1" and "a1" are two deals)',
    {
      seed: 4,
      deals: 300,
      id: (i) => (i % 2 ? `a${i >> 1}` : `A${i >> 1}`),
      ref: (id) => id,
      orphans: 0.05,
    },
  ],
  [
    'history by deal title (non-ASCII titles)',
    { seed: 5, deals: 300, id: (i) => `${i}`, ref: (t) => t, orphans: 0.05, byTitle: true },
  ],
  [
    'deal ids equal but for case, every reference exact (clashes, no miss)',
    {
      seed: 7,
      deals: 300,
      id: (i) => (i % 2 ? `b${i >> 1}` : `B${i >> 1}`),
      ref: (id) => id,
      orphans: 0,
      blankIds: 0,
    },
  ],
  [
    'every reference an id but for case (near misses only)',
    {
      seed: 8,
      deals: 300,
      id: (i) => `D${i}`,
      ref: (id) => id.toLowerCase(),
      orphans: 0,
      blankIds: 0,
    },
  ],
  [
    'every deal id twice (duplicates, no clash)',
    { seed: 9, deals: 300, id: (i) => `D${i >> 1}`, ref: (id) => id, orphans: 0.03 },
  ],
  [
    'history by title, a fifth of it by id',
    {
      seed: 10,
      deals: 300,
      id: (i) => `${i}`,
      ref: (t, r) => (r() < 0.2 ? t.slice('Сделка '.length) : t),
      orphans: 0,
      byTitle: true,
    },
  ],
  [
    'a clients lookup (the text tables decide)',
    { seed: 6, deals: 300, id: (i) => `K${i}`, ref: cased, orphans: 0.05, clients: true },
  ],
];

const FIXTURES: [string, ImportFile[]][] = [
  ['Zoho deals and calls (joined by title)', zohoWithCalls()],
  [
    'every CRM export side by side (deals and orders)',
    [
      { name: 'amocrm_export.csv', bytes: C.amocrm() },
      { name: 'DEAL_20240401.csv', bytes: C.bitrix24() },
      { name: 'deals-pipedrive.csv', bytes: C.pipedrive() },
      { name: 'hubspot-crm-exports-all-deals.csv', bytes: C.hubspot() },
      { name: 'Реализация товаров.csv', bytes: C.oneC() },
    ],
  ],
  ['Olist leads and closed deals (an extension)', olistFiles()],
  ['the example deals with their clients', exampleFiles('deals-amocrm.csv', 'clients.csv')],
  ...GENERATED.map(([l, g]): [string, ImportFile[]] => [`generated: ${l}`, exportFiles(g)]),
];

let engine: Engine;

/** `scanFiles` without the key pass, with a sample small enough to make fixtures "sampled". */
async function scan(files: ImportFile[], sample: number): Promise<Scanned[]> {
  const out: Scanned[] = [];
  for (const f of files) {
    const raw = await readFile(f.name, f.bytes.slice(), { encoding: f.encoding });
    const t = scanTable(raw, f.kind, {}, undefined, sample);
    t.source = f;
    out.push(t);
  }
  return out;
}

function shape(tables: Scanned[], p: Plan) {
  const f = (t: Scanned) => t.raw.file;
  return {
    main: p.main && f(p.main),
    extensions: p.extensions.map((e) => [f(e.table), e.idCol, e.won]),
    unions: p.unions.map(f),
    activities: p.activities.map(f),
    history: p.history.map(f),
    byTitle: [...p.byTitle].map(f),
    skipped: p.skipped.map((s) => [f(s.table), s.reason]),
    relations: p.relations,
    tables: tables.map((t) => ({ rows: t.rows, issues: t.issues, proposal: t.proposal })),
  };
}

async function typedPlan(files: ImportFile[], sample: number) {
  const tables = await scan(files, sample);
  const run = new ImportRun(engine, {}, []);
  try {
    return shape(tables, planTables(tables, await stageBeforePlan(run, tables)));
  } finally {
    await run.dropEarly();
  }
}

async function textPlan(files: ImportFile[], sample: number) {
  const tables = await scan(files, sample);
  const texts = new Map<RawTable, TextRead>();
  try {
    return shape(tables, planTables(tables, await gatherKeys(engine, tables, {}, texts)));
  } finally {
    for (const r of texts.values()) if ('text' in r) await dropText(engine, r.text);
  }
}

async function screenPlan(files: ImportFile[], sample: number) {
  const tables = await scan(files, sample);
  for (const t of tables) completeKeys(t, undefined, keyColumns(t, tables));
  return shape(tables, planTables(tables));
}

const rows = async (sql: string) =>
  (await engine.query(sql)).toArray().map((r) => JSON.stringify(r.toJSON()));

/**
 * Every table of the dataset: its columns with their types, and its rows in order — but for the
 * child tables, whose rows the JS loader copies through a hash join (`childSelect`): the engine
 * emits a chunk's unmatched rows apart, so their order there is the join's, not the file's (the
 * SQL loader's copy and the JS loader's differed already); the typed path keeps file order.
 * A lookup is made through a window (`lookupSelect`), whose order is the engine's too.
 */
const dump = () => dumpTables(engine, (n) => n !== 'deals' && n !== 'stages');

describe.each(ENGINES)('%s', (_, make) => {
  const db = recordedEngine(make, 'apart');
  const { calls, queries } = db;
  // The functions above use the engine of the block that runs.
  beforeAll(() => {
    engine = db.engine;
  });

  describe('the plan from the typed tables = from the text tables = from the JS sets', () => {
    it.each(FIXTURES)('%s', async (_l, files) => {
      // With a lookup among the files the text tables decide (`gatherKeys`), as before.
      if (!typedBeforePlan(await scan(files, 3))) return;
      for (const sample of [3, 40]) {
        const plan = await typedPlan(files, sample);
        expect(plan).toEqual(await textPlan(files, sample));
        expect(plan).toEqual(await screenPlan(files, sample));
      }
    });
  });

  describe('a whole import = the JS loader’s', () => {
    it.each(FIXTURES)('%s', async (_l, files) => {
      const copy = () => files.map((f) => ({ ...f, bytes: f.bytes.slice() }));
      const js = await importFiles(engine, copy(), { csvLoader: 'js' });
      const jsTables = await dump();
      calls.length = 0;
      const sql = await importFiles(engine, copy());
      expect(sql.report).toEqual(js.report);
      expect(sql.model).toEqual(js.model);
      const sqlTables = await dump();
      expect(sqlTables).toEqual(jsTables);
      // Nothing made before the plan is left behind.
      expect(Object.keys(sqlTables).some((n) => n.startsWith('_ingest'))).toBe(false);
      const tables = await scan(files, 20_000);
      if (typedBeforePlan(tables)) {
        expect(calls.some((s) => s.includes('_ingest_text_'))).toBe(false);
        if (tables.filter((t) => t.proposal.kind === 'stage_history').length === 1)
          expect(calls.some((s) => s.startsWith('CREATE TABLE stage_history'))).toBe(false);
      }
    });
  });

  it('leaves nothing behind when the files hold no deals', async () => {
    const [, history, calls] = exportFiles({ ...GENERATED[1]![1], activities: true });
    await expect(importFiles(engine, [history!, calls!])).rejects.toThrow(ImportError);
    const left = await rows(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '_ingest%'`,
    );
    expect(left).toEqual([]);
  });

  /** Deals `D0…` and a history naming each of them, in lower case: every reference an id. */
  const lowerRefs = (): ImportFile[] => {
    const deals = [
      ['id', 'title', 'amount'],
      ...Array.from({ length: 300 }, (_, i) => [`D${i}`, `D${i}`, '1']),
    ];
    const history = [
      ['deal_id', 'stage'],
      ...Array.from({ length: 900 }, (_, i) => [`d${i % 300}`, 'New']),
    ];
    return [
      { name: 'deals.csv', bytes: csv(deals), kind: 'deals' },
      { name: 'history.csv', bytes: csv(history), kind: 'stage_history' },
    ];
  };

  it.each([
    ['every reference an id but for case: the titles are not compared', lowerRefs, false],
    [
      'a fifth of the references ids, the rest titles: they are',
      () => exportFiles(GENERATED[8]![1]),
      true,
    ],
  ])('%s', async (_l, files, titles) => {
    const query = engine.query.bind(engine);
    const asked: string[] = [];
    engine.query = (sql) => (asked.push(sql), query(sql));
    try {
      const plan = await typedPlan(files(), 3);
      expect(plan.byTitle).toEqual(titles ? ['history.csv'] : []);
      expect(plan).toEqual(await screenPlan(files(), 3));
    } finally {
      engine.query = query;
    }
    expect(asked.some((sql) => sql.includes('"title"'))).toBe(titles);
  });

  it.each([
    ['in the deals’ order (the ids settle it)', false],
    ['in reverse (the capped sets overlap on 180,000: the titles are asked)', true],
  ])(
    'past MAX_DISTINCT distinct ids, history %s',
    async (_l, reverse) => {
      const n = MAX_DISTINCT + 20_000;
      const deals = [['id', 'title', 'amount']];
      for (let i = 0; i < n; i++) deals.push([`D${i}`, `T${i % 1000}`, String(i % 300)]);
      const history = [['deal_id', 'stage']];
      for (let k = 0; k < n; k++) history.push([`D${reverse ? n - 1 - k : k}`, 'New']);
      const files: ImportFile[] = [
        { name: 'deals.csv', bytes: csv(deals), kind: 'deals' },
        { name: 'history.csv', bytes: csv(history), kind: 'stage_history' },
      ];
      const plan = await typedPlan(files, 50);
      expect(plan).toEqual(await textPlan(files, 50));
      expect(plan).toEqual(await screenPlan(files, 50));
      expect(plan.relations[0]!.overlap).toBe(reverse ? (MAX_DISTINCT - 20_000) / MAX_DISTINCT : 1);
    },
    120_000,
  );

  describe('an export past the detection sample', () => {
    it.each([GENERATED[1]!, GENERATED[3]!, GENERATED[5]!])('%s', async (_l, g) => {
      const files = () => exportFiles({ ...g, deals: 21_000 });
      const js = await importFiles(engine, files(), { csvLoader: 'js' });
      const jsTables = await dump();
      calls.length = 0;
      queries.length = 0;
      const sql = await importFiles(engine, files());
      // The key facts counted the link check from their groupings (`LinkCount`).
      expect(queries.some((s) => s.includes(' AS misses'))).toBe(false);
      expect(sql.report).toEqual(js.report);
      expect(sql.model).toEqual(js.model);
      expect(await dump()).toEqual(jsTables);
      expect(calls.some((s) => s.includes('_ingest_text_'))).toBe(false);
      expect(calls.filter((s) => s.includes('read_csv('))).toHaveLength(files().length);
    });
  });
});
