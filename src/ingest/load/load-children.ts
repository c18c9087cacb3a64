/**
 * The import's child tables: the stage history and the activities, linked to the deals by id or
 * by title. One history file is typed straight into `stage_history` (`singleHistory`) and only
 * the rows whose deal id is spelt otherwise than the deal's are rewritten (`relinkSql`); several
 * files, and the activities (whose client comes from the deal), are copied through the join.
 */
import { CANONICAL } from '../../crm/vocabulary.ts';
import { quoteIdent as q } from '../../query/sql/escape.ts';
import type { Scanned } from '../detect/detect.ts';
import type { Plan } from '../detect/relations.ts';
import {
  childSelect,
  linkCheckSql,
  nearMissSql,
  relinkSql,
  Names,
  type Built,
  type Staged,
} from './build.ts';
import type { ImportRun } from './load.ts';
import { msg } from '../../lib/message.ts';

/**
 * The stage history of one file typed straight into its shape, its deal ids as the file has
 * them (`relinkSql` rewrites those that need it once the deals exist).
 */
export function singleHistory(st: Staged): Built {
  return childSelect(
    st,
    'stage_history',
    new Names(Object.keys(CANONICAL.stage_history)),
    false,
    false,
  );
}

/** The stage history or the activities: every file of that kind, linked to the deals. */
export async function loadChild(
  run: ImportRun,
  plan: Plan,
  list: Scanned[],
  table: 'stage_history' | 'activities',
): Promise<void> {
  if (table === 'stage_history' && list.length === 1) {
    let built: Built | undefined;
    const t = list[0]!;
    const st = await run.stage(t, table, (st) => (built = singleHistory(st)).select);
    if (st.projected && built) return historyAsTyped(run, plan, t, st, built);
    return childTable(run, plan, list, table, [st]);
  }
  return childTable(run, plan, list, table, []);
}

/** The child table copied from its staging tables (`staged`: the first few, staged already). */
async function childTable(
  run: ImportRun,
  plan: Plan,
  list: Scanned[],
  table: 'stage_history' | 'activities',
  staged: Staged[],
): Promise<void> {
  const sqls = [];
  const roles = new Set<string>();
  const names = new Names(Object.keys(CANONICAL[table]));
  for (const [i, t] of list.entries()) {
    const st = staged[i] ?? (await run.stage(t, table));
    const b = childSelect(st, table, names, plan.byTitle.has(t));
    sqls.push(b.sql);
    for (const x of b.roles) roles.add(x);
  }
  await run.engine.exec(`CREATE TABLE ${table} AS ${sqls.join(' UNION ALL BY NAME ')}`);
  await run.dropStaging();
  run.made.set(table, roles);
  await linkWarnings(
    run,
    table,
    list.filter((t) => plan.byTitle.has(t)),
  );
}

/**
 * The stage history when its file was typed straight into its shape: the table takes its name,
 * then only the rows whose deal id is spelt otherwise than the deal's are rewritten — none, in
 * an export whose ids match — and the check that says so counts the orphans too.
 */
async function historyAsTyped(
  run: ImportRun,
  plan: Plan,
  t: Scanned,
  st: Staged,
  built: Built,
): Promise<void> {
  const table = 'stage_history';
  await run.engine.exec(`ALTER TABLE ${q(st.staging)} RENAME TO ${table}`);
  await run.dropStaging();
  run.made.set(table, built.roles);
  if (plan.byTitle.has(t)) {
    await run.engine.exec(relinkSql(table, true));
    return linkWarnings(run, table, [t]);
  }
  // The key facts counted it when these are the tables they grouped (`LinkCount`).
  const counted = plan.counted.get(t);
  const check =
    counted && counted.child === st.staging && counted.deals === run.dealsRenamed
      ? counted
      : ((await run.engine.query(linkCheckSql(table))).get(0)?.toJSON() as
          { misses: number; clashes: number } | undefined);
  const misses = Number(check?.misses ?? 0);
  const near = misses > 0 ? await run.scalar(nearMissSql(table)) : 0;
  if (near > 0 || Number(check?.clashes ?? 0) > 0) await run.engine.exec(relinkSql(table, false));
  await linkWarnings(run, table, [], misses - near);
}

/** Rows of a child table whose deal could not be found, or named by a title several deals share. */
async function linkWarnings(
  run: ImportRun,
  table: 'stage_history' | 'activities',
  titled: Scanned[],
  /** The orphans, when a check that ran anyway counted them (`linkCheckSql`). */
  counted?: number,
): Promise<void> {
  const activities = table === 'activities';
  for (const t of titled) run.warn(msg('import_byTitle', { file: t.raw.file }));
  // By title, a name several deals share can't tell which deal it means: say so apart.
  const shared = titled.length
    ? await run.scalar(
        `SELECT count(*)::DOUBLE FROM ${table} WHERE lower(deal_id) IN (SELECT lower(title) FROM deals WHERE title IS NOT NULL GROUP BY 1 HAVING count(*) > 1)`,
      )
    : 0;
  if (shared > 0)
    run.warn(
      msg(activities ? 'import_sharedTitleActivities' : 'import_sharedTitleHistory', { n: shared }),
    );
  const orphans =
    counted ??
    (await run.scalar(
      `SELECT count(*)::DOUBLE FROM ${table} WHERE deal_id IS NOT NULL AND deal_id NOT IN (SELECT id FROM deals WHERE id IS NOT NULL)`,
    )) - shared;
  if (orphans > 0)
    run.warn(msg(activities ? 'import_orphanActivities' : 'import_orphanHistory', { n: orphans }));
}
