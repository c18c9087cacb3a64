/**
 * The analyst's daily tools around the workbench: drill-down, saved reports, the dashboard and
 * the print view. Persistence is localStorage through state/saved.ts (validated on load).
 */
import type { Message } from '../../lib/message.ts';
import { createContext } from 'svelte';
import type { Table } from 'apache-arrow';
import { compileReport } from '../../crm/report.ts';
import { cellKey, type PivotLayout } from '../../charts/pivot/pivot.ts';
import { cellCaption, leafFormats } from '../../charts/report/present.ts';
import { drillTarget } from '../../query/drill.ts';
import type { AnalysisCell } from '../../crm/analyses/drill.ts';
import { analysisListsRows } from '../../crm/analyses/drill-rows.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import { titled, type Filter, type Period, type ReportSpec } from '../../query/spec/spec.ts';
import { Drill } from '../report/drill.svelte.ts';
import {
  COMPANY_KEY,
  DASHBOARD_KEY,
  SAVED_KEY,
  addFilters,
  emptyDashboard,
  mergeReports,
  nowIso,
  parseDashboard,
  parseReports,
  serialiseReports,
  tileSpec,
  type Dashboard,
  type SavedReport,
} from './saved.ts';
import type { LeftOut } from '../../crm/spec-needs.ts';
import type { Workbench } from '../session/workbench.svelte.ts';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export type View = 'report' | 'dashboard';

