import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import {
  CSV_EXCEL,
  CSV_PLAIN,
  csvDialect,
  exportFileName,
  isoDate,
  listGrid,
  neutralise,
  pivotGrid,
  tableFileName,
  toCsv,
} from '../../../src/charts/export/export.ts';
import { buildPivot, type PivotLabels } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { chartDocument, escXml } from '../../../src/charts/export/svg-export.ts';
import { sheetName, toXlsx } from '../../../src/charts/export/xlsx.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const labels: PivotLabels = {
  lang: 'en',
  empty: '(empty)',
  total: 'Total',
  all: 'All',
  subtotal: (n) => `Total ${n}`,
  dimension: (c) => c.key,
  value: (c) => c.key,
};

const columns: OutputColumn[] = [
  { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
  { key: 'period:year', role: 'dimension', axis: 'column', format: 'text' },
  { key: 'revenue', role: 'measure', measure: 'revenue', format: 'money' },
  { key: 'revenue_growth', role: 'growth', measure: 'revenue', format: 'pct' },
  { key: '_grouping', role: 'grouping', format: 'int' },
];
const rows = [
  {
    manager: '=HYPERLINK("x")',
    'period:year': '2023',
    revenue: 100,
    revenue_growth: 0.5,
    _grouping: 0,
  },
  {
    manager: '=HYPERLINK("x")',
    'period:year': '2024',
    revenue: 250.25,
    revenue_growth: -0.25,
    _grouping: 0,
  },
  { manager: 'Анна, "A"', 'period:year': '2023', revenue: 40, revenue_growth: null, _grouping: 0 },
  { manager: null, 'period:year': null, revenue: 390.25, revenue_growth: 0.1, _grouping: 3 },
];
const layout = buildPivot(columns, resultFromRows(rows), labels);

describe('export: neutralisation and CSV quoting', () => {
  it('prefixes formula starters, leaves other text alone', () => {
    for (const s of ['=1+1', '+7', '-3', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['Анна', '1-2', 'a=b', '']) expect(neutralise(s)).toBe(s);
  });

  it('pivot CSV: BOM, CRLF, header spans, quoted and neutralised labels, numbers as numbers', () => {
    const csv = toCsv(pivotGrid(layout));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(',2023,,2024,,Total,');
    expect(lines[1]).toBe(
      'manager,revenue,revenue_growth,revenue,revenue_growth,revenue,revenue_growth',
    );
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"")",100,0.5,250.25,-0.25,,`);
    expect(lines[3]).toBe('"Анна, ""A""",40,,,,,');
    expect(lines[4]).toBe('Total,,,,,390.25,0.1');
    expect(lines[5]).toBe('');
  });

  it('quotes separators, quotes, line breaks and edge spaces; no float noise', () => {
    const csv = toCsv(
      {
        cells: [[{ v: 'a;b' }, { v: 'x\ny' }, { v: ' pad' }, { v: 0.1 + 0.2 }]],
        headerRows: 0,
        merges: [],
      },
      { sep: ';', decimal: '.' },
    );
    expect(csv).toBe('\uFEFF"a;b";"x\ny";" pad";0.3\r\n');
  });

  it('Excel dialect: BOM, semicolons, decimal commas, a value holding ; quoted, a comma not', () => {
    const csv = toCsv(pivotGrid(layout), CSV_EXCEL);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(';2023;;2024;;Total;');
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"")";100;0,5;250,25;-0,25;;`);
    expect(lines[3]).toBe('"Анна, ""A""";40;;;;;');
    expect(lines[4]).toBe('Total;;;;;390,25;0,1');
    const one = (v: string | number) =>
      toCsv({ cells: [[{ v }]], headerRows: 0, merges: [] }, CSV_EXCEL).slice(1, -2);
    expect(one('Иванов; продажи')).toBe('"Иванов; продажи"');
    expect(one('ООО Альфа, Москва')).toBe('ООО Альфа, Москва');
    expect(one(1234567.891)).toBe('1234567,891');
    expect(one(-0.5)).toBe('-0,5');
    expect(one(0.1 + 0.2)).toBe('0,3');
  });

  it('file names from title and period, without path characters', () => {
    expect(
      exportFileName('Revenue / manager: Q1?', { from: '2024-01-01', to: '2024-03-31' }, 'csv'),
    ).toBe('Revenue _ manager_ Q1_ 2024-01-01–2024-03-31.csv');
    expect(exportFileName('  ', null, 'xlsx')).toBe('report.xlsx');
  });

  it('a long title is cut at a word, marked, its rows kept (it ended “— Man”, «Цикл сделки, дн»)', () => {
    const year = { from: '2025-01-01', to: '2025-12-31' };
    const en =
      'Won, Lost, Win rate, Revenue, Average won deal, Median won deal, Sales cycle, days, Activities — Manager';
    expect(tableFileName(en, year, 'csv')).toBe(
      'Won, Lost, Win rate, Revenue, Average won deal, Median won deal, Sales cycle, days… — Manager 2025-01-01–2025-12-31.csv',
    );
    const ru =
      'Выиграно, Проиграно, Конверсия в выигрыш, Выручка, Средняя сделка, Медианная сделка, Цикл сделки, дней, Активности — Менеджер';
    const name = tableFileName(ru, year, 'xlsx');
    expect(name).toBe(
      'Выиграно, Проиграно, Конверсия в выигрыш, Выручка, Средняя сделка, Медианная сделка… — Менеджер 2025-01-01–2025-12-31.xlsx',
    );
    // No rows part: the title alone is cut, at a word.
    const words = 'Выручка '.repeat(20).trim();
    expect(exportFileName(words, null, 'csv')).toBe(`${'Выручка '.repeat(12).trim()}….csv`);
    // A title that fits is left as it is.
    expect(exportFileName('Revenue — Manager', null, 'csv')).toBe('Revenue — Manager.csv');
  });

  it('the two CSV dialects save under names of their own, the XLSX as before', () => {
    const q1 = { from: '2024-01-01', to: '2024-03-31' };
    const names = (['csv', 'csv-excel', 'xlsx'] as const).map((k) =>
      tableFileName('Выручка: менеджеры', q1, k),
    );
    expect(names).toEqual([
      'Выручка_ менеджеры 2024-01-01–2024-03-31.csv',
      'Выручка_ менеджеры 2024-01-01–2024-03-31-excel.csv',
      'Выручка_ менеджеры 2024-01-01–2024-03-31.xlsx',
    ]);
    expect(tableFileName('  ', null, 'csv-excel')).toBe('report-excel.csv');
    expect(csvDialect('csv')).toBe(CSV_PLAIN);
    expect(csvDialect('csv-excel')).toBe(CSV_EXCEL);
  });

  it('list grid: dates as ISO days, money as numbers', () => {
    const g = listGrid(
      [
        { key: 'id', role: 'dimension', format: 'text' },
        { key: 'created_at', role: 'dimension', format: 'date' },
        { key: 'amount', role: 'dimension', format: 'money' },
      ],
      (c) => c.key.toUpperCase(),
      [{ id: '+d1', created_at: Date.UTC(2024, 0, 2), amount: 10n }],
    );
    expect(g.cells[1]).toEqual([
      { v: '+d1' },
      { v: '2024-01-02', fmt: 'date' },
      { v: 10, fmt: 'money' },
    ]);
    expect(toCsv(g)).toBe("\uFEFFID,CREATED_AT,AMOUNT\r\n'+d1,2024-01-02,10\r\n");
    expect(isoDate(Date.UTC(2024, 0, 2, 12, 30))).toBe('2024-01-02 12:30');
  });
});

