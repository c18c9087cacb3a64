import { english } from '../../src/lib/message.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, importFiles } from '../../src/ingest/index.ts';
import { OLIST_DIR } from '../fixtures/olist-dir.ts';
import { sharedEngine } from '../fixtures/engine.ts';

const DIR = OLIST_DIR;
const ref = JSON.parse(readFileSync(join(DIR, 'reference.json'), 'utf8')) as {
  row_counts: Record<string, number>;
  by_origin: Record<string, { mql: number; won: number }>;
  days_first_contact_to_won: { median: number; min: number; max: number; negative_count: number };
  deals_by_business_segment: Record<string, number>;
  declared_monthly_revenue: { sum: number };
};
const files = [
  'olist_marketing_qualified_leads_dataset.csv',
  'olist_closed_deals_dataset.csv',
  'olist_sellers_dataset.csv',
].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(DIR, name))) }));

const db = sharedEngine();

const rows = async (sql: string) =>
  (await db.engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);

describe('Olist marketing funnel', () => {
  it('detects the relationships', async () => {
    const d = await detect(files);
    const kinds = Object.fromEntries(d.tables.map((t) => [t.file, t.kind]));
    expect(kinds).toEqual({
      'olist_marketing_qualified_leads_dataset.csv': 'deals',
      'olist_closed_deals_dataset.csv': 'deals',
      'olist_sellers_dataset.csv': 'clients',
    });
    // The declared catalog size is a number about the seller's products, not the deal's product.
    const closed = d.tables.find((t) => t.file === 'olist_closed_deals_dataset.csv')!;
    expect(
      Object.fromEntries(closed.columns.filter((c) => c.role).map((c) => [c.header, c.role])),
    ).toEqual({
      mql_id: 'id',
      seller_id: 'client',
      sr_id: 'manager',
      won_date: 'closed_at',
    });
    expect(closed.columns.find((c) => c.header === 'declared_product_catalog_size')?.type).toBe(
      'number',
    );
    expect(d.relations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          from: 'olist_closed_deals_dataset.csv',
          fromColumn: 'mql_id',
          toColumn: 'mql_id',
          overlap: 1,
        }),
        expect.objectContaining({
          // The seller column is in the closed deals, which extend the leads.
          from: 'olist_closed_deals_dataset.csv',
          to: 'olist_sellers_dataset.csv',
          toColumn: 'seller_id',
          fromColumn: 'seller_id',
        }),
      ]),
    );
  });

  it('loads with the reference numbers', async () => {
    const { model, report } = await importFiles(db.engine, files);
    expect(report.errors).toEqual([]);
    expect(report.files.map((f) => [f.file, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['olist_marketing_qualified_leads_dataset.csv', 8000, 0],
      ['olist_closed_deals_dataset.csv', 842, 0],
      ['olist_sellers_dataset.csv', 3095, 0],
    ]);
    const deals = model.tables.find((t) => t.name === 'deals')!;
    expect(deals.rows).toBe(ref.row_counts.mql);
    expect(deals.columns.slice(0, 14).map((c) => c.name)).toEqual([
      'id',
      'title',
      'created_at',
      'closed_at',
      'status',
      'stage',
      'pipeline',
      'amount',
      'currency',
      'source',
      'lost_reason',
      'manager',
      'client',
      'product',
    ]);
    expect(model.tables.find((t) => t.name === 'clients')!.rows).toBe(ref.row_counts.sellers);

    const byOrigin = await rows(
      `SELECT coalesce(source, '(blank)') AS o, count(*)::INT AS mql, count(*) FILTER (WHERE status = 'won')::INT AS won FROM deals GROUP BY 1`,
    );
    expect(Object.fromEntries(byOrigin.map((r) => [r.o, { mql: r.mql, won: r.won }]))).toEqual(
      Object.fromEntries(
        Object.entries(ref.by_origin).map(([k, v]) => [k, { mql: v.mql, won: v.won }]),
      ),
    );
    const [days] =
      await rows(`SELECT median(dd)::DOUBLE AS median, min(dd)::INT AS min, max(dd)::INT AS max, count(*) FILTER (WHERE dd < 0)::INT AS neg
      FROM (SELECT date_diff('day', created_at::DATE, closed_at::DATE) AS dd FROM deals WHERE status = 'won')`);
    const r = ref.days_first_contact_to_won;
    expect(days).toEqual({ median: r.median, min: r.min, max: r.max, neg: r.negative_count });
    const seg = await rows(
      `SELECT coalesce(business_segment, '(blank)') AS s, count(*)::INT AS n FROM deals WHERE status = 'won' GROUP BY 1`,
    );
    expect(Object.fromEntries(seg.map((x) => [x.s, x.n]))).toEqual(ref.deals_by_business_segment);
    const [rev] = await rows(`SELECT sum(declared_monthly_revenue)::DOUBLE AS s FROM deals`);
    expect(rev!.s).toBe(ref.declared_monthly_revenue.sum);
    // Only 380 of 842 sellers are in the sellers table: reported, not dropped.
    const [joined] = await rows(`SELECT count(*)::INT AS n FROM deals JOIN clients USING (client)`);
    expect(joined!.n).toBe(380);
    expect(report.warnings.map(english).join('\n')).toMatch(
      /462 deals name a client not found in clients/,
    );
    const zip = model.tables
      .find((t) => t.name === 'clients')!
      .columns.find((c) => c.name === 'seller_zip_code_prefix');
    expect(zip?.type).toBe('text');
  });

  it('the closed-deals file alone is a table of won deals (won date, no status or stage)', async () => {
    const closed = files[1]!;
    const { model, report } = await importFiles(db.engine, [closed]);
    expect(report.warnings.map(english)).toContain(
      'No status or stage column: deals with a close date are won',
    );
    expect(
      model.tables.find((t) => t.name === 'deals')!.columns.find((c) => c.name === 'status')?.role,
    ).toBe('status');
    const [won] = await rows(
      `SELECT count(*) FILTER (WHERE status = 'won')::INT AS won, count(*)::INT AS n FROM deals`,
    );
    expect(won).toEqual({ won: ref.row_counts.closed_deals, n: ref.row_counts.closed_deals });
    // Declared monthly revenue is the seller's, not the deal's: it is revenue only when mapped so.
    await importFiles(db.engine, [closed], { map: { amount: 'declared_monthly_revenue' } });
    const [rev] = await rows(
      `SELECT sum(amount) FILTER (WHERE status = 'won')::DOUBLE AS s FROM deals`,
    );
    expect(rev!.s).toBe(ref.declared_monthly_revenue.sum);
  });
});
