/**
 * What the compiler needs to know about a dataset: its fields, its fact tables with their joins,
 * the measures, and the pipelines with their stages. Built from a dataset by `crm/catalog.ts`; the
 * pivot compiler reads nothing else, so it knows no table, column or role by name.
 */
import type { Labels } from '../lib/i18n.ts';
import type { Message, Named } from '../lib/message.ts';
import type { Expr } from './sql/ast.ts';

export type FieldType = 'text' | 'number' | 'date' | 'boolean';

export type MeasureFormat = 'int' | 'number' | 'money' | 'pct' | 'days';
/** A difference of two rates, in percentage points (0.026 → `+2.6 pp`). */
export type DeltaFormat = MeasureFormat | 'pp';

export interface FieldDef {
  /** Stable id used in specs: deals columns bare (`manager`), others `table.column`. */
  id: string;
  table: string;
  column: string;
  type: FieldType;
  label: Labels;
  /** The CRM role this column plays, if any (`manager`, `closed_at`…). */
  role?: string;
  /** The column holds amounts of money (a list of rows shows them with the currency). */
  money?: boolean;
  /**
   * The values' own order (stages by their pipeline's order, pipelines as the dataset lists them):
   * rows, filter lists and charts follow it; values not in it come after, alphabetically.
   */
  valueOrder?: readonly string[];
}

/** One equality join step: `<from>.<fromColumn> = <table>.<column>`, pairwise for composite keys. */
export interface JoinDef {
  table: string;
  from: string;
  on: { fromColumn: string; column: string }[];
}

export interface FactDef {
  id: string;
  /** The table whose rows are counted. */
  table: string;
  /** Tables reachable from this fact, in dependency order (a join may start from an earlier one). */
  joins: JoinDef[];
  /**
   * Fields this fact answers from its own columns instead of through a join: an activity's
   * manager is the activity's, not its deal's.
   */
  conformed: Record<string, string>;
  /**
   * When the fact keeps a history of stages, snapshot measures (no date: open deals, pipeline) are
   * evaluated as of the period's end: which rows were open then, and in which stage.
   */
  asOf?: AsOfDef;
  /**
   * The date field a row of this fact is counted by when a measure names none (a generic
   * `sum:<field>`): when the row came to be. Null when the fact has none.
   */
  date: string | null;
}

/** Column names for rebuilding a fact's status and stage at a past moment from its history. */
export interface AsOfDef {
  history: string;
  historyKey: string;
  historyStage: string;
  historyAt: string;
  key: string;
  stage: string;
  status: string;
  created: string;
  closed: string;
  /** The status value of a row open at that moment. */
  open: string;
}

export interface MeasureDef {
  id: string;
  label: Labels;
  description: Labels;
  fact: string;
  /**
   * The field id of the date the period applies to by default (`closed_at` for revenue), or
   * null for snapshot measures (open pipeline "now") that ignore the period's date.
   */
  date: string | null;
  /**
   * The aggregate over the fact's rows that fall in the period (by this measure's date). Column
   * references name tables (`col('deals', 'amount')`); the compiler maps them to its aliases.
   */
  expr: Expr;
  format: MeasureFormat;
  /** Sums of parts equal the total (counts, sums); false for rates, medians, distinct counts. */
  additive: boolean;
  /** Whether "% of total" means something. */
  shareable: boolean;
  /**
   * A ratio of two other measures (which may live on different facts, e.g. activities per won
   * deal), computed after both are aggregated for the same cell; `expr` is then unused.
   */
  ratio?: { numerator: string; denominator: string };
  /**
   * For a rate or a mean over one fact's rows: the two aggregates it divides (`expr` is
   * numerator / denominator). Drivers of change split its change into mix and rate with them.
   */
  parts?: { numerator: Expr; denominator: Expr };
  /** Shown beside every result that has this measure (win rate on data without lost deals). */
  note?: Message;
  /**
   * The date this measure counts by that the dataset lacks (`date` is then null): a period cannot
   * limit it, and a report with one says so rather than show an all-time figure as the period's.
   */
  lacksDate?: Named;
  /**
   * A rise is the bad news (more lost deals, a longer sales cycle): a comparison ranks and colours
   * its change with the sign turned, while its numbers and `<m>_growth_rank` stay as they are.
   */
  worseWhenMore?: true;
}

/** Where a stage leaves a deal: still open, or closed as won or lost. */
export type StageOutcome = 'open' | 'won' | 'lost';

export interface StageDef {
  name: string;
  /** Chance that a deal in this stage is won, 0–1. */
  probability: number;
  outcome: StageOutcome;
}

/** A pipeline and its stages in the pipeline's order. */
export interface PipelineDef {
  /** As the deals spell it; '' for the one pipeline of deals that name none. */
  name: string;
  stages: StageDef[];
}

export interface Catalog {
  fields: FieldDef[];
  facts: FactDef[];
  measures: MeasureDef[];
  /** The fact a generic measure counts when the field it aggregates is no fact's own column. */
  defaultFact: string;
  /** Preferred order of a list of rows' columns, by column name; the others follow in field order. */
  listOrder: readonly string[];
  /** In the dataset's order; empty when the dataset has no stage order. */
  pipelines: PipelineDef[];
  /** False when the data has no lost deal (lead exports): win rate is then 100% and misleads. */
  hasLost?: boolean;
}

export function findField(catalog: Catalog, id: string): FieldDef | undefined {
  return catalog.fields.find((f) => f.id === id);
}

export function findMeasure(catalog: Catalog, id: string): MeasureDef | undefined {
  return catalog.measures.find((m) => m.id === id);
}
