/**
 * The report's run: its SQL ($derived from the spec and the catalog) and what running it gave.
 * One effect — the I/O edge — hands every new SQL to the engine after a short debounce, one run at
 * a time: a newer spec cancels the run in flight and its result is dropped. A pivot estimated too
 * large waits for the user's choice (large-guard.ts). While a dataset loads, runs are held.
 */
import { untrack } from 'svelte';
import type { Table } from 'apache-arrow';
import { compileReport, resultNotes } from '../../crm/report.ts';
import { coverageNotes } from '../../charts/report/coverage-note.ts';
import { absentChecks, absentNote } from '../../crm/field-values.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import { undatedCounts, type UndatedNote } from '../../query/period/undated.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import type { DataSource } from '../session/data-source.svelte.ts';
import { LargeReportGuard } from './large-guard.ts';
import { messageOf, type Message } from '../../lib/message.ts';
import { EngineCrashed } from '../../engine/types.ts';
import { notInData, specLacks, specWithout, type LeftOut } from '../../crm/spec-needs.ts';
import { isLacksError, lacksNeeds, type Need } from '../../crm/needs.ts';

export type Phase = 'engine' | 'dataset' | 'idle' | 'running' | 'ready' | 'error';

export interface RunResult {
  table: Table;
  query: CompiledQuery;
  spec: ReportSpec;
  ms: number;
  /** The notes of rows outside every period for want of a date, each listable (drill-down). */
  undated?: UndatedNote[];
}

/** Phases in which the report shown is not yet the current data's (the status dot is busy). */
const BUSY: ReadonlySet<Phase> = new Set(['engine', 'dataset', 'running']);

export class ReportRun {
  #phase = $state<Phase>('engine');
  /** Who waits for the report to settle (`settled`); not state, nothing renders it. */
  #waiters: (() => void)[] = [];

