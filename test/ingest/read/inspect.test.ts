import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/ingest/index.ts';
import { inspectFiles } from '../../../src/ingest/read/inspect.ts';
import { buildDrafts, toImport } from '../../../src/state/dataset/mapping/import-draft.ts';
import { sharedEngine } from '../../fixtures/engine.ts';
import { english } from '../../../src/lib/message.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/ingest/${name}`, import.meta.url)));
const example = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../public/examples/${name}`, import.meta.url)));

const db = sharedEngine();
const scalar = async (sql: string) => Number((await db.engine.query(sql)).get(0)?.toArray()[0]);

describe('inspectFiles (the mapping screen)', () => {
  it('proposes roles, a preview and stage outcomes for the amoCRM cp1251 fixture', async () => {
    const ins = await inspectFiles([
      { name: 'amocrm-deals.cp1251.csv', bytes: fixture('amocrm-deals.cp1251.csv') },
    ]);
    const t = ins.tables[0]!;
    expect(t.proposal.kind).toBe('deals');
    expect(t.proposal.format.encoding).toBe('windows-1251');
    expect(t.preview).toHaveLength(6);
    expect(t.preview[0]![1]).toBe('Поставка A');
    const role = (h: string) => t.proposal.columns.find((c) => c.header === h)?.role;
    expect(role('Бюджет')).toBe('amount');
    expect(role('Этап сделки')).toBe('stage');
    expect(t.stages.find((s) => s.value === 'Успешно реализовано')?.outcome).toBe('won');
    expect(t.stages.find((s) => s.value === 'Переговоры')?.outcome).toBe('open');
  });

  it('lists the stages as a deal moves, in the order the import gives them', async () => {
    // The file's first deal is won: in file order the screen's list began with the won stage.
    const bytes = fixture('amocrm-deals.cp1251.csv');
    const ins = await inspectFiles([{ name: 'a.csv', bytes }]);
    expect(ins.tables[0]!.stages.map((s) => [s.value, s.outcome])).toEqual([
      ['Переговоры', 'open'],
      ['Успешно реализовано', 'won'],
      ['Закрыто и не реализовано', 'lost'],
    ]);
    const { model } = await importFiles(db.engine, [{ name: 'a.csv', bytes }]);
    expect(model.stages.map((s) => s.stage)).toEqual(ins.tables[0]!.stages.map((s) => s.value));
  });

  it('drafts → importFiles: a column turned into a custom field and a type override are honoured', async () => {
    const bytes = fixture('amocrm-deals.cp1251.csv');
    const ins = await inspectFiles([{ name: 'a.csv', bytes }]);
    const { tables, stages } = buildDrafts(ins, [{ name: 'a.csv' }], () => null);
    const src = tables[0]!.columns.find((c) => c.header === 'Источник')!;
    src.role = null;
    const id = tables[0]!.columns.find((c) => c.header === 'ID')!;
    id.ignore = false;
    const blob = {} as Blob;
    const { files, options } = toImport([{ name: 'a.csv', blob }], tables, stages);
    expect(options.maps?.['a.csv']?.source).toBeNull();
    const { model } = await importFiles(db.engine, [{ ...files[0]!, bytes }], options);
    const deals = model.tables.find((t) => t.name === 'deals')!;
    expect(deals.columns.find((c) => c.name === 'source')?.role).toBeUndefined();
    expect(deals.columns.some((c) => c.name === 'Источник')).toBe(true);
    expect(await scalar(`SELECT sum(amount) FROM deals`)).toBeCloseTo(267012.06, 2);
    expect(await scalar(`SELECT sum(amount) FROM deals WHERE status = 'won'`)).toBeCloseTo(
      251235.06,
      2,
    );
  });

  it('ignored columns are not loaded', async () => {
    const bytes = fixture('amocrm-deals.cp1251.csv');
    const { model } = await importFiles(
      db.engine,
      [{ name: 'a.csv', bytes, ignore: ['Товар', 'Воронка'] }],
      {
        maps: { 'a.csv': { product: null, pipeline: null } },
      },
    );
    const cols = model.tables.find((t) => t.name === 'deals')!.columns.map((c) => c.name);
    expect(cols).not.toContain('Товар');
    expect(cols).not.toContain('Воронка');
  });

  it('the broken fixture reports the ragged row, the unclosed quote and the bad amount', async () => {
    const { report } = await importFiles(db.engine, [
      { name: 'broken-deals.csv', bytes: fixture('broken-deals.csv') },
    ]);
    const f = report.files[0]!;
    expect(f.rowsLoaded).toBe(3);
    expect(f.rowsRejected).toBe(2);
    expect(f.rejected.map((r) => r.row)).toEqual([3, 5]);
    expect(f.failures[0]).toMatchObject({ column: 'Amount', count: 1 });
  });

  it("warns of the values a role column's type will not read, though they looked like text", async () => {
    // Half the amounts are words: the column reads as text, but the amount role loads numbers.
    const amounts = ['100', 'lots', '200', 'TBD', '300,5', 'n.a.', '400', '?', '500', 'soon'];
    const csv = ['ID,Stage,Amount,Created']
      .concat(
        amounts.map(
          (a, i) => `${i + 1},Won,${a.includes(',') ? `"${a}"` : a},2024-01-0${1 + (i % 9)}`,
        ),
      )
      .join('\n');
    const file = { name: 'deals.csv', bytes: new TextEncoder().encode(csv) };
    const t = (await inspectFiles([file])).tables[0]!;
    const amount = t.proposal.columns.find((c) => c.header === 'Amount')!;
    expect([amount.role, amount.type]).toEqual(['amount', 'text']);
    const warned = t.proposal.warnings.map((w) => english(w));
    expect(warned).toContain('"Amount": 5 value(s) are not number and will be NULL');
    // The import's own count of them, which the screen announced.
    const { report } = await importFiles(db.engine, [file]);
    expect(report.files[0]!.failures[0]).toMatchObject({ column: 'Amount', count: 5 });
  });

  it('the example manifest files import: deals linked to clients', async () => {
    const { model, report } = await importFiles(
      db.engine,
      [
        {
          name: 'deals-amocrm.csv',
          bytes: example('deals-amocrm.csv'),
          kind: 'deals',
          encoding: 'windows-1251',
        },
        { name: 'clients.csv', bytes: example('clients.csv'), kind: 'clients' },
      ],
      {},
    );
    expect(model.tables.map((t) => t.name)).toContain('clients');
    expect(report.files.map((f) => f.rowsLoaded)).toEqual([48, 12]);
    expect(await scalar(`SELECT count(*) FROM deals WHERE status = 'won'`)).toBeGreaterThan(0);
  });
});
