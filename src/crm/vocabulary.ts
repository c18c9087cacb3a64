/**
 * The CRM vocabulary, written once: the canonical tables, their role columns in column order with
 * DuckDB type and EN/RU label, the table kinds a file can be loaded as, and the order of a row list.
 * Ingest, the demo, the catalog, the CLI and the mapping screen all read it; the header names CRM
 * exports use for each role are beside it in `synonyms.ts`, keyed by the same ids.
 */
import type { Labels } from '../lib/i18n.ts';
import type { FieldType } from '../query/catalog.ts';
import { own } from '../lib/own.ts';

/** The DuckDB type a role column is created with. */
export type ColumnType = 'VARCHAR' | 'TIMESTAMP' | 'DOUBLE' | 'INTEGER';

export interface RoleDef {
  type: ColumnType;
  label: Labels;
}

const role = (type: ColumnType, en: string, ru: string): RoleDef => ({ type, label: { en, ru } });

const DEAL = {
  id: role('VARCHAR', 'Deal ID', 'ID сделки'),
  title: role('VARCHAR', 'Title', 'Название'),
  created_at: role('TIMESTAMP', 'Created', 'Дата создания'),
  closed_at: role('TIMESTAMP', 'Closed', 'Дата закрытия'),
  // Always one of 'open', 'won', 'lost', whatever the source called them.
  status: role('VARCHAR', 'Status', 'Статус'),
  stage: role('VARCHAR', 'Stage', 'Этап'),
  pipeline: role('VARCHAR', 'Pipeline', 'Воронка'),
  amount: role('DOUBLE', 'Amount', 'Сумма'),
  currency: role('VARCHAR', 'Currency', 'Валюта'),
  source: role('VARCHAR', 'Source', 'Источник'),
  lost_reason: role('VARCHAR', 'Lost reason', 'Причина отказа'),
  manager: role('VARCHAR', 'Manager', 'Менеджер'),
  client: role('VARCHAR', 'Client', 'Клиент'),
  product: role('VARCHAR', 'Product', 'Продукт'),
};

const DEAL_LINK = role('VARCHAR', 'Deal ID', 'ID сделки');

const HISTORY = {
  deal_id: DEAL_LINK,
  stage: DEAL.stage,
  entered_at: role('TIMESTAMP', 'Entered stage', 'Вход в этап'),
};

const ACTIVITY = {
  id: role('VARCHAR', 'Activity ID', 'ID активности'),
  type: role('VARCHAR', 'Activity type', 'Тип активности'),
  at: role('TIMESTAMP', 'Activity date', 'Дата активности'),
  manager: DEAL.manager,
  deal_id: DEAL_LINK,
  // Filled from the deal when the source had only the deal.
  client: DEAL.client,
};

/** One row per (pipeline, stage): order, win probability, and whether it ends a deal. */
const STAGE = {
  pipeline: DEAL.pipeline,
  stage: DEAL.stage,
  position: role('INTEGER', 'Position', 'Порядок'),
  probability: role('DOUBLE', 'Probability', 'Вероятность'),
  outcome: role('VARCHAR', 'Outcome', 'Итог'),
};

interface TableDef {
  label: Labels;
  /** Role columns in the table's column order. */
  columns: Record<string, RoleDef>;
  /** For clients, managers and products: the key, named like the deals role it describes. */
  key?: DealRole;
}

/** The canonical tables; a dataset may add lookups of its own under other names (`LookupLink`). */
export const TABLES = {
  deals: { label: { en: 'Deals', ru: 'Сделки' }, columns: DEAL },
  stage_history: { label: { en: 'Stage history', ru: 'История этапов' }, columns: HISTORY },
  activities: { label: { en: 'Activities', ru: 'Активности' }, columns: ACTIVITY },
  clients: {
    label: { en: 'Clients', ru: 'Клиенты' },
    columns: { client: DEAL.client },
    key: 'client',
  },
  managers: {
    label: { en: 'Managers', ru: 'Менеджеры' },
    columns: { manager: DEAL.manager },
    key: 'manager',
  },
  products: {
    label: { en: 'Products', ru: 'Продукты' },
    columns: { product: DEAL.product },
    key: 'product',
  },
  stages: { label: { en: 'Stages', ru: 'Этапы' }, columns: STAGE },
} satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;
export type DealRole = keyof typeof DEAL;
export type ActivityRole = keyof typeof ACTIVITY;
export type HistoryRole = keyof typeof HISTORY;

/** The one role of a lookup file while it is mapped; loaded, the key takes the name it joins on. */
export const KEY_ROLE = 'key';
const KEY = role('VARCHAR', 'Key', 'Ключ');

