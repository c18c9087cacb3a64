/**
 * The command line, parsed into plain data. The option names are a public contract
 * (docs/cli.md); nothing here touches files or the engine. The option table and reader live in
 * `args/options.ts`, typed values in `args/values.ts`, the engine and report options in
 * `args/engine.ts` and `args/report.ts`; this file tells the commands apart.
 */
import { PUBLISH_ONLY, readOptions } from './args/options.ts';
import { UsageError, list, oneOf } from './args/values.ts';
import { msg } from '../lib/message.ts';
import { reportArgs, type ReportArgs } from './args/report.ts';

export { UsageError, optionError } from './args/values.ts';
export { FILE_OPTIONS, FILE_KIND, langOf, type FileOption } from './args/options.ts';
export { CLI_ENGINES, PASSWORD_ENV, type CliEngine, type EngineArgs } from './args/engine.ts';
export type { ReportArgs } from './args/report.ts';
export { USAGE, usage } from './args/usage.ts';

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

function strayOption(option: string, command: string): UsageError {
  return new UsageError(msg('cli_belongsTo', { option: `--${option}`, owner: 'publish', command }));
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
    if (rest.length) throw new UsageError(msg('cli_presetsNoArgs', { arg: rest[0]! }));
    const format = oneOf('format', one('format') ?? 'text', ['text', 'json'] as const);
    return { command: 'presets', lang, format };
  }
  if (command === 'publish') {
    if (rest.length)
      throw new UsageError(msg('cli_optionsOnly', { command: 'publish', arg: rest[0]! }));
    const out = one('out');
    if (!out) throw new UsageError(msg('cli_publishOut'));
    if (opts.has('demo')) throw new UsageError(msg('cli_publishDemo'));
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
    if (rest.length)
      throw new UsageError(msg('cli_optionsOnly', { command: 'push', arg: rest[0]! }));
    const stray = PUBLISH_ONLY.find((o) => opts.has(o));
    if (stray) throw strayOption(stray, 'push');
    const data = reportArgs([], opts, one, many, lang, true);
    if (data.engine !== 'clickhouse') throw new UsageError(msg('cli_pushEngine'));
    return { command: 'push', data };
  }
  if (command !== 'report') throw new UsageError(msg('cli_unknownCommand', { command }));
  if (rest.length > 1) throw new UsageError(msg('cli_unexpectedArg', { arg: rest[1]! }));
  const stray = PUBLISH_ONLY.find((o) => opts.has(o));
  if (stray) throw strayOption(stray, 'report');
  return reportArgs(rest, opts, one, many, lang);
}
