/**
 * What the not-in-data panel's "open without" check costs (h/open2), against the compile every
 * spec change already runs: on the demo's catalog, a custom report (deals, weighted pipeline and
 * revenue by manager, compared) compiled (A), and the same report on the demo without stages
 * checked for what it lacks and reduced (`specLacks` + `specWithout`, B), alternating in one
 * process. Prints the medians and their ratio. `npx tsx bench/spec-without.ts`
 */
import { buildCatalog } from '../src/crm/catalog.ts';
import { compileReport } from '../src/crm/report.ts';
import { specLacks, specWithout } from '../src/crm/spec-needs.ts';
import { generateDemo } from '../src/demo/index.ts';
import { defaultSpec, type ReportSpec } from '../src/query/spec/spec.ts';

const { model } = generateDemo({ deals: 500 });
const whole = buildCatalog(model);
const noStages = buildCatalog({
  ...model,
  stages: [],
  tables: model.tables.map((t) =>
    t.name === 'deals'
      ? { ...t, columns: t.columns.filter((c) => c.role !== 'stage' && c.role !== 'pipeline') }
      : t,
  ),
});
const spec: ReportSpec = {
  ...defaultSpec(),
  rows: [{ field: 'manager' }],
  columns: [{ field: 'period', grain: 'quarter' }],
  measures: ['deals', 'weighted_pipeline', 'revenue'],
  period: { from: '2025-01-01', to: '2025-12-31' },
  compare: 'previous',
  sort: [{ key: 'weighted_pipeline', dir: 'desc' }],
};
if (!specWithout(spec, noStages)) throw new Error('the report should open without a measure');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const N = 200;
function time(f: () => void): number {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f();
  return (performance.now() - t0) / N;
}
const a: number[] = [];
const b: number[] = [];
const compile = () => compileReport(spec, whole);
const reduce = () => specLacks(spec, noStages).length && specWithout(spec, noStages);
compile();
reduce();
for (let i = 0; i < 21; i++) {
  a.push(time(compile));
  b.push(time(reduce));
}
const ma = median(a);
const mb = median(b);
console.log(`compile (A): ${(ma * 1000).toFixed(1)} µs a spec`);
console.log(`specLacks + specWithout (B): ${(mb * 1000).toFixed(1)} µs a spec`);
console.log(`B ÷ A: ${(mb / ma).toFixed(3)}×`);