describe('export: show as', () => {
  it('exports the shares the screen shows, as percentages', () => {
    const shares = buildPivot(columns, resultFromRows(rows), labels, {
      show: 'pct_total',
      shareable: (m) => m === 'revenue',
    });
    const grid = pivotGrid(shares);
    const numbers = grid.cells
      .flat()
      .flatMap((c) => (typeof c.v === 'number' ? [{ v: c.v, fmt: c.fmt }] : []));
    const revenueCells = numbers.filter((c) => c.fmt === 'pct');
    expect(revenueCells.length).toBeGreaterThan(0);
    // 100 of a 390.25 total is shown, and exported, as a share of it.
    expect(revenueCells.some((c) => Math.abs(c.v - 100 / 390.25) < 1e-12)).toBe(true);
    expect(numbers.some((c) => c.fmt === 'money')).toBe(false);
  });
});

describe('export: XLSX round trip', () => {
  it('reads back the layout: text cells stay text, numbers are numbers, header merges kept', () => {
    const grid = pivotGrid(layout);
    const bytes = toXlsx([{ name: 'Revenue: by manager?', grid }]);
    const wb = XLSX.read(bytes, { type: 'array', cellNF: true });
    expect(wb.SheetNames).toEqual(['Revenue  by manager']);
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    const back = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, defval: null, raw: true });
    expect(back).toEqual(grid.cells.map((r) => r.map((c) => c.v)));
    const a3 = ws['A3']!;
    expect(a3.t).toBe('s');
    expect(a3.f).toBeUndefined();
    expect(ws['B3']).toMatchObject({ t: 'n', v: 100 });
    expect(ws['C3']!.z).toBe('0.0%');
    expect(ws['!merges']).toContainEqual({ s: { r: 0, c: 1 }, e: { r: 0, c: 2 } });
  });
});

describe('export: XLSX number formats by column', () => {
  it('whole days read 193, not 193.0, as on screen; a column with a fraction keeps its decimals', () => {
    const grid = listGrid(
      [
        { key: 'tenure', role: 'measure', format: 'days' },
        { key: 'cycle', role: 'measure', format: 'days' },
        { key: 'per_year', role: 'measure', format: 'number' },
        { key: 'buys', role: 'measure', format: 'number' },
      ],
      (c) => c.key,
      [
        { tenure: 193, cycle: 2.5, per_year: 3, buys: 4 },
        { tenure: 0, cycle: 12, per_year: 23.18, buys: 6 },
      ],
    );
    const wb = XLSX.read(toXlsx([{ name: 'LTV', grid }]), { type: 'array', cellNF: true });
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    expect(['A2', 'B2', 'C2', 'D2'].map((a) => ws[a]!.z)).toEqual([
      '0',
      '0.0',
      '#,##0.00',
      '#,##0',
    ]);
    expect(ws['A3']).toMatchObject({ t: 'n', v: 0, z: '0' });
  });
});

