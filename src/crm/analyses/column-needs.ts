/**
 * An analysis's output columns that need something of the data (crm/needs.ts), and how a result
 * leaves out those this data cannot fill: without deal amounts every money column of the
 * forecast would read 0, and without titles or a stage a deals list would show empty columns.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { Expr } from '../../query/sql/ast.ts';
import type { Message } from '../../lib/message.ts';
import { answerable, leftOutNote, type DataFacts, type Need } from '../needs.ts';

/** The forecast's columns (its periods, its deals list, its backtest) that need more than deals. */
export const FORECAST_NEEDS: Readonly<Record<string, readonly Need[]>> = {
  expected_revenue: ['amount'],
  low: ['amount'],
  high: ['amount'],
  actual_revenue: ['amount'],
  baseline_revenue: ['amount'],
  error_revenue: ['amount'],
  baseline_error_revenue: ['amount'],
  mae_revenue: ['amount'],
  baseline_mae_revenue: ['amount'],
  amount: ['amount'],
  share_of_expected: ['amount'],
  title: ['title'],
  stage: ['stage'],
  days_in_stage: ['stage_history'],
};

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
  const parts = columns.map((c) => ({ key: c.key, needs: needs[c.key] ?? [] }));
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
