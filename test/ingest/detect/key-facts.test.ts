/**
 * The plan decided by the engine (`gatherKeys`: overlaps and uniqueness in SQL where that is
 * exact) against the plan the whole value sets give — the key sets gathered in SQL into JS sets
 * (the import before this change) and the JS pass of the mapping screen: the same relations,
 * extensions, lookups, skipped files and proposals, on every fixture, the Olist files and
 * generated exports (partial overlap, repeats, blanks, markers, case and spaces, non-ASCII keys,
 * more than MAX_DISTINCT distinct values).
 */
import { describe, expect, it } from 'vitest';
import { completeKeys, scanTable, type Scanned } from '../../../src/ingest/detect/detect.ts';
import { completeKeysSql, gatherKeys } from '../../../src/ingest/detect/keys-sql.ts';
import { keyColumns, planTables, type Plan } from '../../../src/ingest/detect/relations.ts';
import { MAX_DISTINCT } from '../../../src/ingest/parse/infer.ts';
import { dropText, readTextTable, type TextRead } from '../../../src/ingest/parse/sql-load.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import type { ImportFile, RawTable } from '../../../src/ingest/types.ts';
import * as C from '../corpus/corpus.ts';
import { sharedEngine } from '../../fixtures/engine.ts';
import { rng } from '../corpus/import-compare.ts';
import { fixtureFiles, olistFiles, zohoWithCalls } from '../corpus/multi-file-sets.ts';

const db = sharedEngine();

const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (rows: string[][]) => utf8(rows.map((r) => r.join(',')).join('\n') + '\n');

/** `scanFiles` without the key pass, with a sample small enough to make fixtures "sampled". */
async function scan(files: ImportFile[], sample: number): Promise<Scanned[]> {
  const out: Scanned[] = [];
  for (const f of files) {
    const raw = await readFile(f.name, f.bytes, { encoding: f.encoding });
    const t = scanTable(raw, f.kind, {}, undefined, sample);
    t.source = f;
    out.push(t);
  }
  return out;
}

/** Everything of a plan and of the proposals it may change, as plain data. */
function shape(tables: Scanned[], p: Plan) {
  const f = (t: Scanned) => t.raw.file;
  return {
    main: p.main && f(p.main),
    extensions: p.extensions.map((e) => [f(e.table), e.idCol, e.won]),
    unions: p.unions.map(f),
    lookups: p.lookups.map((l) => [f(l.table), l.keyCol, l.target]),
    others: p.others.map((o) => [f(o.table), o.keyCol, o.name, o.from, o.column]),
    activities: p.activities.map(f),
    history: p.history.map(f),
    byTitle: [...p.byTitle].map(f),
    skipped: p.skipped.map((s) => [f(s.table), s.reason]),
    relations: p.relations,
    tables: tables.map((t) => ({ rows: t.rows, issues: t.issues, proposal: t.proposal })),
  };
}

async function dropAll(texts: Iterable<TextRead>) {
  for (const r of texts) if ('text' in r) await dropText(db.engine, r.text);
}

/** The import before this change: every key column's set gathered into JS, then the plan. */
async function beforePlan(files: ImportFile[], sample: number) {
  const tables = await scan(files, sample);
  const texts: TextRead[] = [];
  try {
    if (tables.length > 1)
      for (const t of tables) {
        if (t.proposal.sampled === undefined) continue;
        const read = await readTextTable(db.engine, t.raw);
        texts.push(read);
        if ('text' in read)
          await completeKeysSql(db.engine, t, read.text, keyColumns(t, tables), undefined);
        else completeKeys(t, undefined, keyColumns(t, tables));
      }
    return shape(tables, planTables(tables));
  } finally {
    await dropAll(texts);
  }
}

/** The mapping screen's way: a JS pass over every record for the key sets. */
async function screenPlan(files: ImportFile[], sample: number) {
  const tables = await scan(files, sample);
  if (tables.length > 1) for (const t of tables) completeKeys(t, undefined, keyColumns(t, tables));
  return shape(tables, planTables(tables));
}

/** This change: the engine answers what it can; `moved` counts the sets gathered into JS. */
async function afterPlan(files: ImportFile[], sample: number) {
  const tables = await scan(files, sample);
  const before = tables.map((t) => t.stats.map((s) => s.distinct));
  const texts = new Map<RawTable, TextRead>();
  try {
    const facts = await gatherKeys(db.engine, tables, {}, texts);
    const moved = tables.flatMap((t, i) =>
      t.stats.flatMap((s, c) => (s.distinct === before[i]![c] ? [] : [`${t.raw.file}:${c}`])),
    );
    return { plan: shape(tables, planTables(tables, facts)), facts: !!facts, moved };
  } finally {
    await dropAll(texts.values());
  }
}

