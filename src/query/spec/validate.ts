/**
 * Spec validation at the edges (URL, saved reports, CLI --spec, UI patches): unknown keys and
 * wrong types are errors naming the path, so a bad link never turns into a confusing report.
 */
import {
  ANALYSES,
  FILTER_OPS,
  GRAINS,
  SPEC_VERSION,
  defaultSpec,
  samePeriod,
  type AnalysisKind,
  type AnalysisOptions,
  type Dimension,
  type Filter,
  type Period,
  type ReportSpec,
  type SortKey,
} from './spec.ts';
import { isIsoDate } from '../sql/escape.ts';
import { fail, isObj, keysOnly, oneOf, str } from './check.ts';
import { readOptions, upgradeTransitions } from './options.ts';
import { msg } from '../../lib/message.ts';

export { SpecError } from './check.ts';

function dimension(v: unknown, path: string): Dimension {
  if (!isObj(v)) fail(path, msg('spec_dimension'));
  keysOnly(v, ['field', 'grain', 'bins'], path);
  const d: Dimension = { field: str(v.field, `${path}.field`) };
  if (v.grain !== undefined) d.grain = oneOf(v.grain, GRAINS, `${path}.grain`);
  if (v.bins !== undefined) {
    if (
      !Array.isArray(v.bins) ||
      v.bins.some((b) => typeof b !== 'number' || !Number.isFinite(b))
    ) {
      fail(`${path}.bins`, msg('spec_numbers'));
    }
    d.bins = v.bins as number[];
  }
  return d;
}

function filter(v: unknown, path: string): Filter {
  if (!isObj(v)) fail(path, msg('spec_filter'));
  keysOnly(v, ['field', 'grain', 'op', 'values'], path);
  const f: Filter = {
    field: str(v.field, `${path}.field`),
    op: oneOf(v.op, FILTER_OPS, `${path}.op`),
  };
  if (v.grain !== undefined) f.grain = oneOf(v.grain, GRAINS, `${path}.grain`);
  if (v.values !== undefined) {
    if (!Array.isArray(v.values)) fail(`${path}.values`, msg('spec_array'));
    v.values.forEach((x, i) => {
      if (x !== null && !['string', 'number', 'boolean'].includes(typeof x))
        fail(`${path}.values[${i}]`, msg('spec_value'));
      // NaN/Infinity are not JSON: a saved or shared spec would silently turn them into null.
      if (typeof x === 'number' && !Number.isFinite(x))
        fail(`${path}.values[${i}]`, msg('spec_finite'));
    });
    f.values = v.values as Filter['values'];
  }
  return f;
}

function sortColumn(v: unknown, path: string): (string | null)[] {
  // An empty list would be a second spelling of "the row total" (no `column`): one form only.
  if (!Array.isArray(v) || v.length === 0) fail(path, msg('spec_members'));
  v.forEach((m, i) => {
    if (m !== null && typeof m !== 'string') fail(`${path}[${i}]`, msg('spec_textOrNull'));
  });
  return v as (string | null)[];
}

function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(path, msg('spec_array'));
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

const KEYS = [
  'v',
  'analysis',
  'rows',
  'columns',
  'measures',
  'filters',
  'date',
  'period',
  'compare',
  'sort',
  'limit',
  'limitOther',
  'totals',
  'show',
  'chart',
  'options',
  'title',
  'titlePeriod',
  'titleCompare',
  'preset',
] as const;
const SHOW = ['value', 'pct_row', 'pct_col', 'pct_total'] as const;
const CHARTS = [
  'auto',
  'bar',
  'bar_stacked',
  'bar_grouped',
  'line',
  'area',
  'funnel',
  'heatmap',
  'scatter',
  'cohort',
  'flow',
  'none',
] as const;

function period(p: unknown, path: string): Period {
  if (!isObj(p)) fail(path, msg('spec_period'));
  keysOnly(p, ['from', 'to'], path);
  for (const k of ['from', 'to'] as const) {
    if (typeof p[k] !== 'string' || !isIsoDate(p[k])) fail(`${path}.${k}`, msg('spec_realDate'));
  }
  if ((p.from as string) > (p.to as string)) fail(path, msg('spec_fromAfterTo'));
  return { from: p.from as string, to: p.to as string };
}

