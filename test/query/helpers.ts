/** Shared helpers for the query tests: run SQL on the Node engine and read rows as plain objects. */
import type { Table } from 'apache-arrow';
import type { Catalog } from '../../src/query/catalog.ts';
import { compile } from '../../src/query/compile.ts';
import type { CompiledQuery } from '../../src/query/compiled.ts';
import {
  defaultSpec,
  type AnalysisKind,
  type OptionsOf,
  type ReportSpec,
  type SpecBase,
  type SpecOf,
} from '../../src/query/spec/spec.ts';
import type { Engine } from '../../src/engine/types.ts';

export type Row = Record<string, unknown>;

/**
 * Runs a compiled query the way the app does: the tables it reads besides the dataset's
 * (`prepare`, the funnel's per-deal summary) are built first.
 */
export async function queryCompiled(
  engine: Pick<Engine, 'exec' | 'query'>,
  c: Pick<CompiledQuery, 'sql' | 'prepare'>,
): Promise<Table> {
  for (const t of c.prepare ?? []) await engine.exec(t.sql);
  return engine.query(c.sql);
}

export function rowsOf(t: Table): Row[] {
  return t.toArray().map((r) => (r as { toJSON(): Row }).toJSON());
}

/** The default spec with a patch; its type follows `patch.analysis` (a pivot without one). */
export function spec<A extends AnalysisKind = 'pivot'>(
  patch: Partial<SpecBase> & { analysis?: A; options?: OptionsOf[A] },
): SpecOf<NoInfer<A>> {
  return { ...defaultSpec(), ...patch } as SpecOf<A>;
}

/** Compiles and runs; on a DuckDB error the message carries the SQL so a failure is readable. */
export async function run(
  engine: Engine,
  catalog: Catalog,
  s: ReportSpec,
): Promise<{ rows: Row[]; compiled: CompiledQuery }> {
  const compiled = compile(s, catalog);
  try {
    return { rows: rowsOf(await engine.query(compiled.sql)), compiled };
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n--- spec ---\n${JSON.stringify(s)}\n--- sql ---\n${compiled.sql}`,
    );
  }
}
