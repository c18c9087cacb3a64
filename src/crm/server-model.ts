/**
 * A dataset kept in a database server (ClickHouse) rather than in the tab: its canonical tables
 * under their own names, and next to them `crm_model`, one row holding the dataset model as JSON
 * — what the tables alone cannot say (which role columns the source really had, labels of custom
 * columns, how lookups join, the stages' outcomes). `crm push` writes both; the CLI and the page
 * read the model back, check every table and column it names against the server, and take the
 * row counts from the server as they are now.
 */
import { Int32, Table, Utf8, tableFromIPC, vectorFromArray } from 'apache-arrow';
import type { Engine, TableIO } from '../engine/types.ts';
import { MessageError, msg } from '../lib/message.ts';
import { quoteIdent } from '../query/sql/escape.ts';
import type { DatasetModel } from './model.ts';

export const MODEL_TABLE = 'crm_model';
/** The layout of `crm_model`; a reader refuses another. */
const MODEL_FORMAT = 1;

/** Where the dataset lives, for messages. */
export interface ServerPlace {
  url: string;
  database: string;
}

/**
 * Copies the dataset's tables from `source` (where the import pipeline built them) to `target`,
 * then its model; answers the rows written per table. The model goes last, so a push that fails
 * half-way leaves the previous model, and readers see it only once every table is in.
 */
export async function pushDataset(
  source: Engine & TableIO,
  target: Engine,
  model: DatasetModel,
): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const t of model.tables) {
    const batches: Table[] = [];
    await source.exportIPC(`SELECT * FROM ${quoteIdent(t.name)}`, (ipc) => {
      batches.push(tableFromIPC(ipc));
    });
    const data = new Table(batches.flatMap((b) => b.batches));
    await target.insertArrow(t.name, data.batches.length ? data : batches[0]!);
    rows[t.name] = data.numRows;
  }
  await target.insertArrow(
    MODEL_TABLE,
    new Table({
      format: vectorFromArray([MODEL_FORMAT], new Int32()),
      model: vectorFromArray([JSON.stringify(model)], new Utf8()),
    }),
  );
  return rows;
}

function damaged(where: ServerPlace, reason: string): MessageError {
  return new MessageError(msg('ch_badModel', { database: where.database, reason }));
}

/** The shape a reader relies on; anything else is a damaged description, named as such. */
function checkModel(x: unknown, where: ServerPlace): DatasetModel {
  const m = x as Partial<DatasetModel> | null;
  if (!m || typeof m !== 'object') throw damaged(where, 'not an object');
  if (!Array.isArray(m.tables) || !m.tables.length) throw damaged(where, 'no tables');
  for (const t of m.tables) {
    if (typeof t?.name !== 'string' || !Array.isArray(t.columns))
      throw damaged(where, 'a table without name or columns');
    if (t.columns.some((c) => typeof c?.name !== 'string' || typeof c.type !== 'string'))
      throw damaged(where, `table ${t.name}: a column without name or type`);
  }
  if (!Array.isArray(m.stages)) throw damaged(where, 'no stages');
  if (typeof m.id !== 'string' || typeof m.name !== 'string') throw damaged(where, 'no name');
  return m as DatasetModel;
}

/**
 * Reads the dataset model a push left in the server's database and checks it against the tables:
 * a missing table or column fails with the server's own error (then explained by the engine).
 */
export async function readServerModel(engine: Engine, where: ServerPlace): Promise<DatasetModel> {
  const found = await engine.query(
    `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'crm_model'`,
  );
  if (Number(found.get(0)?.toJSON().n ?? 0) === 0)
    throw new MessageError(msg('ch_noDataset', { database: where.database, url: where.url }));
  const t = await engine.query(
    `SELECT format, model FROM ${quoteIdent(MODEL_TABLE)} ORDER BY format DESC LIMIT 1`,
  );
  const row = t.get(0)?.toJSON() as { format?: number; model?: string } | undefined;
  if (!row?.model) throw damaged(where, 'empty');
  if (row.format !== MODEL_FORMAT) throw damaged(where, `format ${String(row.format)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.model);
  } catch (e) {
    throw damaged(where, (e as Error).message);
  }
  const model = checkModel(parsed, where);
  const tables = [];
  for (const table of model.tables) {
    const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
    const n = await engine.query(
      `SELECT count() AS n FROM (SELECT ${columns} FROM ${quoteIdent(table.name)})`,
    );
    tables.push({ ...table, rows: Number(n.get(0)?.toJSON().n ?? 0) });
  }
  return { ...model, tables };
}