/**
 * Checks and normalises any JSON into a ReportSpec. Missing keys take defaults; unknown keys,
 * wrong types and impossible dates are errors. Old spellings are brought up to date here: options
 * the analysis does not read are dropped and the dynamics transitions column becomes
 * `options.view` (see options.ts); there is only one version, v1.
 */
export function validateSpec(input: unknown): ReportSpec {
  if (!isObj(input)) fail('spec', msg('spec_jsonObject'));
  keysOnly(input, KEYS, 'spec');
  const v = input.v ?? SPEC_VERSION;
  if (v !== SPEC_VERSION)
    fail('spec.v', msg('spec_version', { got: JSON.stringify(v), version: String(SPEC_VERSION) }));
  const s = defaultSpec();
  let analysis: AnalysisKind = 'pivot';
  if (input.analysis !== undefined) analysis = oneOf(input.analysis, ANALYSES, 'spec.analysis');
  s.rows = list(input.rows, 'spec.rows', dimension);
  s.columns = list(input.columns, 'spec.columns', dimension);
  s.measures = list(input.measures, 'spec.measures', str);
  s.filters = list(input.filters, 'spec.filters', filter);
  if (input.date !== undefined) s.date = str(input.date, 'spec.date');
  if (input.period !== undefined && input.period !== null)
    s.period = period(input.period, 'spec.period');
  if (input.compare !== undefined && input.compare !== null)
    s.compare = oneOf(input.compare, ['previous', 'year'] as const, 'spec.compare');
  s.sort = list(input.sort, 'spec.sort', (x, path): SortKey => {
    if (!isObj(x)) fail(path, msg('spec_sort'));
    keysOnly(x, ['key', 'dir', 'column'], path);
    const out: SortKey = {
      key: str(x.key, `${path}.key`),
      dir: x.dir === undefined ? 'desc' : oneOf(x.dir, ['asc', 'desc'] as const, `${path}.dir`),
    };
    if (x.column !== undefined) out.column = sortColumn(x.column, `${path}.column`);
    return out;
  });
  if (input.limit !== undefined && input.limit !== null) {
    if (
      typeof input.limit !== 'number' ||
      !Number.isInteger(input.limit) ||
      input.limit < 1 ||
      input.limit > 1_000_000
    )
      fail('spec.limit', msg('spec_wholeNumber', { min: 1, max: 1_000_000 }));
    s.limit = input.limit;
  }
  if (input.limitOther !== undefined) {
    if (typeof input.limitOther !== 'boolean') fail('spec.limitOther', msg('spec_boolean'));
    s.limitOther = input.limitOther;
  }
  if (input.totals !== undefined) {
    if (typeof input.totals !== 'boolean') fail('spec.totals', msg('spec_boolean'));
    s.totals = input.totals;
  }
  if (input.show !== undefined) s.show = oneOf(input.show, SHOW, 'spec.show');
  if (input.chart !== undefined) s.chart = oneOf(input.chart, CHARTS, 'spec.chart');
  let options: AnalysisOptions = {};
  if (input.options !== undefined) options = readOptions(input.options, analysis);
  if (input.title !== undefined)
    s.title =
      typeof input.title === 'string' ? input.title : fail('spec.title', msg('spec_string'));
  // Only where it differs from the period: an equal one says nothing (`withPeriod`).
  if (input.titlePeriod !== undefined) {
    const named = input.titlePeriod === null ? null : period(input.titlePeriod, 'spec.titlePeriod');
    if (s.title?.trim() && !samePeriod(named, s.period)) s.titlePeriod = named;
  }
  if (input.titleCompare !== undefined) {
    const named =
      input.titleCompare === null
        ? null
        : oneOf(input.titleCompare, ['previous', 'year'] as const, 'spec.titleCompare');
    if (s.title?.trim() && named !== s.compare) s.titleCompare = named;
  }
  if (input.preset !== undefined) s.preset = str(input.preset, 'spec.preset');
  // readOptions kept exactly the options of this analysis.
  return upgradeTransitions({ ...s, analysis, options } as ReportSpec);
}