function newId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export class Daily {
  view = $state<View>('report');
  /** The print preview is open (its sheet is what prints). */
  printing = $state(false);
  savedOpen = $state(false);
  /**
   * The dimension the drivers' waterfall is broken down by, as picked on screen (null: the
   * view's own choice), so the printed waterfall is the one the user looked at.
   */
  driversDimension = $state<string | null>(null);
  company = $state('');
  reports = $state.raw<SavedReport[]>([]);
  /** Saved entries that could not be read, one message each. */
  problems = $state.raw<Message[]>([]);
  dashboard = $state.raw<Dashboard>(emptyDashboard());
  readonly drill: Drill;
  #wb: Workbench;
  #store: Store | null;

  constructor(wb: Workbench, store: Store | null) {
    this.#wb = wb;
    this.#store = store;
    this.drill = new Drill(
      (q) => wb.data.run(q),
      () => wb.data.dialect,
    );
    const saved = parseReports(this.#get(SAVED_KEY));
    const dash = parseDashboard(this.#get(DASHBOARD_KEY));
    this.reports = saved.value;
    this.problems = [...saved.problems, ...dash.problems];
    this.dashboard = dash.value;
    this.company = this.#get(COMPANY_KEY) ?? '';
  }

  #get(key: string): string | null {
    try {
      return this.#store?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  #set(key: string, value: string): void {
    try {
      this.#store?.setItem(key, value);
    } catch {
      // Storage full or blocked: the session keeps working, nothing is remembered.
    }
  }

  setCompany(name: string): void {
    this.company = name;
    this.#set(COMPANY_KEY, name);
  }

  // ---- drill-down ----

  /** Whether a leaf of the shown pivot lists rows (values and previous values of pivot measures). */
  canDrill(spec: ReportSpec, layout: PivotLayout, leaf: number): boolean {
    const key = layout.leaves[leaf]?.column.key;
    return spec.analysis === 'pivot' && key !== undefined && drillTarget(spec, key) !== null;
  }

  /** Opens the list of rows behind body row `r`, leaf `i` of the shown pivot of `spec`. */
  drillCell(spec: ReportSpec, layout: PivotLayout, r: number, i: number): void {
    const { data, labels } = this.#wb;
    const catalog = data.catalog;
    const leaf = layout.leaves[i];
    if (!catalog || !leaf || !this.canDrill(spec, layout, i) || layout.rows[r]?.other) return;
    if (layout.noRows?.[r]?.[i]) return;
    const v = layout.rows[r]?.values[i] ?? null;
    void this.drill.show({
      spec,
      catalog,
      key: leaf.column.key,
      cell: cellKey(layout, r, i),
      caption: cellCaption(
        layout,
        r,
        i,
        labels,
        spec.period && spec.compare ? { period: spec.period, mode: spec.compare } : null,
      ),
      shown: leafFormats(layout, labels.lang)[i]?.(v) ?? '',
    });
  }

  /**
   * Lists the rows of a pivot report's `note_undated`: the rows of measure `drill` that the
   * period leaves out for want of a date, under the report's filters.
   */
  drillUndated(spec: ReportSpec, drill: string, caption: string, shown: string): void {
    const catalog = this.#wb.data.catalog;
    if (!catalog || spec.analysis !== 'pivot' || !drillTarget(spec, drill)) return;
    void this.drill.show({ spec, catalog, key: drill, cell: {}, caption, shown, undated: true });
  }

  /**
   * Whether value `key` of an analysis row lists rows (crm/analyses/drill-rows.ts): a drillable
   * column with a value whose row counts something behind it. `read` gives the row's values.
   */
  canDrillAnalysis(spec: ReportSpec, key: string, read: (key: string) => unknown): boolean {
    return analysisListsRows(spec, key, read);
  }

  /** Opens the deals or clients behind value `key` of the analysis row `row`. */
  drillAnalysis(spec: ReportSpec, key: string, row: AnalysisCell, caption: string, shown: string) {
    const catalog = this.#wb.data.catalog;
    if (!catalog || !this.canDrillAnalysis(spec, key, (k) => row[k])) return;
    void this.drill.show({ spec, catalog, key, cell: row, caption, shown });
  }

  // ---- saved reports ----

  #persist(reports: SavedReport[]): void {
    this.reports = reports;
    this.#set(SAVED_KEY, serialiseReports(reports));
  }

  /**
   * Saves the current report under a name (a report of the same name is replaced). Another report
   * than the one on screen saved under that name is replaced only when `replace` agrees: it was
   * replaced silently, and a saved report was lost to a name typed again. Returns null when not saved.
   */
  save(name: string, replace: (name: string) => boolean = () => true): SavedReport | null {
    const n = name.trim();
    if (!n) return null;
    const report = this.#wb.report;
    const same = this.reports.find((r) => r.name === n);
    if (same && report.spec.title !== n && !replace(n)) return null;
    // Saved under this name, the report is named for the period and comparison it shows.
    const spec: ReportSpec = titled(report.spec, n);
    const entry: SavedReport = { id: same?.id ?? newId(), name: n, spec, savedAt: nowIso() };
    this.#persist(
      same ? this.reports.map((r) => (r.id === same.id ? entry : r)) : [...this.reports, entry],
    );
    const { title, titlePeriod, titleCompare } = report.spec;
    if (title !== n || titlePeriod !== undefined || titleCompare !== undefined) report.update(spec);
    return entry;
  }

  open(id: string): void {
    const r = this.reports.find((x) => x.id === id);
    if (!r) return;
    this.#wb.report.update({ ...r.spec, title: r.name });
    this.view = 'report';
    this.savedOpen = false;
  }

  /**
   * Opens saved report `id` without what this data lacks of it (a dashboard tile's "open
   * without"): opened as saved, then left out undoably, so undo brings it back as it was; the
   * saved report and its tile are not changed. Returns what was left out, or null.
   */
  openWithout(id: string): LeftOut | null {
    if (!this.reports.some((x) => x.id === id)) return null;
    this.open(id);
    return this.#wb.report.openWithout();
  }

  /**
   * Renames saved report `id`. Another saved report of that name is replaced only when `replace`
   * agrees (it is then deleted): two reports of one name were kept, and saving under it replaced
   * whichever came first. Returns whether it was renamed.
   */
  rename(id: string, name: string, replace: (name: string) => boolean = () => true): boolean {
    const n = name.trim();
    const old = this.reports.find((r) => r.id === id);
    if (!n || !old) return false;
    const taken = this.reports.find((r) => r.name === n && r.id !== id);
    if (taken) {
      if (!replace(n)) return false;
      this.remove(taken.id);
    }
    this.#persist(
      this.reports.map((r) => (r.id === id ? { ...r, name: n, spec: { ...r.spec, title: n } } : r)),
    );
    // The report on screen under the old name is this one: its heading and the link copied
    // next say the new name (they kept the old one, and the link opened under it).
    const report = this.#wb.report;
    if (report.spec.title === old.name && old.name !== n)
      report.update({ ...report.spec, title: n });
    return true;
  }

  remove(id: string): void {
    this.#persist(this.reports.filter((r) => r.id !== id));
    if (this.dashboard.reportIds.includes(id)) {
      this.#setDashboard({
        ...this.dashboard,
        reportIds: this.dashboard.reportIds.filter((x) => x !== id),
      });
    }
  }

  exportJson(): string {
    return serialiseReports(this.reports);
  }

  /** Adds reports from an exported file; returns how many were added and what was skipped. */
  importJson(text: string): { added: number; problems: Message[] } {
    const parsed = parseReports(text);
    const { reports, added } = mergeReports(this.reports, parsed.value, newId);
    this.#persist(reports);
    return { added, problems: parsed.problems };
  }

  // ---- dashboard ----

  #setDashboard(d: Dashboard): void {
    this.dashboard = d;
    this.#set(DASHBOARD_KEY, JSON.stringify(d));
  }

  toggleOnDashboard(id: string): void {
    const ids = this.dashboard.reportIds;
    this.#setDashboard({
      ...this.dashboard,
      reportIds: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id],
    });
  }

  /** Moves tile `id` `by` places on the dashboard (−1: earlier), within its ends. */
  moveOnDashboard(id: string, by: number): void {
    const ids = [...this.dashboard.reportIds];
    const from = ids.indexOf(id);
    const to = Math.max(0, Math.min(ids.length - 1, from + by));
    if (from < 0 || to === from) return;
    ids.splice(from, 1);
    ids.splice(to, 0, id);
    this.#setDashboard({ ...this.dashboard, reportIds: ids });
  }

  setDashboardPeriod(period: Period | null): void {
    this.#setDashboard({ ...this.dashboard, period });
  }

  addDashboardFilters(filters: Filter[]): void {
    this.#setDashboard({ ...this.dashboard, filters: addFilters(this.dashboard.filters, filters) });
  }

  removeDashboardFilter(index: number): void {
    this.#setDashboard({
      ...this.dashboard,
      filters: this.dashboard.filters.filter((_, i) => i !== index),
    });
  }

  /** The saved reports on the dashboard, in order, with the shared period and filters applied. */
  get tiles(): { id: string; name: string; spec: ReportSpec | null }[] {
    return this.dashboard.reportIds.map((id) => {
      const r = this.reports.find((x) => x.id === id);
      return { id, name: r?.name ?? id, spec: r ? tileSpec(r.spec, this.dashboard) : null };
    });
  }

  /** Compiles and runs a spec (a dashboard tile) on the workbench's dataset. */
  async run(spec: ReportSpec): Promise<{ table: Table; query: CompiledQuery }> {
    const data = this.#wb.data;
    const { catalog } = data;
    if (!catalog) throw new Error('no dataset loaded');
    const query = compileReport(spec, catalog, { dialect: data.dialect });
    return { table: await data.run(query), query };
  }
}

export const [getDaily, setDaily] = createContext<Daily>();

/** The page's localStorage, or null where storage is blocked. */
export function browserStorage(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
