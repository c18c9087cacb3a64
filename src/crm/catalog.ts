/** Builds the compiler's catalog (fields, facts with joins, measures) from a loaded dataset. */
import type {
  AsOfDef,
  Catalog,
  FactDef,
  FieldDef,
  JoinDef,
  MeasureDef,
  PipelineDef,
} from '../query/catalog.ts';
import { msg, named, type Named } from '../lib/message.ts';
import type { Labels } from '../lib/i18n.ts';
import { PERIOD_FIELD } from '../query/resolve.ts';
import { crmMeasures } from './measures.ts';
import {
  hasLostDeals,
  lookupKey,
  type DatasetModel,
  type LookupLink,
  type StageInfo,
  type TableInfo,
} from './model.ts';
import { LIST_ORDER, LOOKUP_KEYS, PERIOD_LABEL, roleColumn } from './vocabulary.ts';

/**
 * Tables whose columns are offered as fields, in the order the field list shows them: the
 * dataset's own lookups come after products, in the order the import made them.
 */
export function fieldTables(model: DatasetModel): string[] {
  const own = model.tables.filter((t) => t.lookup).map((t) => t.name);
  return ['deals', 'clients', 'managers', 'products', ...own, 'activities'];
}

/** Field id of a column: deals columns are bare, the rest are `table.column`. */
export function fieldId(table: string, column: string): string {
  return table === 'deals' ? column : `${table}.${column}`;
}

/** A custom column's label: its own name in both languages unless the model gave one. */
function plainLabel(name: string): Labels {
  return { en: name, ru: name };
}

/** An activity's manager and client are answered from the activity itself; ids only link. */
const ACTIVITY_HIDDEN = ['manager', 'client', 'deal_id', 'id'];

function tableFields(t: TableInfo): FieldDef[] {
  // The key is the field it describes (`client`, `source`…), not a second copy of it.
  const key = lookupKey(t);
  return t.columns
    .filter((c) => c.name !== key)
    .filter((c) => !roleColumn(t.name, c.name) || c.role !== undefined)
    .filter((c) => !(t.name === 'activities' && ACTIVITY_HIDDEN.includes(c.name)))
    .map((c) => ({
      id: fieldId(t.name, c.name),
      table: t.name,
      column: c.name,
      type: c.type,
      label: roleColumn(t.name, c.name)?.label ?? c.label ?? plainLabel(c.name),
      ...(c.role ? { role: c.role } : {}),
      ...(c.role === 'amount' ? { money: true } : {}),
    }));
}

const DEALS_AS_OF: AsOfDef = {
  history: 'stage_history',
  historyKey: 'deal_id',
  historyStage: 'stage',
  historyAt: 'entered_at',
  key: 'id',
  stage: 'stage',
  status: 'status',
  created: 'created_at',
  closed: 'closed_at',
  open: 'open',
};

/** What the steps of `buildCatalog` read about the dataset. */
interface Dataset {
  model: DatasetModel;
  has: (table: string) => boolean;
  /** Roles the deals table really has. */
  dealRoles: Set<string>;
}

function dataset(model: DatasetModel): Dataset {
  const tables = new Map(model.tables.map((t) => [t.name, t]));
  const dealRoles = new Set(
    tables
      .get('deals')
      ?.columns.filter((c) => c.role)
      .map((c) => c.role!) ?? [],
  );
  return { model, has: (t) => tables.has(t), dealRoles };
}

/** The period pseudo-field, then every field table's columns in field-list order. */
function catalogFields(ds: Dataset): FieldDef[] {
  const fields: FieldDef[] = [
    { id: PERIOD_FIELD, table: 'deals', column: PERIOD_FIELD, type: 'date', label: PERIOD_LABEL },
  ];
  for (const name of fieldTables(ds.model)) {
    const t = ds.model.tables.find((x) => x.name === name);
    if (t) fields.push(...tableFields(t));
  }
  // Activity dates are needed for the activities measure even though the column is hidden as a field.
  if (ds.has('activities') && !fields.some((f) => f.id === 'activities.at')) {
    fields.push({
      id: 'activities.at',
      table: 'activities',
      column: 'at',
      type: 'date',
      label: roleColumn('activities', 'at')!.label,
    });
  }
  return fields;
}

/** Joins from `from` to the clients, managers and products tables the dataset has. */
function lookupJoins(ds: Dataset, from: string): JoinDef[] {
  return Object.entries(LOOKUP_KEYS)
    .filter(([t]) => ds.has(t))
    .map(([table, key]) => ({ table, from, on: [{ fromColumn: key, column: key }] }));
}

function stagesJoin(ds: Dataset, from: string): JoinDef[] {
  if (!ds.has('stages')) return [];
  // Without a pipeline column both sides are NULL, which `=` never matches.
  const pipeline = ds.dealRoles.has('pipeline')
    ? [{ fromColumn: 'pipeline', column: 'pipeline' }]
    : [];
  return [{ table: 'stages', from, on: [...pipeline, { fromColumn: 'stage', column: 'stage' }] }];
}

