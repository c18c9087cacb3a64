/**
 * Staging tables → the canonical tables, in SQL. Canonical role columns come first under their
 * canonical names (NULL when no source column plays the role); every other column follows under
 * its original header, renamed only when it collides.
 */
import { HEADER_SYNONYMS, normalizeHeader } from '../../crm/synonyms.ts';
import { CANONICAL } from '../../crm/vocabulary.ts';
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import type { Outcome } from '../detect/outcome.ts';
import type { ValueType } from '../types.ts';

export interface StagedColumn {
  name: string;
  role: string | null;
  type: ValueType;
}

export interface Staged {
  file: string;
  staging: string;
  columns: StagedColumn[];
}

export interface Built {
  sql: string;
  /** The SELECT list of `sql` alone, over the main table as `m` (for a table of one source). */
  select: string;
  /** Canonical columns that a source column really fed. */
  roles: Set<string>;
  /** `rawStatus` took effect: `status` holds the closing column's text, to map (`outcomeCase`). */
  rawStatus?: boolean;
  /**
   * `sampled` took effect instead: `status` is the stage's outcome by the sample's map, NULL for a
   * stage the sample did not see (load-status.ts `checkSampledStatus` looks for one).
   */
  sampledStatus?: SampledStatus;
}

/**
 * The stage values of a deals file's detection sample with their outcomes, when the sample may
 * have seen them all (load-status.ts `sampledStatus`): its status, which copies the stage, is
 * mapped in the statement that types the file instead of rewritten after it.
 */
export interface SampledStatus {
  known: string[];
  map: Map<string, Outcome>;
}

/**
 * `expr`'s outcome by `sampled`, as `outcomeCase` with the sample's map gives it, except that a
 * value the sample did not see is NULL, and so is no value when nothing in the sample closes (a
 * value past it may close, and then no value is 'open'). Either way `expr` is not NULL there.
 */
function sampledCase(expr: string, sampled: SampledStatus): string {
  const whens = sampled.known.map((v) => `WHEN ${s(v)} THEN ${s(sampled.map.get(v) ?? 'open')}`);
  const none = sampled.map.size > 0 ? ` ELSE CASE WHEN ${expr} IS NULL THEN 'open' END` : '';
  return `CASE ${expr} ${whens.join(' ')}${none} END`;
}

/** Unique output names: canonical names are reserved; a colliding header gets ` (2)`, ` (3)`… */
export class Names {
  private used = new Set<string>();
  constructor(reserved: string[]) {
    for (const r of reserved) this.used.add(r.toLowerCase());
  }
  take(name: string): string {
    let n = name;
    for (let k = 2; this.used.has(n.toLowerCase()); k++) n = `${name} (${k})`;
    this.used.add(n.toLowerCase());
    return n;
  }
}

const col = (alias: string, name: string) => `${alias}.${q(name)}`;
const roleCol = (t: Staged, role: string) => t.columns.find((c) => c.role === role);

/** `CASE x WHEN 'Won' THEN 'won' … ELSE 'open' END` over the closing values found in the data. */
export function outcomeCase(expr: string, map: Map<string, Outcome>): string {
  if (map.size === 0) return `CASE WHEN ${expr} IS NULL THEN NULL ELSE 'open' END`;
  const whens = [...map].map(([v, o]) => `WHEN ${s(v)} THEN ${s(o)}`).join(' ');
  return `CASE ${expr} ${whens} ELSE 'open' END`;
}

export interface DealSource {
  main: Staged;
  /** Tables with the same deal ids; `won` marks tables of won deals only. */
  extensions: { t: Staged; won: boolean }[];
  /** An orders table: every row is a won deal. */
  orders: boolean;
  /** Closing values of the status column if there is one, else of the stage column. */
  outcomes: Map<string, Outcome>;
}

/**
 * One SELECT producing the deals columns from a main table and its extensions. `rawStatus`: when
 * the status comes from a closing column (status or stage), `status` is that column's text, for
 * the caller to map once the values are known (the main table can then be typed straight into
 * the deals' shape, before anyone has read its closing values).
 */
