/**
 * A blank header's column is named `column_N` (N its position), in every language: saved reports
 * and links refer to it by that id. Where a person reads it — the mapping screen, the field list,
 * table headers, chart axes, all from the catalog's labels — it is "Column N" / «Столбец N».
 */
import { describe, expect, it } from 'vitest';
import { detect, importFiles } from '../../src/ingest/index.ts';
import { english, render, type Message } from '../../src/lib/message.ts';
import { columnParam } from '../../src/ingest/read/headers.ts';
import { inspectFiles } from '../../src/ingest/read/inspect.ts';
import { buildDrafts } from '../../src/state/dataset/mapping/import-draft.ts';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { compileReport } from '../../src/crm/report.ts';
import { decodeSpec, encodeSpec } from '../../src/query/spec/url.ts';
import { sharedEngine } from '../fixtures/engine.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
// The fourth header is blank; `column_3` is a real header, at a position not its own.
const CSV = utf8(
  [
    'id,column_3,amount,,created_at',
    'D1,x,10,north,2024-01-05',
    'D2,y,20,south,2024-02-05',
    'D3,z,30,north,2024-03-05',
  ].join('\n') + '\n',
);
const COLUMN_4 = { en: 'Column 4', ru: 'Столбец 4' };

describe('a blank header', () => {
  const db = sharedEngine();

  it('is shown on the mapping screen by its label, its header kept', async () => {
    const ins = await inspectFiles([{ name: 'deals.csv', bytes: CSV }]);
    const { tables } = buildDrafts(ins, [{ name: 'deals.csv' }], () => null);
    const cols = tables[0]!.columns;
    expect(cols.map((c) => c.header)).toEqual([
      'id',
      'column_3',
      'amount',
      'column_4',
      'created_at',
    ]);
    expect(cols.map((c) => c.label)).toEqual([
      undefined,
      undefined,
      undefined,
      COLUMN_4,
      undefined,
    ]);
  });

  it('is the field column_4 labelled "Column 4" / «Столбец 4», and a link to it runs', async () => {
    const { model } = await importFiles(db.engine, [{ name: 'deals.csv', bytes: CSV }]);
    const deals = model.tables.find((t) => t.name === 'deals')!;
    expect(deals.columns.find((c) => c.name === 'column_4')?.label).toEqual(COLUMN_4);
    expect(deals.columns.find((c) => c.name === 'column_3')?.label).toBeUndefined();
    const catalog = buildCatalog(model);
    const field = catalog.fields.find((f) => f.id === 'column_4');
    expect(field?.label).toEqual(COLUMN_4);
    expect(catalog.fields.find((f) => f.id === 'column_3')?.label).toEqual({
      en: 'column_3',
      ru: 'column_3',
    });
    // A link names the column by its id, whatever the language it was made in.
    const spec = decodeSpec(new URLSearchParams('v=1&rows=column_4&m=deals'));
    expect(encodeSpec(spec).get('rows')).toBe('column_4');
    const rows = (await db.engine.query(compileReport(spec, catalog).sql))
      .toArray()
      .map((r) => r.toJSON() as Record<string, unknown>)
      .filter((r) => Number(r._grouping) === 0)
      .map((r) => [r.column_4, Number(r.deals)]);
    expect(rows.sort()).toEqual([
      ['north', 2],
      ['south', 1],
    ]);
  });
});

// Its fourth column, blank-headed, holds numbers and one word; its fifth, one 18-digit decimal
// (a whole one would make the column a code column, text).
const MESSY = utf8(
  [
    'id,amount,created_at,,',
    ...Array.from(
      { length: 20 },
      (_, k) =>
        `D${k},${k * 10},2024-01-${String(k + 1).padStart(2, '0')},${k === 7 ? 'x' : k},${k === 0 ? '1234567890123456.78' : k}`,
    ),
  ].join('\n') + '\n',
);

/** A message as the page shows it in each language, and as the CLI prints it. */
const shown = (m: Message) => ({ en: render('en', m), ru: render('ru', m), cli: english(m) });

describe('a message about a blank header’s column', () => {
  const db2 = sharedEngine();
  it('names it by its label on the mapping screen, by its id in the CLI', async () => {
    const d = await detect([{ name: 'deals.csv', bytes: MESSY }]);
    const all = d.tables[0]!.warnings;
    const of = (code: string) => all.filter((w) => w.code === code).map(shown)[0];
    const warnings = all.map(shown);
    const notParsed = of('import_notParsed');
    expect(notParsed?.en).toMatch(/^"Column 4": 1 value/);
    expect(notParsed?.ru).toMatch(/^«Столбец 4»: /);
    expect(notParsed?.cli).toMatch(/^"column_4": 1 value/);
    const round = of('import_willRound');
    expect(round?.en).toMatch(/^"Column 5": 1 value/);
    expect(round?.ru).toMatch(/^«Столбец 5»: 1 /);
    for (const w of warnings) expect(`${w.en} ${w.ru}`).not.toMatch(/column_\d/);
  });

  it('names it by its label in the import report', async () => {
    const { report } = await importFiles(db2.engine, [{ name: 'deals.csv', bytes: MESSY }]);
    const file = report.files[0]!;
    const rounded = file.warnings.filter((w) => w.code === 'import_rounded').map(shown);
    expect(rounded).toHaveLength(1);
    expect(rounded[0]!.en).toMatch(/^"Column 5": 1 value/);
    expect(rounded[0]!.ru).toMatch(/^«Столбец 5»: 1 /);
    expect(rounded[0]!.cli).toMatch(/^"column_5"/);
    // The values that are not numbers, listed by column: its id, and the label the page shows.
    const failed = file.failures.find((f) => f.column === 'column_4');
    expect(failed?.label).toEqual(COLUMN_4);
    expect(file.failures.find((f) => f.column === 'amount')?.label).toBeUndefined();
  });

  it('columnParam: a blank header by its label, any other header as it is', () => {
    const noLink = (column: ReturnType<typeof columnParam>) =>
      shown({ code: 'add_noLink', params: { file: 'a.csv', column } });
    expect(noLink(columnParam('column_4')).ru).toContain('«Столбец 4»');
    expect(noLink(columnParam('column_4', 3)).en).toContain('"Column 4"');
    expect(noLink(columnParam('column_4', 3)).cli).toContain('"column_4"');
    // A real header "column_3" at another position (the fourth) stays as it is.
    expect(noLink(columnParam('column_3', 3)).en).toContain('"column_3"');
    expect(noLink(columnParam('region')).ru).toContain('«region»');
  });
});
