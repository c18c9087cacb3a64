/**
 * Saved reports and the dashboard in localStorage: versioned keys, every entry validated on load
 * (validateSpec). A bad entry is reported and skipped, never a crash and never silently "fixed".
 * Pure: text in, values and problems out.
 */
import {
  withCompare,
  withPeriod,
  type Filter,
  type Period,
  type ReportSpec,
} from '../../query/spec/spec.ts';
import { validateSpec } from '../../query/spec/validate.ts';
import { MessageError, messageOf, msg, type Message } from '../../lib/message.ts';

export const SAVED_KEY = 'crm-workbench.reports.v1';
export const DASHBOARD_KEY = 'crm-workbench.dashboard.v1';
export const COMPANY_KEY = 'crm-workbench.company';
const FORMAT = 'crm-workbench/reports';

export interface SavedReport {
  id: string;
  name: string;
  spec: ReportSpec;
  /** ISO timestamp. */
  savedAt: string;
}

/** Several saved reports shown together, with a shared period and filters on top of their own. */
export interface Dashboard {
  reportIds: string[];
  /** Replaces each report's period when set. */
  period: Period | null;
  /** Added to each report's filters. */
  filters: Filter[];
}

export interface Loaded<T> {
  value: T;
  /** One per entry that could not be read. */
  problems: Message[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const problem = (m: Message) => new MessageError(m);

function entry(v: unknown, i: number): SavedReport {
  if (!isObj(v)) throw problem(msg('saved_notObject', { n: i + 1 }));
  const name = typeof v.name === 'string' && v.name.trim() ? v.name.trim() : null;
  if (!name) throw problem(msg('saved_noName', { n: i + 1 }));
  const id = typeof v.id === 'string' && v.id ? v.id : null;
  if (!id) throw problem(msg('saved_noId', { name }));
  let spec: ReportSpec;
  try {
    spec = validateSpec(v.spec);
  } catch (e) {
    throw problem(msg('saved_invalid', { name, problem: messageOf(e) }));
  }
  const savedAt = typeof v.savedAt === 'string' ? v.savedAt : new Date(0).toISOString();
  return { id, name, spec: { ...spec, title: spec.title ?? name }, savedAt };
}

/** Reads the JSON written by {@link serialiseReports} (or a list of entries). */
export function parseReports(text: string | null): Loaded<SavedReport[]> {
  if (text === null || text.trim() === '') return { value: [], problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { value: [], problems: [msg('saved_notJson')] };
  }
  const list = Array.isArray(data)
    ? data
    : isObj(data) && Array.isArray(data.reports)
      ? data.reports
      : null;
  if (!list) return { value: [], problems: [msg('saved_notList')] };
  const value: SavedReport[] = [];
  const problems: Message[] = [];
  const ids = new Set<string>();
  list.forEach((x, i) => {
    try {
      const r = entry(x, i);
      if (ids.has(r.id)) throw problem(msg('saved_duplicate', { name: r.name }));
      ids.add(r.id);
      value.push(r);
    } catch (e) {
      problems.push(messageOf(e));
    }
  });
  return { value, problems };
}

export function serialiseReports(reports: SavedReport[]): string {
  return JSON.stringify({ format: FORMAT, v: 1, reports }, null, 2);
}

/** Adds imported reports: one with the same name and spec as an existing one is skipped; an id clash gets a new id. */
export function mergeReports(
  existing: SavedReport[],
  incoming: SavedReport[],
  newId: () => string,
): { reports: SavedReport[]; added: number } {
  const out = existing.slice();
  let added = 0;
  for (const r of incoming) {
    const same = out.some(
      (x) => x.name === r.name && JSON.stringify(x.spec) === JSON.stringify(r.spec),
    );
    if (same) continue;
    out.push(out.some((x) => x.id === r.id) ? { ...r, id: newId() } : r);
    added++;
  }
  return { reports: out, added };
}

export function emptyDashboard(): Dashboard {
  return { reportIds: [], period: null, filters: [] };
}

/** The dashboard entry; its period and filters are validated through a spec. */
export function parseDashboard(text: string | null): Loaded<Dashboard> {
  if (text === null || text.trim() === '') return { value: emptyDashboard(), problems: [] };
  try {
    const d: unknown = JSON.parse(text);
    if (!isObj(d)) throw problem(msg('spec_object'));
    const ids = Array.isArray(d.reportIds)
      ? d.reportIds.filter((x): x is string => typeof x === 'string')
      : [];
    const s = validateSpec({ period: d.period ?? null, filters: d.filters ?? [] });
    return { value: { reportIds: ids, period: s.period, filters: s.filters }, problems: [] };
  } catch (e) {
    return {
      value: emptyDashboard(),
      problems: [msg('saved_dashboard', { problem: messageOf(e) })],
    };
  }
}

/** A dashboard tile's spec: the report with the shared period and the shared filters on top. */
export function tileSpec(spec: ReportSpec, dash: Dashboard): ReportSpec {
  const period = dash.period ?? spec.period;
  return {
    // The dashboard's period is not the one the report's name was given for (`withPeriod`); all
    // time has no comparison (`withCompare`).
    ...withCompare(withPeriod(spec, period), period ? spec.compare : null),
    filters: [...spec.filters, ...dash.filters],
  };
}

/** `filters` followed by those of `more` it does not already hold. */
export function addFilters(filters: Filter[], more: Filter[]): Filter[] {
  const key = (f: Filter) => JSON.stringify(f);
  const have = new Set(filters.map(key));
  return [...filters, ...more.filter((f) => !have.has(key(f)))];
}

export function nowIso(): string {
  return new Date().toISOString();
}
