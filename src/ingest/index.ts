/**
 * The import pipeline's entry points: `detect` (pure proposal for the mapping screen),
 * `mappingKey`, and `importFiles`, which loads the canonical tables into the engine and returns
 * the dataset model with a per-file report. The CLI and the browser call the same functions.
 */
import { MessageError, msg, sentences } from '../lib/message.ts';
import { CANONICAL, type DatasetModel, type LookupLink, type TableInfo } from '../crm/model.ts';
import type { FieldType } from '../query/catalog.ts';
import type { Engine } from '../engine/types.ts';
import { quoteIdent as q, quoteString as s } from '../query/sql/escape.ts';
import { FORECASTS, scanFiles, mappingKey, type Scanned } from './detect/detect.ts';
import { planTables } from './detect/relations.ts';
import { loadStaging, type LoadColumn } from './parse/convert.ts';
import {
  childSelect,
  dealSelect,
  lookupSelect,
  Names,
  statusFromCloseDate,
  unifySpelling,
  unmatchedSql,
  type Staged,
} from './build.ts';
import { outcomeMap } from './detect/outcome.ts';
import { detectStages, stageProbabilitiesError, stagesTableSql } from './detect/stages.ts';
import { FileReportBuilder, type ImportReport } from './report.ts';
import type { ImportFile, ImportOptions, ValueType } from './types.ts';

export { detect, mappingKey } from './detect/detect.ts';
export { formatReport, type ImportReport, type FileReport } from './report.ts';
export type * from './types.ts';

/** Files that cannot make a dataset (no deals, a bad option); the message says why. */
export class ImportError extends MessageError {
  override name = 'ImportError';
}

const CANON_TYPE: Record<string, ValueType> = {
  VARCHAR: 'text',
  DOUBLE: 'number',
  TIMESTAMP: 'date',
  INTEGER: 'number',
  BOOLEAN: 'boolean',
};

async function mainTables(engine: Engine): Promise<string[]> {
  const res = await engine.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'`,
  );
  return res.toArray().map((r) => String((r.toJSON() as { table_name: string }).table_name));
}

/** A column's DuckDB type, or null when the table has no such column. */
async function columnType(engine: Engine, table: string, column: string): Promise<string | null> {
  const res = await engine.query(
    `SELECT data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ${s(table)} AND column_name = ${s(column)}`,
  );
  const row = res.get(0)?.toJSON() as { data_type: string } | undefined;
  return row?.data_type ?? null;
}

/** The type a column is loaded as: its role's canonical type, else what its values showed. */
function loadType(t: Scanned, role: string | null, inferred: ValueType): ValueType {
  if (role === null) return inferred;
  if (role === 'key') return 'text';
  const kind = t.proposal.kind;
  const table =
    kind === 'activities'
      ? CANONICAL.activities
      : kind === 'stage_history'
        ? CANONICAL.stage_history
        : CANONICAL.deals;
  return CANON_TYPE[table[role] ?? ''] ?? inferred;
}

/**
 * Reads, types and links the files, then (re)creates `deals`, `stages` and whichever of
 * `stage_history`, `activities`, `clients`, `managers`, `products` the files provide.
 * Throws ImportError when no file holds deals; unreadable files are listed in the report.
 */
