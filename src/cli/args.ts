/**
 * The command line, parsed into plain data. The option names are a public contract
 * (docs/cli.md); nothing here touches files or the engine.
 */
import type { CompareMode, SortKey } from '../query/spec/spec.ts';
import { isIsoDate } from '../query/sql/escape.ts';
import type { TableKind } from '../crm/vocabulary.ts';
import { parseHorizon } from '../crm/analyses/forecast/forecast.ts';

/** A wrong command line: exit code 2 and one line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The data files the CLI takes, by the table they feed. */
export const FILE_OPTIONS = [
  'deals',
  'activities',
  'stages',
  'clients',
  'managers',
  'products',
] as const;
export type FileOption = (typeof FILE_OPTIONS)[number];

/** The table kind each file option forces. `--stages` is the stage history (deal, stage, date). */
export const FILE_KIND: Record<FileOption, TableKind> = {
  deals: 'deals',
  activities: 'activities',
  stages: 'stage_history',
  clients: 'clients',
  managers: 'managers',
  products: 'products',
};

/** The engines the CLI runs on (docs/engines.md); `duckdb` (native) is the default. */
export const CLI_ENGINES = ['duckdb', 'duckdb-wasm', 'chdb', 'clickhouse'] as const;
export type CliEngine = (typeof CLI_ENGINES)[number];

/** `--engine`, `--threads`, `--memory-limit`, and a ClickHouse server's `--url`, `--database`, `--user`. */
export interface EngineArgs {
  engine: CliEngine;
  /** Native DuckDB worker threads; null: all cores. */
  threads: number | null;
  /** Native DuckDB `memory_limit` (e.g. `4GB`); null: DuckDB's default (80% of RAM). */
  memoryLimit: string | null;
  /** The ClickHouse server (`--engine clickhouse`); its password comes from `CLICKHOUSE_PASSWORD`. */
  url: string | null;
  database: string | null;
  user: string | null;
}

/** The environment variable the ClickHouse password is read from (never a command-line option). */
export const PASSWORD_ENV = 'CLICKHOUSE_PASSWORD';

export interface ReportArgs extends EngineArgs {
  command: 'report';
  /** A preset id, or null for a report built only from options (or `--spec`). */
  preset: string | null;
  files: Partial<Record<FileOption, string>>;
  /** `--lookup FILE` (repeatable): tables describing any deals column, or a column of another lookup. */
  lookups: string[];
  /** `--map role=column`; a `table.role=column` entry maps a column of that file. */
  map: { table: FileOption; role: string; column: string }[];
  won: string[];
  lost: string[];
  by: string[] | null;
  measures: string[] | null;
  date: string | null;
  from: string | null;
  to: string | null;
  compare: CompareMode | null;
  sort: SortKey[] | null;
  limit: number | null;
  /** Forecast: the day it stands on, the horizon (`3m`, `12w`) and the backtest instead. */
  asOf: string | null;
  horizon: string | null;
  backtest: boolean;
  /** Forecast: the N open deals carrying most of the expectation, instead of the periods. */
  topDeals: number | null;
  spec: string | null;
  format: 'json' | 'csv';
  sql: boolean;
  demo: boolean;
  demoDeals: number | null;
  lang: 'en' | 'ru';
}

export interface PublishCliArgs {
  command: 'publish';
  out: string;
  name: string | null;
  reports: string[];
  presets: string[];
  data: ReportArgs;
}

/** `crm push`: the data options of `report`, imported locally and written to a ClickHouse server. */
export interface PushArgs {
  command: 'push';
  data: ReportArgs;
}

export type CliArgs =
  | ReportArgs
  | PublishCliArgs
  | PushArgs
  | { command: 'presets'; lang: 'en' | 'ru'; format: 'text' | 'json' }
  | { command: 'help' };

/** Options only `crm publish` takes. */
const PUBLISH_ONLY = ['out', 'name', 'presets', 'report'];

