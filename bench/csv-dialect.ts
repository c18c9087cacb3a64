/**
 * What the Excel dialect costs a CSV export (h/csvru): a drill-down list of 20,000 deals (the
 * demo's size; text, an ISO day and a fractional amount a row) written as the plain CSV and as
 * the Excel one (`;`, decimal comma), alternating in one process. Prints the medians and ratio.
 * `npx tsx bench/csv-dialect.ts`
 */
import { CSV_EXCEL, CSV_PLAIN, listGrid, toCsv } from '../src/charts/export/export.ts';
import type { OutputColumn } from '../src/query/compiled.ts';

const columns: OutputColumn[] = [
  { key: 'id', role: 'dimension', format: 'text' },
  { key: 'created_at', role: 'dimension', format: 'date' },
  { key: 'manager', role: 'dimension', format: 'text' },
  { key: 'amount', role: 'dimension', format: 'money' },
  { key: 'discount', role: 'dimension', format: 'number' },
];
const rows = Array.from({ length: 20_000 }, (_, i) => ({
  id: `D${String(i).padStart(6, '0')}`,
  created_at: Date.UTC(2024, 0, 1) + i * 3_600_000,
  manager: i % 7 === 0 ? 'Иванов; продажи' : 'Петрова',
  amount: (i * 7919) / 100,
  discount: (i % 13) / 4,
}));
const grid = listGrid(columns, (c) => c.key, rows);

function time(f: () => string): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (let i = 0; i < 5; i++) toCsv(grid, i % 2 ? CSV_EXCEL : CSV_PLAIN);
const plain: number[] = [];
const excel: number[] = [];
for (let i = 0; i < 21; i++) {
  plain.push(time(() => toCsv(grid, CSV_PLAIN)));
  excel.push(time(() => toCsv(grid, CSV_EXCEL)));
}
const [p, e] = [median(plain), median(excel)];
console.log(
  `plain ${p.toFixed(1)} ms · excel ${e.toFixed(1)} ms · excel/plain ${(e / p).toFixed(2)}`,
);
