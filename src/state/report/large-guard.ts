/**
 * The guard before a pivot too large to draw comfortably: its cells are estimated from distinct
 * counts (one cheap query per set of dimensions and period, cached) and a report above the limit
 * waits for the user's choice. The estimate is compiled in query/run/estimate.ts; it runs here, on
 * the dataset's engine, so this lives in state/.
 */
import type { Table } from 'apache-arrow';
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import { estimateCells, estimateCounts, estimateQuery } from '../../query/run/estimate.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import type { Dialect } from '../../query/sql/dialect.ts';

export class LargeReportGuard {
  /** A pivot estimated above this many cells waits for a choice instead of running. */
  cellLimit: number;
  /** SQL the user chose to run although large. */
  #confirmed = new Set<string>();
  /** Distinct counts per estimate query: re-sorting or changing measures asks nothing new. */
  #estimates = new Map<string, number[]>();

  constructor(cellLimit = 250_000) {
    this.cellLimit = cellLimit;
  }

  /** The estimated cells of a pivot when above the limit (and not confirmed), else null. */
  async check(
    query: CompiledQuery,
    spec: ReportSpec,
    catalog: Catalog,
    run: (compiled: { sql: string }) => Promise<Table>,
    dialect: Dialect = 'duckdb',
  ): Promise<number | null> {
    if (spec.analysis !== 'pivot') return null;
    if (this.#confirmed.has(query.sql)) return null;
    let est;
    try {
      est = estimateQuery(spec, catalog, { dialect });
    } catch {
      return null; // the report's own compile already succeeded; an estimate is best effort
    }
    if (!est) return null;
    let counts = this.#estimates.get(est.sql);
    if (!counts) {
      let t: Table;
      try {
        t = await run(est);
      } catch {
        // Best effort here too: an estimate the engine refuses still lets the report run, which
        // fails on its own if it must.
        return null;
      }
      counts = estimateCounts(est, (k) => t.getChild(k)?.get(0));
      this.#estimates.set(est.sql, counts);
    }
    const cells = estimateCells(spec, counts);
    return cells > this.cellLimit ? cells : null;
  }

  /** The user chose to run this SQL although large: it is not held back again. */
  confirm(sql: string): void {
    this.#confirmed.add(sql);
  }
}
