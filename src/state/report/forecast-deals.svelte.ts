/**
 * The deals under a forecast: the forecast's spec asked for its top deals (`options.topDeals`),
 * run as a second query once the forecast itself is shown. Only a plain forecast has one (not a
 * backtest, not a deal list itself). A newer request drops an older one's answer.
 */
import type { Table } from 'apache-arrow';
import { compileReport } from '../../crm/report.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { messageOf, type Message } from '../../lib/message.ts';
import type { DataSource } from '../session/data-source.svelte.ts';

/** How many deals the panel lists. */
export const TOP_DEALS_SHOWN = 10;

/** The spec of the deals under `spec`, or null when it has none. */
export function topDealsSpec(spec: ReportSpec, n = TOP_DEALS_SHOWN): ReportSpec | null {
  if (spec.analysis !== 'forecast' || spec.options.backtest || spec.options.topDeals) return null;
  return { ...spec, options: { ...spec.options, topDeals: n } };
}

export interface TopDeals {
  spec: ReportSpec;
  columns: OutputColumn[];
  table: Table;
}

export class ForecastDeals {
  result = $state.raw<TopDeals | null>(null);
  error = $state<Message | null>(null);
  #seq = 0;

  /** Runs the deals of `forecast` (clears them when it has none). */
  async load(data: DataSource, forecast: ReportSpec): Promise<void> {
    const seq = ++this.#seq;
    const spec = topDealsSpec(forecast);
    const catalog = data.catalog;
    if (!spec || !catalog) {
      this.result = null;
      this.error = null;
      return;
    }
    try {
      const query = compileReport(spec, catalog);
      const table = await data.run(query);
      if (seq !== this.#seq) return;
      this.result = { spec, columns: query.columns, table };
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.result = null;
      this.error = messageOf(e);
    }
  }
}