/** The dataset's own lookups hang on deals or on another lookup; `via` is where the fact meets deals. */
function ownLookupJoins(ds: Dataset, via: (l: LookupLink) => string): JoinDef[] {
  return ds.model.tables.flatMap((t) =>
    t.lookup
      ? [
          {
            table: t.name,
            from: via(t.lookup),
            on: [{ fromColumn: t.lookup.column, column: t.lookup.column }],
          },
        ]
      : [],
  );
}

const hasField = (fields: FieldDef[], id: string) => fields.some((f) => f.id === id);

function dealsFact(ds: Dataset, fields: FieldDef[]): FactDef {
  return {
    id: 'deals',
    table: 'deals',
    joins: [
      ...lookupJoins(ds, 'deals'),
      ...ownLookupJoins(ds, (l) => l.from),
      ...stagesJoin(ds, 'deals'),
    ],
    conformed: {},
    // A deal comes to be when it is created.
    date: hasField(fields, 'created_at') ? 'created_at' : null,
    // With a stage history, open deals and pipeline can be rebuilt as of a period's end.
    ...(ds.has('stage_history') ? { asOf: DEALS_AS_OF } : {}),
  };
}

/** An activity's manager and client are its own; everything else about the deal comes by join. */
function activitiesFact(ds: Dataset, fields: FieldDef[]): FactDef {
  const viaActivity = lookupJoins(ds, 'activities').filter((j) => j.table !== 'products');
  const viaDeal = ds.has('products')
    ? [{ table: 'products', from: 'deals', on: [{ fromColumn: 'product', column: 'product' }] }]
    : [];
  return {
    id: 'activities',
    table: 'activities',
    joins: [
      { table: 'deals', from: 'activities', on: [{ fromColumn: 'deal_id', column: 'id' }] },
      ...viaActivity,
      ...viaDeal,
      // Like clients and managers, a lookup of a deal's client or manager follows the activity's own.
      ...ownLookupJoins(ds, (l) =>
        l.from === 'deals' && (l.column === 'client' || l.column === 'manager')
          ? 'activities'
          : l.from,
      ),
      ...stagesJoin(ds, 'deals'),
    ],
    conformed: { manager: 'manager', client: 'client' },
    // Its own date: when it took place, or the first date the source gave it.
    date: fields.find((f) => f.table === 'activities' && f.type === 'date')?.id ?? null,
  };
}

export function buildCatalog(model: DatasetModel): Catalog {
  const ds = dataset(model);
  const fields = catalogFields(ds);
  const facts = [dealsFact(ds, fields)];
  if (ds.has('activities')) facts.push(activitiesFact(ds, fields));
  // A measure whose date field this dataset lacks ignores the period's date (and says so).
  const hasLost = hasLostDeals(model);
  const order = pipelines(model.stages);
  const measures = withNoLostNote(
    crmMeasures({ fields, facts, pipelines: order, hasLost }).map((m) =>
      m.date && !hasField(fields, m.date) ? { ...m, date: null, lacksDate: dateNamed(m.date) } : m,
    ),
    hasLost,
  );
  return {
    hasLost,
    fields: withValueOrder(fields, order),
    facts,
    measures,
    defaultFact: 'deals',
    listOrder: LIST_ORDER,
    pipelines: order,
  };
}

/** Stages follow their pipeline's order (pipelines one after another), pipelines the dataset's. */
function withValueOrder(fields: FieldDef[], order: PipelineDef[]): FieldDef[] {
  if (order.length === 0) return fields;
  const stages = [...new Set(order.flatMap((p) => p.stages.map((s) => s.name)))];
  const names = order.map((p) => p.name).filter((n) => n !== '');
  return fields.map((f) => {
    if (f.table !== 'deals') return f;
    if (f.role === 'stage') return { ...f, valueOrder: stages };
    if (f.role === 'pipeline' && names.length) return { ...f, valueOrder: names };
    return f;
  });
}

/** Without lost deals win rate is 100% wherever anything is won: say so wherever it shows. */
/** A date field this dataset lacks, named by the vocabulary (`closed_at` → Closed / Дата закрытия). */
function dateNamed(id: string): Named {
  return { id, label: roleColumn('deals', id)?.label ?? { en: id, ru: id } };
}

function withNoLostNote(measures: MeasureDef[], hasLost: boolean): MeasureDef[] {
  const conversion = measures.find((m) => m.id === 'conversion');
  if (hasLost || !conversion) return measures;
  return measures.map((m) =>
    m.id === 'win_rate'
      ? {
          ...m,
          note: msg('note_winRateNoLost', { measure: named(m), conversion: named(conversion) }),
        }
      : m,
  );
}

/** The pipelines in the order they first appear, each with its stages by position. */
export function pipelines(stages: StageInfo[]): PipelineDef[] {
  const names = [...new Set(stages.map((s) => s.pipeline))];
  return names.map((name) => ({
    name,
    stages: stages
      .filter((s) => s.pipeline === name)
      .sort((a, b) => a.position - b.position)
      .map((s) => ({ name: s.stage, probability: s.probability, outcome: s.outcome })),
  }));
}
