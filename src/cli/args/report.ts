/** The data and report options of `crm report`, also read by `publish` and `push`. */
import type { CompareMode, SortKey } from '../../query/spec/spec.ts';
import { FILE_OPTIONS, type FileOption } from './options.ts';
import { engineArgs, type EngineArgs } from './engine.ts';
import { UsageError, date, horizon, oneOf, optionError, wholeNumber } from './values.ts';
import { msg } from '../../lib/message.ts';

export interface ReportArgs extends EngineArgs {
  command: 'report';
  /** A preset id, or null for a report built only from options (or `--spec`). */
  preset: string | null;
  files: Partial<Record<FileOption, string>>;
  /**
   * `--file FILE` (repeatable): files whose table kind the import detects, as the page's import
   * does — Olist's leads and its closed deals go in together only so: the leads become the deals
   * and the closed deals mark the won ones, which no option forcing a kind could say.
   */
  detect: string[];
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

/** The data and report options shared by `report` and `publish`. */
export function reportArgs(
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
  const detect = opts.get('file') ?? [];
  const demo = opts.has('demo');
  const given = Object.keys(files).length + lookups.length + detect.length;
  if (demo && given) throw new UsageError(msg('cli_demoWithFiles'));
  if (onServer && (demo || given)) throw new UsageError(msg('cli_serverData'));
  // Among files of detected kinds the import finds the deals, or says it found none.
  if (!onServer && !demo && !files.deals && !detect.length)
    throw new UsageError(msg('cli_dealsRequired'));
  if (!demo && opts.has('demo-deals')) throw new UsageError(msg('cli_demoDeals'));

  const map: ReportArgs['map'] = (many('map') ?? []).map((pair) => {
    const i = pair.indexOf('=');
    if (i <= 0 || i === pair.length - 1)
      throw optionError('map', msg('cli_mapPair', { value: pair }));
    const left = pair.slice(0, i).trim();
    const column = pair.slice(i + 1).trim();
    const dot = left.indexOf('.');
    const table = dot > 0 ? left.slice(0, dot) : 'deals';
    if (!(FILE_OPTIONS as readonly string[]).includes(table)) {
      throw optionError('map', msg('cli_mapTable', { table, pair, tables: [...FILE_OPTIONS] }));
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
    detect,
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
    throw new UsageError(msg('cli_fromAfterTo', { from: args.from, to: args.to }));
  return args;
}
