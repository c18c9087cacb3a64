/**
 * Lookups beyond clients, managers and products: a table describing any deals column (sources,
 * a custom region field), a second table on the same key, and a lookup of a lookup. Each loads
 * under its own name, joins by value overlap, and its columns become `table.column` fields whose
 * reports are checked against counts made by hand from the fixture text.
 */
import { english } from '../../src/lib/message.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { detect, importFiles, type ImportReport } from '../../src/ingest/index.ts';
import { lookupTableName } from '../../src/ingest/detect/lookup-targets.ts';
import { compile } from '../../src/query/compile.ts';
import { defaultSpec, type SpecOf } from '../../src/query/spec/spec.ts';
import { sharedEngine } from '../fixtures/engine.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const db = sharedEngine();

const rows = async (sql: string) =>
  (await db.engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);

async function report(model: DatasetModel, spec: Partial<SpecOf<'pivot'>>) {
  const c = compile({ ...defaultSpec(), totals: false, ...spec }, buildCatalog(model));
  const out = await rows(c.sql);
  return out.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
    ),
  );
}

// Eight deals; sources named with stray case and spaces; one source ("Webinar") has no row in sources.csv.
const deals = utf8(
  [
    'Deal ID,Deal Name,Stage,Amount,Source,Deal owner,Company,Region',
    'D1,One,Closed Won,100,Google Ads,Ann,Acme,North',
    'D2,Two,Closed Won,200,google ads ,Bob,Acme,North',
    'D3,Three,Closed Lost,300,Referral,Ann,Beta,South',
    'D4,Four,Negotiation,400,Referral,Bob,Gamma,South',
    'D5,Five,Closed Won,500,Cold call,Ann,Gamma,East',
    'D6,Six,Closed Won,600,Webinar,Bob,Delta,East',
    'D7,Seven,Negotiation,700,Cold call,Ann,Delta,North',
    'D8,Eight,Closed Won,800,Google Ads,Bob,Acme,West',
  ].join('\n') + '\n',
);
const sources = utf8(
  'Source,Channel,Cost per lead\nGOOGLE ADS,Paid,12.5\nReferral,Organic,0\nCold Call,Outbound,3\n',
);
// A custom deals column ("Region") described by a table of its own.
const regions = utf8('Region,Federal district\nNorth,NW\nSouth,S\nEast,FE\nWest,NW\n');
const clients = utf8(
  'Company,Industry,City\nAcme,Retail,Moscow\nBeta,Wholesale,Kazan\nGamma,Retail,Kazan\nDelta,IT,Perm\n',
);
// A lookup of the clients' City column, not of any deals column.
const cities = utf8('City,Population\nMoscow,13000000\nKazan,1300000\nPerm,1000000\n');
// A second table keyed by the client: loaded beside clients, not dropped.
const segments = utf8('Company,Segment\nAcme,Enterprise\nBeta,SMB\nGamma,SMB\nDelta,Mid-market\n');

const files = [
  { name: 'deals.csv', bytes: deals },
  { name: 'sources.csv', bytes: sources },
  { name: 'Regions (2024).csv', bytes: regions },
  { name: 'clients.csv', bytes: clients },
  { name: 'cities.csv', bytes: cities },
  { name: 'client-segments.csv', bytes: segments },
];

