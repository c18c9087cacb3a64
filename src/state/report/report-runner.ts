/**
 * Running the report's SQL on the engine: after a short debounce, one run at a time (a newer spec
 * cancels the run in flight and its result is dropped), with the large-report guard before a
 * pivot. The outcome is written to a target: the workbench's reactive fields.
 */
import type { Table } from 'apache-arrow';
import type { Engine } from '../../engine/types.ts';
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { LargeReportGuard } from './large-guard.ts';
import { messageOf, type Message } from '../../lib/message.ts';

export type Phase = 'engine' | 'dataset' | 'idle' | 'running' | 'ready' | 'error';

export interface RunResult {
  table: Table;
  query: CompiledQuery;
  spec: ReportSpec;
  ms: number;
}

/** Where a run's outcome goes, and what it reads when the debounce ends. */
export interface RunTarget {
  phase: Phase;
  error: Message | null;
  result: RunResult | null;
  /** The report's estimated size when it is held back as too large. */
  large: { cells: number } | null;
  readonly spec: ReportSpec;
  readonly catalog: Catalog | null;
}

export class ReportRunner {
  #target: RunTarget;
  #engine: () => Engine | null;
  #debounceMs: number;
  #guard = new LargeReportGuard();
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight = false;

  constructor(target: RunTarget, engine: () => Engine | null, debounceMs = 120) {
    this.#target = target;
    this.#engine = engine;
    this.#debounceMs = debounceMs;
  }

  /**
   * The compiled SQL changed (or is asked for again): show its compile error, clear the result
   * when there is nothing to run, or run it after the debounce. Any pending run is superseded.
   */
  schedule(query: CompiledQuery | null, error: Message | null): void {
    const t = this.#target;
    if (this.#timer) clearTimeout(this.#timer);
    const seq = ++this.#seq;
    if (error) {
      t.phase = 'error';
      t.error = error;
      return;
    }
    if (!query) {
      t.phase = 'idle';
      t.error = null;
      t.result = null;
      return;
    }
    // Busy from now, not from the end of the debounce: the table on screen is already stale, and
    // whoever waits for "ready" (a user, a test) must not take it for the new report's.
    if (this.#engine()) t.phase = 'running';
    this.#timer = setTimeout(() => void this.#run(seq, query, t.spec), this.#debounceMs);
  }

  /** The user chose to run this SQL although it was estimated too large. */
  confirmLarge(sql: string): void {
    this.#guard.confirm(sql);
  }

  /** Drops a pending run (the workbench is going away). */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #run(seq: number, query: CompiledQuery, spec: ReportSpec): Promise<void> {
    const engine = this.#engine();
    const t = this.#target;
    if (!engine) return;
    if (this.#inFlight) void engine.cancel().catch(() => undefined);
    t.phase = 'running';
    this.#inFlight = true;
    const t0 = performance.now();
    try {
      const cells = t.catalog ? await this.#guard.check(query, spec, t.catalog, engine) : null;
      if (seq !== this.#seq) return;
      t.large = cells === null ? null : { cells };
      if (cells !== null) {
        t.phase = 'idle';
        return;
      }
      const table = await engine.query(query.sql);
      if (seq !== this.#seq) return; // superseded by a newer spec
      t.result = { table, query, spec, ms: performance.now() - t0 };
      t.error = null;
      t.phase = 'ready';
    } catch (e) {
      if (seq !== this.#seq) return;
      t.error = messageOf(e);
      t.phase = 'error';
    } finally {
      if (seq === this.#seq) this.#inFlight = false;
    }
  }
}
