/**
 * The chart's value menu of a pivot: which value columns a person may chart. Each measure, and
 * under a comparison each measure's growth right after it ("Revenue: growth" / «Выручка: рост»),
 * drawn as bars of Δ % with "new" / "from 0" where a growth has no number (plot-bars.ts). The
 * previous value, Δ and the ranks are read beside the measure in the table, not charted alone.
 * Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { PresentLabels } from './present.ts';

/** One entry of the menu: the value column's key (ReportView.chartValue) and its name. */
export interface ChartValueOption {
  key: string;
  label: string;
}

/** The menu's entries, and the one selected: the value picked while it is offered, else the first. */
export function chartValues(
  columns: OutputColumn[],
  L: Pick<PresentLabels, 't' | 'columnLabel'>,
  picked: string | null,
): { options: ChartValueOption[]; selected: string | null } {
  const options: ChartValueOption[] = [];
  for (const c of columns) {
    if (c.role !== 'measure') continue;
    const measure = L.columnLabel(c);
    options.push({ key: c.key, label: measure });
    const growth = c.measure
      ? columns.find((g) => g.role === 'growth' && g.measure === c.measure)
      : undefined;
    if (growth) options.push({ key: growth.key, label: L.t('chartValueGrowth', { measure }) });
  }
  const selected = options.find((o) => o.key === picked)?.key ?? options[0]?.key ?? null;
  return { options, selected };
}
