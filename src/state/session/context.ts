/**
 * The workbench's parts, shared with every component below the app through context: a component
 * asks for the parts it uses (`getReport()`, `getLabels()`…), not for the whole workbench.
 */
import { createContext } from 'svelte';
import type { Locale } from './locale.svelte.ts';
import type { DataSource } from './data-source.svelte.ts';
import type { Workbench } from './workbench.svelte.ts';
import type { Labels } from '../report/labels.ts';
import type { ReportEditor } from '../report/report-editor.svelte.ts';
import type { ReportRun } from '../report/report-run.svelte.ts';
import type { ReportView } from '../report/report-view.svelte.ts';

export const [getWorkbench, setWorkbench] = createContext<Workbench>();
export const [getLocale, setLocale] = createContext<Locale>();
export const [getData, setData] = createContext<DataSource>();
export const [getReport, setReport] = createContext<ReportEditor>();
export const [getRun, setRun] = createContext<ReportRun>();
export const [getView, setView] = createContext<ReportView>();
export const [getLabels, setLabels] = createContext<Labels>();

/** Shares the workbench and each of its parts; returns it. */
export function provideWorkbench(wb: Workbench): Workbench {
  setLocale(wb.locale);
  setData(wb.data);
  setReport(wb.report);
  setRun(wb.run);
  setView(wb.view);
  setLabels(wb.labels);
  return setWorkbench(wb);
}
