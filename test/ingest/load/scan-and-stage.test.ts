/**
 * Files whose kinds are given (the CLI's `--deals`, `--stages`, `--activities`) are read and
 * scanned one by one while DuckDB types the one before (`scanAndStage`, load-early.ts), child
 * tables first. Differential: the same tables (columns, types, rows in order), model and report
 * (failures with file, row and column; warnings; unreadable files) as the JS loader's import and
 * as the import of the same files without kinds (scanned all first, then typed), on DuckDB-WASM
 * and native DuckDB, with the files in either order; an unreadable file or a cancel leaves no
 * table behind. On native DuckDB the deals' sample is read while the child's statement runs.
 * Files read when asked (`PendingFile`, the CLI's): the same import as with their bytes, each
 * read once, the next file's read asked before the statement of the one before is sent; a read
 * that fails fails the import with its error and leaves nothing behind.
 */
import { describe, expect, it } from 'vitest';
import {
  importFiles,
  type ImportFile,
  type ImportOptions,
  type PendingFile,
} from '../../../src/ingest/index.ts';
import { kindsTypedBeforePlan } from '../../../src/ingest/load/load-early.ts';
import { GUESS_BYTES } from '../../../src/ingest/read/csv/csv-data.ts';
import { sharedEngine } from '../../fixtures/engine.ts';
import { dumpTables, ENGINES, rng } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (rows: string[][]) => utf8(rows.map((r) => r.join(',')).join('\n') + '\n');

/** A deals export with its stage history and calls: broken values, orphans, ids in other case. */
function exportFiles(seed: number, deals: number, activities = false): ImportFile[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const d = [['id', 'title', 'created_at', 'amount', 'stage', 'manager']];
  for (let i = 0; i < deals; i++)
    d.push([
      r() < 0.01 ? '' : `D${i}`,
      `Сделка ${i}`,
      r() < 0.01 ? '31.02.2024' : `2024-0${1 + (i % 9)}-1${i % 10} 10:00:00`,
      r() < 0.01 ? 'n/a?' : String((i % 300) * 10),
      pick(['New', 'Won', 'Lost', ' won ']),
      pick(['Анна', 'Boris', 'Chen']),
    ]);
  const h = [['deal_id', 'stage', 'entered_at']];
  for (let i = 0; i < deals * 3; i++) {
    const k = Math.floor(r() * deals);
    h.push([
      r() < 0.05 ? `X${k}` : r() < 0.2 ? `d${k}` : `D${k}`,
      pick(['New', 'Won']),
      r() < 0.01 ? 'soon' : `2024-01-0${1 + (i % 9)} 10:00:00`,
    ]);
  }
  const files: ImportFile[] = [
    { name: 'deals.csv', bytes: csv(d), kind: 'deals' },
    { name: 'history.csv', bytes: csv(h), kind: 'stage_history' },
  ];
  if (activities) {
    const a = [['deal', 'type', 'at']];
    for (let i = 0; i < deals; i++)
      a.push([`D${Math.floor(r() * deals)}`, pick(['call', 'email']), '2024-01-03']);
    files.push({ name: 'calls.csv', bytes: csv(a), kind: 'activities' });
  }
  return files;
}

/**
 * A history longer than a file's start (`GUESS_BYTES`), given first, as the CLI types it: what
 * comes after the start (`tail`: a quoted stage with a comma, or a broken quote) must decide the
 * statement or leave the file to the JS reader, as the whole-file pass says.
 */
function longHistory(seed: number, tail: string): ImportFile[] {
  const [deals, history] = exportFiles(seed, 2000);
  const rows = ['deal_id,stage,entered_at'];
  for (let i = 0; rows.length * 30 < GUESS_BYTES * 1.2; i++)
    rows.push(`D${i % 2000},${i % 3 ? 'New' : 'Won'},2024-01-0${1 + (i % 9)} 10:00:00`);
  rows.push(tail);
  const bytes = utf8(rows.join('\n') + '\n');
  expect(bytes.length).toBeGreaterThan(GUESS_BYTES);
  return [{ ...history!, bytes }, deals!];
}

