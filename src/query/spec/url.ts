/**
 * The report spec in a URL: readable, versioned, and only what differs from the defaults, so a
 * shared link stays short (`?v=1&rows=manager&m=revenue&from=2024-01-01&to=2024-12-31&cmp=year`).
 * Decoding goes through validateSpec: a link is untrusted input like any other.
 */
import { defaultSpec, type Dimension, type ReportSpec, type SortKey } from './spec.ts';
import { SpecError, validateSpec } from './validate.ts';
import { msg } from '../../lib/message.ts';

/** URL parameter names: a public contract (links in the wild); extend, never rename. */
export const URL_KEYS = {
  version: 'v',
  analysis: 'a',
  rows: 'rows',
  columns: 'cols',
  measures: 'm',
  filters: 'f',
  date: 'date',
  from: 'from',
  to: 'to',
  compare: 'cmp',
  sort: 'sort',
  limit: 'limit',
  limitOther: 'other',
  totals: 'totals',
  show: 'show',
  chart: 'chart',
  options: 'opt',
  title: 'title',
  /** The period the title was given for, where it differs: `2023-01-01..2023-03-31` or `all`. */
  titlePeriod: 'tp',
  /** The comparison the title was given with, where it differs: `year`, `previous` or `none`. */
  titleCompare: 'tc',
  preset: 'preset',
} as const;

/** `tp=all`: the title was given for all time. */
const ALL_TIME = 'all';
/** `tc=none`: the title was given without a comparison. */
const NO_COMPARE = 'none';

/** Parameters that belong to the page, not the spec; decodeSpec ignores them. */
export const PAGE_KEYS = [
  'data',
  'lang',
  'demo',
  'engine',
  'url',
  'database',
  'user',
  'local',
] as const;

// A list item may contain `,` or `:` (hostile column names); those two are percent-escaped.
const escItem = (s: string) => s.replace(/%/g, '%25').replace(/,/g, '%2C').replace(/:/g, '%3A');
const unescItem = (s: string) => decodeURIComponent(s);
const list = (items: string[]) => items.join(',');
const split = (s: string) => (s === '' ? [] : s.split(','));

// A sort column's members follow the direction after `@` (`revenue:desc@2024-Q3`): old links
// never had `@` there (the direction was exactly asc or desc), so they read as they always did.
// Members are text; `~` is an empty (null) member, so a literal `~` or `@` is escaped.
const escMember = (m: string | null) =>
  m === null ? '~' : escItem(m).replace(/@/g, '%40').replace(/~/g, '%7E');
const unescMember = (s: string) => (s === '~' ? null : unescItem(s));

function encodeSort(s: SortKey): string {
  const column = s.column ? `@${s.column.map(escMember).join('@')}` : '';
  return `${escItem(s.key)}:${s.dir}${column}`;
}

function decodeSort(s: string): Record<string, unknown> {
  const i = s.lastIndexOf(':');
  if (i <= 0) return { key: unescItem(s) };
  const key = unescItem(s.slice(0, i));
  const rest = s.slice(i + 1);
  const at = rest.indexOf('@');
  if (at < 0) return { key, dir: rest };
  return {
    key,
    dir: rest.slice(0, at),
    column: rest
      .slice(at + 1)
      .split('@')
      .map(unescMember),
  };
}

function encodeDim(d: Dimension): string {
  const f = escItem(d.field);
  if (d.grain) return `${f}:${d.grain}`;
  if (d.bins) return `${f}:bins(${d.bins.join('~')})`;
  return f;
}

function decodeDim(text: string): Dimension {
  const parts = text.split(':');
  const field = unescItem(parts[0] ?? '');
  if (parts.length === 1) return { field };
  const tail = parts.slice(1).join(':');
  const bins = /^bins\(([^)]*)\)$/.exec(tail);
  if (bins) return { field, bins: split(bins[1]!.replaceAll('~', ',')).map(Number) };
  return { field, grain: tail as Dimension['grain'] };
}

/** Encodes a spec as URL search parameters, leaving out everything equal to the default. */
export function encodeSpec(spec: ReportSpec): URLSearchParams {
  const d = defaultSpec();
  const p = new URLSearchParams();
  const K = URL_KEYS;
  p.set(K.version, String(spec.v));
  if (spec.analysis !== d.analysis) p.set(K.analysis, spec.analysis);
  if (spec.rows.length) p.set(K.rows, list(spec.rows.map(encodeDim)));
  if (spec.columns.length) p.set(K.columns, list(spec.columns.map(encodeDim)));
  if (spec.measures.length) p.set(K.measures, list(spec.measures.map(escItem)));
  if (spec.filters.length) p.set(K.filters, JSON.stringify(spec.filters));
  if (spec.date !== d.date) p.set(K.date, spec.date);
  if (spec.period) {
    p.set(K.from, spec.period.from);
    p.set(K.to, spec.period.to);
  }
  if (spec.compare) p.set(K.compare, spec.compare);
  if (spec.sort.length) p.set(K.sort, list(spec.sort.map(encodeSort)));
  if (spec.limit != null) p.set(K.limit, String(spec.limit));
  if (spec.limitOther) p.set(K.limitOther, '1');
  if (spec.totals !== d.totals) p.set(K.totals, spec.totals ? '1' : '0');
  if (spec.show !== d.show) p.set(K.show, spec.show);
  if (spec.chart !== d.chart) p.set(K.chart, spec.chart);
  if (Object.keys(spec.options).length) p.set(K.options, JSON.stringify(spec.options));
  if (spec.title) p.set(K.title, spec.title);
  if (spec.titlePeriod !== undefined)
    p.set(
      K.titlePeriod,
      spec.titlePeriod ? `${spec.titlePeriod.from}..${spec.titlePeriod.to}` : ALL_TIME,
    );
  if (spec.titleCompare !== undefined) p.set(K.titleCompare, spec.titleCompare ?? NO_COMPARE);
  if (spec.preset) p.set(K.preset, spec.preset);
  return p;
}

