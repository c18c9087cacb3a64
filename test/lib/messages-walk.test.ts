/**
 * Every message a person can meet, shown in Russian: the notes of every preset on the demo and
 * on the tiny CRM, the import report of every ingest fixture (the corpus, the fixture files, the
 * examples, and broken inputs), and every error the compiler can raise, each provoked by a spec.
 * A code without a Russian template, or a sentence that reads Latin-only, fails the walk.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { PRESETS, resolvePreset } from '../../src/crm/presets.ts';
import { compileReport } from '../../src/crm/report.ts';
import { compileLtvDistribution } from '../../src/crm/analyses/ltv.ts';
import { compileAnalysisDrill } from '../../src/crm/analyses/drill.ts';
import { generateDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { detect, importFiles, type ImportFile, type ImportReport } from '../../src/ingest/index.ts';
import { MessageError, messageOf, msg, type Message } from '../../src/lib/message.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { compile } from '../../src/query/compile.ts';
import { compileDrill } from '../../src/query/drill.ts';
import {
  COMPILE_ERROR_CODES,
  CompileError,
  type CompileErrorCode,
} from '../../src/query/resolve.ts';
import { defaultSpec, type ReportSpec, type SpecBase } from '../../src/query/spec/spec.ts';
import { agg, col } from '../../src/query/sql/ast.ts';
import { TINY_MODEL } from '../fixtures/tiny-crm.ts';
import * as C from '../ingest/corpus/corpus.ts';
import { encodeCp1251 } from '../ingest/corpus/cp1251.ts';
import { russianProblems } from './russian.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const local = (path: string) => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const spec = (patch: Partial<ReportSpec>): ReportSpec =>
  ({ ...defaultSpec(), ...patch }) as ReportSpec;

function expectRussian(messages: Message[], where: string) {
  expect(messages.flatMap((m) => russianProblems(m, where))).toEqual([]);
}

/** Compiles, returning the notes, or the error as a message. */
function outcome(run: () => { notes: Message[] }): Message[] {
  try {
    return run().notes;
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(MessageError);
    return [messageOf(e)];
  }
}

describe('presets in Russian', () => {
  const demo = generateDemo({ deals: 1500, lang: 'ru' }).model;
  const datasets: [string, DatasetModel][] = [
    ['demo', demo],
    ['tiny', TINY_MODEL],
  ];
  const variants: [string, Partial<ReportSpec>][] = [
    ['as it is', {}],
    [
      'a quarter vs last year',
      { period: { from: '2024-01-01', to: '2024-03-31' }, compare: 'year' },
    ],
    ['split twice', { rows: [{ field: 'manager' }, { field: 'source' }] }],
  ];
  for (const [name, model] of datasets) {
    it(`every preset on the ${name} dataset`, () => {
      const catalog = buildCatalog(model);
      let notes = 0;
      for (const p of PRESETS) {
        const base = resolvePreset(p.id, { catalog, model }).spec;
        for (const [variant, patch] of variants) {
          const got = outcome(() => compileReport({ ...base, ...patch } as ReportSpec, catalog));
          notes += got.length;
          expectRussian(got, `${name} ${p.id} ${variant}`);
        }
      }
      expect(notes).toBeGreaterThan(0);
    });
  }
});

