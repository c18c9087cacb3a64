/**
 * The whole-file key sets gathered in SQL (`completeKeysSql`, from the text table DuckDB read)
 * against the JS pass they replace (`completeKeys`): the same values in the same order, the same
 * counts and cap, over padded values, "no value" markers, quoted keys and repeats.
 */
import { expect, it } from 'vitest';
import { completeKeys, scanTable, type Scanned } from '../../../src/ingest/detect/detect.ts';
import { completeKeysSql } from '../../../src/ingest/detect/keys-sql.ts';
import { importFiles } from '../../../src/ingest/index.ts';
import { MAX_DISTINCT } from '../../../src/ingest/parse/infer.ts';
import { dropText, readTextTable } from '../../../src/ingest/parse/sql-load.ts';
import { readCsvText } from '../../../src/ingest/read/readers.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

const db = sharedEngine();

const keyState = (t: Scanned) => ({
  rows: t.rows,
  issues: t.issues,
  proposalRows: t.proposal.rows,
  stats: t.stats.map((s) => ({
    distinct: [...s.distinct],
    seen: s.seen,
    overflow: s.distinctOverflow,
  })),
});

async function both(csv: string, sample: number) {
  const js = scanTable(readCsvText('t.csv', csv), 'deals', {}, undefined, sample);
  const sql = scanTable(readCsvText('t.csv', csv), 'deals', {}, undefined, sample);
  expect(js.proposal.sampled).toBe(sample);
  const cols = js.stats.map((_, i) => i);
  completeKeys(js, undefined, cols);
  const read = await readTextTable(db.engine, sql.raw);
  if (!('text' in read)) throw new Error(`not read: ${read.fallback}`);
  try {
    await completeKeysSql(db.engine, sql, read.text, cols);
  } finally {
    await dropText(db.engine, read.text);
  }
  return { js: keyState(js), sql: keyState(sql) };
}

it('gives the JS pass’s key sets: trimmed, markers dropped, first-seen order', async () => {
  const values = [
    'a',
    ' a',
    'b\u00a0',
    '"c, d"',
    'N/A',
    '',
    '-',
    ' NULL ',
    'Ё',
    'ё',
    '"x""y"',
    '1',
  ];
  const lines = ['Deal ID,Name,Amount'];
  for (let i = 0; i < 400; i++)
    lines.push(`${values[(i * 7) % values.length]},n${i % 37},${values[i % values.length]}`);
  const { js, sql } = await both(lines.join('\n') + '\n', 25);
  expect(js.stats[0]!.distinct).toContain('c, d');
  expect(js.stats[0]!.distinct).not.toContain('N/A');
  expect(js.rows).toBe(400);
  expect(sql).toEqual(js);
});

it('keeps the first MAX_DISTINCT distinct values and says there were more', async () => {
  const n = MAX_DISTINCT + 30;
  const lines = ['Deal ID,Stage'];
  // Descending ids, so first-seen order is not the values' sort order.
  for (let i = n; i > 0; i--) lines.push(`id${i},s${i % 3}`);
  const { js, sql } = await both(lines.join('\n') + '\n', 100);
  expect(js.stats[0]!.overflow).toBe(true);
  expect(js.stats[0]!.distinct.length).toBe(MAX_DISTINCT);
  expect(sql).toEqual(js);
}, 60_000);

it('an import leaves no text table behind, whether a file was typed or not loaded', async () => {
  const deals = ['Deal ID,Deal Name,Amount'];
  for (let i = 0; i < 21_000; i++) deals.push(`${i},Deal ${i},${i % 100}`);
  const history = ['Deal ID,Stage,Entered'];
  for (let i = 0; i < 21_000; i++) history.push(`${i},New,2024-01-0${(i % 9) + 1}`);
  const stray = ['Code,Label'];
  for (let i = 0; i < 21_000; i++) stray.push(`zz${i},x`);
  const enc = (l: string[]) => new TextEncoder().encode(l.join('\n') + '\n');
  const { model, report } = await importFiles(db.engine, [
    { name: 'deals.csv', bytes: enc(deals) },
    { name: 'history.csv', bytes: enc(history), kind: 'stage_history' },
    { name: 'stray.csv', bytes: enc(stray), kind: 'lookup' },
  ]);
  expect(model.tables.find((t) => t.name === 'stage_history')?.rows).toBe(21_000);
  expect(report.warnings.some((w) => w.code === 'import_fileNotLoaded')).toBe(true);
  const left = await db.engine.query(
    `SELECT count(*)::DOUBLE AS n FROM information_schema.tables WHERE table_name LIKE '\\_ingest%' ESCAPE '\\'`,
  );
  expect(Number(left.get(0)!.toJSON().n)).toBe(0);
});
