/**
 * The loading steps of `importFiles`, in the order it runs them: the deals, their stage history
 * and activities, the lookups, then the stages. Each step stages its files, builds its canonical
 * table in SQL and adds what the user should know to the report.
 */
import { CANONICAL, roleFieldType, type Role } from '../../crm/vocabulary.ts';
import { formatAs } from '../parse/infer.ts';
import type { LookupLink } from '../../crm/model.ts';
import type { Engine } from '../../engine/types.ts';
import { quoteIdent as q } from '../../query/sql/escape.ts';
import { FORECASTS, type Scanned } from '../detect/detect.ts';
import type { Plan } from '../detect/relations.ts';
import { outcomeMap, type Outcome, type OutcomeWords } from '../detect/outcome.ts';
import { detectStages, stagesTableSql } from '../detect/stages.ts';
import { loadStaging, type LoadColumn } from '../parse/convert.ts';
import { loadCsvSql, type Fallback, type TextRead } from '../parse/sql-load.ts';
import { checkSampledStatus, mapStatusInPlace, sampledStatus } from './load-status.ts';
import {
  dealSelect,
  Names,
  statusFromCloseDate,
  type Built,
  type DealSource,
  type Staged,
} from './build.ts';
import { FileReportBuilder, type ImportReport } from '../report.ts';
import type { ImportOptions, RawTable, ValueType } from '../types.ts';
import { msg, type Message } from '../../lib/message.ts';
import { own } from '../../lib/own.ts';

/** A file `preload` had DuckDB read and type, or why it could not (`res`). */
export interface Preloaded {
  rb: FileReportBuilder;
  columns: LoadColumn[];
  st: Staged;
  table: string;
  project: string | undefined;
  res: { rows: number } | { fallback: Fallback };
}

/** One import's shared state: the engine, the report being written, and the tables made so far. */
export class ImportRun {
  readonly report: ImportReport;
  /** Tables made, in order, with the role columns their sources fed. */
  readonly made = new Map<string, Set<string>>();
  /** How each of the dataset's own lookups joins. */
  readonly links = new Map<string, LookupLink>();
  private readonly staged = new Map<Scanned, Staged>();
  /** Files read and typed before the plan (`preload`), until `stage` takes them. */
  private readonly early = new Map<Scanned, Preloaded>();
  /** How each file was loaded: `sql` (DuckDB read it), else why the JS loader did (sql-load.ts). */
  readonly loaders = new Map<string, string>();
  /** The staging table `dealsAsTyped` renamed to `deals`, if it did (see `LinkCount`). */
  dealsRenamed: string | undefined;
  /**
   * When the deals' status was mapped from their stage column (`dealsAsTyped`): the map it was
   * mapped by, so each stage's won and lost deals are all or none of its deals (`loadStages`).
   */
  statusByStage: ReadonlyMap<string, Outcome> | undefined;
  private n = 0;

  constructor(
    readonly engine: Engine,
    readonly options: ImportOptions,
    errors: ImportReport['errors'],
    /** Files DuckDB already read as text (for the key sets); staging takes them from here. */
    readonly texts = new Map<RawTable, TextRead>(),
  ) {
    this.report = { files: [], warnings: [], errors };
  }

  warn(warning: Message): void {
    this.report.warnings.push(warning);
  }

  /** The columns a file loads, and its staging table's description. */
  private prepare(t: Scanned, table: string) {
    const rb = new FileReportBuilder(t.raw.file, table);
    const ignore = new Set(t.source?.ignore ?? []);
    const columns: (LoadColumn & { role: string | null })[] = t.proposal.columns
      .filter((c) => c.role !== null || !ignore.has(t.raw.headers[c.index]!))
      .map((c) => {
        const type = loadType(t, c.role, givenType(t, c.index) ?? c.type);
        // Loaded as another type than it looked: that type's decimal mark or day/month order.
        const stats = t.stats[c.index];
        const format = type === c.type || !stats ? c.format : formatAs(stats, type, t.raw.ruLocale);
        return { index: c.index, name: t.raw.headers[c.index]!, role: c.role, format, type };
      });
    const st: Staged = {
      file: t.raw.file,
      staging: `_ingest_${this.n++}`,
      columns: columns.map(({ name, role, type }) => ({ name, role, type })),
    };
    return { rb, columns, st };
  }

