// Analyses export what their table holds: the CSV and the XLSX of a funnel, cohort, LTV and
// dynamics result (compared too), and of a forecast (its slices, a split, its backtest, its deals) (run on the tiny CRM) carry the same numbers as the result, row by row, and the
// same headers as the table on screen; text that a spreadsheet would run is neutralised. An
// analysis is titled by its name (print, file names), not by leftover pivot measures.
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/charts/export/export.ts';
import { toXlsx } from '../../../src/charts/export/xlsx.ts';
import { present, type PresentLabels } from '../../../src/charts/report/present.ts';
import { heading } from '../../../src/charts/report/heading.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import { queryCompiled } from '../../query/helpers.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import { onScreen } from '../../../src/query/compiled.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { loadTinyWithHistory } from '../../fixtures/tiny-history.ts';

const t = translator('en');
const L: PresentLabels = {
  lang: 'en',
  t,
  currency: 'USD',
  columnLabel: (c) => c.key,
  valueLabel: (c) => c.key,
  dimensionLabel: (d) => d.field.toUpperCase(),
  measureLabel: (id) => id,
  filterLabel: (f) => f.field,
  analysisColumnLabel: (c) => `col:${c.key}`,
  analysisKeyLabel: (k) => k,
  categoryLabel: (_k, v) => v,
  measure: () => ({ shareable: true, additive: true }),
};

let engine: LazyEngine;
let catalog: Catalog;
beforeAll(async () => {
  engine = await createNodeEngine();
  catalog = buildCatalog(await loadTinyWithHistory(engine));
});
afterAll(async () => {
  await engine.close();
});

