/**
 * Ids a DOUBLE cannot hold — more digits than it keeps, or leading zeros — are guessed as text
 * (a key-named column, or any whose rounded numbers are all whole: code-columns.test.ts), so they keep every digit even as a custom field (the role
 * taken away on the mapping screen or by `maps`); the same on DuckDB's reader and the JS loader,
 * and child tables still link to them.
 */
import { describe, expect, it } from 'vitest';
import { detect, importFiles } from '../../src/ingest/index.ts';
import { recordedEngine } from './corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const ID = (i: number) => String(12345678901234567890n + BigInt(i));
const CLIENT = (i: number) => String(98765432109876543210n + BigInt(i % 3));

const DEALS = utf8(
  [
    'id,title,amount,stage,client_id,big',
    ...Array.from(
      { length: 12 },
      (_, i) => `${ID(i)},Deal ${i},${i * 10},Won,${CLIENT(i)},${i === 4 ? ID(0) : i}`,
    ),
  ].join('\n') + '\n',
);

describe('long ids', () => {
  it('are guessed as text, as is a column with one whole number a double would change', async () => {
    const d = await detect([{ name: 'deals.csv', bytes: DEALS }]);
    const types = Object.fromEntries(d.tables[0]!.columns.map((c) => [c.header, c.type]));
    expect(types).toMatchObject({ id: 'text', client_id: 'text', amount: 'number', big: 'text' });
    // Each keeps its digits: nothing to foresee as rounded.
    expect(d.tables[0]!.warnings.map((w) => w.code)).not.toContain('import_willRound');
  });

  describe.each(['sql', 'js'] as const)('the %s loader', (csvLoader) => {
    const db = recordedEngine();
    const all = async (sql: string) =>
      (await db.engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);

    it('keeps every digit of an id made a custom field', async () => {
      await importFiles(db.engine, [{ name: 'deals.csv', bytes: DEALS }], {
        csvLoader,
        maps: { 'deals.csv': { id: null } },
      });
      const rows = await all(`SELECT "id (2)" AS id FROM deals ORDER BY title`);
      expect(rows.map((r) => r.id)).toEqual(
        Array.from({ length: 12 }, (_, i) => [`Deal ${i}`, ID(i)] as const)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([, id]) => id),
      );
    });

    it('links a stage history by ids with leading zeros and by long ids', async () => {
      const ids = ['000123', '0042', ID(1), ID(2)];
      const deals = utf8(
        'id,title,amount,stage\n' + ids.map((id, i) => `${id},Deal ${i},10,Won`).join('\n') + '\n',
      );
      const history = utf8(
        'deal_id,stage,changed_at\n' +
          ids.map((id, i) => `${id},Won,2024-03-0${i + 1}`).join('\n') +
          '\n',
      );
      const files = [
        { name: 'deals.csv', bytes: deals },
        { name: 'stage_history.csv', bytes: history },
      ];
      expect((await detect(files)).relations).toContainEqual(
        expect.objectContaining({ from: 'stage_history.csv', fromColumn: 'deal_id', overlap: 1 }),
      );
      await importFiles(db.engine, files, { csvLoader });
      const joined = await all(
        `SELECT h.deal_id FROM stage_history h JOIN deals d ON d.id = h.deal_id ORDER BY 1`,
      );
      expect(joined.map((r) => r.deal_id)).toEqual([...ids].sort());
    });
  });

  describe('from a JSON file', () => {
    const db = recordedEngine();
    it('keep every digit too, as a custom field', async () => {
      const json = utf8(
        '[' +
          Array.from(
            { length: 4 },
            (_, i) => `{"id":${ID(i)},"title":"Deal ${i}","amount":${i}}`,
          ).join(',') +
          ']',
      );
      const files = [{ name: 'deals.json', bytes: json }];
      expect((await detect(files)).tables[0]!.columns[0]).toMatchObject({
        header: 'id',
        type: 'text',
      });
      await importFiles(db.engine, files, { maps: { 'deals.json': { id: null } } });
      const rows = (
        await db.engine.query(`SELECT "id (2)" AS id FROM deals ORDER BY title`)
      ).toArray();
      expect(rows.map((r) => (r.toJSON() as { id: unknown }).id)).toEqual([0, 1, 2, 3].map(ID));
    });
  });
});