  /**
   * Has DuckDB read and type a file before the plan exists (`stageBeforePlan`), for `table`
   * shaped by `project` as `stage` will ask: `stage` then takes it as it is, when the plan asks
   * for that very table and shape. Nothing falls back to the JS loader here; `stage` does.
   * `reading`: told when DuckDB's read of the file is sent (see `LoadSqlOptions`).
   */
  async preload(
    t: Scanned,
    table: string,
    project?: (st: Staged) => string,
    reading?: () => void,
  ): Promise<Preloaded> {
    const p = this.prepare(t, table);
    const shape = project?.(p.st);
    const res = await loadCsvSql(
      this.engine,
      t.raw,
      p.columns,
      p.st.staging,
      p.rb,
      reading ? { ...this.options, reading } : this.options,
      undefined,
      shape,
    );
    const e = { ...p, table, project: shape, res };
    this.early.set(t, e);
    return e;
  }

  /** Drops what `preload` made and no `stage` took (the import failed before, or the plan differed). */
  async dropEarly(): Promise<void> {
    for (const [t, e] of this.early) {
      this.early.delete(t);
      if ('rows' in e.res) await this.engine.exec(`DROP TABLE IF EXISTS ${q(e.st.staging)}`);
    }
  }

  /**
   * Reads a file's rows, typed, into a staging table; its report joins the import's. `project`
   * (a SELECT list over the staged columns as `m`, rows kept as they are) shapes the table as it
   * is typed, when DuckDB reads the file; `projected` says whether it did.
   */
  async stage(
    t: Scanned,
    table: string,
    project?: (st: Staged) => string,
  ): Promise<Staged & { projected: boolean }> {
    const early = this.early.get(t);
    this.early.delete(t);
    const taken = early && early.table === table && early.project === project?.(early.st);
    if (early && !taken && 'rows' in early.res)
      await this.engine.exec(`DROP TABLE IF EXISTS ${q(early.st.staging)}`);
    const { rb, columns, st } = taken ? early : this.prepare(t, table);
    // DuckDB reads delimited text itself when the result is sure to be the JS loader's.
    const sql =
      this.options.csvLoader === 'js'
        ? null
        : taken || (early && 'fallback' in early.res)
          ? early.res
          : await loadCsvSql(
              this.engine,
              t.raw,
              columns,
              st.staging,
              rb,
              this.options,
              this.texts.get(t.raw),
              project?.(st),
            );
    // loadCsvSql dropped the text table; a second staging of the file reads it again.
    this.texts.delete(t.raw);
    if (!sql || 'fallback' in sql)
      await loadStaging(this.engine, t.raw, columns, st.staging, rb, this.options);
    this.loaders.set(t.raw.file, sql && 'rows' in sql ? 'sql' : (sql?.fallback ?? 'js'));
    for (const w of t.proposal.warnings) if (!FORECASTS.has(w.code)) rb.warn(w);
    this.report.files.push(rb.report);
    this.staged.set(t, st);
    return { ...st, projected: project !== undefined && sql !== null && 'rows' in sql };
  }

  stagedOf(t: Scanned): Staged {
    return this.staged.get(t)!;
  }

  /** Drops the staging tables made so far: each step calls it once its table is built (memory). */
  async dropStaging(): Promise<void> {
    for (const [t, st] of this.staged) {
      await this.engine.exec(`DROP TABLE IF EXISTS ${q(st.staging)}`);
      this.staged.delete(t);
    }
  }

  async scalar(sql: string): Promise<number> {
    const row = (await this.engine.query(sql)).get(0)?.toArray() as unknown[] | undefined;
    return Number(row?.[0] ?? 0);
  }
}