async function same(files: ImportFile[], sample: number) {
  const after = await afterPlan(files, sample);
  expect(after.plan).toEqual(await beforePlan(files, sample));
  expect(after.plan).toEqual(await screenPlan(files, sample));
  return after;
}

const FIXTURES: [string, ImportFile[]][] = [
  ['Zoho deals and calls (joined by title)', zohoWithCalls()],
  [
    'every CRM export side by side (deals and orders)',
    [
      { name: 'amocrm_export.csv', bytes: C.amocrm() },
      { name: 'DEAL_20240401.csv', bytes: C.bitrix24() },
      { name: 'deals-pipedrive.csv', bytes: C.pipedrive() },
      { name: 'hubspot-crm-exports-all-deals.csv', bytes: C.hubspot() },
      { name: 'report1712345.csv', bytes: C.salesforce() },
      { name: 'kommo_export_leads_2024-04-01.csv', bytes: C.kommo() },
      { name: 'Сделки 2024.csv', bytes: C.excelRu() },
      { name: 'Реализация товаров.csv', bytes: C.oneC() },
    ],
  ],
  ['Olist leads and closed deals', olistFiles()],
  ['Olist with the sellers', olistFiles(true)],
  ['the fixture files', fixtureFiles('broken-deals.csv', 'amocrm-deals.cp1251.csv')],
];

describe('the same plan as the whole value sets give', () => {
  it.each(FIXTURES)('%s', async (_l, files) => {
    for (const sample of [2, 5, 40, 20_000]) await same(files, sample);
  });
});

interface Gen {
  seed: number;
  deals: number;
  /** How a deal's id is written in the deals file, and how the other files may write it. */
  id: (i: number) => string;
  variants: (id: string, r: () => number) => string;
  /** Share of history and activity references that are deals of the file. */
  hit: number;
  extension?: number;
  orders?: number;
  /** Activities refer to the deals by title. */
  titled?: boolean;
}

const MARKERS = ['', 'N/A', '-', 'null', ' ', '—'];

