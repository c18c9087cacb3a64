/**
 * An analysis's output columns that need something of the data (crm/needs.ts), and how a result
 * leaves out those this data cannot fill: without deal amounts every money column of the
 * forecast would read 0, and without titles or a stage a deals list would show empty columns.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { Expr } from '../../query/sql/ast.ts';
import type { Message } from '../../lib/message.ts';
import { answerable, leftOutNote, type DataFacts, type Need } from '../needs.ts';

/**
 * What a column of this format needs of the data: money needs deal amounts (without them a sum
 * reads 0 for every row). Derived from the format the column declares, so a new money column
 * cannot be forgotten in a hand-kept list.
 */
export function formatNeeds(format: OutputColumn['format']): Need[] {
  return format === 'money' ? ['amount'] : [];
}

/**
 * The forecast's columns (its periods, its deals list, its backtest) that need more than their
 * format says: a share of the expected revenue (a percent), a deal's title, stage and days in
 * it, its manager (a lead export without one listed "(empty)" on every deal).
 */
export const FORECAST_NEEDS: Readonly<Record<string, readonly Need[]>> = {
  share_of_expected: ['amount'],
  title: ['title'],
  stage: ['stage'],
  manager: ['manager'],
  days_in_stage: ['stage_history'],
};

/** A column's needs: its format's and those declared for its key. */
export function columnNeeds(
  c: OutputColumn,
  declared: Readonly<Record<string, readonly Need[]>>,
): Need[] {
  return [...new Set([...formatNeeds(c.format), ...(declared[c.key] ?? [])])];
}

/** What a result keeps: its select items and columns without those the data cannot fill. */
export interface Kept {
  items: [Expr, string][];
  columns: OutputColumn[];
  /** The output keys left out, and what they needed. */
  left: string[];
  lacks: Need[];
}

export function keepAnswerable(
  items: [Expr, string][],
  columns: OutputColumn[],
  needs: Readonly<Record<string, readonly Need[]>>,
  data: DataFacts,
): Kept {
  const parts = columns.map((c) => ({ key: c.key, needs: columnNeeds(c, needs) }));
  const { left, lacks } = answerable(parts, data);
  const out = new Set(left.map((p) => p.key));
  return {
    items: items.filter(([, key]) => !out.has(key)),
    columns: columns.filter((c) => !out.has(c.key)),
    left: [...out],
    lacks,
  };
}

/** The note of what a result left out, with what the analysis does instead when amounts lack. */
export function keptNote(kept: Kept, withoutAmount: Message): Message[] {
  if (kept.left.length === 0) return [];
  return [
    leftOutNote(kept.left, kept.lacks, kept.lacks.includes('amount') ? withoutAmount : undefined),
  ];
}
