/**
 * A blank header's column is named `column_N` (N its position), in every language: saved reports
 * and links refer to it by that id. Where a person reads it — the mapping screen, the field list,
 * table headers, chart axes, all from the catalog's labels — it is "Column N" / «Столбец N».
 */
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/index.ts';
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