describe('import reports in Russian', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  function reportMessages(r: ImportReport): Message[] {
    return [
      ...r.warnings,
      ...r.errors.map((e) => msg('import_fileError', { file: e.file, reason: e.reason })),
      ...r.files.flatMap((f) => [
        ...f.warnings,
        ...f.rejected.map((x) => x.reason),
        ...f.failures.map((p) => msg(`valueType_${p.expected}`)),
      ]),
    ];
  }

  const deals = utf8(
    'Deal ID,Deal Name,Stage,Amount,Company,Source\nD1,Alpha deal,Closed Won,10,Acme,Web\n' +
      'D2,Renewal,Closed Won,20,Beta,Ads\nD3,Renewal,Negotiation,30,Gamma,Web\n',
  );
  const CASES: [string, ImportFile[]][] = [
    ['amoCRM', [{ name: 'amocrm_export.csv', bytes: C.amocrm() }]],
    ['Bitrix24', [{ name: 'DEAL_20240401.csv', bytes: C.bitrix24() }]],
    ['Pipedrive', [{ name: 'deals-pipedrive.csv', bytes: C.pipedrive() }]],
    ['Pipedrive times', [{ name: 'deals-pipedrive.csv', bytes: C.pipedrive('times') }]],
    ['HubSpot', [{ name: 'hubspot.csv', bytes: C.hubspot() }]],
    ['Salesforce', [{ name: 'report1712345.csv', bytes: C.salesforce() }]],
    ['Zoho', [{ name: 'Deals.csv', bytes: C.zoho() }]],
    ['Zoho US', [{ name: 'Deals.csv', bytes: C.zoho('us') }]],
    [
      'Zoho with calls',
      [
        { name: 'Deals.csv', bytes: C.zoho() },
        { name: 'Calls.csv', bytes: C.zohoCalls() },
      ],
    ],
    ['Kommo', [{ name: 'kommo_export_leads.csv', bytes: C.kommo() }]],
    ['Excel RU', [{ name: 'Сделки 2024.csv', bytes: C.excelRu() }]],
    ['1C (orders)', [{ name: '1c.csv', bytes: C.oneC() }]],
    ['JSON', [{ name: 'deals.json', bytes: utf8(JSON.stringify(C.records())) }]],
    [
      'fixture Parquet',
      [{ name: 'deals.parquet', bytes: local('../fixtures/ingest/deals.parquet') }],
    ],
    [
      'fixture amoCRM cp1251',
      [
        {
          name: 'amocrm-deals.cp1251.csv',
          bytes: local('../fixtures/ingest/amocrm-deals.cp1251.csv'),
        },
      ],
    ],
    [
      'fixture broken',
      [{ name: 'broken-deals.csv', bytes: local('../fixtures/ingest/broken-deals.csv') }],
    ],
    [
      'the examples',
      [
        { name: 'deals-amocrm.csv', bytes: local('../../public/examples/deals-amocrm.csv') },
        { name: 'clients.csv', bytes: local('../../public/examples/clients.csv') },
      ],
    ],
    [
      'ragged rows, an unclosed quote, a bad number',
      [
        {
          name: 'broken.csv',
          bytes: utf8(
            'id,amount,stage,owner\n1,100,Closed Won,A\n2,200\n3,"300,Closed Lost,B\n5,abc,open,B\n',
          ),
        },
      ],
    ],
    [
      'a Windows-1251 line in UTF-8',
      [
        {
          name: 'mixed.csv',
          bytes: new Uint8Array([
            ...utf8('Deal ID,Amount,Owner\n1,100,Иванов\n'),
            ...encodeCp1251('2,200,Петров\n'),
          ]),
        },
      ],
    ],
    ['no status, no close date', [{ name: 'deals.csv', bytes: utf8('Deal ID,Amount\n1,100\n') }]],
    [
      'lookups, unmatched and unjoinable',
      [
        { name: 'deals.csv', bytes: deals },
        { name: 'clients.csv', bytes: utf8('Company,City\nAcme,Moscow\n') },
        { name: 'sources.csv', bytes: utf8('Source,Channel\nWeb,Organic\n') },
        { name: 'weather.csv', bytes: utf8('Day,Sky\nMonday,Clear\n') },
      ],
    ],
    [
      'activities by title, shared and missing',
      [
        { name: 'deals.csv', bytes: deals },
        {
          name: 'calls.csv',
          bytes: utf8(
            'Call Type,Call Start Time,Related To,Call Owner\nOutbound,2024-01-02 10:00:00,alpha deal,Ann\n' +
              'Outbound,2024-01-04 10:00:00,Renewal,Ann\nOutbound,2024-01-05 10:00:00,Gone deal,Ann\n',
          ),
        },
      ],
    ],
    [
      'unreadable files beside the deals',
      [
        { name: 'deals.csv', bytes: deals },
        { name: 'empty.csv', bytes: new Uint8Array(0) },
        { name: 'junk.csv', bytes: Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256) },
        {
          name: 'wide.csv',
          bytes: utf8(Array.from({ length: 3000 }, (_, i) => `c${i}`).join(',')),
        },
        { name: 'bad.json', bytes: utf8('[{"a": 1},') },
      ],
    ],
    ['nothing but junk', [{ name: 'empty.csv', bytes: new Uint8Array(0) }]],
    ['no deals at all', [{ name: 'weather.csv', bytes: utf8('Day,Sky\nMonday,Clear\n') }]],
  ];

  it.each(CASES)('%s', async (name, files) => {
    const d = await detect(files);
    const found = [...d.warnings, ...d.tables.flatMap((t) => t.warnings)];
    let loaded: Message[];
    try {
      loaded = reportMessages((await importFiles(engine, files)).report);
    } catch (e) {
      expect(e, String(e)).toBeInstanceOf(MessageError);
      loaded = [messageOf(e)];
    }
    expectRussian([...found, ...loaded], name);
  });

  it('a bad stage probability', async () => {
    const files = [{ name: 'deals.csv', bytes: deals }];
    const err = await importFiles(engine, files, { stageProbabilities: { Renewal: 40 } }).catch(
      (e: unknown) => e,
    );
    expectRussian([messageOf(err)], 'probability');
  });
});

