/**
 * The lookup steps of `importFiles`: clients, managers and products keyed by the deals role they
 * describe, and the dataset's own lookups joined on a text column; each warns of the keys its
 * table lacks.
 */
import { LOOKUP_KEYS, roleColumn, tableLabel } from '../../crm/vocabulary.ts';
import type { Engine } from '../../engine/types.ts';
import type { Labels } from '../../lib/i18n.ts';
import { msg, type MessageParam } from '../../lib/message.ts';
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import { lookupSelect, unifySpelling, unmatchedSql } from './build.ts';
import type { OtherLookup, Plan } from '../detect/relations.ts';
import type { ImportRun } from './load.ts';

/** A clients, managers or products table, keyed by the deals role it describes. */
export async function loadLookup(run: ImportRun, l: Plan['lookups'][number]): Promise<void> {
  const role = LOOKUP_KEYS[l.target];
  const st = await run.stage(l.table, l.target);
  await run.engine.exec(unifySpelling(role));
  await run.engine.exec(`CREATE TABLE ${l.target} AS ${lookupSelect(st, 'deals', role)}`);
  await run.dropStaging();
  run.made.set(l.target, new Set([role]));
  await lookupWarning(run, role, l.target, 'deals');
}

/** A lookup of the dataset's own, joined on a text column of the deals or of another lookup. */
export async function loadOtherLookup(run: ImportRun, l: OtherLookup): Promise<void> {
  const type = await columnType(run.engine, l.from, l.column);
  if (type !== 'VARCHAR') {
    const file = l.table.raw.file;
    run.warn(
      type === null
        ? msg('import_lookupNoColumn', { file, from: l.from, column: s(l.column) })
        : msg('import_lookupType', {
            file,
            from: l.from,
            column: l.column,
            type: type.toLowerCase(),
          }),
    );
    return;
  }
  const st = await run.stage(l.table, l.name);
  await run.engine.exec(unifySpelling(l.column, l.from));
  await run.engine.exec(`CREATE TABLE ${q(l.name)} AS ${lookupSelect(st, l.from, l.column)}`);
  await run.dropStaging();
  run.made.set(l.name, new Set());
  run.links.set(l.name, { from: l.from, column: l.column });
  await lookupWarning(run, l.column, l.name, l.from);
}

/** A column's DuckDB type, or null when the table has no such column. */
async function columnType(engine: Engine, table: string, column: string): Promise<string | null> {
  const res = await engine.query(
    `SELECT data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ${s(table)} AND column_name = ${s(column)}`,
  );
  const row = res.get(0)?.toJSON() as { data_type: string } | undefined;
  return row?.data_type ?? null;
}

/** Rows of `from` naming a key the lookup lacks, with a few examples. */
async function lookupWarning(
  run: ImportRun,
  column: string,
  lookup: string,
  from: string,
): Promise<void> {
  const [u] = (await run.engine.query(unmatchedSql(column, lookup, from)))
    .toArray()
    .map((r) => r.toJSON() as { n: number; k: number; ex: { toArray(): string[] } | null });
  if (!(u && u.n > 0)) return;
  const ex = u.ex ? [...u.ex.toArray()].map((x) => s(String(x))).join(', ') : '';
  // Canonical columns and tables by their label in the page (ids in the CLI); a dataset's own
  // lookup or column has no other name than its own.
  const named = (id: string, label: Labels | undefined): MessageParam =>
    label ? { id, label } : id;
  const params = {
    n: u.n,
    column: named(column, roleColumn(from, column)?.label),
    lookup: named(lookup, tableLabel(lookup)),
    k: u.k,
    examples: `${ex}${u.k > 5 ? '…' : ''}`,
  };
  run.warn(
    from === 'deals'
      ? msg('import_unmatchedDeals', params)
      : msg('import_unmatchedRows', { ...params, from: named(from, tableLabel(from)) }),
  );
}