const VALUE_TYPES: readonly ValueType[] = ['text', 'number', 'date', 'boolean'];

/**
 * The type the user chose for a column, if any. Types come back from stored mappings and the
 * worker's messages, so a value that is not a type (or a header like `constructor`) is no choice.
 */
function givenType(t: Scanned, index: number): ValueType | undefined {
  const given = own(t.source?.types, t.raw.headers[index]!);
  return given !== undefined && VALUE_TYPES.includes(given) ? given : undefined;
}

/** The type a column is loaded as: its role's canonical type, else what its values showed. */
function loadType(t: Scanned, role: string | null, inferred: ValueType): ValueType {
  if (role === null) return inferred;
  return roleFieldType(t.proposal.kind, role as Role) ?? inferred;
}

/**
 * The deals: the main table with its extensions, then the appended deal-like tables, by column
 * name. Replaces the previous dataset's tables.
 */
export async function loadDeals(run: ImportRun, plan: Plan, main: Scanned): Promise<void> {
  const single = plan.extensions.length === 0 && plan.unions.length === 0;
  // The deals of one file are a projection of it: typed straight into that shape, no copy.
  let built: Built | undefined;
  const mainSt = await run.stage(
    main,
    'deals',
    single ? (st) => (built = singleDeals(main, st, run.options)).select : undefined,
  );
  if (mainSt.projected && built) return dealsAsTyped(run, plan, main, mainSt, built);
  const exts = [];
  for (const e of plan.extensions) exts.push({ t: await run.stage(e.table, 'deals'), won: e.won });
  const unions = [];
  for (const u of plan.unions) unions.push({ u, st: await run.stage(u, 'deals') });

  const names = new Names(Object.keys(CANONICAL.deals));
  const mainSource: DealSource = {
    main: mainSt,
    extensions: exts,
    orders: main.proposal.kind === 'orders',
    outcomes: await outcomesOf(
      run,
      main,
      plan.extensions.map((e) => e.table),
    ),
  };
  const parts = [dealSelect(mainSource, names)];
  for (const { u, st } of unions)
    parts.push(
      dealSelect(
        {
          main: st,
          extensions: [],
          orders: u.proposal.kind === 'orders',
          outcomes: await outcomesOf(run, u),
        },
        names,
      ),
    );
  const roles = new Set(parts.flatMap((p) => [...p.roles]));
  await dropDataset(run.engine);
  await run.engine.exec(
    `CREATE TABLE deals AS ${parts.map((p) => p.sql).join(' UNION ALL BY NAME ')}`,
  );
  await run.dropStaging();
  madeDeals(run, plan, main, roles, mainSource);
}

/**
 * The deals of one file, typed straight into their shape: the status mapped by the sample's
 * stages in the same statement when it copies the stage (`sampledStatus`), else by
 * `dealsAsTyped` after it. `words`: the import's won and lost words.
 */
export function singleDeals(main: Scanned, st: Staged, words: OutcomeWords): Built {
  return dealSelect(
    { main: st, extensions: [], orders: main.proposal.kind === 'orders', outcomes: new Map() },
    new Names(Object.keys(CANONICAL.deals)),
    true,
    sampledStatus(main, st, words),
  );
}

/**
 * The deals when their file was typed straight into their shape (`dealSelect` with `rawStatus`):
 * the status is mapped from the closing values now known, then the table takes its name.
 */
