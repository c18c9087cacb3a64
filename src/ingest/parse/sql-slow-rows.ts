/**
 * The rows the typing fast paths left (parse/sql-load.ts): counted from their flag, then typed
 * again by the full rules and written over in place. A clean file has none: one count, no pass.
 */
import type { Engine } from '../../engine/types.ts';
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import type { LoadColumn } from './convert.ts';
import { stagingSql, type HelperNames } from './sql-typing.ts';

let seq = 0;

/** The count of the rows the fast paths left, from their flag (not their raw texts). */
export function slowRowsCount(names: HelperNames): string {
  return `count(*) FILTER (WHERE ${q(names.slowFlag)})::DOUBLE`;
}

/**
 * The full rules on the rows the fast paths left (`stagingSql` with `defer`): their every column
 * typed again from their raw texts, by the same SELECT as a one-statement load, and written over
 * the row in place (an UPDATE keeps the rows and their order). The raw texts and their flag are
 * dropped after. A clean file has no such row: one count, no second pass. Returns their number.
 */
export async function typeSlowRows(
  engine: Engine,
  staging: string,
  columns: LoadColumn[],
  ru: boolean,
  names: HelperNames,
  project: string | undefined,
  samples: ReadonlyMap<number, readonly string[]>,
  clean: ReadonlySet<number>,
  typed: ReadonlySet<number>,
  counted?: number,
): Promise<number> {
  const slow = q(names.slow);
  const rows =
    counted ?? (await scalar(engine, `SELECT ${slowRowsCount(names)} FROM ${q(staging)}`));
  if (rows > 0) {
    const view = `_ingest_slow_${++seq}`;
    const texts = [...new Set(columns.map((c) => c.index))]
      .map((k) => `${slow}[${s(`c${k}`)}] AS ${q(`c${k}`)}`)
      .join(', ');
    const cols = (await engine.query(`SELECT * FROM ${q(staging)} LIMIT 0`)).schema.fields
      .map((f) => f.name)
      .filter((c) => c !== names.slow && c !== names.slowFlag);
    await engine.exec(
      `CREATE OR REPLACE TEMP VIEW ${q(view)} AS SELECT rowid AS ${q(names.row)}, ${texts} FROM ${q(staging)} WHERE ${slow} IS NOT NULL`,
    );
    try {
      const retyped = stagingSql(
        view,
        columns,
        ru,
        names,
        project,
        samples,
        new Set(),
        [names.row],
        clean,
        typed,
      );
      const set = cols.map((c) => `${q(c)} = x.${q(c)}`).join(', ');
      await engine.exec(
        `UPDATE ${q(staging)} SET ${set} FROM (${retyped}) x WHERE ${q(staging)}.rowid = x.${q(names.row)}`,
      );
    } finally {
      await engine.exec(`DROP VIEW IF EXISTS ${q(view)}`).catch(() => undefined);
    }
  }
  await engine.exec(`ALTER TABLE ${q(staging)} DROP COLUMN ${slow}`);
  await engine.exec(`ALTER TABLE ${q(staging)} DROP COLUMN ${q(names.slowFlag)}`);
  return rows;
}

async function scalar(engine: Engine, sql: string): Promise<number> {
  return Number((await engine.query(sql)).get(0)?.toArray()[0] ?? 0);
}
