/**
 * The mapping screen's column warnings follow the type each column will load as: the user's type,
 * a role's type, none for an ignored column — not the type the scan proposed.
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../../../../src/ingest/index.ts';
import { readFile } from '../../../../src/ingest/read/readers.ts';
import { english } from '../../../../src/lib/message.ts';
import {
  buildDrafts,
  tableWarnings,
  type TableDraft,
} from '../../../../src/state/dataset/mapping/import-draft.ts';
import type { Inspection } from '../../../../src/ingest/read/inspect.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

// Ten rows: "code" is a number column with one word (9 of 10 fit), "note" text with two (8 of 10).
const AMOUNTS: Record<number, string> = { 1: '12345678901234567890', 3: '1234567890123456.78' };
const CSV = [
  'id,title,amount,code,note',
  ...Array.from({ length: 10 }, (_, i) =>
    [
      `D${i + 1}`,
      `T${i}`,
      AMOUNTS[i + 1] ?? String(i * 10),
      i === 2 ? 'nine' : i,
      i === 0 ? 'x' : i === 1 ? 'y' : i + 10,
    ].join(','),
  ),
].join('\n');

async function draft(csv = CSV, name = 'deals.csv'): Promise<TableDraft> {
  const d = await detect([{ name, bytes: utf8(csv) }]);
  const raw = await readFile(name, utf8(csv));
  const inspection: Inspection = {
    relations: d.relations,
    errors: [],
    tables: d.tables.map((proposal) => ({
      headers: raw.headers,
      preview: [],
      stages: [],
      proposal,
    })),
  };
  return buildDrafts(inspection, [{ name }], () => null).tables[0]!;
}

const said = (t: TableDraft) => tableWarnings(t).map(english);
const col = (t: TableDraft, h: string) => t.columns.find((c) => c.header === h)!;

describe('the mapping screen’s column warnings', () => {
  it('start as the scan foresaw them', async () => {
    const t = await draft();
    expect(said(t)).toEqual([
      '"amount": 2 values have more than 15 significant digits and will be rounded',
      '"code": 1 value(s) are not number and will be NULL',
    ]);
  });

  it('follow a type the user picks', async () => {
    const t = await draft();
    const code = col(t, 'code');
    code.type = 'text';
    expect(said(t)).toEqual([
      '"amount": 2 values have more than 15 significant digits and will be rounded',
    ]);
    // A text column made a number: its values that are not numbers, and the long one.
    col(t, 'note').type = 'number';
    expect(said(t)).toEqual([
      '"amount": 2 values have more than 15 significant digits and will be rounded',
      '"note": 2 value(s) are not number and will be NULL',
    ]);
    code.type = 'date';
    expect(said(t)).toContain('"code": 10 value(s) are not date and will be NULL');
  });

  it('follow a role, which fixes the type, and its removal', async () => {
    const t = await draft();
    const amount = col(t, 'amount');
    amount.role = null;
    amount.type = 'text';
    expect(said(t)).toEqual(['"code": 1 value(s) are not number and will be NULL']);
    col(t, 'note').role = 'amount';
    expect(said(t)).toContain('"note": 2 value(s) are not number and will be NULL');
  });

  it('say nothing of an ignored column', async () => {
    const t = await draft();
    col(t, 'code').ignore = true;
    expect(said(t)).toEqual([
      '"amount": 2 values have more than 15 significant digits and will be rounded',
    ]);
  });

  it('keep the warnings that are not a column’s', async () => {
    const t = await draft(CSV + '\nD5,"broken\n');
    const before = said(t);
    expect(before.some((w) => /row/.test(w))).toBe(true);
    col(t, 'code').type = 'text';
    expect(said(t)).toEqual(before.filter((w) => !w.startsWith('"code"')));
  });
});