/** Options that take a value, and the flags that do not. */
const VALUED = new Set([
  ...FILE_OPTIONS,
  'lookup',
  'map',
  'won',
  'lost',
  'by',
  'measures',
  'date',
  'from',
  'to',
  'compare',
  'sort',
  'limit',
  'as-of',
  'horizon',
  'top-deals',
  'spec',
  'format',
  'demo-deals',
  'lang',
  'engine',
  'threads',
  'memory-limit',
  'url',
  'database',
  'user',
  ...PUBLISH_ONLY,
]);
const FLAGS = new Set(['sql', 'demo', 'help', 'backtest']);

/** Splits `a,b , c` into trimmed non-empty parts. */
function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function wholeNumber(name: string, v: string, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new UsageError(`--${name}: expected a whole number from 1 to ${max}, got '${v}'`);
  }
  return n;
}

function date(name: string, v: string): string {
  if (!isIsoDate(v)) throw new UsageError(`--${name}: expected a real date YYYY-MM-DD, got '${v}'`);
  return v;
}

function horizon(v: string): string {
  if (!parseHorizon(v))
    throw new UsageError(
      `--horizon: expected months or weeks such as 3m or 12w (1 to 36), got '${v}'`,
    );
  return v;
}

function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name}: expected ${allowed.join(' or ')}, got '${v}'`);
  }
  return v as T;
}

/** Reads `--name value` and `--name=value` pairs; later repeats of list options add to the list. */
function readOptions(argv: string[]): { positional: string[]; opts: Map<string, string[]> } {
  const positional: string[] = [];
  const opts = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h') {
      opts.set('help', ['']);
      continue;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (FLAGS.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      opts.set(name, ['']);
      continue;
    }
    if (!VALUED.has(name)) throw new UsageError(`unknown option '--${name}' (see: crm help)`);
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    opts.set(name, [...(opts.get(name) ?? []), value]);
  }
  return { positional, opts };
}

export function parseArgs(argv: string[]): CliArgs {
  const { positional, opts } = readOptions(argv);
  const [command, ...rest] = positional;
  if (opts.has('help') || command === undefined || command === 'help') return { command: 'help' };
  /** The last value of a single-valued option. */
  const one = (name: string): string | null => opts.get(name)?.at(-1) ?? null;
  /** All values of a list option, comma lists flattened. */
  const many = (name: string): string[] | null =>
    opts.has(name) ? opts.get(name)!.flatMap(list) : null;
  const lang = oneOf('lang', one('lang') ?? 'en', ['en', 'ru'] as const);

  if (command === 'presets') {
    if (rest.length) throw new UsageError(`'crm presets' takes no arguments, got '${rest[0]}'`);
    const format = oneOf('format', one('format') ?? 'text', ['text', 'json'] as const);
    return { command: 'presets', lang, format };
  }
  if (command === 'publish') {
    if (rest.length) throw new UsageError(`'crm publish' takes options only, got '${rest[0]}'`);
    const out = one('out');
    if (!out) throw new UsageError('publish needs --out DIR (an empty folder for the site)');
    if (opts.has('demo'))
      throw new UsageError('publish needs your data files (--deals FILE …), not --demo');
    return {
      command: 'publish',
      out,
      name: one('name'),
      reports: many('report') ?? [],
      presets: many('presets') ?? [],
      data: reportArgs([], opts, one, many, lang),
    };
  }
  if (command === 'push') {
    if (rest.length) throw new UsageError(`'crm push' takes options only, got '${rest[0]}'`);
    const stray = PUBLISH_ONLY.find((o) => opts.has(o));
    if (stray) throw new UsageError(`--${stray} belongs to 'crm publish', not 'crm push'`);
    const data = reportArgs([], opts, one, many, lang, true);
    if (data.engine !== 'clickhouse')
      throw new UsageError('push needs --engine clickhouse --url http://host:8123');
    return { command: 'push', data };
  }
  if (command !== 'report')
    throw new UsageError(
      `unknown command '${command}' (commands: report, presets, publish, push, help)`,
    );
  if (rest.length > 1) throw new UsageError(`unexpected argument '${rest[1]}'`);
  const stray = PUBLISH_ONLY.find((o) => opts.has(o));
  if (stray) throw new UsageError(`--${stray} belongs to 'crm publish', not 'crm report'`);
  return reportArgs(rest, opts, one, many, lang);
}

/** The data and report options shared by `report` and `publish`. */
function reportArgs(
  rest: string[],
  opts: Map<string, string[]>,
  one: (name: string) => string | null,
  many: (name: string) => string[] | null,
  lang: 'en' | 'ru',
  push = false,
): ReportArgs {
  const engine = engineArgs(one);
  // A report on a ClickHouse server reads the data there; `crm push` is what puts it there.
  const onServer = engine.engine === 'clickhouse' && !push;
  const files: ReportArgs['files'] = {};
  for (const f of FILE_OPTIONS) {
    const v = one(f);
    if (v !== null) files[f] = v;
  }
  // Repeated, not comma-split: file names may hold commas ("Сделки, 2024.csv").
  const lookups = opts.get('lookup') ?? [];
  const demo = opts.has('demo');
  if (demo && (Object.keys(files).length || lookups.length))
    throw new UsageError('--demo cannot be combined with data files');
  if (onServer && (demo || Object.keys(files).length || lookups.length))
    throw new UsageError(
      '--engine clickhouse reports on the data already on the server; load files or --demo there with: crm push --engine clickhouse --url …',
    );
  if (!onServer && !demo && !files.deals)
    throw new UsageError('--deals FILE is required (or --demo for the built-in demo data)');
  if (!demo && opts.has('demo-deals')) throw new UsageError('--demo-deals needs --demo');

  const map: ReportArgs['map'] = (many('map') ?? []).map((pair) => {
    const i = pair.indexOf('=');
    if (i <= 0 || i === pair.length - 1)
      throw new UsageError(`--map: expected role=column, got '${pair}'`);
    const left = pair.slice(0, i).trim();
    const column = pair.slice(i + 1).trim();
    const dot = left.indexOf('.');
    const table = dot > 0 ? left.slice(0, dot) : 'deals';
    if (!(FILE_OPTIONS as readonly string[]).includes(table)) {
      throw new UsageError(
        `--map: unknown table '${table}' in '${pair}' (tables: ${FILE_OPTIONS.join(', ')})`,
      );
    }
    return { table: table as FileOption, role: dot > 0 ? left.slice(dot + 1) : left, column };
  });

  const sort =
    many('sort')?.map((s): SortKey => {
      const m = /^(.*?)(?::(asc|desc))?$/i.exec(s)!;
      return { key: m[1]!, dir: (m[2]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'desc' };
    }) ?? null;

  const from = one('from');
  const to = one('to');
  const args: ReportArgs = {
    command: 'report',
    preset: rest[0] ?? null,
    files,
    lookups,
    map,
    won: many('won') ?? [],
    lost: many('lost') ?? [],
    by: many('by'),
    measures: many('measures'),
    date: one('date'),
    from: from === null ? null : date('from', from),
    to: to === null ? null : date('to', to),
    compare: opts.has('compare')
      ? oneOf('compare', one('compare')!, ['previous', 'year'] as const)
      : null,
    sort,
    limit: opts.has('limit') ? wholeNumber('limit', one('limit')!, 1_000_000) : null,
    asOf: opts.has('as-of') ? date('as-of', one('as-of')!) : null,
    horizon: opts.has('horizon') ? horizon(one('horizon')!) : null,
    backtest: opts.has('backtest'),
    topDeals: opts.has('top-deals') ? wholeNumber('top-deals', one('top-deals')!, 1000) : null,
    spec: one('spec'),
    format: oneOf('format', one('format') ?? 'json', ['json', 'csv'] as const),
    sql: opts.has('sql'),
    demo,
    demoDeals: opts.has('demo-deals')
      ? wholeNumber('demo-deals', one('demo-deals')!, 5_000_000)
      : null,
    lang,
    ...engine,
  };
  if (args.from && args.to && args.from > args.to)
    throw new UsageError(`--from ${args.from} is after --to ${args.to}`);
  return args;
}

function engineArgs(one: (name: string) => string | null): EngineArgs {
  const engine = oneOf('engine', one('engine') ?? 'duckdb', CLI_ENGINES);
  const threads = one('threads');
  const memoryLimit = one('memory-limit');
  for (const [name, v] of [
    ['threads', threads],
    ['memory-limit', memoryLimit],
  ] as const) {
    if (v !== null && engine !== 'duckdb')
      throw new UsageError(`--${name} applies to --engine duckdb, not ${engine}`);
  }
  if (
    memoryLimit !== null &&
    !/^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i.test(memoryLimit)
  )
    throw new UsageError(
      `--memory-limit: expected a size such as 512MB or 4GB, got '${memoryLimit}'`,
    );
  const url = one('url');
  const database = one('database');
  const user = one('user');
  for (const [name, v] of [
    ['url', url],
    ['database', database],
    ['user', user],
  ] as const) {
    if (v !== null && engine !== 'clickhouse')
      throw new UsageError(`--${name} applies to --engine clickhouse, not ${engine}`);
  }
  if (engine === 'clickhouse') {
    if (url === null) throw new UsageError('--engine clickhouse needs --url http://host:8123');
    if (!/^https?:\/\/[^/\s]+/i.test(url) || /^https?:\/\/[^/]*@/i.test(url))
      throw new UsageError(
        `--url: expected http://host:8123 or https://host:8443 (no user or password in it), got '${url}'`,
      );
    if (database !== null && !/^[A-Za-z_][\w-]*$/.test(database))
      throw new UsageError(`--database: expected a database name such as crm, got '${database}'`);
  }
  return {
    engine,
    threads: threads === null ? null : wholeNumber('threads', threads, 1024),
    memoryLimit,
    url,
    database,
    user,
  };
}

