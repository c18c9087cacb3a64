/**
 * From command-line options to a ReportSpec: start from `--spec`, a preset or an empty pivot, then
 * apply `--by`, `--measures`, the period, comparison, sort and limit. Field names are forgiving
 * (a role, a column, `table.column`, a lookup key); the output keys stay as the user typed them.
 */
import type { Catalog, FieldDef } from '../query/catalog.ts';
import { PERIOD_FIELD } from '../query/resolve.ts';
import {
  defaultSpec,
  dimensionKey,
  parseDimension,
  type Dimension,
  type ReportSpec,
} from '../query/spec/spec.ts';
import { validateSpec } from '../query/spec/validate.ts';
import { MEASURE_IDS } from '../crm/measures.ts';
import type { DatasetModel } from '../crm/model.ts';
import { LOOKUP_KEYS } from '../crm/vocabulary.ts';
import { PRESET_IDS, isPresetId, presetLacks, resolvePreset } from '../crm/presets.ts';
import { needsParam } from '../crm/needs.ts';
import { UsageError, type ReportArgs } from './args.ts';
import { msg, type Message } from '../lib/message.ts';

export interface CliSpec {
  spec: ReportSpec;
  /** Output column key → the name the user gave it (`manager` → `managers.manager`). */
  rename: Map<string, string>;
  /** Things left out or approximated, for stderr. */
  notes: Message[];
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Finds the catalog field a user means: an exact field id, a role, `table.key` of a lookup (the
 * catalog shows a lookup's key as the deals role: `clients.client` is `client`), a bare column of
 * one other table (`sector` → `clients.sector`), a column label, and finally any of those ignoring case.
 */
export function resolveFieldName(catalog: Catalog, text: string): string {
  const fields = catalog.fields;
  const exact = (pred: (f: FieldDef) => boolean) => fields.find(pred)?.id;
  if (text === PERIOD_FIELD) return text;
  const dot = text.indexOf('.');
  const key = (exactCase: boolean) => {
    if (dot <= 0) return undefined;
    const eq = (a: string, b: string) => (exactCase ? a === b : norm(a) === norm(b));
    // `table.column` names that table's own column first: a managers file's `manager` column (the
    // team lead) beside its key. The importer keeps such a header as `manager (2)`, the key taking
    // the role's name (ingest/load/build.ts `Names`).
    const [t, c] = [text.slice(0, dot), text.slice(dot + 1)];
    const own = fields.find((f) => eq(f.table, t) && eq(f.column, c) && f.table !== 'deals');
    if (own) return own.id;
    const kept = fields.find((f) => eq(f.table, t) && eq(f.column, `${c} (2)`));
    if (kept && fields.some((f) => f.role === c)) return kept.id;
    // A lookup's key is the column it joins on: `clients.client` is `client`, `sources.source`
    // is `source`, `cities.City` is `clients.City`.
    for (const fact of catalog.facts) {
      for (const j of fact.joins) {
        const on = j.on.length === 1 ? j.on[0]! : undefined;
        if (!on || !eq(j.table, text.slice(0, dot)) || !eq(on.column, text.slice(dot + 1)))
          continue;
        const f = fields.find((x) => x.table === j.from && x.column === on.fromColumn);
        if (f) return f.id;
      }
    }
    // Without a managers (clients, products) file, `managers.manager` still means the deals role.
    for (const [table, role] of Object.entries(LOOKUP_KEYS))
      if (eq(table, text.slice(0, dot)) && eq(role, text.slice(dot + 1)))
        return fields.find((f) => f.id === role)?.id;
    return undefined;
  };
  const exactKey = key(true);
  if (exactKey) return exactKey;
  const found =
    exact((f) => f.id === text) ??
    exact((f) => f.table === 'deals' && f.role === text) ??
    exact((f) => f.role === text);
  if (found) return found;
  const others = fields.filter((f) => f.table !== 'deals' && f.column === text);
  if (others.length === 1) return others[0]!.id;
  const byLabel = fields.filter((f) => f.label.en === text || f.label.ru === text);
  if (byLabel.length === 1) return byLabel[0]!.id;
  const loose = fields.filter((f) => norm(f.id) === norm(text) || norm(f.column) === norm(text));
  if (loose.length === 1) return loose[0]!.id;
  const looseKey = key(false);
  if (looseKey) return looseKey;
  const near = fields
    .map((f) => f.id)
    .filter(
      (id) =>
        id !== PERIOD_FIELD && (norm(id).includes(norm(text)) || norm(text).includes(norm(id))),
    )
    .slice(0, 3);
  throw new UsageError(
    near.length
      ? msg('cli_unknownFieldNear', {
          field: text,
          near: near.map((n) => msg('cli_quoted', { text: n })),
        })
      : msg('cli_unknownField', { field: text }),
  );
}

/** `closed_at:quarter` → a dimension on the resolved field, keeping the grain. */
function dimension(catalog: Catalog, text: string): Dimension {
  const d = parseDimension(text);
  let field: string;
  try {
    field = resolveFieldName(catalog, d.field);
  } catch (e) {
    const i = text.lastIndexOf(':');
    if (d.grain || i <= 0) throw e;
    resolveFieldName(catalog, text.slice(0, i)); // a known field with a wrong grain
    throw new UsageError(msg('cli_unknownGrain', { text, grain: text.slice(i + 1) }));
  }
  const f = catalog.fields.find((x) => x.id === field);
  if (d.grain && field !== PERIOD_FIELD && f?.type !== 'date') {
    throw new UsageError(msg('cli_notDate', { field: d.field, grain: d.grain }));
  }
  return { ...d, field };
}

function checkMeasures(catalog: Catalog, ids: string[]): void {
  for (const id of ids) {
    if (catalog.measures.some((m) => m.id === id) || id.includes(':')) continue;
    if (MEASURE_IDS.includes(id)) {
      throw new UsageError(msg('cli_measureUnavailable', { id }));
    }
    throw new UsageError(msg('cli_unknownMeasure', { id, ids: catalog.measures.map((m) => m.id) }));
  }
}

export async function buildCliSpec(
  args: ReportArgs,
  catalog: Catalog,
  model: DatasetModel,
  readSpecFile: (path: string) => Promise<unknown>,
): Promise<CliSpec> {
  const notes: Message[] = [];
  const rename = new Map<string, string>();
  const period =
    args.from || args.to
      ? { from: args.from ?? model.minDate, to: args.to ?? model.maxDate }
      : null;
  if (period && (!period.from || !period.to)) throw new UsageError(msg('cli_noDates'));

  let spec: ReportSpec;
  if (args.spec) {
    spec = validateSpec(await readSpecFile(args.spec));
  } else if (args.preset) {
    if (!isPresetId(args.preset)) {
      throw new UsageError(msg('cli_unknownPreset', { id: args.preset, ids: [...PRESET_IDS] }));
    }
    // A report that needs what the data lacks would print a table of zeros or one total row.
    const lacks = presetLacks(args.preset, catalog);
    if (lacks.length)
      throw new UsageError(
        msg('presetUnavailable', { preset: args.preset, needs: needsParam(lacks) }),
      );
    const r = resolvePreset(args.preset, {
      catalog,
      model,
      period: period as ReportSpec['period'],
    });
    spec = r.spec;
    if (r.dropped.length)
      notes.push(msg('note_presetDropped', { preset: args.preset, fields: r.dropped }));
  } else {
    spec = defaultSpec();
    if (!args.measures) throw new UsageError(msg('cli_noReport'));
  }
  if (args.spec && args.preset) throw new UsageError(msg('cli_presetOrSpec'));

  if (args.by) {
    spec.rows = args.by.map((text) => {
      const d = dimension(catalog, text);
      if (dimensionKey(d) !== text) rename.set(dimensionKey(d), text);
      return d;
    });
    spec.columns = [];
  }
  if (args.measures) spec.measures = args.measures;
  checkMeasures(catalog, spec.measures);
  if (args.date) spec.date = resolveFieldName(catalog, args.date);
  if (period) spec.period = period as ReportSpec['period'];
  if (args.compare) spec.compare = args.compare;
  if (spec.compare && !spec.period) throw new UsageError(msg('cli_compareNeedsPeriod'));
  if (args.sort) spec.sort = args.sort.map((s) => ({ ...s, key: keyOf(s.key, rename) }));
  if (args.limit) spec.limit = args.limit;
  if (args.asOf || args.horizon || args.backtest || args.topDeals) {
    if (spec.analysis !== 'forecast') throw new UsageError(msg('cli_forecastOnly'));
    if (args.backtest && args.topDeals) throw new UsageError(msg('cli_backtestOrTop'));
    spec.options = {
      ...spec.options,
      ...(args.asOf ? { asOf: args.asOf } : {}),
      ...(args.horizon ? { horizon: args.horizon } : {}),
      ...(args.backtest ? { backtest: true } : {}),
      ...(args.topDeals ? { topDeals: args.topDeals } : {}),
    };
  }
  // Flat rows: no subtotal lines in CLI output.
  spec.totals = false;
  return { spec: validateSpec(spec), rename, notes };
}

/** A sort key as typed (`managers.manager`) → the output column it names (`manager`). */
function keyOf(text: string, rename: Map<string, string>): string {
  for (const [key, name] of rename) if (name === text) return key;
  return text;
}
