/**
 * What naming date buckets costs the presenter (h/periods): a months × managers pivot laid out
 * by `present` with the views' Labels, its members named ("март 2025") against the same Labels
 * showing the keys ("2025-03"), alternating in one process; and a month's name with one cached
 * Intl.DateTimeFormat against one built per call. Prints the medians and their ratios.
 * `npx tsx bench/period-names.ts`
 */
import { bucketName } from '../src/charts/report/period-name.ts';
import { present } from '../src/charts/report/present.ts';
import { resultFromRows } from '../src/charts/result.ts';
import { translator } from '../src/lib/i18n.ts';
import { LOCALES } from '../src/charts/format.ts';
import type { Catalog } from '../src/query/catalog.ts';
import type { OutputColumn } from '../src/query/compiled.ts';
import { defaultSpec } from '../src/query/spec/spec.ts';
import { Labels } from '../src/state/report/labels.ts';

const catalog = {
  fields: [{ id: 'manager', label: { en: 'Manager', ru: 'Менеджер' }, type: 'text' }],
  measures: [{ id: 'revenue', label: { en: 'Revenue', ru: 'Выручка' }, format: 'money' }],
} as unknown as Catalog;
const locale = { lang: 'ru' as const, t: translator('ru') };
const named = new Labels({ catalog, currency: null }, locale);
/** The same labels, the keys shown as they are (main before h/periods). */
class Keys extends Labels {
  override fieldValueLabel(field: string, value: string): string {
    return field.includes(':') ? value : super.fieldValueLabel(field, value);
  }
}
const keys = new Keys({ catalog, currency: null }, locale);

const MONTHS = 120;
const MANAGERS = 40;
const rows = [];
for (let m = 0; m < MONTHS; m++) {
  const key = `${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  for (let g = 0; g < MANAGERS; g++)
    rows.push({ manager: `M${g}`, 'created_at:month': key, revenue: m * g });
}
const columns: OutputColumn[] = [
  { key: 'created_at:month', role: 'dimension', axis: 'row', format: 'text' },
  { key: 'manager', role: 'dimension', axis: 'column', format: 'text' },
  { key: 'revenue', role: 'measure', measure: 'revenue', format: 'money' },
];
const shown = {
  spec: { ...defaultSpec(), rows: [{ field: 'created_at', grain: 'month' as const }] },
  columns,
  table: resultFromRows(rows),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const a: number[] = [];
const b: number[] = [];
for (let i = 0; i < 21; i++) {
  a.push(time(() => present(shown, keys, { maxColumns: 100 }).grid()));
  b.push(time(() => present(shown, named, { maxColumns: 100 }).grid()));
}
const keysMs = median(a.slice(1));
const namesMs = median(b.slice(1));
console.log(
  `present + grid, ${rows.length} rows: keys ${keysMs.toFixed(2)} ms, names ${namesMs.toFixed(2)} ms, names ÷ keys ${(namesMs / keysMs).toFixed(2)}×`,
);

const N = 20_000;
const monthKeys = Array.from(
  { length: N },
  (_, i) => `20${10 + (i % 15)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const perCall = (k: string) => {
  const [y, m] = k.split('-').map(Number) as [number, number];
  const month = new Intl.DateTimeFormat(LOCALES.ru, { timeZone: 'UTC', month: 'long' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
  return locale.t('monthName', { month, year: y });
};
const c: number[] = [];
const d: number[] = [];
for (let i = 0; i < 11; i++) {
  c.push(time(() => monthKeys.forEach((k) => perCall(k))));
  d.push(time(() => monthKeys.forEach((k) => bucketName(k, locale))));
}
const built = median(c.slice(1));
const cached = median(d.slice(1));
console.log(
  `${N} month names: a formatter per call ${built.toFixed(1)} ms, cached ${cached.toFixed(1)} ms, per call ÷ cached ${(built / cached).toFixed(1)}×`,
);