describe('generic lookups', () => {
  let model: DatasetModel;
  let rep: ImportReport;
  beforeAll(async () => {
    ({ model, report: rep } = await importFiles(db.engine, files));
  });

  it('loads each lookup under its file name, linked to the column it describes', () => {
    const links = Object.fromEntries(
      model.tables.filter((t) => t.lookup).map((t) => [t.name, t.lookup]),
    );
    expect(links).toEqual({
      sources: { from: 'deals', column: 'source' },
      regions_2024: { from: 'deals', column: 'Region' },
      client_segments: { from: 'deals', column: 'client' },
      cities: { from: 'clients', column: 'City' },
    });
    expect(model.tables.find((t) => t.name === 'clients')?.lookup).toBeUndefined();
  });

  it('offers every lookup column as a table.column field, the key as the deals field', () => {
    const ids = buildCatalog(model).fields.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'sources.Channel',
        'sources.Cost per lead',
        'regions_2024.Federal district',
        'client_segments.Segment',
        'cities.Population',
        'clients.Industry',
      ]),
    );
    expect(ids).not.toContain('sources.source');
    expect(ids).not.toContain('cities.City');
  });

  it('matches keys tolerantly and reports deals whose value the lookup lacks', async () => {
    expect(await rows(`SELECT source FROM sources ORDER BY 1`)).toEqual([
      { source: 'Cold call' },
      { source: 'Google Ads' },
      { source: 'Referral' },
    ]);
    expect(rep.warnings.map(english)).toContain(
      "1 deal names a source not found in sources (1 distinct): 'Webinar'",
    );
    expect(rep.warnings.map(english).filter((w) => w.includes('not loaded'))).toEqual([]);
  });

  it('a report by a lookup column counts what the fixture says', async () => {
    // Paid: D1, D2, D8 (won, 1,100); Organic: D3, D4 (none won); Outbound: D5 won 500, D7 open;
    // D6's Webinar has no channel.
    const out = await report(model, {
      rows: [{ field: 'sources.Channel' }],
      measures: ['deals', 'won', 'revenue'],
    });
    const by = Object.fromEntries(out.map((r) => [String(r['sources.Channel']), r]));
    expect(by['Paid']).toMatchObject({ deals: 3, won: 3, revenue: 1100 });
    expect(by['Organic']).toMatchObject({ deals: 2, won: 0 });
    expect(by['Outbound']).toMatchObject({ deals: 2, won: 1, revenue: 500 });
    expect(by['null']).toMatchObject({ deals: 1, won: 1, revenue: 600 });
  });

  it('joins a lookup of a lookup through it (deals → clients → cities)', async () => {
    // Moscow 13M: Acme's D1, D2, D8 (1,100); Kazan 1.3M: Beta D3, Gamma D4, D5; Perm 1M: Delta D6, D7.
    const out = await report(model, {
      rows: [{ field: 'cities.Population' }],
      measures: ['deals', 'revenue'],
    });
    const by = Object.fromEntries(out.map((r) => [Number(r['cities.Population']), r]));
    expect(by[13_000_000]).toMatchObject({ deals: 3, revenue: 1100 });
    expect(by[1_300_000]).toMatchObject({ deals: 3, revenue: 500 });
    expect(by[1_000_000]).toMatchObject({ deals: 2, revenue: 600 });
  });

  it('slices by a custom-field lookup and a second client table together', async () => {
    const out = await report(model, {
      rows: [{ field: 'regions_2024.Federal district' }, { field: 'client_segments.Segment' }],
      measures: ['deals'],
    });
    const key = (r: Record<string, unknown>) =>
      `${String(r['regions_2024.Federal district'])}/${String(r['client_segments.Segment'])}`;
    // NW: D1, D2, D8 (Acme, Enterprise), D7 (Delta, Mid-market); S: D3 Beta SMB, D4 Gamma SMB;
    // FE: D5 Gamma SMB, D6 Delta Mid-market.
    expect(Object.fromEntries(out.map((r) => [key(r), r['deals']]))).toEqual({
      'NW/Enterprise': 3,
      'NW/Mid-market': 1,
      'S/SMB': 2,
      'FE/SMB': 1,
      'FE/Mid-market': 1,
    });
  });

  it('shows the joins on the mapping screen', async () => {
    const d = await detect(files);
    expect(d.relations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          from: 'deals.csv',
          fromColumn: 'Source',
          to: 'sources.csv',
          toColumn: 'Source',
          overlap: 0.75,
        }),
        expect.objectContaining({
          from: 'clients.csv',
          fromColumn: 'City',
          to: 'cities.csv',
          toColumn: 'City',
        }),
      ]),
    );
    expect(d.tables.find((t) => t.file === 'sources.csv')?.kind).toBe('lookup');
  });

  it('a new import drops the previous dataset’s lookups', async () => {
    await importFiles(db.engine, [{ name: 'deals.csv', bytes: deals }]);
    const names = (
      await rows(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)
    ).map((r) => r['table_name']);
    expect(names).not.toContain('sources');
    expect(names).not.toContain('cities');
  });
});

