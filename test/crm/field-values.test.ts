// The filter picker's values and the dataset currency, compiled in crm/ and run on the tiny CRM:
// counts hand-checked against the fixture, activity fields counted by activities.
import { describe, expect, it } from 'vitest';
import {
  absentChecks,
  absentNote,
  currencyOf,
  fieldValuesQuery,
  readFieldValues,
} from '../../src/crm/field-values.ts';
import { english, render } from '../../src/lib/message.ts';
import { defaultSpec, type ReportSpec } from '../../src/query/spec/spec.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { ACTIVITIES, DEALS } from '../fixtures/tiny-crm.ts';
import { tinyCrm } from '../fixtures/engine.ts';

const db = tinyCrm();

const values = async (field: string, limit?: number) => {
  const q = fieldValuesQuery(db.catalog, field, limit);
  return readFieldValues(q, await db.engine.query(q.sql));
};

describe('field values', () => {
  it('lists a deal field with its deal counts, most frequent first, NULL included', async () => {
    const got = await values('source');
    const count = (s: string | null) => DEALS.filter((d) => d.source === s).length;
    expect(got).toEqual([
      { value: 'Web', count: count('Web') },
      { value: 'Referral', count: count('Referral') },
      { value: null, count: count(null) },
    ]);
  });

  it('keeps at most `limit` values', async () => {
    expect(await values('source', 1)).toEqual([{ value: 'Web', count: 5 }]);
  });

  it('counts an activity field by activities', async () => {
    const field = db.catalog.fields.find((f) => f.table === 'activities' && f.type === 'text');
    expect(field).toBeDefined();
    const q = fieldValuesQuery(db.catalog, field!.id);
    expect(q.count).toBe('activities');
    const got = readFieldValues(q, await db.engine.query(q.sql));
    expect(got.reduce((s, v) => s + v.count, 0)).toBe(ACTIVITIES.length);
  });
});

describe('field values at a grain (a filter on periods)', () => {
  const periods = async (field: string, grain: 'month' | 'quarter', limit?: number) => {
    const q = fieldValuesQuery(db.catalog, field, limit, { grain });
    return readFieldValues(q, await db.engine.query(q.sql));
  };

  it("lists a date field's quarters as keys in time order with their deals, no date last", async () => {
    // closed_at by quarter, from the fixture: d1, d2, d3 in 2023-Q1; d6, d7, d8, d10 in
    // 2024-Q1; d4, d5, d9 still open.
    const expected = [
      { value: '2023-Q1', count: 3 },
      { value: '2024-Q1', count: 4 },
      { value: null, count: 3 },
    ];
    expect(await periods('closed_at', 'quarter')).toEqual(expected);
    const keyOf = (d: string | null) =>
      d === null ? null : `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
    for (const { value, count } of expected)
      expect(DEALS.filter((d) => keyOf(d.closed_at) === value)).toHaveLength(count);
  });

  it('keeps the newest `limit` periods, still oldest first', async () => {
    // created_at's months: … 2024-01, 2024-02 (d7), 2024-03 (d8, d9).
    expect(await periods('created_at', 'month', 2)).toEqual([
      { value: '2024-02', count: 1 },
      { value: '2024-03', count: 2 },
    ]);
  });
});

describe('currency', () => {
  it('asks nothing of a dataset without a currency field', () => {
    const fields = db.catalog.fields.filter((f) => f.id !== 'currency');
    expect(currencyOf({ ...db.catalog, fields })).toBeNull();
  });

  it('reads the one currency of the tiny CRM', async () => {
    const q = currencyOf(db.catalog)!;
    expect(q.read(await db.engine.query(q.query.sql))).toBe('USD');
  });

  it('reads one currency, and none when the deals have several', () => {
    const withCurrency: Catalog = {
      ...db.catalog,
      fields: [
        ...db.catalog.fields,
        { ...db.catalog.fields.find((f) => f.id === 'source')!, id: 'currency' },
      ],
    };
    const q = currencyOf(withCurrency)!;
    const table = (vals: (string | null)[]) => ({
      numRows: vals.length,
      getChild: (k: string) =>
        k === 'currency' ? { get: (i: number) => vals[i] } : { get: () => 1 },
    });
    expect(q.read(table(['RUB', null]))).toBe('RUB');
    expect(q.read(table(['RUB', 'USD']))).toBeNull();
    expect(q.read(table([]))).toBeNull();
  });
});

describe('filter values absent from the data', () => {
  const spec = (filters: ReportSpec['filters']): ReportSpec => ({
    ...defaultSpec(),
    rows: [{ field: 'manager' }],
    measures: ['deals'],
    filters,
  });
  const notes = async (s: ReportSpec) => {
    const out = [];
    for (const c of absentChecks(s, db.catalog)) {
      const n = absentNote(c, await db.engine.query(c.query.sql));
      if (n) out.push(n);
    }
    return out;
  };

  it('names the values of an `in` filter that no row has, in both languages', async () => {
    const got = await notes(
      spec([{ field: 'source', op: 'in', values: ['Web', 'Website', 'Cold call'] }]),
    );
    expect(got).toHaveLength(1);
    expect(english(got[0]!)).toBe(
      "source: the filter's values (Website, Cold call) are not in this data, so no rows match them",
    );
    expect(render('ru', got[0]!)).toBe(
      'Источник: в этих данных нет значений фильтра (Website, Cold call), строк по ним нет',
    );
  });

  it('says nothing when every value is there, or for filters that cannot match nothing so', async () => {
    const present = [...new Set(DEALS.map((d) => d.source).filter((s) => s !== null))];
    expect(present.length).toBeGreaterThan(0);
    expect(await notes(spec([{ field: 'source', op: 'in', values: present }]))).toEqual([]);
    // Excluding a value the data lacks hides nothing; a date bucket is checked by its period.
    expect(await notes(spec([{ field: 'source', op: 'not_in', values: ['Website'] }]))).toEqual([]);
    expect(
      absentChecks(
        spec([{ field: 'created_at', grain: 'year', op: 'in', values: ['1999'] }]),
        db.catalog,
      ),
    ).toEqual([]);
  });

  it('names five values and then "…"', async () => {
    const values = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const [n] = await notes(spec([{ field: 'source', op: 'in', values: ['Web', ...values] }]));
    expect(english(n!)).toContain('(a, b, c, d, e, …)');
  });
});