  /** Where the report is: the engine or a dataset loading, running, shown, or failed. */
  get phase(): Phase {
    return this.#phase;
  }
  set phase(p: Phase) {
    this.#phase = p;
    if (BUSY.has(p)) return;
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const w of waiting) w();
  }

  /**
   * Resolves once the report is settled (shown, failed, waiting for the user's choice, or
   * nothing to run), or after `ms` at the latest: work that would compete with the first report
   * of new data (the import's save) starts after it without waiting on a report that runs long.
   */
  settled(ms: number): Promise<void> {
    if (!BUSY.has(this.#phase)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.push(done);
    });
  }
  error = $state<Message | null>(null);
  result = $state.raw<RunResult | null>(null);
  /** The current report's estimated size when it is above the limit and not yet confirmed. */
  large = $state.raw<{ cells: number } | null>(null);
  /** Reports run to the end so far (the workbench tells a crash loop from a one-off crash). */
  runs = 0;

  /**
   * The SQL for the current spec, or why there is none: a compile error, or what the data lacks
   * for it (`lacks`: a link or saved report made on other data). A report the data cannot answer
   * is not run and not an error: the view says what it needs, and the spec stays as it came, so
   * it runs as soon as the data can answer it (after the columns are mapped again).
   */
  readonly compiled: {
    query: CompiledQuery | null;
    error: Message | null;
    lacks?: Need[];
  } = $derived.by(() => {
    const { catalog, model } = this.#data;
    const spec = this.#spec();
    if (!catalog || !model) return { query: null, error: null };
    const lacks = specLacks(spec, catalog);
    if (lacks.length) return { query: null, error: null, lacks };
    // Analyses compute their own values; only a pivot needs a measure.
    if (spec.analysis === 'pivot' && spec.measures.length === 0)
      return { query: null, error: null };
    try {
      return { query: compileReport(spec, catalog, { dialect: this.#data.dialect }), error: null };
    } catch (e) {
      return { query: null, error: messageOf(e) };
    }
  });

  #data: DataSource;
  #spec: () => ReportSpec;
  #debounceMs: number;
  #guard = new LargeReportGuard();
  #held = $state(false);
  /** The next run starts without the debounce (the first report on loaded data). */
  #now = false;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight = false;
  #stopEffects: () => void;
  /** A report not to run by itself again (it crashed the database twice), and why. */
  #blocked: { sql: string; why: Message } | null = null;

  constructor(data: DataSource, spec: () => ReportSpec, debounceMs = 120) {
    this.#data = data;
    this.#spec = spec;
    this.#debounceMs = debounceMs;
    this.#stopEffects = $effect.root(() => {
      // The I/O edge: whenever the compiled SQL changes (and a dataset is loaded), run it.
      $effect(() => {
        const { query, error } = this.compiled;
        const held = this.#held;
        untrack(() => this.#onCompiled(query, error, held));
      });
    });
  }

  /** A dataset is being loaded: runs wait until `release`. */
  hold(phase: 'engine' | 'dataset'): void {
    this.#held = true;
    this.error = null;
    this.phase = phase;
  }

  release(): void {
    this.#held = false;
    // The report of freshly loaded data is not an edit in progress: nothing to wait for.
    this.#now = true;
  }

  /** Loading the dataset failed: the report shows why. */
  fail(error: Message): void {
    this.#now = false;
    this.phase = 'error';
    this.error = error;
    this.result = null;
  }

  /**
   * Keeps the report with this SQL from running by itself: it shows `why` instead, until the
   * report changes or the user asks for it again (`rerun`).
   */
  block(sql: string, why: Message): void {
    this.#blocked = { sql, why };
  }

  /** Runs the current SQL again (after an error, or to re-time it). */
  rerun(): void {
    this.#blocked = null;
    const { query, error } = this.compiled;
    this.#onCompiled(query, error, this.#held);
  }

  /** Runs the current report unless it is blocked (see `block`), e.g. after the data was reloaded. */
  resume(): void {
    const { query, error } = this.compiled;
    this.#onCompiled(query, error, this.#held);
  }

  /** What the report could open without while the data lacks some of it (`specWithout`). */
  readonly #without: LeftOut | null = $derived.by(() => {
    const catalog = this.#data.catalog;
    if (!catalog || !this.lacks.length) return null;
    return specWithout(this.#spec(), catalog)?.left ?? null;
  });

  /** What the data lacks for the current report (none: it runs). */
  get lacks(): Need[] {
    return this.compiled.lacks ?? [];
  }

  /**
   * Why the report is not in this data, and what it needs — what its spec lacks, or what its
   * analysis found lacking while compiling (the funnel's pipeline without stages, the drivers
   * without a text field) — or null. Shown calmly with the ways on, never as a red error.
   * `without`: what the report could open without (some measures or columns, not its core).
   */
  get notInData(): { reason: Message; needs: Need[]; without: LeftOut | null } | null {
    const { lacks } = this;
    if (lacks.length) return { reason: notInData(lacks), needs: lacks, without: this.#without };
    const e = this.phase === 'error' ? this.error : null;
    if (!e || !isLacksError(e)) return null;
    const needs = lacksNeeds(e);
    return { reason: needs.length ? notInData(needs) : e, needs, without: null };
  }

  /** Runs the current report although it was estimated too large to draw comfortably. */
  runLarge(): void {
    const q = this.compiled.query;
    if (q) this.#guard.confirm(q.sql);
    this.large = null;
    this.rerun();
  }

  /** Drops a pending run and the effect (the workbench is going away). */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#stopEffects();
  }

  #onCompiled(query: CompiledQuery | null, error: Message | null, held: boolean): void {
    if (held || !this.#data.model) return;
    if (this.#blocked && query?.sql === this.#blocked.sql) {
      if (this.#timer) clearTimeout(this.#timer);
      ++this.#seq;
      this.phase = 'error';
      this.error = this.#blocked.why;
      return;
    }
    this.#blocked = null;
    this.#schedule(query, error);
  }

  /**
   * The compiled SQL changed (or is asked for again): show its compile error, clear the result
   * when there is nothing to run, or run it after the debounce. Any pending run is superseded.
   */
  #schedule(query: CompiledQuery | null, error: Message | null): void {
    if (this.#timer) clearTimeout(this.#timer);
    const seq = ++this.#seq;
    if (error) {
      // The previous report's table must not stand under this one's error as if it were its.
      this.phase = 'error';
      this.error = error;
      this.result = null;
      return;
    }
    if (!query) {
      this.phase = 'idle';
      this.error = null;
      this.result = null;
      return;
    }
    // Busy from now, not from the end of the debounce: the table on screen is already stale, and
    // whoever waits for "ready" (a user, a test) must not take it for the new report's.
    if (this.#data.started) this.phase = 'running';
    const spec = this.#spec();
    const wait = this.#now ? 0 : this.#debounceMs;
    this.#now = false;
    this.#timer = setTimeout(() => void this.#run(seq, query, spec), wait);
  }

  async #run(seq: number, query: CompiledQuery, spec: ReportSpec): Promise<void> {
    const data = this.#data;
    if (!data.started) return;
    if (this.#inFlight) void data.cancel().catch(() => undefined);
    this.phase = 'running';
    this.#inFlight = true;
    const t0 = performance.now();
    try {
      const catalog = data.catalog;
      const cells = catalog
        ? await this.#guard.check(query, spec, catalog, (q) => data.run(q), data.dialect)
        : null;
      if (seq !== this.#seq) return;
      this.large = cells === null ? null : { cells };
      if (cells !== null) {
        this.phase = 'idle';
        return;
      }
      const table = await data.run(query);
      if (seq !== this.#seq) return; // superseded by a newer spec
      const undated = await undatedCounts(query.undated, async (sql) =>
        Number(((await data.run({ sql })).get(0)?.toJSON() as { n?: number } | undefined)?.n ?? 0),
      );
      if (seq !== this.#seq) return;
      const absent: Message[] = [];
      for (const check of catalog ? absentChecks(spec, catalog, { dialect: data.dialect }) : []) {
        const note = absentNote(check, await data.run(check.query));
        if (note) absent.push(note);
      }
      if (seq !== this.#seq) return;
      const first = table.numRows ? (table.get(0)?.toJSON() as Record<string, unknown>) : undefined;
      const more = [
        ...undated.map((u) => u.note),
        ...absent,
        ...coverageNotes(spec, data.model?.minDate ?? null),
        ...resultNotes(spec, first),
      ];
      const shown = more.length ? { ...query, notes: [...query.notes, ...more] } : query;
      const ms = performance.now() - t0;
      this.result = { table, query: shown, spec, ms, ...(undated.length ? { undated } : {}) };
      this.error = null;
      this.phase = 'ready';
      this.runs++;
    } catch (e) {
      if (seq !== this.#seq) return;
      // The database died under this run: the workbench loads the data again and runs it anew.
      if (e instanceof EngineCrashed) return;
      this.error = messageOf(e);
      this.result = null;
      this.phase = 'error';
    } finally {
      if (seq === this.#seq) this.#inFlight = false;
    }
  }
}