function json(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SpecError(msg('link_notJson', { key }));
  }
}

/**
 * Decodes URL parameters into a validated spec. Unknown parameters are errors (a typo in a
 * hand-edited link should say so), except the page's own (`data`, `lang`, `demo`).
 */
export function decodeSpec(params: URLSearchParams): ReportSpec {
  const K = URL_KEYS;
  const known = new Set<string>([...Object.values(K), ...PAGE_KEYS]);
  for (const key of params.keys()) {
    if (!known.has(key)) throw new SpecError(msg('link_unknown', { key }));
  }
  const get = (k: string) => params.get(k);
  const raw: Record<string, unknown> = {};
  const v = get(K.version);
  raw.v = v === null ? undefined : Number(v);
  if (get(K.analysis) !== null) raw.analysis = get(K.analysis);
  if (get(K.rows) !== null) raw.rows = split(get(K.rows)!).map(decodeDim);
  if (get(K.columns) !== null) raw.columns = split(get(K.columns)!).map(decodeDim);
  if (get(K.measures) !== null) raw.measures = split(get(K.measures)!).map(unescItem);
  if (get(K.filters) !== null) raw.filters = json(get(K.filters)!, K.filters);
  if (get(K.date) !== null) raw.date = get(K.date);
  const from = get(K.from);
  const to = get(K.to);
  if (from !== null || to !== null) {
    if (from === null || to === null) throw new SpecError(msg('link_fromTo'));
    raw.period = { from, to };
  }
  if (get(K.compare) !== null) raw.compare = get(K.compare);
  if (get(K.sort) !== null) {
    raw.sort = split(get(K.sort)!).map(decodeSort);
  }
  const limit = get(K.limit);
  if (limit !== null) raw.limit = /^\d+$/.test(limit) ? Number(limit) : limit;
  const other = get(K.limitOther);
  if (other !== null) {
    if (other !== '0' && other !== '1') throw new SpecError(msg('link_zeroOne', { key: 'other' }));
    raw.limitOther = other === '1';
  }
  const totals = get(K.totals);
  if (totals !== null) {
    if (totals !== '0' && totals !== '1')
      throw new SpecError(msg('link_zeroOne', { key: 'totals' }));
    raw.totals = totals === '1';
  }
  if (get(K.show) !== null) raw.show = get(K.show);
  if (get(K.chart) !== null) raw.chart = get(K.chart);
  if (get(K.options) !== null) raw.options = json(get(K.options)!, K.options);
  if (get(K.title) !== null) raw.title = get(K.title);
  const named = get(K.titlePeriod);
  if (named !== null) {
    const [from, to, more] = named.split('..');
    // A malformed value is left for validateSpec to name (spec.titlePeriod).
    raw.titlePeriod =
      named === ALL_TIME ? null : to !== undefined && more === undefined ? { from, to } : named;
  }
  const compared = get(K.titleCompare);
  if (compared !== null) raw.titleCompare = compared === NO_COMPARE ? null : compared;
  if (get(K.preset) !== null) raw.preset = get(K.preset);
  try {
    return validateSpec(raw);
  } catch (e) {
    // The spec's path (`spec.compare`) is not in the link the user holds: name its parameter.
    const at = e instanceof SpecError && e.msg.code === 'spec_at' ? e.msg.params : undefined;
    const key = typeof at?.path === 'string' ? linkKey(at.path) : null;
    if (key === null || at?.problem === undefined) throw e;
    throw new SpecError(msg('link_at', { key, problem: at.problem }));
  }
}

/** The link parameter of a spec path, with the rest of the path: `spec.rows[0].grain` → `rows[0].grain`. */
export function linkKey(path: string): string | null {
  const m = /^spec\.(\w+)(.*)$/.exec(path);
  if (!m) return null;
  const [, field, rest] = m as unknown as [string, string, string];
  if (field === 'v') return `${URL_KEYS.version}${rest}`;
  if (field === 'period') {
    const end = /^\.(from|to)\b/.exec(rest);
    return end ? `${end[1]}${rest.slice(end[0].length)}` : `${URL_KEYS.from}, ${URL_KEYS.to}`;
  }
  // One parameter holds the whole period, `from..to`.
  if (field === 'titlePeriod') return URL_KEYS.titlePeriod;
  return Object.hasOwn(URL_KEYS, field)
    ? `${URL_KEYS[field as keyof typeof URL_KEYS]}${rest}`
    : null;
}
