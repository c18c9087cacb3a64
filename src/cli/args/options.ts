/**
 * The option table (which names take a value, which are flags) and the reader that turns argv
 * into positional words and option values. Nothing here knows what a command means.
 */
import type { TableKind } from '../../crm/vocabulary.ts';
import { LANGS, type Lang } from '../../lib/i18n.ts';
import { msg } from '../../lib/message.ts';
import { UsageError } from './values.ts';

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

/** Options only `crm publish` takes. */
export const PUBLISH_ONLY = ['out', 'name', 'presets', 'report'];

/** Options that take a value, and the flags that do not. */
const VALUED = new Set([
  ...FILE_OPTIONS,
  'file',
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

/**
 * The language `--lang` asks for, read before anything else so that an error in any other
 * argument is told in it. The last `--lang` wins, as in `readOptions`; a missing or wrong one is
 * English (that error itself is reported in English).
 */
export function langOf(argv: readonly string[]): Lang {
  let lang: Lang = 'en';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    let value: string | undefined;
    if (eq >= 0) value = a.slice(eq + 1);
    else if (VALUED.has(name) && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--'))
      value = argv[++i];
    if (name === 'lang') lang = LANGS.includes(value as Lang) ? (value as Lang) : 'en';
  }
  return lang;
}

/** Reads `--name value` and `--name=value` pairs; later repeats of list options add to the list. */
export function readOptions(argv: string[]): { positional: string[]; opts: Map<string, string[]> } {
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
      if (eq >= 0) throw new UsageError(msg('cli_takesNoValue', { option: `--${name}` }));
      opts.set(name, ['']);
      continue;
    }
    if (!VALUED.has(name)) throw new UsageError(msg('cli_unknownOption', { option: `--${name}` }));
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(msg('cli_needsValue', { option: `--${name}` }));
      value = next;
      i++;
    }
    opts.set(name, [...(opts.get(name) ?? []), value]);
  }
  return { positional, opts };
}