export async function importFiles(
  engine: Engine,
  files: ImportFile[],
  options: ImportOptions = {},
): Promise<{ model: DatasetModel; report: ImportReport }> {
  const badProbability = stageProbabilitiesError(options.stageProbabilities);
  if (badProbability) throw new ImportError(badProbability);
  const { tables, errors } = await scanFiles(files, options);
  const report: ImportReport = { files: [], warnings: [], errors };
  const plan = planTables(tables);
  if (!plan.main)
    throw new ImportError(
      errors.length > 0
        ? msg('import_noDealsRead', {
            errors: sentences(
              errors.map((e) => msg('import_fileError', { file: e.file, reason: e.reason })),
            )!,
          })
        : msg('import_noDeals'),
    );
  for (const x of plan.skipped)
    report.warnings.push(msg('import_fileNotLoaded', { file: x.table.raw.file, reason: x.reason }));

  let n = 0;
  const staged = new Map<Scanned, Staged>();
  const stage = async (t: Scanned, table: string) => {
    const rb = new FileReportBuilder(t.raw.file, table);
    const ignore = new Set(t.source?.ignore ?? []);
    const columns: (LoadColumn & { role: string | null })[] = t.proposal.columns
      .filter((c) => c.role !== null || !ignore.has(t.raw.headers[c.index]!))
      .map((c) => ({
        index: c.index,
        name: t.raw.headers[c.index]!,
        role: c.role,
        format: c.format,
        type: loadType(t, c.role, t.source?.types?.[t.raw.headers[c.index]!] ?? c.type),
      }));
    const staging = `_ingest_${n++}`;
    await loadStaging(engine, t.raw, columns, staging, rb, options);
    for (const w of t.proposal.warnings) if (!FORECASTS.has(w.code)) rb.warn(w);
    report.files.push(rb.report);
    const st: Staged = {
      file: t.raw.file,
      staging,
      columns: columns.map(({ name, role, type }) => ({ name, role, type })),
    };
    staged.set(t, st);
    return st;
  };

  const main = plan.main;
  const mainSt = await stage(main, 'deals');
  const exts = [];
  for (const e of plan.extensions) exts.push({ t: await stage(e.table, 'deals'), won: e.won });
  const unions = [];
  for (const u of plan.unions) unions.push({ u, st: await stage(u, 'deals') });

  // Deals: main (+ extensions), then appended deal-like tables, by column name.
  const names = new Names(Object.keys(CANONICAL.deals));
  // The closing values, from every loaded row (detection saw only a sample of a big file).
  const outcomesOf = async (t: Scanned, more: Scanned[] = []) => {
    const vals = new Set<string>();
    for (const x of [t, ...more]) {
      const st = staged.get(x)!;
      const c =
        st.columns.find((c) => c.role === 'status') ?? st.columns.find((c) => c.role === 'stage');
      if (!c) continue;
      const res = await engine.query(
        `SELECT DISTINCT CAST(${q(c.name)} AS VARCHAR) AS v FROM ${q(st.staging)} WHERE ${q(c.name)} IS NOT NULL`,
      );
      for (const r of res.toArray()) vals.add(String((r.toJSON() as { v: string }).v));
    }
    return outcomeMap(vals, options);
  };
  const mainSource = {
    main: mainSt,
    extensions: exts,
    orders: main.proposal.kind === 'orders',
    outcomes: await outcomesOf(
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
          outcomes: await outcomesOf(u),
        },
        names,
      ),
    );
  const roles = new Set(parts.flatMap((p) => [...p.roles]));
  // The previous dataset goes whole, its own lookups included (their names came from its files).
  for (const t of await mainTables(engine))
    if (!t.startsWith('_ingest_')) await engine.exec(`DROP TABLE IF EXISTS ${q(t)}`);
  await engine.exec(`CREATE TABLE deals AS ${parts.map((p) => p.sql).join(' UNION ALL BY NAME ')}`);
  if (!roles.has('status')) {
    const derived = roles.has('stage')
      ? msg('import_statusFromStage')
      : plan.extensions.some((e) => e.won)
        ? msg('import_statusWonTable')
        : main.proposal.kind === 'orders'
          ? msg('import_ordersWon')
          : statusFromCloseDate(mainSource)
            ? msg('import_statusCloseDate')
            : null;
    report.warnings.push(derived ?? msg('import_allOpen'));
    // A derived status is real data for the catalog; only the "all open" fallback stays hidden.
    if (derived) roles.add('status');
  }

  const created: string[] = ['deals'];
  const tableRoles = new Map<string, Set<string>>([['deals', roles]]);
  for (const [list, table] of [
    [plan.history, 'stage_history'],
    [plan.activities, 'activities'],
  ] as const) {
    if (list.length === 0) continue;
    const sqls = [];
    const r = new Set<string>();
    const childNames = new Names(Object.keys(CANONICAL[table]));
    for (const t of list) {
      const b = childSelect(await stage(t, table), table, childNames, plan.byTitle.has(t));
      sqls.push(b.sql);
      for (const x of b.roles) r.add(x);
    }
    await engine.exec(`CREATE TABLE ${table} AS ${sqls.join(' UNION ALL BY NAME ')}`);
    created.push(table);
    tableRoles.set(table, r);
    const activities = table === 'activities';
    const titled = list.filter((t) => plan.byTitle.has(t));
    for (const t of titled) report.warnings.push(msg('import_byTitle', { file: t.raw.file }));
    // By title, a name several deals share can't tell which deal it means: say so apart.
    const shared = titled.length
      ? await scalar(
          engine,
          `SELECT count(*)::DOUBLE FROM ${table} WHERE lower(deal_id) IN (SELECT lower(title) FROM deals WHERE title IS NOT NULL GROUP BY 1 HAVING count(*) > 1)`,
        )
      : 0;
    if (shared > 0)
      report.warnings.push(
        msg(activities ? 'import_sharedTitleActivities' : 'import_sharedTitleHistory', {
          n: shared,
        }),
      );
    const orphans =
      (await scalar(
        engine,
        `SELECT count(*)::DOUBLE FROM ${table} WHERE deal_id IS NOT NULL AND deal_id NOT IN (SELECT id FROM deals WHERE id IS NOT NULL)`,
      )) - shared;
    if (orphans > 0)
      report.warnings.push(
        msg(activities ? 'import_orphanActivities' : 'import_orphanHistory', { n: orphans }),
      );
  }

  const links = new Map<string, LookupLink>();
  const lookupWarning = async (column: string, lookup: string, from: string) => {
    const [u] = (await engine.query(unmatchedSql(column, lookup, from)))
      .toArray()
      .map((r) => r.toJSON() as { n: number; k: number; ex: { toArray(): string[] } | null });
    if (u && u.n > 0) {
      const ex = u.ex ? [...u.ex.toArray()].map((x) => s(String(x))).join(', ') : '';
      const params = { n: u.n, column, lookup, k: u.k, examples: `${ex}${u.k > 5 ? '…' : ''}` };
      report.warnings.push(
        from === 'deals'
          ? msg('import_unmatchedDeals', params)
          : msg('import_unmatchedRows', { ...params, from }),
      );
    }
  };
  for (const l of plan.lookups) {
    const role = ({ clients: 'client', managers: 'manager', products: 'product' } as const)[
      l.target
    ];
    const st = await stage(l.table, l.target);
    await engine.exec(unifySpelling(role));
    await engine.exec(`CREATE TABLE ${l.target} AS ${lookupSelect(st, 'deals', role)}`);
    created.push(l.target);
    tableRoles.set(l.target, new Set([role]));
    await lookupWarning(role, l.target, 'deals');
  }
  for (const l of plan.others) {
    const type = await columnType(engine, l.from, l.column);
    if (type !== 'VARCHAR') {
      const file = l.table.raw.file;
      report.warnings.push(
        type === null
          ? msg('import_lookupNoColumn', { file, from: l.from, column: s(l.column) })
          : msg('import_lookupType', {
              file,
              from: l.from,
              column: l.column,
              type: type.toLowerCase(),
            }),
      );
      continue;
    }
    const st = await stage(l.table, l.name);
    await engine.exec(unifySpelling(l.column, l.from));
    await engine.exec(`CREATE TABLE ${q(l.name)} AS ${lookupSelect(st, l.from, l.column)}`);
    created.push(l.name);
    links.set(l.name, { from: l.from, column: l.column });
    await lookupWarning(l.column, l.name, l.from);
  }

  options.onProgress?.({ file: main.raw.file, phase: 'link', rows: 0 });
  const { stages, fromHistory } = await detectStages(
    engine,
    created.includes('stage_history'),
    options,
  );
  await engine.exec(stagesTableSql(stages));
  created.push('stages');
  if (stages.length > 0 && !fromHistory && !options.stageOrder)
    report.warnings.push(msg('import_stageOrderGuessed'));
  for (const st of staged.values()) await engine.exec(`DROP TABLE IF EXISTS ${q(st.staging)}`);

  const model = await describe(engine, created, tableRoles, links, files);
  return { model, report };
}