describe('lookups that cannot join', () => {
  it('skips a table matching nothing, with the reason', async () => {
    const { model, report } = await importFiles(db.engine, [
      { name: 'deals.csv', bytes: deals },
      { name: 'weather.csv', bytes: utf8('Day,Temp\nMon,3\nTue,5\n') },
    ]);
    expect(model.tables.map((t) => t.name)).not.toContain('weather');
    expect(report.warnings.map(english).some((w) => w.startsWith('weather.csv: not loaded'))).toBe(
      true,
    );
  });

  it('keeps hostile file and column names escaped', async () => {
    const { model } = await importFiles(db.engine, [
      { name: 'deals.csv', bytes: deals },
      { name: `x"; DROP TABLE deals; --.csv`, bytes: utf8('Source,"Ch""an;nel"\nReferral,O\n') },
    ]);
    const t = model.tables.find((x) => x.lookup);
    expect(t?.name).toBe('x_drop_table_deals');
    const out = await report(model, {
      rows: [{ field: `${t!.name}.Ch"an;nel` }],
      measures: ['deals'],
    });
    expect(out.find((r) => r[`${t!.name}.Ch"an;nel`] === 'O')?.['deals']).toBe(2);
  });
});

describe('activities naming their deal by title', () => {
  it('links by title when the values are titles; a shared title links to no deal, and says so', async () => {
    const deals2 = utf8(
      'Deal ID,Deal Name,Stage,Amount,Company\nD1,Alpha deal,Closed Won,10,Acme\n' +
        'D2,Renewal,Closed Won,20,Beta\nD3,Renewal,Negotiation,30,Gamma\nD4,Delta deal,Negotiation,40,Delta\n',
    );
    const calls = utf8(
      'Call Type,Call Start Time,Related To,Call Owner\n' +
        'Outbound,2024-01-02 10:00:00,alpha deal ,Ann\nInbound,2024-01-03 10:00:00,Delta deal,Bob\n' +
        'Outbound,2024-01-04 10:00:00,Renewal,Ann\nOutbound,2024-01-05 10:00:00,Gone deal,Ann\n',
    );
    const { report } = await importFiles(db.engine, [
      { name: 'deals.csv', bytes: deals2 },
      { name: 'calls.csv', bytes: calls },
    ]);
    expect(
      await rows(`SELECT "at"::DATE::VARCHAR AS day, deal_id, client FROM activities ORDER BY 1`),
    ).toEqual([
      { day: '2024-01-02', deal_id: 'D1', client: 'Acme' },
      { day: '2024-01-03', deal_id: 'D4', client: 'Delta' },
      { day: '2024-01-04', deal_id: 'Renewal', client: null },
      { day: '2024-01-05', deal_id: 'Gone deal', client: null },
    ]);
    expect(report.warnings.map(english)).toEqual(
      expect.arrayContaining([
        'calls.csv: linked to the deals by deal title, not by id',
        '1 activity names a deal by a title several deals share; not linked to any',
        '1 activity names a deal not found in deals',
      ]),
    );
  });
});

describe('lookupTableName', () => {
  it('is a readable, unique, non-reserved name', () => {
    const taken = new Set<string>();
    expect(lookupTableName('Источники.csv', taken)).toBe('источники');
    expect(lookupTableName('book.xlsx#Sources 2024', taken)).toBe('sources_2024');
    expect(lookupTableName('clients.csv', taken)).toBe('clients_2');
    expect(lookupTableName('2024.csv', taken)).toBe('lookup_2024');
    expect(lookupTableName('Источники.tsv', taken)).toBe('источники_2');
    expect(lookupTableName('%%%.csv', taken)).toBe('lookup');
  });
});