/** A role a column of an imported file can play. */
export type Role = DealRole | ActivityRole | HistoryRole | typeof KEY_ROLE;

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T)[];
export const DEAL_ROLES: readonly DealRole[] = keys(DEAL);
export const ACTIVITY_ROLES: readonly ActivityRole[] = keys(ACTIVITY);
export const HISTORY_ROLES: readonly HistoryRole[] = keys(HISTORY);

/** Tables created with every role column (NULL where the source had none); lookups keep their file's. */
export type FixedTable = 'deals' | 'stage_history' | 'activities' | 'stages';

/** The fixed tables' role columns with their DuckDB types, in column order. */
export const CANONICAL = Object.fromEntries(
  (['deals', 'stage_history', 'activities', 'stages'] as const).map((t) => [
    t,
    Object.fromEntries(Object.entries(TABLES[t].columns).map(([c, d]) => [c, d.type])),
  ]),
) as Record<FixedTable, Record<string, ColumnType>>;

export type LookupTable = 'clients' | 'managers' | 'products';

/** Lookup tables are keyed by the column named like the deals role they join on. */
export const LOOKUP_KEYS = {
  clients: TABLES.clients.key,
  managers: TABLES.managers.key,
  products: TABLES.products.key,
} as const satisfies Record<LookupTable, DealRole>;

/** A role column of a canonical table (a fixed table's role or a lookup's key), if it is one. */
export function roleColumn(table: string, column: string): RoleDef | undefined {
  const t = own(TABLES as Record<string, TableDef>, table);
  return t && Object.hasOwn(t.columns, column) ? t.columns[column] : undefined;
}

/** A canonical table's name in both languages; undefined for a dataset's own lookup. */
export function tableLabel(table: string): Labels | undefined {
  return own(TABLES as Record<string, TableDef>, table)?.label;
}

/**
 * What a file may be loaded as: a canonical table, orders (deals that were all won), or a lookup
 * of any deals column (or of another lookup's column).
 */
export const TABLE_KINDS = [
  'deals',
  'stage_history',
  'activities',
  'clients',
  'managers',
  'products',
  'orders',
  'lookup',
] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

const KIND_LABELS: Record<Exclude<TableKind, TableName>, Labels> = {
  orders: { en: 'Orders (won deals)', ru: 'Заказы (выигранные сделки)' },
  lookup: { en: 'Lookup (matched by values)', ru: 'Справочник (по совпадению значений)' },
};

export function kindLabel(kind: TableKind): Labels {
  return Object.hasOwn(KIND_LABELS, kind)
    ? KIND_LABELS[kind as keyof typeof KIND_LABELS]
    : TABLES[kind as TableName].label;
}

/** The kinds whose columns take roles (the facts); every other kind is a lookup with a key. */
export function isLookupKind(kind: TableKind): boolean {
  return !['deals', 'orders', 'activities', 'stage_history'].includes(kind);
}

/** The roles a column of a file of this kind may take. */
export function kindRoles(kind: TableKind): readonly Role[] {
  if (kind === 'deals' || kind === 'orders') return DEAL_ROLES;
  if (kind === 'activities') return ACTIVITY_ROLES;
  if (kind === 'stage_history') return HISTORY_ROLES;
  return [KEY_ROLE];
}

/** A role's name on the mapping screen, in both languages. */
export function roleLabel(kind: TableKind, r: Role): Labels {
  if (r === KEY_ROLE) return KEY.label;
  const table = kind === 'activities' || kind === 'stage_history' ? kind : 'deals';
  return roleColumn(table, r)?.label ?? { en: r, ru: r };
}

/** How a role column's DuckDB type reads as a field. */
export function fieldType(type: ColumnType): FieldType {
  if (type === 'TIMESTAMP') return 'date';
  if (type === 'DOUBLE' || type === 'INTEGER') return 'number';
  return 'text';
}

/**
 * The type a column taking `role` in a file of `kind` is loaded as, whatever its values looked
 * like: the role's canonical type (a lookup's key is text). The mapping screen shows it in place
 * of the column's own type, which the import does not read for a role column.
 */
export function roleFieldType(kind: TableKind, role: Role): FieldType | undefined {
  if (role === KEY_ROLE) return 'text';
  const table = kind === 'activities' || kind === 'stage_history' ? kind : 'deals';
  const def = roleColumn(table, role);
  return def && fieldType(def.type);
}

/** The pseudo-field "each measure's own date". */
export const PERIOD_LABEL: Labels = { en: 'Period', ru: 'Период' };

/**
 * Order of the columns of a list of rows (drill-down): who and when first, then the deal's state
 * and money, then what it belongs to. Any other column follows in field order.
 */
export const LIST_ORDER: readonly string[] = [
  'id',
  'title',
  'type',
  'at',
  'created_at',
  'closed_at',
  'status',
  'stage',
  'pipeline',
  'amount',
  'currency',
  'manager',
  'client',
  'source',
  'lost_reason',
  'product',
  'deal_id',
];
