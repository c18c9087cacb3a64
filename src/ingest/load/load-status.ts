/**
 * The typed deals' status column mapped to open/won/lost in place (`dealsAsTyped` in load.ts):
 * one rewrite of the column, or none when it already reads as mapped.
 */
import { quoteString as s } from '../../query/sql/escape.ts';
import type { Scanned } from '../detect/detect.ts';
import { outcomeMap, type Outcome, type OutcomeWords } from '../detect/outcome.ts';
import { outcomeCase, type SampledStatus, type Staged } from './build.ts';
import type { ImportRun } from './load.ts';

/**
 * The status column of deals typed straight into their shape, mapped to open/won/lost in place:
 * from the detection sample when it saw every value, else from the distinct values read first.
 * Returns the map the column now reads by: a value `v` that was there is now `map.get(v) ??
 * 'open'` (every value the sampled statement met was in the sample, or it failed).
 */
export async function mapStatusInPlace(
  run: ImportRun,
  main: Scanned,
  st: Staged,
  table: string,
): Promise<ReadonlyMap<string, Outcome>> {
  const sampled = await mapSampledStatus(run, main, st, table);
  if (sampled) return sampled;
  const { engine } = run;
  // NULL comes back too: the mapping changes it (to 'open') unless nothing closes.
  const res = await engine.query(`SELECT DISTINCT status AS v FROM ${table}`);
  const found = res.toArray().map((r) => (r.toJSON() as { v: string | null }).v);
  const vals = new Set(found.filter((v) => v !== null).map(String));
  const map = outcomeMap(vals, run.options);
  // Rewrites the one column in place (an UPDATE would keep both versions of every row), unless
  // it already reads as mapped: a file of open/won/lost statuses costs no pass over its rows.
  if (!mapsToItself(vals, found.length > vals.size, map))
    await engine.exec(
      `ALTER TABLE ${table} ALTER status TYPE VARCHAR USING ${outcomeCase('status', map)}`,
    );
  return map;
}

/** Past this many distinct statuses in the sample, the statement would be long: they are read. */
const MAX_SAMPLED_STATUSES = 200;

/** The sample's distinct values of the closing column `role` of `st`, when they may be all. */
function sampledValues(main: Scanned, st: Staged, role: string): ReadonlySet<string> | null {
  const c = st.columns.find((c) => c.role === role);
  const index = c && main.proposal.columns.find((p) => p.role === c.role)?.index;
  const stats = index === undefined ? undefined : main.stats[index];
  if (!stats || stats.distinctOverflow || stats.distinct.size > MAX_SAMPLED_STATUSES) return null;
  return stats.distinct.size === 0 ? null : stats.distinct;
}

/**
 * The sample's stage values and outcomes, for a deals file with no status column, whose status
 * copies the stage: the statement typing the file maps it then (build.ts `sampledCase`), where
 * a rewrite of the column after it cost ≈ 125–155 ms at 1M deals. The stage column keeps its
 * text, so a value the sample missed is mapped afterwards from it (`checkSampledStatus`).
 */
export function sampledStatus(
  main: Scanned,
  st: Staged,
  words: OutcomeWords,
): SampledStatus | undefined {
  if (st.columns.some((c) => c.role === 'status')) return undefined;
  const known = sampledValues(main, st, 'stage');
  return known ? { known: [...known], map: outcomeMap(known, words) } : undefined;
}

/**
 * The map the status of a table typed with `sampled` reads by: the sample's, when every stage
 * of the table was in it; else the status is mapped again from the stage column, by the map of
 * all its values.
 */
export async function checkSampledStatus(
  run: ImportRun,
  table: string,
  sampled: SampledStatus,
): Promise<ReadonlyMap<string, Outcome>> {
  const { engine } = run;
  const missed = await engine.query(
    `SELECT count(*)::DOUBLE AS n FROM ${table} WHERE status IS NULL AND stage IS NOT NULL`,
  );
  if (Number(missed.get(0)?.toJSON().n ?? 0) === 0) return sampled.map;
  const res = await engine.query(
    `SELECT DISTINCT stage AS v FROM ${table} WHERE stage IS NOT NULL`,
  );
  const vals = new Set(res.toArray().map((r) => String((r.toJSON() as { v: string }).v)));
  const map = outcomeMap(vals, run.options);
  await engine.exec(
    `ALTER TABLE ${table} ALTER status TYPE VARCHAR USING ${outcomeCase('stage', map)}`,
  );
  return map;
}

/**
 * Maps the status column in one pass when the detection sample saw every value it holds: each
 * sampled value is listed with its outcome and anything else (a value past the sample, or a
 * NULL, whose outcome depends on whether any value closes) makes the statement fail, which
 * leaves the table as it was. Returns the map it used, or null when it did not map (then the
 * caller reads the distinct values first): no usable sample, a sample already mapped (the caller
 * may skip the rewrite), or a value the sample missed.
 */
async function mapSampledStatus(
  run: ImportRun,
  main: Scanned,
  st: Staged,
  table: string,
): Promise<Map<string, Outcome> | null> {
  const role = st.columns.some((c) => c.role === 'status') ? 'status' : 'stage';
  const known = sampledValues(main, st, role);
  if (!known) return null;
  const map = outcomeMap(known, run.options);
  if (mapsToItself(known, false, map)) return null;
  const whens = [...known].map((v) => `WHEN ${s(v)} THEN ${s(map.get(v) ?? 'open')}`);
  // Nothing closes: NULL stays NULL, as outcomeCase does; else NULL is a value to read first.
  const mapped = `CASE status ${whens.join(' ')} ELSE error('a status the sample did not see') END`;
  const using = map.size === 0 ? `CASE WHEN status IS NULL THEN NULL ELSE ${mapped} END` : mapped;
  try {
    await run.engine.exec(`ALTER TABLE ${table} ALTER status TYPE VARCHAR USING ${using}`);
    return map;
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    return null;
  }
}

/**
 * Whether `outcomeCase(map)` leaves a column of these distinct values unchanged: each maps to
 * itself (an unlisted value becomes 'open'), and a NULL stays NULL only when nothing closes.
 */
export function mapsToItself(
  vals: ReadonlySet<string>,
  hasNull: boolean,
  map: ReadonlyMap<string, string>,
): boolean {
  if (hasNull && map.size > 0) return false;
  for (const v of vals) if ((map.get(v) ?? 'open') !== v) return false;
  return true;
}
