/**
 * The canonical CRM dataset that ingest and the demo generator both produce in DuckDB (the tables
 * and role columns of `vocabulary.ts`), and the description of it that the catalog and UI read.
 * Role columns always exist under their canonical names (NULL when the source had no such column);
 * every other column is a custom field. Both producers describe what they loaded with
 * `describeDataset`, so the two descriptions cannot drift apart.
 */
import type { Labels } from '../lib/i18n.ts';
import type { FieldType } from '../query/catalog.ts';
import { LOOKUP_KEYS, roleColumn } from './vocabulary.ts';
import { own } from '../lib/own.ts';

export interface ColumnInfo {
  name: string;
  type: FieldType;
  /** Display label of a custom column; role columns take the vocabulary's, others their name. */
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
  /** A canonical table's name (`TableName`), or a lookup's own (then `lookup` says how it joins). */
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

/** A table as it was loaded, before it is described. */
export interface LoadedTable {
  name: string;
  columns: { name: string; type: FieldType }[];
  rows: number;
  /** The role columns that a source column really fed; the others exist but hold only NULL. */
  roles: ReadonlySet<string>;
  lookup?: LookupLink;
}

export interface LoadedDataset {
  id: string;
  name: string;
  tables: LoadedTable[];
  stages: StageInfo[];
  minDate: string | null;
  maxDate: string | null;
  /** Labels of custom columns, by table and column, when the source has them (the demo does). */
  labels?: Record<string, Record<string, Labels>>;
}

/**
 * The description of a loaded dataset, the same for every producer: a column plays its role when
 * it is a role column of its table in the vocabulary (a lookup's key included) and the source fed
 * it; custom columns keep the labels given for them.
 */
export function describeDataset(d: LoadedDataset): DatasetModel {
  const tables = d.tables.map((t): TableInfo => {
    const columns = t.columns.map((c): ColumnInfo => {
      const info: ColumnInfo = { name: c.name, type: c.type };
      const isRole = roleColumn(t.name, c.name) !== undefined;
      const label = isRole ? undefined : own(own(d.labels, t.name), c.name);
      if (label) info.label = label;
      if (isRole && t.roles.has(c.name)) info.role = c.name;
      return info;
    });
    return { name: t.name, columns, rows: t.rows, ...(t.lookup ? { lookup: t.lookup } : {}) };
  });
  return {
    id: d.id,
    name: d.name,
    tables,
    stages: d.stages,
    minDate: d.minDate,
    maxDate: d.maxDate,
  };
}

/** The key column of a lookup table: its link's column, or the deals role a canonical lookup is named after. */
export function lookupKey(t: TableInfo): string | undefined {
  return t.lookup?.column ?? own(LOOKUP_KEYS as Record<string, string>, t.name);
}