export const USAGE = `crm — CRM reports from the command line (same engine as the workbench)

Usage:
  crm report [PRESET] --deals FILE [options]     run a preset or a report built from options
  crm publish --out DIR --deals FILE [files] [--presets ID,ID] [--report SPEC.json] [--name NAME]
                                                 a static site folder: the app, the data, the reports
  crm report [PRESET] --demo [--demo-deals N]    the same on the built-in demo data
  crm push --engine clickhouse --url URL [--database DB] [--user U] (--deals FILE [files] | --demo)
                                                 load the data into a ClickHouse server's tables
  crm report [PRESET] --engine clickhouse --url URL [--database DB] [--user U]
                                                 a report on the data there (password: $CLICKHOUSE_PASSWORD)
  crm presets [--lang en|ru] [--format json]     list the presets
  crm help

Data:       --deals F  --activities F  --stages F  --clients F  --managers F  --products F
            --lookup F (repeatable: any other table describing a deals or lookup column)
Mapping:    --map role=column[,role=column…]  --won V[,V]  --lost V[,V]
Report:     --by D[,D]  (role, column, table.column, date:day|week|month|quarter|year)
            --measures M[,M]  --date FIELD --from YYYY-MM-DD --to YYYY-MM-DD
            --compare previous|year  --sort KEY[:asc|desc]  --limit N  --spec FILE
  forecast: --as-of YYYY-MM-DD  --horizon 3m|12w  --backtest  --top-deals N
Output:     --format json|csv  --sql  --lang en|ru
Engine:     --engine duckdb|duckdb-wasm|chdb|clickhouse  (default duckdb: native, all cores)
            --threads N  --memory-limit SIZE  (duckdb only; spills to a temp directory beyond it)
            --url URL  --database DB  --user U  (clickhouse only; password from CLICKHOUSE_PASSWORD)

Docs: docs/cli.md`;
