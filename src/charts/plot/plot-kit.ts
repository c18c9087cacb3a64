/** What every chart builder of an analysis (and the pivot scatter) shares: options, result, helpers. */
import type * as Plot from '@observablehq/plot';
import type { Lang } from '../../lib/i18n.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { FormatOptions } from '../format.ts';
import type { ResultLike } from '../result.ts';

export interface AnalysisPlotOptions {
  lang: Lang;
  /** Container width in px. */
  width: number;
  /** Axis/legend label of a result key (`reached`, `retention`, `period_index`…). */
  label(key: string): string;
  /** Display text of a category value (a status, a segment); default the value itself. */
  category?(key: string, value: string): string;
  /** The label of NULL / the first period ("(empty)"). */
  empty: string;
  money?: FormatOptions;
}

export interface AnalysisPlot {
  options: Plot.PlotOptions | null;
  notes: { key: 'topBars' | 'topSeries' | 'extraDims'; shown: number; total: number }[];
}

export const NONE: AnalysisPlot = { options: null, notes: [] };

export const base = (width: number): Plot.PlotOptions => ({
  width: Math.max(280, Math.floor(width)),
  style: { fontSize: '11px', fontFamily: 'inherit', overflow: 'visible' },
});

export function text(v: unknown, empty: string): string {
  return v === null || v === undefined || v === '' ? empty : String(v);
}

/** Reads result rows as objects of the named keys (charts need a few columns, never all). */
export function rows(result: ResultLike, keys: string[]): Record<string, unknown>[] {
  const cols = keys.map((k) => [k, result.getChild(k)] as const);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < result.numRows; i++) {
    const r: Record<string, unknown> = {};
    for (const [k, c] of cols) r[k] = c ? (c.get(i) ?? null) : null;
    out.push(r);
  }
  return out;
}

/** The split column of an analysis (its first dimension that is not one of the analysis's own). */
export function splitKey(columns: OutputColumn[], own: string[]): string | null {
  return columns.find((c) => c.role === 'dimension' && !own.includes(c.key))?.key ?? null;
}