/** A deals file, a stage history, activities, and optionally closed deals or orders. */
function exportFiles(g: Gen): ImportFile[] {
  const r = rng(g.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const ids = Array.from({ length: g.deals }, (_, i) => g.id(i));
  const title = (i: number) => `Deal ${i % 97} ${i % 5 === 0 ? 'Ёлка' : 'box'}`;
  const ref = (i: number) =>
    r() < g.hit ? g.variants(ids[i % ids.length]!, r) : r() < 0.5 ? pick(MARKERS) : `X${i}`;
  const deals = [['Deal ID', 'Deal Name', 'Amount', 'Stage']];
  ids.forEach((id, i) =>
    deals.push([r() < 0.02 ? pick(MARKERS) : id, title(i), String(i % 300), pick(['New', 'Won'])]),
  );
  // Repeats of some rows, as exports that list a deal per product do.
  for (let i = 0; i < g.deals / 20; i++) deals.push([...deals[1 + Math.floor(r() * g.deals)]!]);
  const history = [['Deal ID', 'Stage', 'Entered']];
  for (let i = 0; i < g.deals * 3; i++)
    history.push([ref(Math.floor(r() * g.deals)), pick(['New', 'Won']), '2024-01-02']);
  const acts = [['Deal', 'Type', 'Date']];
  for (let i = 0; i < g.deals; i++) {
    const k = Math.floor(r() * g.deals);
    acts.push([g.titled ? title(k) : ref(k), pick(['call', 'email']), '2024-01-03']);
  }
  const files: ImportFile[] = [
    { name: 'deals.csv', bytes: csv(deals), kind: 'deals' },
    { name: 'history.csv', bytes: csv(history), kind: 'stage_history' },
    { name: 'calls.csv', bytes: csv(acts), kind: 'activities' },
  ];
  if (g.extension !== undefined) {
    const ext = [['Deal ID', 'Won Amount']];
    for (let i = 0; i < g.deals / 3; i++)
      ext.push([r() < g.extension ? g.variants(ids[i * 3]!, r) : `Z${i}`, String(i)]);
    files.push({ name: 'closed.csv', bytes: csv(ext), kind: 'deals' });
  }
  if (g.orders !== undefined) {
    const ord = [['Order ID', 'Title', 'Total']];
    for (let i = 0; i < g.deals / 2; i++)
      ord.push([r() < g.orders ? ids[i]! : `O${i}`, title(i), String(i)]);
    files.push({ name: 'orders.csv', bytes: csv(ord), kind: 'orders' });
  }
  return files;
}

const plain = (id: string) => id;
const cased = (id: string, r: () => number) =>
  r() < 0.3 ? id.toLowerCase() : r() < 0.5 ? ` ${id}  ` : r() < 0.6 ? `"${id}"` : id;

const GENERATED: [string, Gen][] = [
  ['ASCII ids, full overlap', { seed: 1, deals: 900, id: (i) => `D${i}`, variants: plain, hit: 1 }],
  [
    'partial overlap, case and spaces, markers, an extension of 80% ids',
    { seed: 2, deals: 900, id: (i) => `Id-${i}`, variants: cased, hit: 0.6, extension: 0.8 },
  ],
  [
    'an extension just below 80%, orders appended',
    {
      seed: 3,
      deals: 700,
      id: (i) => `K${i}`,
      variants: cased,
      hit: 0.3,
      extension: 0.79,
      orders: 0.9,
    },
  ],
  [
    'activities by title (non-ASCII titles)',
    { seed: 4, deals: 600, id: (i) => String(1000 + i), variants: plain, hit: 0.9, titled: true },
  ],
  [
    'Cyrillic ids in mixed case',
    { seed: 5, deals: 600, id: (i) => `Сд-${i}`, variants: cased, hit: 0.7, extension: 0.95 },
  ],
  [
    'the letters JS and DuckDB lower-case differently (Kelvin sign, dotted I, final sigma)',
    {
      seed: 6,
      deals: 600,
      id: (i) => [`k${i}`, `\u212a${i}`, `İ${i}`, `ΟΣ${i}`, `ς${i}`, `I${i}`][i % 6]!,
      variants: (id, r) => (r() < 0.5 ? id.toUpperCase() : id.toLowerCase()),
      hit: 0.8,
      extension: 1,
    },
  ],
  [
    'ASCII references, ids with a Kelvin sign or a dotted I in the deals',
    {
      seed: 7,
      deals: 600,
      id: (i) => [`\u212a${i}`, `İ${i}`, `k${i}`][i % 3]!,
      // JS lower-cases İ to "i̇" (two characters), DuckDB to "i": the reference "i…" must miss.
      variants: (id) => id.replace('İ', 'I').toLowerCase(),
      hit: 0.9,
    },
  ],
];

describe('generated exports', () => {
  it.each(GENERATED)('%s', async (_l, g) => {
    const files = exportFiles(g);
    for (const sample of [3, 50, 100_000]) await same(files, sample);
  });

  it('answers in the engine, moving no value set, when the references are ASCII', async () => {
    const files = exportFiles({
      seed: 8,
      deals: 900,
      id: (i) => `Id-${i}`,
      variants: cased,
      hit: 0.6,
      extension: 1,
    });
    const after = await same(files, 50);
    expect(after.facts).toBe(true);
    expect(after.moved).toEqual([]);
    expect(after.plan.extensions).toEqual([['closed.csv', 0, true]]);
    expect(after.plan.relations.map((x) => x.from)).toEqual([
      'closed.csv',
      'history.csv',
      'calls.csv',
    ]);
  });

  it('moves the sets of a non-ASCII reference column and its targets only', async () => {
    const after = await same(exportFiles(GENERATED[4]![1]), 50);
    expect(after.facts).toBe(true);
    expect(after.moved.sort()).toEqual(
      ['calls.csv:0', 'closed.csv:0', 'deals.csv:0', 'deals.csv:1', 'history.csv:0'].sort(),
    );
  });

  it('keeps the first MAX_DISTINCT values in file order on both sides', async () => {
    const n = MAX_DISTINCT + 20_000;
    const deals = [['Deal ID', 'Deal Name']];
    for (let i = 0; i < n; i++) deals.push([`D${i}`, `T${i % 1000}`]);
    // History in the opposite order: its first MAX_DISTINCT ids are the deals' last ones, so
    // the capped sets overlap on 180,000 of them only.
    const history = [['Deal ID', 'Stage']];
    for (let i = n - 1; i >= 0; i--) history.push([i % 2 ? `d${i}` : `D${i}`, 'New']);
    const files: ImportFile[] = [
      { name: 'deals.csv', bytes: csv(deals), kind: 'deals' },
      { name: 'history.csv', bytes: csv(history), kind: 'stage_history' },
    ];
    const after = await same(files, 20_000);
    expect(after.moved).toEqual([]);
    expect(after.plan.relations[0]!.overlap).toBe((MAX_DISTINCT - 20_000) / MAX_DISTINCT);
  }, 120_000);
});
