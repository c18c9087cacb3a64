/** Builds the compiler's catalog (fields, facts with joins, measures) from a loaded dataset. */
import type {
  AsOfDef,
  Catalog,
  FactDef,
  FieldDef,
  JoinDef,
  PipelineDef,
} from '../query/catalog.ts';
import { PERIOD_FIELD } from '../query/resolve.ts';
import { crmMeasures } from './measures.ts';
import {
  CANONICAL,
  LOOKUP_KEYS,
  type DatasetModel,
  type LookupLink,
  type StageInfo,
  type TableInfo,
} from './model.ts';
import { ROLE_LABELS, plainLabel } from './labels.ts';

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

function isCanonical(table: string, column: string): boolean {
  const c = (CANONICAL as Record<string, Record<string, string>>)[table];
  return c !== undefined && column in c;
}

function tableFields(t: TableInfo): FieldDef[] {
  // The key is the field it describes (`client`, `source`…), not a second copy of it.
  const key = t.lookup?.column ?? (LOOKUP_KEYS as Record<string, string>)[t.name];
  return t.columns
    .filter((c) => c.name !== key)
    .filter((c) => !isCanonical(t.name, c.name) || c.role !== undefined)
    .filter(
      (c) => !(t.name === 'activities' && ['manager', 'client', 'deal_id', 'id'].includes(c.name)),
    )
    .map((c) => ({
      id: fieldId(t.name, c.name),
      table: t.name,
      column: c.name,
      type: c.type,
      label:
        c.label ??
        (isCanonical(t.name, c.name)
          ? (ROLE_LABELS[c.name] ?? plainLabel(c.name))
          : plainLabel(c.name)),
      ...(c.role ? { role: c.role } : {}),
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

export function buildCatalog(model: DatasetModel): Catalog {
  const tables = new Map(model.tables.map((t) => [t.name as string, t]));
  const has = (t: string) => tables.has(t);
  const dealRoles = new Set(
    tables
      .get('deals')
      ?.columns.filter((c) => c.role)
      .map((c) => c.role!) ?? [],
  );

  const fields: FieldDef[] = [
    {
      id: PERIOD_FIELD,
      table: 'deals',
      column: PERIOD_FIELD,
      type: 'date',
      label: ROLE_LABELS.period!,
    },
  ];
  for (const name of fieldTables(model)) {
    const t = tables.get(name);
    if (t) fields.push(...tableFields(t));
  }

  const lookups = (from: string): JoinDef[] =>
    Object.entries(LOOKUP_KEYS)
      .filter(([t]) => has(t))
      .map(([table, key]) => ({ table, from, on: [{ fromColumn: key, column: key }] }));
  const stagesJoin = (from: string): JoinDef[] =>
    has('stages')
      ? [
          {
            table: 'stages',
            from,
            // Without a pipeline column both sides are NULL, which `=` never matches.
            on: [
              ...(dealRoles.has('pipeline')
                ? [{ fromColumn: 'pipeline', column: 'pipeline' }]
                : []),
              { fromColumn: 'stage', column: 'stage' },
            ],
          },
        ]
      : [];
  // The dataset's own lookups hang on deals or on another lookup; `via` is where the fact meets deals.
  const ownLookups = (via: (l: LookupLink) => string): JoinDef[] =>
    model.tables.flatMap((t) =>
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

  const facts: FactDef[] = [
    {
      id: 'deals',
      table: 'deals',
      joins: [...lookups('deals'), ...ownLookups((l) => l.from), ...stagesJoin('deals')],
      conformed: {},
      // With a stage history, open deals and pipeline can be rebuilt as of a period's end.
      ...(has('stage_history') ? { asOf: DEALS_AS_OF } : {}),
    },
  ];
  if (has('activities')) {
    // An activity's manager and client are its own; everything else about the deal comes by join.
    const viaActivity = lookups('activities').filter((j) => j.table !== 'products');
    const viaDeal = has('products')
      ? [{ table: 'products', from: 'deals', on: [{ fromColumn: 'product', column: 'product' }] }]
      : [];
    facts.push({
      id: 'activities',
      table: 'activities',
      joins: [
        { table: 'deals', from: 'activities', on: [{ fromColumn: 'deal_id', column: 'id' }] },
        ...viaActivity,
        ...viaDeal,
        // Like clients and managers, a lookup of a deal's client or manager follows the activity's own.
        ...ownLookups((l) =>
          l.from === 'deals' && (l.column === 'client' || l.column === 'manager')
            ? 'activities'
            : l.from,
        ),
        ...stagesJoin('deals'),
      ],
      conformed: { manager: 'manager', client: 'client' },
    });
  }

  // Activity dates are needed for the activities measure even though the column is hidden as a field.
  if (has('activities') && !fields.some((f) => f.id === 'activities.at')) {
    fields.push({
      id: 'activities.at',
      table: 'activities',
      column: 'at',
      type: 'date',
      label: ROLE_LABELS.at!,
    });
  }
  const hasDate = (id: string) => fields.some((f) => f.id === id);
  const measures = crmMeasures((r) => dealRoles.has(r), has).map((m) =>
    m.date && !hasDate(m.date) ? { ...m, date: null } : m,
  );
  return { fields, facts, measures, pipelines: pipelines(model.stages) };
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
