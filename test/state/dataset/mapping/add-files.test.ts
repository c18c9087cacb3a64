// Adding files to the shown dataset: the dataset's files with the new ones (a newer export of a
// file replaces it), and the check that names the added file and column that link to nothing.
import { describe, expect, it } from 'vitest';
import { firstUnlinked, withAdded } from '../../../../src/state/dataset/mapping/add-files.ts';
import type { TableDraft } from '../../../../src/state/dataset/mapping/import-draft.ts';
import type { Relation } from '../../../../src/ingest/types.ts';

const file = (name: string, text = name) => ({ name, blob: new Blob([text]) });

function table(
  file: string,
  kind: TableDraft['kind'],
  headers: string[],
  roles: Record<string, string | null>,
  links: Relation[] = [],
): TableDraft {
  return {
    source: 0,
    file,
    key: file,
    kind,
    detectedKind: kind,
    kindConfidence: 1,
    rows: 1,
    format: { type: 'csv' },
    headers,
    preview: [],
    columns: headers.map((h) => ({
      header: h,
      role: (roles[h] ?? null) as TableDraft['columns'][number]['role'],
      ignore: false,
      type: 'text',
      detectedType: 'text',
      confidence: 1,
      nonNull: 1,
      parsed: 1,
      fits: {
        text: { parsed: 1, rounded: 0 },
        number: { parsed: 0, rounded: 0 },
        date: { parsed: 0, rounded: 0 },
        boolean: { parsed: 0, rounded: 0 },
      },
    })),
    warnings: [],
    links,
    remembered: false,
  };
}

const deals = table('deals.csv', 'deals', ['id', 'seller_id'], { id: 'id' });
const link = (from: string, fromColumn: string, overlap: number): Relation => ({
  from,
  fromColumn,
  to: 'deals.csv',
  toColumn: 'seller_id',
  overlap,
});

describe('withAdded', () => {
  it('puts the added files after the dataset’s own, in their order', () => {
    const out = withAdded([file('deals.csv'), file('history.csv')], [file('sellers.csv')]);
    expect(out.map((f) => f.name)).toEqual(['deals.csv', 'history.csv', 'sellers.csv']);
  });
  it('lets an added file replace the dataset’s file of the same name', () => {
    const newer = file('history.csv', 'newer');
    const out = withAdded([file('deals.csv'), file('history.csv', 'old')], [newer]);
    expect(out.map((f) => f.name)).toEqual(['deals.csv', 'history.csv']);
    expect(out[1]).toBe(newer);
  });
});

describe('firstUnlinked', () => {
  it('passes an added lookup whose key matched a deals column (the deals link to it)', () => {
    const sellers = table('sellers.csv', 'clients', ['seller_id', 'city'], { seller_id: 'key' }, [
      {
        from: 'deals.csv',
        fromColumn: 'seller_id',
        to: 'sellers.csv',
        toColumn: 'seller_id',
        overlap: 0.45,
      },
    ]);
    expect(firstUnlinked([deals, sellers], ['sellers.csv'])).toBeNull();
  });
  it('names an added lookup that matched nothing, and its key column', () => {
    const stray = table('stray.csv', 'lookup', ['code', 'name'], { code: 'key' });
    expect(firstUnlinked([deals, stray], ['stray.csv'])).toEqual({
      file: 'stray.csv',
      column: 'code',
    });
  });
  it('names added activities whose deal column shares no value with the deals', () => {
    const acts = table('calls.csv', 'activities', ['call', 'deal'], { deal: 'deal_id' }, [
      link('calls.csv', 'deal', 0),
    ]);
    expect(firstUnlinked([deals, acts], ['calls.csv'])).toEqual({
      file: 'calls.csv',
      column: 'deal',
    });
  });
  it('checks only the added files, and lets more deals in as they are', () => {
    const stray = table('stray.csv', 'lookup', ['code'], { code: 'key' });
    const more = table('more.csv', 'deals', ['id'], { id: 'id' });
    expect(firstUnlinked([deals, stray, more], ['more.csv'])).toBeNull();
  });
  it('reads a sheet of an added workbook as that file', () => {
    const sheet = table('book.xlsx#Sellers', 'managers', ['who'], { who: 'key' });
    expect(firstUnlinked([deals, sheet], ['book.xlsx'])).toEqual({
      file: 'book.xlsx#Sellers',
      column: 'who',
    });
  });
});