export function dealSelect(
  src: DealSource,
  names: Names,
  rawStatus = false,
  sampled?: SampledStatus,
): Built {
  const roles = new Set<string>();
  const { main, extensions } = src;
  const mainId = roleCol(main, 'id');
  const from = [`${q(main.staging)} m`];
  extensions.forEach(({ t }, k) => {
    const id = roleCol(t, 'id');
    if (id && mainId)
      from.push(
        `LEFT JOIN ${q(t.staging)} e${k} ON lower(e${k}.${q(id.name)}) = lower(m.${q(mainId.name)})`,
      );
  });
  const sources = [
    { t: main, alias: 'm' },
    ...extensions.map(({ t }, k) => ({ t, alias: `e${k}` })),
  ];
  const exprFor = (role: string): string | null => {
    const parts = sources.flatMap(({ t, alias }) => {
      const c = roleCol(t, role);
      const more = role === 'closed_at' ? closeFallbacks(t) : [];
      return [...(c ? [c] : []), ...more].map((x) => col(alias, x.name));
    });
    if (parts.length === 0) return null;
    roles.add(role);
    return parts.length === 1 ? parts[0]! : `COALESCE(${parts.join(', ')})`;
  };
  const select: string[] = [];
  let raw = false;
  let mapped = false;
  for (const [role, type] of Object.entries(CANONICAL.deals)) {
    let e = exprFor(role);
    const stage = role === 'status' && e === null ? exprFor('stage') : null;
    if (stage && rawStatus && sampled && !src.orders) {
      e = sampledCase(stage, sampled);
      mapped = true;
    } else if (role === 'status' && rawStatus && !src.orders && (e ?? exprFor('stage'))) {
      e = e ?? exprFor('stage');
      raw = true;
    } else if (role === 'status')
      e = statusExpr(src, e, exprFor('stage'), exprFor('closed_at'), exprFor('lost_reason'));
    if (role === 'closed_at' && src.orders)
      e = `COALESCE(${e ?? 'NULL'}, ${exprFor('created_at') ?? 'NULL'})`;
    select.push(`${e === null ? `NULL::${type}` : `CAST(${e} AS ${type})`} AS ${q(role)}`);
  }
  for (const { t, alias } of sources) {
    for (const c of t.columns) {
      if (c.role !== null) continue;
      select.push(`${col(alias, c.name)} AS ${q(names.take(c.name))}`);
    }
  }
  const list = select.join(', ');
  return {
    sql: `SELECT ${list} FROM ${from.join(' ')}`,
    select: list,
    roles,
    ...(raw ? { rawStatus: true } : {}),
    ...(mapped && sampled ? { sampledStatus: sampled } : {}),
  };
}

const CLOSE_HEADERS = new Set(HEADER_SYNONYMS.deals.closed_at.map(normalizeHeader));

/**
 * More close dates of one table: Pipedrive exports "Won time" and "Lost time" side by side, and
 * only one can take the role; a deal's close date is whichever it has. They stay fields too.
 */
function closeFallbacks(t: Staged): StagedColumn[] {
  return t.columns.filter(
    (c) => c.role === null && c.type === 'date' && CLOSE_HEADERS.has(normalizeHeader(c.name)),
  );
}

function statusExpr(
  src: DealSource,
  status: string | null,
  stage: string | null,
  closed: string | null,
  lostReason: string | null,
): string {
  if (src.orders) return `'won'`;
  if (status) return outcomeCase(status, src.outcomes);
  if (stage) return outcomeCase(stage, src.outcomes);
  const won = src.extensions.findIndex((x) => x.won);
  const wonId = won >= 0 ? roleCol(src.extensions[won]!.t, 'id') : undefined;
  if (wonId) return `CASE WHEN e${won}.${q(wonId.name)} IS NOT NULL THEN 'won' ELSE 'open' END`;
  // No status and no stage, but a close (won) date: a closed deal is won unless a lost reason says otherwise.
  if (closed) {
    const lost = lostReason ? `WHEN ${lostReason} IS NOT NULL THEN 'lost' ` : '';
    return `CASE WHEN ${closed} IS NULL THEN 'open' ${lost}ELSE 'won' END`;
  }
  return `'open'`;
}

/** Whether `statusExpr` derives the status from the close date (see there). */
export function statusFromCloseDate(src: DealSource): boolean {
  const has = (role: string) =>
    [src.main, ...src.extensions.map((x) => x.t)].some((t) => roleCol(t, role));
  return (
    !src.orders &&
    !has('status') &&
    !has('stage') &&
    !src.extensions.some((x) => x.won && roleCol(x.t, 'id')) &&
    has('closed_at')
  );
}

/**
 * Activities or stage history: canonical columns, deal ids rewritten to the deals' spelling.
 * `byTitle`: the deal column names deals by title; a title several deals share names none of them.
 * `linked: false`: the deal ids as the file has them, selected from the staged columns as `m`
 * (the table typed straight into its shape; `relinkSql` rewrites the ids that need it after).
 */
export function childSelect(
  t: Staged,
  table: 'activities' | 'stage_history',
  names: Names,
  byTitle = false,
  linked = true,
): Built {
  const roles = new Set<string>();
  const a = linked ? 'a' : 'm';
  const from = [`${q(t.staging)} ${a}`];
  const deal = linked ? roleCol(t, 'deal_id') : undefined;
  if (deal) {
    const key = byTitle ? 'title' : 'id';
    const unique = byTitle ? ' HAVING count(*) = 1' : '';
    from.push(
      `LEFT JOIN (SELECT lower(${key}) AS norm, min(id) AS id, min(client) AS client FROM deals WHERE ${key} IS NOT NULL GROUP BY 1${unique}) d ON d.norm = lower(a.${q(deal.name)})`,
    );
  }
  const select: string[] = [];
  for (const [role, type] of Object.entries(CANONICAL[table])) {
    const c = roleCol(t, role);
    let e: string | null = c ? col(a, c.name) : null;
    if (c) roles.add(role);
    if (role === 'deal_id' && deal) e = `COALESCE(d.id, ${e})`;
    // An activity's client comes from its deal when the source had only the deal.
    if (role === 'client' && deal) e = e ? `COALESCE(${e}, d.client)` : 'd.client';
    select.push(`${e === null ? `NULL::${type}` : `CAST(${e} AS ${type})`} AS ${q(role)}`);
  }
  for (const c of t.columns)
    if (c.role === null) select.push(`${col(a, c.name)} AS ${q(names.take(c.name))}`);
  const list = select.join(', ');
  return { sql: `SELECT ${list} FROM ${from.join(' ')}`, select: list, roles };
}

