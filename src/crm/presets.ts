/**
 * Report presets: ready-made answers to the usual CRM questions. Each is a plain ReportSpec over
 * the general model, so the user can open one and keep pivoting. Ids are a public contract (URLs,
 * saved reports, the CLI): never rename one.
 *
 * A preset asks for roles the dataset may not have (no lost reason column, no activities file);
 * those measures and dimensions are dropped, and what was dropped is reported, so a preset always
 * opens on any dataset.
 */
import type { Catalog } from '../query/catalog.ts';
import type { Labels } from '../lib/i18n.ts';
import { PERIOD_FIELD } from '../query/resolve.ts';
import {
  defaultSpec,
  readsMeasures,
  type Dimension,
  type Period,
  type ReportSpec,
} from '../query/spec/spec.ts';
import type { DatasetModel } from './model.ts';
import { DEFS, type Def, type Wish } from './preset-defs.ts';
import { measureName } from './measures.ts';
import { lacking, type DataFacts, type Need } from './needs.ts';
import { roleColumn } from './vocabulary.ts';

export const PRESET_IDS = [
  'by-source',
  'lost-reasons',
  'by-stage',
  'funnel',
  'managers',
  'clients',
  'custom-field',
  'pipeline',
  'won-size',
  'activities',
  'compare',
  'ltv',
  'cohorts',
  'dynamics',
  'drivers',
  'forecast',
  'pivot',
] as const;

export type PresetId = (typeof PRESET_IDS)[number];

/** What a preset may look at to build its spec. */
export interface PresetContext {
  catalog: Catalog;
  model: DatasetModel;
  /** The period the user picked, if any (inclusive dates). */
  period?: Period | null;
}

export interface Preset {
  id: PresetId;
  title: Labels;
  /** One or two sentences: what the report answers and how to read or extend it. */
  help: Labels;
  /** What the report cannot answer without (see `presetLacks`). */
  needs: readonly Need[];
  spec(ctx: PresetContext): ReportSpec;
}

/** A preset's spec plus the measures and dimensions it had to leave out on this dataset. */
export interface ResolvedPreset {
  spec: ReportSpec;
  dropped: string[];
}

/** The outputs a compared measure adds beside itself. */
const COMPARED_PARTS = ['_previous', '_delta', '_growth'];

/** Turns a wish into a valid spec for this catalog, dropping what it cannot answer. */
function resolve(def: Def, ctx: PresetContext): ResolvedPreset {
  const { catalog } = ctx;
  const w = withConversion(def.build(ctx), catalog);
  const dropped: string[] = [];
  const hasField = (id: string) => id === PERIOD_FIELD || catalog.fields.some((f) => f.id === id);
  const hasMeasure = (id: string) => catalog.measures.some((m) => m.id === id);
  const dims = (list: (Dimension | null)[] | undefined) =>
    (list ?? []).filter((d): d is Dimension => {
      if (d === null) return false;
      if (hasField(d.field)) return true;
      dropped.push(d.field);
      return false;
    });

  // A wish pairs its analysis with that analysis's options, so the spec does too.
  const spec = {
    ...defaultSpec(),
    analysis: w.analysis ?? 'pivot',
    options: { ...w.options },
  } as ReportSpec;
  spec.rows = dims(w.rows);
  spec.columns = dims(w.columns);
  // An analysis that computes its own values (LTV) ignores its measure: leaving one out is no
  // loss to report (LTV's own note already names the columns it left out).
  const counts = readsMeasures(spec.analysis);
  spec.measures = w.measures.filter((m) => hasMeasure(m) || (counts && dropped.push(m), false));
  if (spec.measures.length === 0)
    spec.measures = (w.fallbackMeasures ?? ['deals']).filter(hasMeasure).slice(0, 1);
  spec.filters = (w.filters ?? []).filter(
    (f) => hasField(f.field) || (dropped.push(f.field), false),
  );
  const period = w.period !== undefined ? w.period : (ctx.period ?? null);
  spec.period = period ? { ...period } : null;
  spec.compare = w.compare && spec.period ? w.compare : null;
  const outputs = new Set(
    spec.measures.flatMap((m) =>
      spec.compare ? [m, `${m}_previous`, `${m}_delta`, `${m}_growth`] : [m],
    ),
  );
  spec.sort = (w.sort ?? []).filter((s) => outputs.has(s.key));
  if (spec.sort.length === 0 && w.sort?.length && spec.rows.length) {
    // The wished order's measure is not in the data: the first measure kept takes its place, in
    // the same part of a comparison, so "fastest growth first" stays a growth order.
    const wish = w.sort[0]!;
    const part = spec.compare
      ? (COMPARED_PARTS.find((p) => w.measures.some((m) => wish.key === m + p)) ?? '')
      : '';
    spec.sort = [{ key: spec.measures[0]! + part, dir: wish.dir }];
  }
  spec.limit = w.limit ?? null;
  spec.chart = w.chart ?? 'auto';
  spec.preset = def.id;
  return { spec, dropped: [...new Set(dropped)] };
}

/**
 * On data without lost deals win rate is 100% wherever anything is won: a preset shows conversion
 * (won of created) in its place, sorted and charted the same way.
 */
function withConversion(w: Wish, catalog: Catalog): Wish {
  if (catalog.hasLost !== false || !catalog.measures.some((m) => m.id === 'conversion')) return w;
  const swap = (id: string) =>
    id === 'win_rate' ? 'conversion' : id.startsWith('win_rate_') ? `conversion${id.slice(8)}` : id;
  const measures = [...new Set(w.measures.map(swap))];
  return {
    ...w,
    measures,
    ...(w.sort ? { sort: w.sort.map((s) => ({ ...s, key: swap(s.key) })) } : {}),
  };
}

/** All presets, in menu order. */
export const PRESETS: readonly Preset[] = DEFS.map((def) => ({
  id: def.id,
  title: def.title,
  help: def.help,
  needs: def.needs,
  spec: (ctx: PresetContext) => resolve(def, ctx).spec,
}));

export function isPresetId(id: string): id is PresetId {
  return (PRESET_IDS as readonly string[]).includes(id);
}

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/**
 * What this data lacks of what a preset cannot answer without: none, and it opens; otherwise
 * the gallery shows it as not in this data and the CLI refuses it, naming these.
 */
export function presetLacks(id: string, data: DataFacts): Need[] {
  const p = findPreset(id);
  return p ? lacking(p.needs, data) : [];
}

/**
 * What a preset left out, named for the page: the measure's or the deal column's name in `lang`
 * (it is absent from this dataset's catalog, so the catalog cannot name it), else the id.
 */
export function droppedName(id: string, lang: 'en' | 'ru'): string {
  return (measureName(id) ?? roleColumn('deals', id)?.label)?.[lang] ?? id;
}

/** A preset's spec for this dataset, and which of its measures and fields the dataset lacks. */
export function resolvePreset(id: PresetId, ctx: PresetContext): ResolvedPreset {
  const def = DEFS.find((d) => d.id === id);
  if (!def) throw new Error(`unknown preset '${id}'`);
  return resolve(def, ctx);
}