describe('compile errors in Russian', () => {
  const catalog = buildCatalog(TINY_MODEL);
  const won = catalog.measures.find((m) => m.id === 'won')!;
  const ratio = catalog.measures.find((m) => m.ratio)!;
  const label = { en: 'Far away', ru: 'Далеко' };
  const wider: Catalog = {
    ...catalog,
    fields: [
      ...catalog.fields,
      { id: 'Revenue', table: 'deals', column: 'Revenue', type: 'text', label },
      { id: 'far_date', table: 'nowhere', column: 'd', type: 'date', label },
    ],
    measures: [
      ...catalog.measures,
      { ...won, id: 'rr', ratio: { numerator: ratio.id, denominator: 'won' } },
      { ...won, id: 'ghost', fact: 'nope' },
      { ...won, id: 'far', expr: agg('count', [col('nowhere', 'x')]) },
    ],
  };
  const pivot =
    (patch: Partial<ReportSpec>, cat: Catalog = wider) =>
    () =>
      compile(spec({ measures: ['won'], ...patch }), cat);
  const report =
    (patch: Partial<ReportSpec>, model: DatasetModel = TINY_MODEL) =>
    () =>
      compileReport(spec(patch), buildCatalog(model));
  const drivers =
    (patch: Partial<SpecBase>, cat: Catalog = catalog) =>
    () =>
      compileReport(
        spec({
          analysis: 'drivers',
          measures: ['won'],
          period: { from: '2024-01-01', to: '2024-12-31' },
          compare: 'year',
          ...patch,
        }),
        cat,
      );
  const byManager = spec({ rows: [{ field: 'manager' }], measures: ['won'] });
  const drill =
    (s: ReportSpec, key: string, limit = 10, sort: { key: string; dir: 'asc' }[] = []) =>
    () =>
      compileDrill(s, catalog, key, {}, { limit, offset: 0, sort });
  const page = { limit: 10, offset: 0, sort: [] };
  const onlyLost = [
    { pipeline: 'Sales', stage: 'Lost', position: 1, probability: 0, outcome: 'lost' as const },
  ];

  /** A spec (or a compiler call) for each code; the type makes every code appear. */
  const PROVOKE: Record<CompileErrorCode, () => unknown> = {
    compile_compareNeedsPeriod: pivot({ compare: 'year' }),
    compile_twoColumns: pivot({ rows: [{ field: 'amount' }], measures: ['amount'] }),
    compile_twoColumnsCase: pivot({ rows: [{ field: 'Revenue' }], measures: ['revenue'] }),
    compile_periodNeedsGrain: pivot({ rows: [{ field: 'period' }] }),
    compile_noGrain: pivot({ rows: [{ field: 'manager', grain: 'month' }] }),
    compile_noBins: pivot({ rows: [{ field: 'manager', bins: [1, 2] }] }),
    compile_binsOrder: pivot({ rows: [{ field: 'amount', bins: [5, 1] }] }),
    compile_dimensionTwice: pivot({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'manager' }],
    }),
    compile_ratioOfRatios: pivot({ measures: ['rr'] }),
    compile_noMeasure: pivot({ measures: [] }),
    compile_measureTwice: pivot({ measures: ['won', 'won'] }),
    compile_notDateField: pivot({ date: 'manager' }),
    compile_cannotSort: pivot({ sort: [{ key: 'nope', dir: 'asc' }] }),
    compile_filterNotNumber: pivot({ filters: [{ field: 'amount', op: 'gt', values: ['abc'] }] }),
    compile_filterNotDate: pivot({
      filters: [{ field: 'created_at', op: 'gt', values: ['soon'] }],
    }),
    compile_filterValues: pivot({ filters: [{ field: 'amount', op: 'between', values: [1] }] }),
    compile_unknownField: pivot({ rows: [{ field: 'zzz' }] }),
    compile_unknownFieldNear: pivot({ rows: [{ field: 'manag' }] }),
    compile_unknownFact: pivot({ measures: ['ghost'] }),
    compile_unknownMeasure: pivot({ measures: ['zzz'] }),
    compile_unknownMeasureNear: pivot({ measures: ['wo'] }),
    compile_periodNotColumn: pivot({ measures: ['sum:period'] }),
    compile_fieldNotNumber: pivot({ measures: ['sum:manager'] }),
    compile_noFact: pivot({ measures: ['count_distinct:manager'] }, { ...catalog, facts: [] }),
    compile_unreachable: pivot({ measures: ['far'] }),
    compile_noDate: pivot({ date: 'far_date' }),
    compile_notListable: drill(byManager, 'nope'),
    compile_drillPage: drill(byManager, 'won', 0),
    compile_noPrevious: drill({ ...byManager, compare: 'year' }, 'won_previous'),
    compile_drillSort: drill(byManager, 'won', 10, [{ key: 'nope', dir: 'asc' }]),
    compile_periodHere: report({
      analysis: 'funnel',
      filters: [{ field: 'period', op: 'in', values: ['2024'] }],
    }),
    compile_funnelNoStages: report({ analysis: 'funnel' }, { ...TINY_MODEL, stages: [] }),
    compile_unknownPipeline: report({ analysis: 'funnel', options: { pipeline: 'Nope' } }),
    compile_pipelineEmpty: report({ analysis: 'funnel' }, { ...TINY_MODEL, stages: onlyLost }),
    compile_ltvEdges: () => compileLtvDistribution(spec({ analysis: 'ltv' }), catalog, [5, 1]),
    compile_drillCell: () =>
      compileAnalysisDrill(
        spec({ analysis: 'funnel' }),
        buildCatalog(TINY_MODEL),
        'reached',
        {},
        page,
      ),
    compile_drillStatus: () =>
      compileAnalysisDrill(
        spec({ analysis: 'dynamics', options: { view: 'transitions' } }),
        buildCatalog(TINY_MODEL),
        'clients',
        { from_status: 'gone', to_status: 'new' },
        page,
      ),
    compile_driversNeedsCompare: drivers({ compare: null }),
    compile_driversOneMeasure: drivers({ measures: ['won', 'revenue'] }),
    compile_driversMeasure: drivers({ measures: ['median_won'] }),
    compile_driversColumns: drivers({ columns: [{ field: 'manager' }] }),
    compile_driversDims: drivers({
      rows: [{ field: 'manager' }, { field: 'source' }, { field: 'stage' }],
    }),
    compile_driversField: drivers({ rows: [{ field: 'amount' }] }),
    compile_driversNoFields: drivers(
      {},
      { ...catalog, fields: catalog.fields.filter((f) => f.type !== 'text') },
    ),
    // The spec checks refuse such a horizon; the compiler still names it when handed one.
    compile_badHorizon: () =>
      compileReport(
        { ...spec({}), analysis: 'forecast', options: { horizon: '3y' } },
        buildCatalog(TINY_MODEL),
      ),
  };

  it.each(COMPILE_ERROR_CODES)('%s', (code) => {
    let error: unknown = null;
    try {
      PROVOKE[code]();
    } catch (e) {
      error = e;
    }
    expect(error, `${code} was not raised`).toBeInstanceOf(CompileError);
    const m = (error as CompileError).msg;
    expect(m.code).toBe(code);
    expectRussian([m], code);
  });
});
