/**
 * The stage list of deals whose status was mapped from their stage column (no status column):
 * the deals are counted per stage and each stage's won and lost deals follow its outcome, instead
 * of comparing every deal's status (detect/stages.ts `byStage`). Differential: the same tables,
 * model and report as the JS loader's import, and the same stages as the status-comparing count
 * (`STAGE_COUNTS_SQL`) asked of the imported deals.
 */
import { expect, it } from 'vitest';
import { importFiles, type ImportFile } from '../../../src/ingest/index.ts';
import { orderStages, type StageRow } from '../../../src/ingest/detect/stages.ts';
import { STAGE_COUNTS_SQL } from '../../../src/ingest/detect/stages-sql.ts';
import { dumpTables, recordedEngine } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

const db = recordedEngine();
const { calls } = db;

/** What the last import through DuckDB asked (`both`). */
let asked: string[] = [];
/** Stage queries that compare each deal's status (the per-deal count). */
const statusCounts = () => asked.filter((s) => /FILTER \(WHERE status = 'won'\)/.test(s));
/** Stage queries that count the deals per stage only. */
const sizes = () =>
  asked.filter((s) =>
    /count\(\*\)::DOUBLE AS n FROM deals WHERE stage IS NOT NULL GROUP BY/.test(s),
  );

/** Imports a file with the JS loader then through DuckDB; both must make the same dataset. */
async function both(name: string, text: string) {
  const file = (): ImportFile[] => [{ name, bytes: utf8(text) }];
  const js = await importFiles(db.engine, file(), { csvLoader: 'js' });
  const jsTables = await dumpTables(db.engine);
  calls.length = 0;
  const sql = await importFiles(db.engine, file());
  asked = [...calls];
  expect(sql.report).toEqual(js.report);
  expect(sql.model).toEqual(js.model);
  expect(await dumpTables(db.engine)).toEqual(jsTables);
  // The stages as the status compared deal by deal gives them, on the deals just made.
  const rows = (await db.engine.query(STAGE_COUNTS_SQL))
    .toArray()
    .map((r) => r.toJSON() as StageRow);
  expect(sql.model.stages).toEqual(orderStages(rows, false).stages);
  return sql;
}

it.each([
  [
    'stage names that close and one that does not, an empty stage',
    'Deal ID,Stage,Amount\n1,Closed Won,1\n2,Closed Lost,2\n3,Negotiation,3\n4,,4\n5,Closed Won,5\n',
  ],
  [
    'stage names that are outcomes already (no rewrite)',
    'id,stage,amount\n1,won,1\n2,lost,2\n3,open,3\n',
  ],
  ['nothing closes', 'id,stage,amount\n1,Talk,1\n2,,2\n3,Proposal,3\n3,Talk,4\n'],
])('without a status column, counted per stage: %s', async (_, text) => {
  await both('deals.csv', text);
  expect(sizes()).toHaveLength(1);
  expect(sizes()[0]).not.toMatch(/pipeline/);
  expect(statusCounts()).toEqual([]);
});

it('with a pipeline column, counted per pipeline and stage', async () => {
  const { model } = await both(
    'deals.csv',
    [
      'Deal ID,Pipeline,Stage,Amount',
      '1,Sales,Closed Won,1',
      '2,Sales,Negotiation,2',
      '3,,Closed Lost,3',
      '4,Partners,Closed Won,4',
      '5,,Negotiation,5',
      '6,Partners,Negotiation,6',
    ].join('\n') + '\n',
  );
  expect(sizes()).toHaveLength(1);
  expect(sizes()[0]).toMatch(/GROUP BY pipeline, stage/);
  expect(new Set(model.stages.map((s) => s.pipeline))).toEqual(new Set(['', 'Sales', 'Partners']));
});

it('a stage past the detection sample: mapped from the values read, counted per stage', async () => {
  const rows = Array.from(
    { length: 25_000 },
    (_, i) => `${i},${i === 24_999 ? 'Closed Won - renewal' : i % 3 ? 'Talk' : 'Lost'},${i}`,
  );
  const { model } = await both('long.csv', `id,stage,amount\n${rows.join('\n')}\n`);
  expect(sizes()).toHaveLength(1);
  expect(statusCounts()).toEqual([]);
  expect(model.stages.find((s) => s.stage === 'Closed Won - renewal')?.outcome).toBe('won');
});

it('with a status column beside the stage, the status is compared deal by deal', async () => {
  await both(
    'deals.csv',
    'id,stage,status,amount\n1,Contract,won,1\n2,Contract,lost,2\n3,Talk,open,3\n4,Contract,won,4\n',
  );
  expect(sizes()).toEqual([]);
  expect(statusCounts()).toHaveLength(1);
});