const SETS: [string, ImportFile[]][] = [
  ['deals and history, sampled (25,000 deals)', exportFiles(1, 25_000)],
  ['history given before the deals', exportFiles(2, 400).reverse()],
  ['deals, history and calls', exportFiles(3, 500, true)],
  ['calls, deals, history', (([d, h, a]) => [a!, d!, h!])(exportFiles(4, 300, true))],
  ['a long history, a quoted stage past its start', longHistory(5, 'D7,"Won, late",soon')],
  ['a long history, a broken quote past its start', longHistory(6, 'D7,"Won,2024-01-02')],
];

describe.each(ENGINES)('%s', (name, make) => {
  const db = sharedEngine(make);

  const copy = (files: ImportFile[], kinds = true) =>
    files.map(({ kind, ...f }) => ({ ...f, bytes: f.bytes.slice(), ...(kinds ? { kind } : {}) }));
  // Child tables are compared as row sets: the JS loader copies them through a join.
  const dump = () => dumpTables(db.engine, (n) => n !== 'deals' && n !== 'stages');
  const left = async () =>
    (
      await db.engine.query(
        `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '_ingest%'`,
      )
    ).numRows;

  async function imported(files: (ImportFile | PendingFile)[], options: ImportOptions = {}) {
    const { model, report } = await importFiles(db.engine, files, options);
    return { model, report, tables: await dump() };
  }

  it.each(SETS)('%s: the same import as the JS loader’s and as without kinds', async (_, files) => {
    expect(kindsTypedBeforePlan(files)).toBe(true);
    const staged = await imported(copy(files));
    expect(await left()).toBe(0);
    expect(staged).toEqual(await imported(copy(files), { csvLoader: 'js' }));
    expect(staged).toEqual(await imported(copy(files, false)));
    expect(staged.report.files.flatMap((f) => f.failures)).not.toEqual([]);
  });

  /** `files` to be read when asked, after a turn of the event loop; `events` notes each ask. */
  const pending = (files: ImportFile[], events: string[], kinds = true): PendingFile[] =>
    files.map(({ bytes, kind, ...f }) => ({
      ...f,
      ...(kinds ? { kind } : {}),
      read: () => {
        events.push(`read ${f.name}`);
        return new Promise<Uint8Array>((ok) => setTimeout(() => ok(bytes.slice()), 5));
      },
    }));

  it.each(SETS)(
    '%s, read when asked: as with the bytes, the next read before a statement',
    async (_, files) => {
      const events: string[] = [];
      const exec = db.engine.exec.bind(db.engine);
      db.engine.exec = (sql) => {
        // A file typed again (its start's guess, then what the whole file asked for) counts once.
        const table = /^CREATE OR REPLACE TABLE ("_ingest_\d+")/.exec(sql)?.[1];
        if (table && !events.includes(`typing ${table}`)) events.push(`typing ${table}`);
        return exec(sql);
      };
      let read;
      try {
        read = await imported(pending(files, events));
      } finally {
        db.engine.exec = exec;
      }
      expect(read).toEqual(await imported(copy(files)));
      // Child tables first, as `scanAndStage` types them; each file's read asked once, before
      // the statement of the file typed before it.
      const order = [
        ...files.filter((f) => f.kind !== 'deals'),
        ...files.filter((f) => f.kind === 'deals'),
      ];
      expect(events.filter((e) => !e.startsWith('typing'))).toEqual(
        order.map((f) => `read ${f.name}`),
      );
      const typings = events.flatMap((e, i) => (e.startsWith('typing') ? [i] : []));
      expect(typings).toHaveLength(files.length);
      for (let k = 1; k < order.length; k++)
        expect(events.indexOf(`read ${order[k]!.name}`)).toBeLessThan(typings[k - 1]!);
      const bare = [] as string[];
      expect(await imported(pending(files, bare, false))).toEqual(
        await imported(copy(files, false)),
      );
      expect(bare).toEqual(files.map((f) => `read ${f.name}`));
    },
  );

  it('a read that fails fails the import with its error, nothing left behind', async () => {
    const [deals, history] = exportFiles(7, 300);
    const failing: PendingFile[] = [
      { name: 'deals.csv', kind: 'deals', read: () => Promise.reject(new Error('deals: EIO')) },
      { name: 'history.csv', kind: 'stage_history', read: async () => history!.bytes.slice() },
    ];
    await expect(importFiles(db.engine, failing)).rejects.toThrow('deals: EIO');
    expect(await left()).toBe(0);
    // The same files read: the import goes through.
    const ok = failing.map((f, i) => ({
      ...f,
      read: async () => [deals!, history!][i]!.bytes.slice(),
    }));
    expect(await imported(ok)).toEqual(await imported(copy([deals!, history!])));
  });

  it('a file that cannot be read: reported as without kinds, nothing left behind', async () => {
    const [deals, history] = exportFiles(5, 300);
    const files = [deals!, { ...history!, bytes: new Uint8Array(0) }];
    const staged = await imported(copy(files));
    expect(staged.report.errors.map((e) => e.file)).toEqual(['history.csv']);
    expect(await left()).toBe(0);
    expect(staged).toEqual(await imported(copy(files), { csvLoader: 'js' }));
    const [, h2, calls] = exportFiles(6, 300, true);
    const two = [{ ...h2!, bytes: new Uint8Array(0) }, deals!, calls!];
    expect(await imported(copy(two))).toEqual(await imported(copy(two), { csvLoader: 'js' }));
    expect(await left()).toBe(0);
  });

  it('a cancel while a file is typed stops the import and leaves no table', async () => {
    const ac = new AbortController();
    const exec = db.engine.exec.bind(db.engine);
    db.engine.exec = (sql) => {
      if (sql.startsWith('CREATE OR REPLACE TABLE "_ingest_')) ac.abort();
      return exec(sql);
    };
    try {
      await expect(
        importFiles(db.engine, copy(SETS[2]![1]), { signal: ac.signal }),
      ).rejects.toThrow(/abort/i);
    } finally {
      db.engine.exec = exec;
    }
    expect(await left()).toBe(0);
  });

  it('the first file’s statement is sent before its whole-file pass, on what its start says', async () => {
    const files = copy(SETS[4]![1]);
    const events: string[] = [];
    const exec = db.engine.exec.bind(db.engine);
    db.engine.exec = (sql) => {
      if (sql.startsWith('CREATE OR REPLACE TABLE "_ingest_')) events.push('typing');
      return exec(sql);
    };
    try {
      await importFiles(db.engine, files, {
        // A file's rows are reported for its load once its whole-file pass has counted them.
        onProgress: (p) => p.phase === 'load' && events.push(`counted ${p.file}`),
      });
    } finally {
      db.engine.exec = exec;
    }
    // The engine has nothing to type before the history: waiting for the pass would idle it.
    expect(events.slice(0, 2)).toEqual(['typing', 'counted history.csv']);
  });

  // DuckDB-WASM in Node runs the statement on this thread: nothing can run beside it there.
  if (name.startsWith('native'))
    it('the deals’ sample is read while DuckDB types the history', async () => {
      const events: string[] = [];
      const exec = db.engine.exec.bind(db.engine);
      db.engine.exec = async (sql) => {
        const typing = sql.startsWith('CREATE OR REPLACE TABLE "_ingest_');
        if (typing) events.push('typing');
        try {
          return await exec(sql);
        } finally {
          if (typing) events.push('typed');
        }
      };
      try {
        await importFiles(db.engine, copy(SETS[0]![1]), {
          onProgress: (p) => p.phase === 'read' && p.file === 'deals.csv' && events.push('read'),
        });
      } finally {
        db.engine.exec = exec;
      }
      // The history (given second) is read and typed first; the deals' 10,000th row is read
      // after its statement was sent and before it ended.
      expect(events).toEqual(['typing', 'read', 'read', 'typed', 'typing', 'typed']);
    });
});
