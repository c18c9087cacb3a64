/**
 * The canonical CRM dataset that ingest and the demo generator both produce in DuckDB, and the
 * description of it that the catalog and UI read. Role columns always exist under these names
 * (NULL when the source had no such column); every other column is a custom field.
 */
import type { FieldType, Labels } from '../query/catalog.ts';

/** The canonical tables; a dataset may add lookups of its own under other names (`LookupLink`). */
export type TableName =
  'deals' | 'stage_history' | 'activities' | 'clients' | 'managers' | 'products' | 'stages';

/** Canonical role columns with their DuckDB types. Order is the table's column order. */
export const CANONICAL: Record<
  Exclude<TableName, 'clients' | 'managers' | 'products'>,
  Record<string, string>
> = {
  deals: {
    id: 'VARCHAR',
    title: 'VARCHAR',
    created_at: 'TIMESTAMP',
    closed_at: 'TIMESTAMP',
    status: 'VARCHAR', // 'open' | 'won' | 'lost'
    stage: 'VARCHAR',
    pipeline: 'VARCHAR',
    amount: 'DOUBLE',
    currency: 'VARCHAR',
    source: 'VARCHAR',
    lost_reason: 'VARCHAR',
    manager: 'VARCHAR',
    client: 'VARCHAR',
    product: 'VARCHAR',
  },
  stage_history: { deal_id: 'VARCHAR', stage: 'VARCHAR', entered_at: 'TIMESTAMP' },
  activities: {
    id: 'VARCHAR',
    type: 'VARCHAR',
    at: 'TIMESTAMP',
    manager: 'VARCHAR',
    deal_id: 'VARCHAR',
    // Filled from the deal when the source had only the deal.
    client: 'VARCHAR',
  },
  // One row per (pipeline, stage): order, win probability, and whether it ends a deal.
  stages: {
    pipeline: 'VARCHAR',
    stage: 'VARCHAR',
    position: 'INTEGER',
    probability: 'DOUBLE',
    outcome: 'VARCHAR',
  },
};

/** Lookup tables are keyed by the column named like the deals role they join on. */
export const LOOKUP_KEYS = { clients: 'client', managers: 'manager', products: 'product' } as const;

export interface ColumnInfo {
  name: string;
  type: FieldType;
  /** Display label; defaults to the column name. */
  label?: Labels;
  /** Role when it is a canonical column that the source really had (absent roles are hidden). */
  role?: string;
}

/**
 * How a lookup other than clients/managers/products joins: `from` is `deals` or another lookup,
 * and the lookup's key column has the name of the `from` column it matches.
 */
export interface LookupLink {
  from: string;
  column: string;
}

export interface TableInfo {
  /** A `TableName`, or a lookup's own name (then `lookup` says how it joins). */
  name: string;
  columns: ColumnInfo[];
  rows: number;
  lookup?: LookupLink;
}

export interface StageInfo {
  pipeline: string;
  stage: string;
  position: number;
  probability: number;
  outcome: 'open' | 'won' | 'lost';
}

/** What is loaded: which tables and columns exist, with types and roles. */
export interface DatasetModel {
  id: string;
  name: string;
  tables: TableInfo[];
  stages: StageInfo[];
  /** Earliest and latest dates in the deals (YYYY-MM-DD), for period pickers. */
  minDate: string | null;
  maxDate: string | null;
}
