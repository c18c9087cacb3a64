/**
 * Numbers a DOUBLE writes back as they are (`0.30000000000000004`, what a program writes for
 * 0.1 + 0.2; parse/precision.ts), through the import: none is foreseen or reported as rounded,
 * from CSV (either loader, in the sample and past the reader's first 500 rows) or JSON, and each
 * loads as that double.
 */
import { describe, expect, it } from 'vitest';
import { detect, importFiles } from '../../src/ingest/index.ts';
import { importNotes } from '../../src/cli/output.ts';
import { recordedEngine } from './corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Values a double writes back as they are: none is rounded. */
const EXACT = [
  '0.30000000000000004',
  '+0.30000000000000004',
  '0.300000000000000040',
  '123456789012345.67',
  '1.50000000000000000',
  '9007199254740994',
  '1.7976931348623157e308',
];

/** Deals with `amount` from `at` in some rows (1-based), 10 × row in the others. */
function amounts(rows: number, at: Record<number, string>): Uint8Array {
  const lines = ['id,title,amount,created_at'];
  for (let i = 1; i <= rows; i++)
    lines.push(`D${i},Deal ${i},${at[i] ?? String(i * 10)},2024-03-01`);
  return utf8(lines.join('\n') + '\n');
}

/** `EXACT` in rows 2.. of a file of `rows` rows, and again past the first 500 rows. */
const exactAt = (rows: number) =>
  Object.fromEntries(
    EXACT.flatMap((v, k) => [
      [k + 2, v],
      [rows - 20 + k, v],
    ]),
  );

/** `EXACT` as a JSON file's amounts, written as they are (JSON has no leading '+'). */
function exactJson(): Uint8Array {
  const rows = EXACT.map(
    (v, i) => `{"id":"D${i}","title":"Deal ${i}","amount":${v.replace(/^\+/, '')}}`,
  );
  return utf8(`[${rows.join(',')}]`);
}

describe('a number a double writes back as it is', () => {
  it('is not foreseen as rounded on the mapping screen, CSV or JSON', async () => {
    const csv = await detect([{ name: 'deals.csv', bytes: amounts(40, exactAt(40)) }]);
    const js = await detect([{ name: 'deals.json', bytes: exactJson() }]);
    for (const d of [csv, js]) {
      const t = d.tables[0]!;
      expect(t.columns.find((c) => c.header === 'amount')).toMatchObject({ type: 'number' });
      expect(t.warnings.map((w) => w.code)).not.toContain('import_willRound');
    }
  });

  describe.each(['sql', 'js'] as const)('the %s loader', (csvLoader) => {
    const db = recordedEngine();

    it.each([40, 700])('loads it as that double, reporting nothing (%i rows)', async (rows) => {
      const at = exactAt(rows);
      const { report } = await importFiles(
        db.engine,
        [{ name: 'deals.csv', bytes: amounts(rows, at) }],
        { csvLoader },
      );
      const file = report.files[0]!;
      expect(file).toMatchObject({ rowsLoaded: rows, rowsRejected: 0 });
      expect(file.warnings.map((w) => w.code)).not.toContain('import_rounded');
      expect(importNotes(report).join('\n')).not.toContain('significant digits');
      const got = (
        await db.engine.query(
          `SELECT id, amount FROM deals WHERE id IN (${Object.keys(at)
            .map((r) => `'D${r}'`)
            .join(', ')})`,
        )
      )
        .toArray()
        .map((r) => r.toJSON() as { id: string; amount: number });
      expect(got).toHaveLength(Object.keys(at).length);
      for (const { id, amount } of got) expect(amount).toBe(Number(at[Number(id.slice(1))]));
    });
  });

  describe('from JSON', () => {
    const db = recordedEngine();
    it('loads as that double, reporting nothing', async () => {
      const { report } = await importFiles(db.engine, [{ name: 'deals.json', bytes: exactJson() }]);
      expect(report.files[0]!.warnings.map((w) => w.code)).not.toContain('import_rounded');
      const got = (await db.engine.query(`SELECT amount FROM deals ORDER BY id`))
        .toArray()
        .map((r) => (r.toJSON() as { amount: number }).amount);
      expect(got).toEqual(EXACT.map(Number));
    });
  });
});