async function scalar(engine: Engine, sql: string): Promise<number> {
  const row = (await engine.query(sql)).get(0)?.toArray() as unknown[] | undefined;
  return Number(row?.[0] ?? 0);
}

function fieldType(duck: string): FieldType {
  if (/INT|DOUBLE|DECIMAL|FLOAT|REAL|NUMERIC/.test(duck)) return 'number';
  if (/DATE|TIME/.test(duck)) return 'date';
  if (duck === 'BOOLEAN') return 'boolean';
  return 'text';
}

async function describe(
  engine: Engine,
  created: string[],
  roles: Map<string, Set<string>>,
  links: Map<string, LookupLink>,
  files: ImportFile[],
): Promise<DatasetModel> {
  const tables: TableInfo[] = [];
  for (const name of created) {
    const cols = (
      await engine.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${s(name)} ORDER BY ordinal_position`,
      )
    )
      .toArray()
      .map((r) => r.toJSON() as { column_name: string; data_type: string });
    const rows = await scalar(engine, `SELECT count(*)::DOUBLE FROM ${q(name)}`);
    const canon = name in CANONICAL ? Object.keys(CANONICAL[name as keyof typeof CANONICAL]) : [];
    const has = roles.get(name) ?? new Set();
    const lookup = links.get(name);
    tables.push({
      name,
      rows,
      ...(lookup ? { lookup } : {}),
      columns: cols.map((c) => ({
        name: c.column_name,
        type: fieldType(c.data_type),
        ...((canon.includes(c.column_name) || name !== 'stages') && has.has(c.column_name)
          ? { role: c.column_name }
          : {}),
      })),
    });
  }
  const stages = (
    await engine.query(
      `SELECT coalesce(pipeline, '') AS pipeline, stage, position, probability, outcome FROM stages ORDER BY pipeline, position`,
    )
  )
    .toArray()
    .map((r) => r.toJSON() as DatasetModel['stages'][number]);
  const range = (
    await engine.query(
      `SELECT min(d)::VARCHAR AS lo, max(d)::VARCHAR AS hi FROM (SELECT created_at::DATE AS d FROM deals UNION ALL SELECT closed_at::DATE FROM deals)`,
    )
  )
    .get(0)
    ?.toJSON() as { lo: string | null; hi: string | null } | undefined;
  const id = mappingKey(files.map((f) => `${f.name}:${f.bytes.length}`));
  return {
    id,
    name: files[0]?.name.replace(/\.[^.]+$/, '') ?? 'import',
    tables,
    stages,
    minDate: range?.lo ?? null,
    maxDate: range?.hi ?? null,
  };
}
