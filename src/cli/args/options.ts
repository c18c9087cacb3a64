/**
 * The option table (which names take a value, which are flags) and the reader that turns argv
 * into positional words and option values. Nothing here knows what a command means.
 */
import type { TableKind } from '../../crm/vocabulary.ts';
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
