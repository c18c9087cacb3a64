/**
 * The deals of one file are typed straight into their shape (load.ts `dealsAsTyped`: no staging
 * table copied into `deals`, the status mapped in place). Differential: every table, column type,
 * row (in order) and the whole report match the JS loader's import, which stages then copies.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { importFiles, type ImportFile } from '../../../src/ingest/index.ts';
import * as C from '../corpus/corpus.ts';
import { dumpTables, ENGINES, recordedEngine } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const local = (p: string) => new Uint8Array(readFileSync(new URL(p, import.meta.url)));

/** Orders (every row won), a lead export (status from the close date), failures in the status. */
const ORDERS = 'order_id,order date,amount\n1,2024-01-02,10\n2,2024-02-03,x\n3,,7\n';
const LEADS =
  'Lead,Created,Won date,Lost reason\nA,2024-01-02,2024-02-01,\nB,2024-01-03,,Price\nC,2024-01-04,,\n';
const STATUS = 'id,status,amount\n1,Won,1\n2, Lost ,2\n3,,3\n4,open,n/a\n5,won,5\n';

const FIXTURES: [string, Uint8Array][] = [
  ...C.crmExports(),
  ['deals-amocrm.csv', local('../../../public/examples/deals-amocrm.csv')],
  ['orders.csv', utf8(ORDERS)],
  ['leads.csv', utf8(LEADS)],
  ['status.csv', utf8(STATUS)],
];

let engine: Engine;
let calls: string[];

describe.each(ENGINES)('%s', (_, make) => {
  const db = recordedEngine(make, 'none');
  // The tests below use the engine of the block that runs.
  beforeAll(() => {
    ({ engine, calls } = db);
  });
  defineTests();
});

/** Every table of the dataset: its columns with their types, and its rows in order. */
const dump = () => dumpTables(engine);

function defineTests(): void {
  describe('deals typed straight into their shape = staged then copied', () => {
    it.each(FIXTURES)('%s', async (name, bytes) => {
      const file = (): ImportFile[] => [{ name, bytes: bytes.slice() }];
      const js = await importFiles(engine, file(), { csvLoader: 'js' });
      const jsTables = await dump();
      calls.length = 0;
      const sql = await importFiles(engine, file());
      expect(calls.some((s) => s.startsWith('CREATE TABLE deals'))).toBe(false);
      expect(calls.some((s) => /RENAME TO deals$/.test(s))).toBe(true);
      expect(sql.report).toEqual(js.report);
      expect(sql.model).toEqual(js.model);
      expect(await dump()).toEqual(jsTables);
    });
  });

  /** A CRM export past the detection sample (its key sets come from text tables DuckDB reads). */
  function exportPair(n: number): ImportFile[] {
    const deals = ['id,title,created_at,closed_at,status,stage,amount'];
    const history = ['deal_id,stage,entered_at'];
    const st = ['won', 'lost', 'open', ' Won ', ''];
    for (let i = 0; i < n; i++) {
      const d = `2024-0${1 + (i % 9)}-1${i % 10}`;
      deals.push(
        `D${i},"Deal, ${i}",${i % 997 ? `${d} 10:00:00` : 'soon'},${i % 3 ? d : ''},${st[i % 5]},S${i % 4},${i % 501 ? i * 3 : 'n/a?'}`,
      );
      history.push(`D${i},S0,${d} 09:00:00`, `d${i},S${1 + (i % 3)},${i % 777 ? d : '31.02.2024'}`);
    }
    const f = (name: string, lines: string[]) => ({ name, bytes: utf8(lines.join('\n') + '\n') });
    return [
      { ...f('deals.csv', deals), kind: 'deals' },
      { ...f('stage_history.csv', history), kind: 'stage_history' },
    ];
  }

  /**
   * Deals with a stage and no status, past the detection sample (20,000 rows): the status is
   * the stage's outcome. `late`: stages met only after the sample — one that closes, and a
   * stage the file leaves empty; with `closesLate` nothing in the sample closes.
   */
  function stagesOnly(n: number, late: boolean, closesLate = false): ImportFile[] {
    const lines = ['id,title,created_at,stage,amount'];
    const early = closesLate ? ['Lead', 'Talks', 'Offer'] : ['Lead', 'Talks', 'Won', 'Lost'];
    for (let i = 0; i < n; i++) {
      const past = late && i > 22_000 && i % 7 === 0;
      const stage = past ? (i % 2 ? 'Paid' : '') : early[i % early.length];
      lines.push(`D${i},Deal ${i},2024-0${1 + (i % 9)}-1${i % 10},${stage},${i % 100}`);
    }
    return [{ name: 'deals.csv', bytes: utf8(lines.join('\n') + '\n'), kind: 'deals' }];
  }

  describe('the status of deals with a stage alone, mapped as the file is typed', () => {
    it.each([
      ['every stage in the sample', false, false],
      ['a stage past the sample, closing ones in it', true, false],
      ['a closing stage past the sample, none in it', true, true],
    ])('%s: as the JS loader does', async (_, late, closesLate) => {
      const js = await importFiles(engine, stagesOnly(24_000, late, closesLate), {
        csvLoader: 'js',
        won: ['Paid'],
      });
      const jsTables = await dump();
      calls.length = 0;
      const sql = await importFiles(engine, stagesOnly(24_000, late, closesLate), {
        won: ['Paid'],
      });
      expect(sql.report).toEqual(js.report);
      expect(sql.model).toEqual(js.model);
      expect(await dump()).toEqual(jsTables);
      // The status is mapped in the statement that types the file; a stage the sample missed
      // maps it again, from the stage column.
      const rewrites = calls.filter((c) => /ALTER status TYPE/.test(c));
      expect(rewrites).toHaveLength(late ? 1 : 0);
      if (late) expect(rewrites[0]).toMatch(/USING CASE stage /);
    });
  });

  describe('a deals + stage history export past the sample', () => {
    it('loads as the JS loader does; each file is read once, typed into its table, no copy', async () => {
      const js = await importFiles(engine, exportPair(25_000), { csvLoader: 'js' });
      const jsTables = await dump();
      calls.length = 0;
      const sql = await importFiles(engine, exportPair(25_000));
      expect(sql.report).toEqual(js.report);
      expect(sql.report.files.every((f) => f.failures.length > 0)).toBe(true);
      expect(sql.model).toEqual(js.model);
      expect(await dump()).toEqual(jsTables);
      const at = (re: RegExp) => calls.findIndex((s) => re.test(s));
      // The key facts come from the typed tables (load-early.ts): no text table is made.
      expect(at(/_ingest_text_/)).toBe(-1);
      expect(calls.filter((s) => /read_csv\(/.test(s))).toHaveLength(2);
      expect(at(/RENAME TO deals$/)).toBeGreaterThan(0);
      expect(at(/^CREATE TABLE (deals|stage_history)/)).toBe(-1);
      expect(at(/RENAME TO stage_history$/)).toBeGreaterThan(at(/RENAME TO deals$/));
      // "d1" names deal "D1": only such rows are rewritten, in place.
      expect(at(/^UPDATE "stage_history" SET deal_id/)).toBeGreaterThan(
        at(/RENAME TO stage_history$/),
      );
      expect(at(/^UPDATE "stage_history" SET deal_id/)).toBeLessThan(at(/TABLE stages/));
    });
  });
}