async function dealsAsTyped(
  run: ImportRun,
  plan: Plan,
  main: Scanned,
  st: Staged,
  built: Built,
): Promise<void> {
  const { engine } = run;
  const table = q(st.staging);
  if (built.sampledStatus)
    run.statusByStage = await checkSampledStatus(run, table, built.sampledStatus);
  else if (built.rawStatus) {
    const map = await mapStatusInPlace(run, main, st, table);
    // No status column: the status copied the stage column (dealSelect), so a deal's status is
    // its stage's outcome and the stage list can count the deals by stage alone.
    if (!st.columns.some((c) => c.role === 'status')) run.statusByStage = map;
  }
  await dropDataset(engine);
  await engine.exec(`ALTER TABLE ${table} RENAME TO deals`);
  run.dealsRenamed = st.staging;
  const source: DealSource = {
    main: st,
    extensions: [],
    orders: main.proposal.kind === 'orders',
    outcomes: new Map(),
  };
  madeDeals(run, plan, main, new Set(built.roles), source);
}

/** Records the deals as made, saying where their status came from when no column held it. */
function madeDeals(
  run: ImportRun,
  plan: Plan,
  main: Scanned,
  roles: Set<string>,
  mainSource: DealSource,
): void {
  if (!roles.has('status')) {
    const derived = derivedStatus(plan, main, roles, mainSource);
    run.warn(derived ?? msg('import_allOpen'));
    // A derived status is real data for the catalog; only the "all open" fallback stays hidden.
    if (derived) roles.add('status');
  }
  run.made.set('deals', roles);
}

/** The closing values, from every loaded row (detection saw only a sample of a big file). */
async function outcomesOf(run: ImportRun, t: Scanned, more: Scanned[] = []) {
  const vals = new Set<string>();
  for (const x of [t, ...more]) {
    const st = run.stagedOf(x);
    const c =
      st.columns.find((c) => c.role === 'status') ?? st.columns.find((c) => c.role === 'stage');
    if (!c) continue;
    const res = await run.engine.query(
      `SELECT DISTINCT CAST(${q(c.name)} AS VARCHAR) AS v FROM ${q(st.staging)} WHERE ${q(c.name)} IS NOT NULL`,
    );
    for (const r of res.toArray()) vals.add(String((r.toJSON() as { v: string }).v));
  }
  return outcomeMap(vals, run.options);
}

/** The previous dataset goes whole, its own lookups included (their names came from its files). */
async function dropDataset(engine: Engine): Promise<void> {
  // The tables information_schema.tables calls 'BASE TABLE' (not temporary), from the catalog
  // function under it: the view also lists every system view before filtering (≈ 0.1 s in the page).
  const res = await engine.query(
    `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`,
  );
  const tables = res
    .toArray()
    .map((r) => String((r.toJSON() as { table_name: string }).table_name));
  // One engine call for them all: each call is a round trip to DuckDB's worker (≈ 2 ms in the
  // page), more than a DROP itself.
  const drops = tables
    .filter((t) => !t.startsWith('_ingest_'))
    .map((t) => `DROP TABLE IF EXISTS ${q(t)};`);
  if (drops.length) await engine.exec(drops.join(' '));
}

/** Where the status came from when no column held it, or null when every deal is open. */
function derivedStatus(
  plan: Plan,
  main: Scanned,
  roles: Set<string>,
  mainSource: DealSource,
): Message | null {
  if (roles.has('stage')) return msg('import_statusFromStage');
  if (plan.extensions.some((e) => e.won)) return msg('import_statusWonTable');
  if (main.proposal.kind === 'orders') return msg('import_ordersWon');
  if (statusFromCloseDate(mainSource)) return msg('import_statusCloseDate');
  return null;
}

/** The stages table: order, probability and outcome per stage, from the history or the counts. */
export async function loadStages(run: ImportRun): Promise<void> {
  const { stages, fromHistory } = await detectStages(
    run.engine,
    run.made.has('stage_history'),
    run.options,
    run.statusByStage && {
      outcomes: run.statusByStage,
      pipeline: run.made.get('deals')?.has('pipeline') ?? true,
    },
  );
  await run.engine.exec(stagesTableSql(stages));
  // Built from the data, never from a source column: every column is real.
  run.made.set('stages', new Set(Object.keys(CANONICAL.stages)));
  if (stages.length > 0 && !fromHistory && !run.options.stageOrder)
    run.warn(msg('import_stageOrderGuessed'));
}
