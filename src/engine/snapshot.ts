/**
 * One table kept as Arrow IPC streams plus its exact DuckDB column types, and loaded back. Arrow
 * carries the common types as they are; those the engine's query config turns into DOUBLE
 * (BIGINT, DECIMAL, HUGEINT…) or that Arrow maps loosely (INTERVAL, UUID, TIME…) travel as text
 * and are cast back, so every type survives exactly. The loaded table is checked against the
 * recorded columns and row count; any difference is an error, never a silently different table.
 */
import { quoteIdent as q, quoteString } from '../query/sql/escape.ts';
import { streamRows } from './ipc.ts';
import type { Engine, TableIO } from './types.ts';

export interface SnapshotColumn {
  name: string;
  /** The DuckDB type as `duckdb_columns()` spells it. */
  type: string;
  /** Stored as text and cast back to `type` on load. */
  text?: true;
}

export interface TableSnapshot {
  name: string;
  rows: number;
  columns: SnapshotColumn[];
  /** Byte length of each IPC stream, in the order they were written. */
  streams: number[];
}

/** Types that come back from Arrow exactly as they went. */
const ARROW_EXACT = new Set([
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'FLOAT',
  'DOUBLE',
  'VARCHAR',
  'DATE',
  'TIMESTAMP',
]);

/**
 * Types safe to cast back from text by name: plain words with an optional (precision, scale)
 * and list suffixes. Nested types (STRUCT, MAP, UNION) and ENUMs would put arbitrary text from
 * storage into SQL; such a table is not snapshotted.
 */
const CASTABLE = /^[A-Z][A-Z0-9_ ]*(\(\d+(, ?\d+)?\))?(\[\])*$/;

const RESTORE_TMP = '__snapshot_restore';

/** A table's columns and DuckDB types, in order. */
export async function columnsOf(
  engine: Engine,
  table: string,
): Promise<{ name: string; type: string }[]> {
  const t = await engine.query(
    `SELECT column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = current_schema()
       AND table_name = ${quoteString(table)} ORDER BY column_index`,
  );
  return t.toArray().map((r) => r.toJSON() as { name: string; type: string });
}

/**
 * Rows per export call: one DuckDB row group, so a slice reads exactly one (by rowid) and the
 * engine is free for other queries between slices instead of for the whole table.
 */
const SLICE_ROWS = 122_880;

/**
 * Writes `table` as Arrow IPC streams through `write` (awaited one by one) and describes it. The
 * rows go out in table order (DuckDB keeps insertion order without an ORDER BY), a slice of rows
 * per engine call. Throws for a missing table or a column type that cannot be kept exactly.
 */
export async function exportTable(
  engine: Engine & TableIO,
  table: string,
  write: (ipc: Uint8Array) => Promise<void>,
  opts: { streamBytes?: number } = {},
): Promise<TableSnapshot> {
  const cols = await columnsOf(engine, table);
  if (cols.length === 0) throw new Error(`no table ${JSON.stringify(table)} to keep`);
  const columns: SnapshotColumn[] = cols.map((c) => {
    if (ARROW_EXACT.has(c.type)) return c;
    if (!CASTABLE.test(c.type))
      throw new Error(`${table}.${c.name}: type ${c.type} cannot be kept, only re-imported`);
    return { ...c, text: true };
  });
  const select = columns
    .map((c) => (c.text ? `CAST(${q(c.name)} AS VARCHAR) AS ${q(c.name)}` : q(c.name)))
    .join(', ');
  const streams: number[] = [];
  let rows = 0;
  const onStream = async (ipc: Uint8Array) => {
    rows += streamRows(ipc);
    streams.push(ipc.length);
    await write(ipc);
  };
  const sql = `SELECT ${select} FROM ${q(table)}`;
  const last = await engine.query(`SELECT max(rowid)::DOUBLE AS r FROM ${q(table)}`);
  const lastRow = last.getChild('r')?.get(0) as number | null;
  if (lastRow === null) {
    await engine.exportIPC(sql, onStream, opts); // no rows: one stream, the columns
  } else {
    for (let lo = 0; lo <= lastRow; lo += SLICE_ROWS)
      await engine.exportIPC(
        `${sql} WHERE rowid >= ${lo} AND rowid < ${lo + SLICE_ROWS}`,
        onStream,
        opts,
      );
  }
  return { name: table, rows, columns, streams };
}

/**
 * Creates (or replaces) the snapshot's table from its streams, casts text columns back and checks
 * the result before it takes the table's name: same column names and types in the same order,
 * same row count. On failure the old table (if any) is left as it was.
 */
export async function importTable(
  engine: Engine & TableIO,
  snap: TableSnapshot,
  streams: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  const bad = snap.columns.find((c) => c.text && !CASTABLE.test(c.type));
  if (bad) throw new Error(`${snap.name}.${bad.name}: unexpected type ${bad.type}`);
  const tmp = q(RESTORE_TMP);
  await engine.importIPC(RESTORE_TMP, streams);
  try {
    if (snap.columns.some((c) => c.text)) {
      const select = snap.columns
        .map((c) => (c.text ? `CAST(${q(c.name)} AS ${c.type}) AS ${q(c.name)}` : q(c.name)))
        .join(', ');
      const cast = q(`${RESTORE_TMP}_cast`);
      await transaction(
        engine,
        `CREATE TABLE ${cast} AS SELECT ${select} FROM ${tmp}; DROP TABLE ${tmp}; ALTER TABLE ${cast} RENAME TO ${tmp};`,
      );
    }
    const got = await columnsOf(engine, RESTORE_TMP);
    const want = snap.columns.map((c) => `${c.name} ${c.type}`).join(', ');
    const have = got.map((c) => `${c.name} ${c.type}`).join(', ');
    if (have !== want) throw new Error(`${snap.name}: columns (${have}), expected (${want})`);
    const n = await engine.query(`SELECT count(*)::DOUBLE AS n FROM ${tmp}`);
    const rows = Number(n.getChild('n')?.get(0));
    if (rows !== snap.rows) throw new Error(`${snap.name}: ${rows} rows, expected ${snap.rows}`);
    await transaction(
      engine,
      `DROP TABLE IF EXISTS ${q(snap.name)}; ALTER TABLE ${tmp} RENAME TO ${q(snap.name)};`,
    );
  } catch (e) {
    await engine.exec(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
    throw e;
  }
}

async function transaction(engine: Engine, sql: string): Promise<void> {
  try {
    await engine.exec(`BEGIN; ${sql} COMMIT;`);
  } catch (e) {
    await engine.exec('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