/**
 * What `childSelect`'s join does to the deal ids, as an UPDATE of the rows it changes: a deal
 * column typed straight into `table` (`linked: false`) takes the deals' spelling of each id
 * (`min(id)` of the ids equal but for case), or by title the id of the one deal with that title.
 * A table without a client column needs nothing else from the join.
 */
export function relinkSql(table: string, byTitle: boolean): string {
  const t = q(table);
  const key = byTitle ? 'title' : 'id';
  const unique = byTitle ? ' HAVING count(*) = 1' : '';
  return (
    `UPDATE ${t} SET deal_id = d.id FROM (SELECT lower(${key}) AS norm, min(id) AS id FROM deals ` +
    `WHERE ${key} IS NOT NULL GROUP BY 1${unique}) d ` +
    `WHERE d.norm = lower(${t}.deal_id) AND d.id IS NOT NULL AND ${t}.deal_id <> d.id`
  );
}

const DEAL_IDS = `SELECT id FROM deals WHERE id IS NOT NULL`;

/**
 * Whether the ids of `table` need `relinkSql` (by id), and its orphans: `misses` are the deal
 * ids no deal has exactly, `clashes` the deal ids equal but for case (each then becomes the
 * smallest; `min <> max` says a spelling differs without a distinct count per group). Of the
 * misses, `nearMissSql` counts those a deal has but for case — only asked when there are misses,
 * as it lower-cases every deal id. After the UPDATE every near miss names a deal, so the orphans
 * are `misses - near`.
 */
export function linkCheckSql(table: string): string {
  return (
    `SELECT count(*)::DOUBLE AS misses, ` +
    `(SELECT count(*) FROM (SELECT 1 FROM deals WHERE id IS NOT NULL GROUP BY lower(id) HAVING min(id) <> max(id)))::DOUBLE AS clashes ` +
    `FROM ${q(table)} WHERE deal_id IS NOT NULL AND deal_id NOT IN (${DEAL_IDS})`
  );
}

/** The misses of `linkCheckSql` that a deal has but for case. */
export function nearMissSql(table: string): string {
  return (
    `SELECT count(*)::DOUBLE FROM ${q(table)} WHERE deal_id IS NOT NULL AND deal_id NOT IN (${DEAL_IDS}) ` +
    `AND lower(deal_id) IN (SELECT lower(id) FROM (${DEAL_IDS}))`
  );
}

/**
 * A lookup keyed by the column `from.column` it describes, its key loaded under that column's
 * name in that table's spelling, and one row kept per key (a second row would double the rows
 * it joins).
 */
export function lookupSelect(t: Staged, from: string, column: string): string {
  const key = t.columns.find((c) => c.role === 'key');
  if (!key) throw new Error(`lookup ${t.file} has no key`);
  const names = new Names([column]);
  const others = t.columns
    .filter((c) => c !== key)
    .map((c) => `l.${q(c.name)} AS ${q(names.take(c.name))}`);
  const k = `l.${q(key.name)}`;
  const c = q(column);
  return (
    `SELECT COALESCE(d.canon, ${k}) AS ${c}${others.map((o) => `, ${o}`).join('')} ` +
    `FROM ${q(t.staging)} l LEFT JOIN (SELECT lower(${c}) AS norm, min(${c}) AS canon FROM ${q(from)} ` +
    `WHERE ${c} IS NOT NULL GROUP BY 1) d ON d.norm = lower(${k}) ` +
    `WHERE ${k} IS NOT NULL QUALIFY row_number() OVER (PARTITION BY lower(${k})) = 1`
  );
}

/** Makes a table use one spelling per key ("ООО Альфа" and "ооо альфа " become one). */
export function unifySpelling(column: string, table = 'deals'): string {
  const r = q(column);
  const t = q(table);
  return (
    `UPDATE ${t} SET ${r} = u.canon FROM (SELECT lower(${r}) AS norm, min(${r}) AS canon FROM ${t} ` +
    `WHERE ${r} IS NOT NULL GROUP BY 1) u WHERE lower(${t}.${r}) = u.norm AND ${t}.${r} <> u.canon`
  );
}

/** Rows of `from` naming a key that the lookup lacks: count, distinct count and a few examples. */
export function unmatchedSql(column: string, lookup: string, from = 'deals'): string {
  const r = q(column);
  const f = q(from);
  return (
    `SELECT count(*)::DOUBLE AS n, count(DISTINCT ${r})::DOUBLE AS k, list(DISTINCT ${r})[1:5] AS ex FROM ${f} ` +
    `WHERE ${r} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${q(lookup)} t WHERE t.${r} = ${f}.${r})`
  );
}
