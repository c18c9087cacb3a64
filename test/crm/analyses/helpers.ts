/** Shared helpers for the analysis tests: run a compiled query, compare rows with a reference. */
import { expect } from 'vitest';
import type { CompiledQuery } from '../../../src/query/compiled.ts';
import type { Engine } from '../../../src/engine/types.ts';
import {
  defaultSpec,
  type AnalysisKind,
  type OptionsOf,
  type SpecBase,
  type SpecOf,
} from '../../../src/query/spec/spec.ts';
import { queryCompiled, rowsOf, type Row } from '../../query/helpers.ts';
import type { Deal, Rec } from './reference.ts';
import type { MidDeal } from '../../fixtures/mid-crm.ts';
import { DEALS } from '../../fixtures/tiny-crm.ts';

export type { Row };

/** The default spec with a patch; its type follows `patch.analysis` (a pivot without one). */
export function spec<A extends AnalysisKind = 'pivot'>(
  patch: Partial<SpecBase> & { analysis?: A; options?: OptionsOf[A] },
): SpecOf<NoInfer<A>> {
  return { ...defaultSpec(), ...patch } as SpecOf<A>;
}

/** Runs a compiled query; a DuckDB error carries the SQL. Checks the result has exactly the declared columns. */
export async function exec(engine: Engine, c: CompiledQuery): Promise<Row[]> {
  let rows: Row[];
  try {
    const t = await queryCompiled(engine, c);
    expect(t.schema.fields.map((f) => f.name)).toEqual(c.columns.map((x) => x.key));
    rows = rowsOf(t);
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- sql ---\n${c.sql}`);
  }
  return rows;
}

/** Renames the reference's `split` key to the analysis's split column key. */
export const withSplitKey = (rows: Rec[], key: string): Rec[] =>
  rows.map(({ split, ...rest }) => ({ [key]: split, ...rest }));

/** Row-by-row equality, numbers to 9 significant digits. */
export function expectRows(actual: Row[], expected: Rec[]) {
  const round = (v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v;
  const norm = (rows: Rec[]) =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])));
  expect(norm(actual).length).toBe(expected.length);
  expect(norm(actual)).toEqual(norm(expected));
}

/** The tiny fixture's deals in the reference's shape (dates at noon UTC, as loaded). */
export const TINY_DEALS: Deal[] = DEALS.map((d) => ({
  ...d,
  created_at: `${d.created_at}T12:00:00.000Z`,
  closed_at: d.closed_at && `${d.closed_at}T12:00:00.000Z`,
}));

export const asRef = (ds: MidDeal[]): Deal[] => ds;