describe('export: sheet names Excel refuses', () => {
  it.each([
    ["'Quoted'", 'Quoted'],
    ["Manager's", "Manager's"],
    ["'", 'Sheet1'],
    ['History', 'History 1'],
    ['history', 'history 1'],
    ['  ', 'Sheet1'],
    ['a'.repeat(40), 'a'.repeat(31)],
    ['x'.repeat(30) + "'y", 'x'.repeat(30)],
  ])('%j → %j, and the workbook is written', (title, name) => {
    expect(sheetName(title)).toBe(name);
    const wb = XLSX.read(toXlsx([{ name: title, grid: pivotGrid(layout) }]), { type: 'array' });
    expect(wb.SheetNames).toEqual([name]);
  });
  it('names that differ only in case get numbers', () => {
    const grid = pivotGrid(layout);
    const bytes = toXlsx([
      { name: 'Revenue', grid },
      { name: 'REVENUE', grid },
      { name: 'revenue', grid },
    ]);
    expect(XLSX.read(bytes, { type: 'array' }).SheetNames).toEqual([
      'Revenue',
      'REVENUE 2',
      'revenue 3',
    ]);
  });
});

describe('export: chart SVG document', () => {
  const chart = {
    markup:
      '<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="400" height="200" viewBox="0 0 400 200"><g/></svg>',
    width: 400,
    height: 200,
  };

  it('the chart alone: namespace, size, white background, the chart at the top', () => {
    const d = chartDocument({ chart });
    expect(d).toMatchObject({ width: 400, height: 200 });
    expect(d.markup).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="400" height="200" viewBox="0 0 400 200"/,
    );
    expect(d.markup).toContain('<rect width="100%" height="100%" fill="#fff"/>');
    expect(d.markup).toContain('viewBox="0 0 400 200" x="0" y="0"><g/></svg></svg>');
    expect(() => chartDocument({ chart: { ...chart, markup: '<div/>' } })).toThrow();
  });

  it('title, subtitle and a swatch per series above the chart, every text escaped', () => {
    const d = chartDocument({
      title: 'Revenue <by> manager',
      subtitle: '2024 & after',
      chart,
      legends: [
        {
          kind: 'swatches',
          items: [
            { label: 'Анна "A"', color: '#4e79a7' },
            { label: 'Bob', color: 'rgb(242, 142, 43)' },
          ],
        },
      ],
    });
    expect(d.markup).toContain('>Revenue &lt;by&gt; manager</tspan>');
    expect(d.markup).toContain('>2024 &amp; after</text>');
    const legend = /<g class="legend"[^>]*>(.*?)<\/g>/.exec(d.markup)![1]!;
    expect([...legend.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual([
      'Анна &quot;A&quot;',
      'Bob',
    ]);
    expect([...legend.matchAll(/fill="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '#4e79a7',
      'rgb(242, 142, 43)',
    ]);
    // The chart moves below them and the document grows by as much.
    const y = Number(/x="0" y="(\d+)"><g\/>/.exec(d.markup)![1]);
    expect(y).toBeGreaterThan(50);
    expect(d.height).toBe(y + 200 + 6);
  });

  it('swatches wrap to the chart width; a long title wraps into lines', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ label: `Series ${i}`, color: '#000' }));
    const measure = (t: string, size: number) => t.length * size * 0.5;
    const d = chartDocument({
      title: 'word '.repeat(30),
      chart,
      legends: [{ kind: 'swatches', items }],
      measure,
    });
    const ys = new Set(
      [...d.markup.matchAll(/<rect x="\d+(?:\.\d+)?" y="([\d.]+)"/g)].map((m) => m[1]),
    );
    expect(ys.size).toBeGreaterThan(2);
    for (const m of d.markup.matchAll(/<rect x="([\d.]+)"[^>]*rx="2"/g))
      expect(Number(m[1]) + 12).toBeLessThanOrEqual(400);
    expect(d.markup.match(/<tspan/g)!.length).toBeGreaterThan(1);
  });

  it('a ramp legend (already SVG) is placed as drawn', () => {
    const ramp = {
      kind: 'svg' as const,
      markup: '<svg class="ramp" width="240" height="50"><g/></svg>',
      width: 240,
      height: 50,
    };
    const d = chartDocument({ chart, legends: [ramp] });
    expect(d.markup).toContain(
      '<svg class="ramp" width="240" height="50" x="12" y="12"><g/></svg>',
    );
    expect(d.height).toBe(12 + 50 + 6 + 200 + 6);
  });

  it('escXml covers the five XML specials', () => {
    expect(escXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
