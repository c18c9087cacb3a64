/**
 * A column of whole numbers a DOUBLE would change (20-digit references, tax numbers: codes) is
 * guessed as text whatever its header (detect/detect.ts), so it keeps every digit whatever role
 * it has or loses on the mapping screen, from CSV (either loader) or JSON; a measurement a double
 * would round stays a number. Typed a number on purpose, it is foreseen, and reported with its
 * file, column and first row.
 */
import { describe, expect, it } from 'vitest';
import { detect, importFiles } from '../../src/ingest/index.ts';
import { english, render } from '../../src/lib/message.ts';
import { importNotes } from '../../src/cli/output.ts';
import { recordedEngine } from './corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

const REF = (i: number) => String(12345678901234567890n + BigInt(i) * 7919n);
const INN = (i: number) => String(77123456789012345678n + BigInt(i));
const PHONE = (i: number) => String(79161234567000000000n + BigInt(i * 13));

/** A deals file with 20-digit codes under headers that name no key. */
const CODES = utf8(
  [
    'id,title,amount,external_ref,inn,phone',
    ...Array.from(
      { length: 12 },
      (_, i) => `D${i},Deal ${i},${i * 10},${REF(i)},${INN(i)},${i === 3 ? '' : PHONE(i)}`,
    ),
  ].join('\n') + '\n',
);

describe('a column of whole numbers a double would change', () => {
  it('is guessed as text whatever its header, with no rounding foreseen', async () => {
    const d = await detect([{ name: 'deals.csv', bytes: CODES }]);
    const t = d.tables[0]!;
    const types = Object.fromEntries(t.columns.map((c) => [c.header, c.type]));
    expect(types).toMatchObject({
      amount: 'number',
      external_ref: 'text',
      inn: 'text',
      phone: 'text',
    });
    expect(t.warnings.map((w) => w.code)).not.toContain('import_willRound');
  });

  it('a measurement a double would round stays a number, and is foreseen as rounded', async () => {
    const bytes = utf8(
      'id,title,amount,ratio\n' +
        Array.from(
          { length: 6 },
          (_, i) => `D${i},T${i},${i},${i === 2 ? '1234567890123456.78' : i / 4}`,
        ).join('\n') +
        '\n',
    );
    const t = (await detect([{ name: 'deals.csv', bytes }])).tables[0]!;
    expect(t.columns.find((c) => c.header === 'ratio')).toMatchObject({ type: 'number' });
    expect(t.warnings.filter((w) => w.code === 'import_willRound').map((w) => w.params)).toEqual([
      { column: 'ratio', n: 1 },
    ]);
  });

  it("an amount's whole numbers are money: it stays a number with its role, foreseen as rounded", async () => {
    const bytes = utf8(
      'id,title,Сумма\n' +
        Array.from({ length: 6 }, (_, i) => `D${i},T${i},${i === 2 ? REF(0) : i * 100}`).join(
          '\n',
        ) +
        '\n',
    );
    const t = (await detect([{ name: 'deals.csv', bytes }])).tables[0]!;
    expect(t.columns.find((c) => c.header === 'Сумма')).toMatchObject({
      type: 'number',
      role: 'amount',
    });
    expect(t.warnings.filter((w) => w.code === 'import_willRound').map((w) => w.params)).toEqual([
      { column: 'Сумма', n: 1 },
    ]);
  });

  describe.each(['sql', 'js'] as const)('the %s loader', (csvLoader) => {
    const db = recordedEngine();
    // Every value, in order: the digits as text, or the rounded doubles as numbers.
    const values = async (column: string) =>
      (await db.engine.query(`SELECT "${column}" AS v FROM deals ORDER BY v`))
        .toArray()
        .map((r) => (r.toJSON() as { v: unknown }).v);
    const all = (f: (i: number) => string | null) =>
      Array.from({ length: 12 }, (_, i) => f(i)).sort((a, b) =>
        a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
      );

    it('keeps every digit, with its role or with every role taken away', async () => {
      for (const maps of [undefined, { 'deals.csv': { id: null, title: null, amount: null } }]) {
        const { report } = await importFiles(db.engine, [{ name: 'deals.csv', bytes: CODES }], {
          csvLoader,
          ...(maps ? { maps } : {}),
        });
        expect(report.files[0]!.warnings.map((w) => w.code)).not.toContain('import_rounded');
        expect(await values('external_ref')).toEqual(all(REF));
        expect(await values('inn')).toEqual(all(INN));
        expect(await values('phone')).toEqual(all((i) => (i === 3 ? null : PHONE(i))));
      }
    });

    it('typed a number on purpose: foreseen, then reported with file, column and row', async () => {
      const files = [{ name: 'deals.csv', bytes: CODES, types: { inn: 'number' as const } }];
      const d = await detect(files);
      const { report } = await importFiles(db.engine, files, { csvLoader });
      const notes = report.files[0]!.warnings.filter((w) => w.code === 'import_rounded');
      expect(notes.map((w) => w.params)).toEqual([{ column: 'inn', n: 12, row: 2, value: INN(0) }]);
      expect(importNotes(report)).toContain(`deals.csv: ${english(notes[0]!)}`);
      expect(render('ru', notes[0]!)).toContain('«inn»: 12 значений длиннее 15 значащих цифр');
      // The mapping screen's forecast for the type picked (`columnForecasts`) needs the scan's
      // counts, which it has whatever type was guessed.
      const inn = d.tables[0]!.columns.find((c) => c.header === 'inn')!;
      expect(inn.fits.number.rounded).toBe(12);
    });
  });

  describe('from JSON', () => {
    const db = recordedEngine();
    it('too, with its role taken away', async () => {
      const json = utf8(
        '[' +
          Array.from(
            { length: 4 },
            (_, i) => `{"id":"D${i}","title":"Deal ${i}","ref":${REF(i)}}`,
          ).join(',') +
          ']',
      );
      const files = [{ name: 'deals.json', bytes: json }];
      const t = (await detect(files)).tables[0]!;
      expect(t.columns.find((c) => c.header === 'ref')).toMatchObject({ type: 'text' });
      expect(t.warnings.map((w) => w.code)).not.toContain('import_willRound');
      const { report } = await importFiles(db.engine, files, {
        maps: { 'deals.json': { id: null } },
      });
      expect(report.files[0]!.warnings.map((w) => w.code)).not.toContain('import_rounded');
      const rows = (await db.engine.query(`SELECT ref FROM deals ORDER BY title`)).toArray();
      expect(rows.map((r) => (r.toJSON() as { ref: unknown }).ref)).toEqual([0, 1, 2, 3].map(REF));
    });
  });
});