/** Minimal RFC 4180 reader for the exports (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') [field, i] = [field + '"', i + 1];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') [row, field] = [[...row, field], ''];
    else if (c === '\n') [rows[rows.length], row, field] = [[...row, field], [], ''];
    else if (c !== '\r') field += c;
  }
  return rows;
}

const SPECS: [string, Partial<ReportSpec>][] = [
  ['funnel', { analysis: 'funnel' }],
  [
    'funnel compared with the same period last year',
    { analysis: 'funnel', period: { from: '2024-01-01', to: '2024-03-31' }, compare: 'year' },
  ],
  ['cohort', { analysis: 'cohort', options: { grain: 'month' } }],
  [
    'cohort compared with the same period last year',
    {
      analysis: 'cohort',
      options: { grain: 'month' },
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year',
    },
  ],
  ['ltv', { analysis: 'ltv' }],
  [
    'ltv compared with the previous period',
    { analysis: 'ltv', period: { from: '2024-02-01', to: '2024-03-31' }, compare: 'previous' },
  ],
  ['dynamics', { analysis: 'dynamics', options: { grain: 'quarter' } }],
  [
    'dynamics compared with the previous period',
    {
      analysis: 'dynamics',
      options: { grain: 'quarter' },
      period: { from: '2023-10-01', to: '2024-03-31' },
      compare: 'previous',
    },
  ],
  ['transitions', { analysis: 'dynamics', options: { grain: 'quarter', view: 'transitions' } }],
  ['forecast', { analysis: 'forecast', options: { horizon: '3m' } }],
  [
    'forecast split',
    { analysis: 'forecast', options: { horizon: '2m' }, rows: [{ field: 'manager' }] },
  ],
  ['forecast backtest', { analysis: 'forecast', options: { horizon: '1m', backtest: true } }],
  ['forecast deals', { analysis: 'forecast', options: { horizon: '3m', topDeals: 5 } }],
];

describe.each(SPECS)('%s export', (_name, patch) => {
  it('CSV and XLSX hold the result’s numbers under the table’s headers', async () => {
    const spec = { ...defaultSpec(), ...patch } as ReportSpec;
    const q = compileReport(spec, catalog);
    const table = await queryCompiled(engine, q);
    const p = present({ spec, columns: q.columns, table }, L, { maxColumns: 40 });
    if (p.table.kind !== 'flat') throw new Error('an analysis is a flat table');
    const screen = p.table.rows();
    const columns = q.columns.filter(onScreen);
    expect(table.numRows).toBeGreaterThan(0);

    const csv = parseCsv(toCsv(p.grid()).slice(1));
    const wb = XLSX.read(toXlsx([{ name: 'x', grid: p.grid() }]), { type: 'array' });
    const xlsx = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, {
      header: 1,
      defval: null,
      raw: true,
    });
    const head = screen.headers.map((h) => h.label);
    expect(csv[0]).toEqual(head);
    expect(xlsx[0]).toEqual(head);
    expect(csv.length - 1).toBe(table.numRows);
    expect(xlsx.length - 1).toBe(table.numRows);

    let numbers = 0;
    for (let r = 0; r < table.numRows; r++) {
      columns.forEach((c, j) => {
        const v: unknown = table.getChild(c.key)?.get(r) ?? null;
        if (typeof v !== 'number' && typeof v !== 'bigint') return;
        const want = Number(v);
        expect(Number(csv[r + 1]![j]), `${c.key} row ${r} (CSV)`).toBeCloseTo(want, 9);
        // The XLSX holds a change in percentage points as points (xlsx.ts), as the pivot's.
        const points = c.format === 'pp' ? 100 : 1;
        expect(xlsx[r + 1]![j], `${c.key} row ${r} (XLSX)`).toBeCloseTo(want * points, 9);
        numbers++;
      });
    }
    expect(numbers).toBeGreaterThanOrEqual(table.numRows);
  });
});

describe('a compared funnel', () => {
  it('marks its worst step for print and tiles; the CSV keeps the number alone', async () => {
    const spec = {
      ...defaultSpec(),
      analysis: 'funnel',
      period: { from: '2024-01-01', to: '2024-03-31' },
      compare: 'year',
    } as ReportSpec;
    const q = compileReport(spec, catalog);
    const table = await queryCompiled(engine, q);
    const grid = present({ spec, columns: q.columns, table }, L, { maxColumns: 40 }).grid();
    const j = q.columns.filter(onScreen).findIndex((c) => c.key === 'step_conversion_delta');
    // Step conversion: Proposal 75 % against 100 % a year before (−25 p.p.), Won 2/3 both times.
    expect(grid.cells.slice(1).map((row) => row[j]?.mark?.kind ?? null)).toEqual([
      null,
      'worst',
      null,
    ]);
    expect(grid.cells[2]![j]!.mark!.title).toBe(t('funnelWorstTitle'));
    expect(parseCsv(toCsv(grid).slice(1))[2]![j]).toBe('-0.25');
  });
});

describe('a compared LTV', () => {
  it('writes "new" where a growth has nothing before, marks the worst Δ, keeps numbers', async () => {
    // Feb–Mar 2024 against Dec 2023–Jan 2024: c2 and c3 new, c1 bought 700 before and not now.
    const spec = {
      ...defaultSpec(),
      analysis: 'ltv',
      period: { from: '2024-02-01', to: '2024-03-31' },
      compare: 'previous',
    } as ReportSpec;
    const q = compileReport(spec, catalog);
    const table = await queryCompiled(engine, q);
    const grid = present({ spec, columns: q.columns, table }, L, { maxColumns: 40 }).grid();
    const shown = q.columns.filter(onScreen);
    const at = (key: string) => shown.findIndex((c) => c.key === key);
    const body = grid.cells.slice(1);
    expect(body.map((row) => row[at('client')]?.v)).toEqual(['c2', 'c3', 'c1']);
    expect(body.map((row) => row[at('revenue_growth')]?.v)).toEqual([
      t('growthNew'),
      t('growthNew'),
      -1,
    ]);
    expect(body.map((row) => row[at('revenue_delta')]?.mark?.kind ?? null)).toEqual([
      'best',
      null,
      'worst',
    ]);
    expect(body[2]![at('revenue_delta')]!.mark!.title).toBe(t('ltvWorstTitle'));
    expect(shown.map((c) => c.key)).not.toContain('revenue_earlier');
    expect(parseCsv(toCsv(grid).slice(1))[3]![at('revenue_delta')]).toBe('-700');
  });
});

describe('compared cohorts', () => {
  it('carry the earlier cohort under the table\'s headers, "new" where there was none', async () => {
    // 2024 against 2023 by month: February beside c1's February 2023, March with no cohort before.
    const spec = {
      ...defaultSpec(),
      analysis: 'cohort',
      options: { grain: 'month' },
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year',
    } as ReportSpec;
    const q = compileReport(spec, catalog);
    const table = await queryCompiled(engine, q);
    const grid = present({ spec, columns: q.columns, table }, L, { maxColumns: 40 }).grid();
    const shown = q.columns.filter(onScreen);
    const at = (key: string) => shown.findIndex((c) => c.key === key);
    const body = grid.cells.slice(1);
    expect(body.map((row) => row[at('cohort_size_previous')]?.v)).toEqual([1, 1, 0]);
    expect(body.map((row) => row[at('cohort_size_growth')]?.v)).toEqual([0, 0, t('growthNew')]);
    expect(shown.map((c) => c.key)).not.toContain('cohort_size_earlier');
    expect(grid.cells[0]![at('retention_delta')]?.v).toBe('col:retention_delta');
  });
});

describe('a column that only orders the rows', () => {
  it('is a key of the result (the CLI prints it) but not a column of the table or its export', async () => {
    const spec = { ...defaultSpec(), analysis: 'dynamics', options: { grain: 'quarter' } };
    const q = compileReport(spec as ReportSpec, catalog);
    const table = await queryCompiled(engine, q);
    expect(q.columns.map((c) => c.key)).toContain('status_order');
    expect(table.getChild('status_order')?.get(0)).not.toBeNull();
    const p = present({ spec: spec as ReportSpec, columns: q.columns, table }, L, {
      maxColumns: 40,
    });
    if (p.table.kind !== 'flat') throw new Error('an analysis is a flat table');
    const head = p.table.rows().headers.map((h) => h.label);
    expect(head).toEqual(['col:period', 'col:status', 'col:clients', 'col:revenue']);
    expect(parseCsv(toCsv(p.grid()).slice(1))[0]).toEqual(head);
  });
});

describe('analysis titles', () => {
  it('name the analysis (with its split), not the measures the spec still carries', () => {
    const funnel = { ...defaultSpec(), analysis: 'funnel' as const, measures: ['deals'] };
    expect(heading(funnel as ReportSpec, L).title).toBe(t('analysisTitle_funnel'));
    const split = { ...funnel, rows: [{ field: 'manager' }] };
    expect(heading(split as ReportSpec, L).title).toBe(`${t('analysisTitle_funnel')} — MANAGER`);
    const ru = translator('ru');
    expect(ru('analysisTitle_ltv')).not.toBe(t('analysisTitle_ltv'));
  });
});
