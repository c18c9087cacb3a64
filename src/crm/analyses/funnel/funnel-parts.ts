/**
 * Parts of the funnel query kept apart for size: stage names to step numbers, the per-deal summary
 * of the stage history, time in stage, and the top lost reasons per step. They read CTEs built by
 * `compileFunnel`: `d` (funnel deals with a row number `k`, `deal_id`, `split`, `status`,
 * `lost_reason`, `closed` in epoch µs, `current_pos`) and `r` (one row per deal of `d`).
 *
 * Why the history part has this shape (profiled at 1M deals / 4.6M history rows, docs/benchmarks.md):
 * sorting every history row by deal and time for `lead()` cost about as much as the join, and the
 * grouping by deal after it as much again. Most deals move forward through the steps, and then the
 * time in a step is just "first entry into the next step reached − first entry into this one": one
 * grouping by deal with a `min` and `max` per step gives it. Deals for which that is not exact (a
 * step re-entered after a later one, rows out of step order, equal times) are recognised from the
 * same grouping, and only their rows are sorted.
 */
import {
  agg,
  and,
  bin,
  caseWhen,
  cast,
  col,
  eq,
  fn,
  inList,
  isNull,
  lit,
  not,
  notNull,
  type Expr,
  type SqlFunction,
} from '../../../query/sql/ast.ts';
import { afn, over } from '../../../query/sql/analytic.ts';
import type { Catalog } from '../../../query/catalog.ts';
import {
  allCols,
  item,
  select,
  sub,
  table,
  type Cte,
  type Query,
  type Select,
} from '../../../query/sql/stmt.ts';
import { cte, deal } from '../common.ts';

/** How many lost reasons `lost_reasons` lists per stage. */
export const TOP_LOST_REASONS = 3;

/** Functions only the funnel emits; a closed list, printed like any other call. */
type FunnelFunction = 'list_value' | 'list_position' | 'epoch_us';
const ffn = (name: FunnelFunction, ...args: Expr[]): Expr => ({
  kind: 'fn',
  name: name as SqlFunction,
  args,
});

/** Microseconds since the epoch of a timestamp: differences are exact integers. */
export const micros = (e: Expr): Expr => ffn('epoch_us', e);

const US_PER_DAY = 86_400_000_000;

/** Matching of stage and pipeline names is tolerant of case and surrounding spaces. */
export const norm = (e: Expr): Expr => fn('lower', fn('trim', e));
export const normText = (s: string): string => s.trim().toLowerCase();

/**
 * `e` (a stage name) → its 1-based funnel step, NULL for stages that are not steps. `steps` are
 * the step names in funnel order, `known` every stage name of the stages table. Names spelled as in
 * the stages table are looked up as they are (one list lookup per row); only other spellings pay
 * for `lower(trim(…))`.
 */
export function stepPosition(steps: string[], known: string[]): (e: Expr) => Expr {
  const normSteps = steps.map(normText);
  const stepOf = (name: string): number | null => {
    const i = normSteps.indexOf(normText(name));
    return i < 0 ? null : i + 1;
  };
  const list = (names: string[]) => ffn('list_value', ...names.map(lit));
  if (new Set(normSteps).size < normSteps.length) {
    // Two steps with the same normalised name: the first wins, which a list lookup of the exact
    // names cannot express. Absurd data, so the plain CASE is fine.
    return (e) =>
      caseWhen(
        normSteps.map((n, i) => [eq(norm(e), lit(n)), lit(i + 1)] as [Expr, Expr]),
        null,
      );
  }
  const notSteps = [...new Set(known)].filter((n) => stepOf(n) === null);
  return (e) => {
    const other = ffn('list_position', list(normSteps), norm(e));
    return fn(
      'coalesce',
      ffn('list_position', list(steps), e),
      notSteps.length
        ? caseWhen([[notNull(ffn('list_position', list(notSteps), e)), lit(null)]], other)
        : other,
    );
  };
}

/**
 * CTEs `h` (history rows of the funnel's deals: deal number `k`, step `pos`, time `t` in µs, and
 * the deal's `closed`) and `hp`: one row per deal with history, with `max_pos` and, with open
 * steps, each step's time in µs (`us_<i>`) as the simple reading gives it and `irregular` when
 * that reading may not be exact.
 *
 * The simple reading: the deal's stay in step i runs from its first entry `lo_i` to the first
 * later row, which is the first entry into a later open step or `lo_end` (the first timed row
 * that is not an open step), or, with no later row, the deal's close. That is the rule of
 * docs/metrics.md whenever every row of each step comes before every row of the next step the deal
 * reached (`hi_i`, the last entry, before that first later row): the step's rows are then
 * consecutive in time and their stays add up to exactly that. Otherwise (a step re-entered after a
 * later one, rows out of step order, equal times) the deal is irregular and `stayCtes` works it
 * out row by row. Per-step `min`/`max` share one CASE per step; the CASEs and the grouping are most
 * of the cost. Everything per deal is worked out here, before the join to the deals, because the
 * join's cost grows with every column it carries.
 */
export function historyCteNodes(positionOf: (e: Expr) => Expr, openSteps: number): Cte[] {
  const sh = (c: string) => col('stage_history', c);
  const h = (c: string) => col('h', c);
  const rows = select(
    [
      [col('d', 'k'), 'k'],
      ...(openSteps > 0 ? [[col('d', 'closed'), 'closed'] as [Expr, string]] : []),
      [positionOf(sh('stage')), 'pos'],
      [micros(sh('entered_at')), 't'],
    ],
    table('stage_history'),
    { joins: [{ type: 'INNER', item: table('d'), on: eq(sh('deal_id'), col('d', 'deal_id')) }] },
  );
  const byDeal = (cols: [Expr, string][]) => select(cols, table('h'), { groupBy: [h('k')] });
  const perDeal: [Expr, string][] = [
    [h('k'), 'k'],
    [agg('max', [h('pos')]), 'max_pos'],
  ];
  const steps = upTo(openSteps);
  if (openSteps === 0) return [cte('h', rows), cte('hp', byDeal(perDeal))];
  // One value per deal: max() just carries it through the grouping.
  perDeal.push([agg('max', [h('closed')]), 'closed']);
  for (const i of steps) {
    const at = caseWhen([[eq(h('pos'), lit(i)), h('t')]], null);
    perDeal.push([agg('min', [at]), `lo_${i}`], [agg('max', [at]), `hi_${i}`]);
  }
  // NULL steps (lost and unknown stages) end stays too. Spelled as the rows to keep, not as
  // `CASE WHEN pos <= n THEN NULL ELSE t END`: ClickHouse rewrites `min(CASE … THEN NULL ELSE t)`
  // to `minIf(t, NOT …)`, which drops the rows whose condition is NULL.
  perDeal.push([
    agg('min', [
      caseWhen([[bin('OR', isNull(h('pos')), bin('>', h('pos'), lit(openSteps))), h('t')]], null),
    ]),
    'lo_end',
  ]);
  const x = (c: string) => col(null, c);
  const end = (i: number) =>
    fn(
      'coalesce',
      ...steps.filter((j) => j > i).map((j) => x(`lo_${j}`)),
      x('lo_end'),
      x('closed'),
    );
  const ends: Select = {
    kind: 'select',
    columns: [allCols(), ...steps.map((i) => item(end(i), `end_${i}`))],
    from: sub(byDeal(perDeal), 'pd'),
  };
  // One comparison per step: at 1M deals every per-deal operation costs ~10 ms. NULL (step not
  // reached, stay not ended) counts as regular.
  const irregular = fn(
    'coalesce',
    steps.map((i) => bin('>=', x(`hi_${i}`), x(`end_${i}`))).reduce((a, b) => bin('OR', a, b)),
    lit(false),
  );
  return [
    cte('h', rows),
    cte(
      'hp',
      select(
        [
          [x('k'), 'k'],
          [x('max_pos'), 'max_pos'],
          [irregular, 'irregular'],
          ...steps.map((i): [Expr, string] => [bin('-', x(`end_${i}`), x(`lo_${i}`)), `us_${i}`]),
        ],
        sub(ends, 'e'),
      ),
    ),
  ];
}

export const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Body of CTE `r`: every deal of `d` with `reached_pos` and, with history and open steps, `hp`'s
 * `irregular` (FALSE without history) and `us_<i>`.
 */
export function reachedRowsNode(hasHistory: boolean, openSteps: number, currentPos: Expr): Select {
  const d = (c: string) => col('d', c);
  const keep: [Expr, string][] = ['k', 'split', 'status', 'lost_reason', 'closed'].map((c) => [
    d(c),
    c,
  ]);
  if (!hasHistory)
    return select([...keep, [fn('coalesce', currentPos, lit(1)), 'reached_pos']], table('d'));
  const hp = (c: string) => col('hp', c);
  return select(
    [
      ...keep,
      [fn('coalesce', fn('greatest', currentPos, hp('max_pos')), lit(1)), 'reached_pos'],
      ...(openSteps > 0
        ? [
            [fn('coalesce', hp('irregular'), lit(false)), 'irregular'] as [Expr, string],
            ...upTo(openSteps).map((i): [Expr, string] => [hp(`us_${i}`), `us_${i}`]),
          ]
        : []),
    ],
    table('d'),
    { joins: [{ type: 'LEFT', item: table('hp'), on: eq(hp('k'), d('k')) }] },
  );
}

/**
 * CTEs `hw` (the rows of `h` of the irregular deals listed in CTE `x` — deal number `k`, its
 * `closed` — in time order with the next row's time, `lead()`), `hf` (per deal: the finished stays
 * in each open step `f_<i>` and the last timed row `last_t`/`last_pos`, whose stay ends at the
 * close) and `hx` (per deal `k`, the exact time in each open step, `us_<i>`). `h` must be
 * materialised: it is read here again rather than joining stage_history a second time.
 */
export function irregularCtes(openSteps: number): Cte[] {
  const steps = upTo(openSteps);
  const x = (c: string) => col('x', c);
  const h = (c: string) => col('h', c);
  // A semi join, so that the (usually empty) list of irregular deals is what gets hashed.
  const rows = select(
    [
      [h('k'), 'k'],
      [h('pos'), 'pos'],
      [h('t'), 't'],
      [over(afn('lead', h('t')), [h('k')], [h('t')]), 'next_t'],
    ],
    table('h'),
    { joins: [{ type: 'SEMI', item: table('x'), on: eq(h('k'), x('k')) }] },
  );
  const w = (c: string) => col('hw', c);
  const last = isNull(w('next_t'));
  // Integer µs summed as DOUBLE (exact below 2^53 µs, 285 years); a BIGINT sum would be HUGEINT.
  const finished = (i: number) =>
    cast(
      agg('sum', [
        caseWhen([[eq(w('pos'), lit(i)), cast(bin('-', w('next_t'), w('t')), 'DOUBLE')]], null),
      ]),
      'BIGINT',
    );
  const hf = select(
    [
      [w('k'), 'k'],
      ...steps.map((i): [Expr, string] => [finished(i), `f_${i}`]),
      [agg('max', [caseWhen([[last, w('t')]], null)]), 'last_t'],
      [agg('max', [caseWhen([[and(last, notNull(w('t'))), w('pos')]], null)]), 'last_pos'],
    ],
    table('hw'),
    { groupBy: [w('k')] },
  );
  const f = (c: string) => col('hf', c);
  const exact = (i: number) =>
    caseWhen(
      [
        [
          eq(f('last_pos'), lit(i)),
          bin('+', fn('coalesce', f(`f_${i}`), lit(0)), bin('-', x('closed'), f('last_t'))),
        ],
      ],
      f(`f_${i}`),
    );
  const hx = select(
    [[x('k'), 'k'], ...steps.map((i): [Expr, string] => [exact(i), `us_${i}`])],
    table('x'),
    { joins: [{ type: 'INNER', item: table('hf'), on: eq(f('k'), x('k')) }] },
  );
  return [cte('hw', rows), cte('hf', hf), cte('hx', hx)];
}

/** Microseconds → days, for a median of stays in µs. */
export const usToDays = (e: Expr): Expr => bin('/', e, lit(US_PER_DAY));

/** CTEs `lr` (lost deals per split, step and reason, ranked) and `lrs` (`lost_reasons` text per split and step). */
export function lostReasonCtes(): Cte[] {
  const r = (c: string) => col('r', c);
  const lost = eq(r('status'), lit('lost'));
  const reason = r('lost_reason');
  // Blank reasons rank last and are dropped after ranking: a filter on trim() before the window
  // would be pushed below the grouping and run once per deal instead of once per reason.
  const blank = eq(fn('trim', col(null, 'reason')), lit(''));
  const counts = select(
    [
      [r('split'), 'split'],
      [r('reached_pos'), 'position'],
      [reason, 'reason'],
      [agg('count', []), 'n'],
    ],
    table('r'),
    { where: and(lost, notNull(reason)), groupBy: [r('split'), r('reached_pos'), reason] },
  );
  const rank = over(
    fn('row_number'),
    [col(null, 'split'), col(null, 'position')],
    [blank, [col(null, 'n'), true], col(null, 'reason')],
  );
  const lr: Query = {
    kind: 'select',
    columns: [allCols(), item(blank, 'blank'), item(rank, 'rn')],
    from: sub(counts, 'lc'),
  };
  const label = (k: number): Expr => {
    const text = bin(
      '||',
      bin('||', bin('||', col(null, 'reason'), lit(' (')), cast(col(null, 'n'), 'VARCHAR')),
      lit(')'),
    );
    return agg('max', [caseWhen([[eq(col(null, 'rn'), lit(k)), text]], null)]);
  };
  let reasons = label(1);
  for (let k = 2; k <= TOP_LOST_REASONS; k++)
    reasons = bin('||', reasons, fn('coalesce', bin('||', lit(', '), label(k)), lit('')));
  const [split, position] = [col(null, 'split'), col(null, 'position')];
  const lrs = select(
    [
      [split, 'split'],
      [position, 'position'],
      [reasons, 'lost_reasons'],
    ],
    table('lr'),
    {
      where: and(bin('<=', col(null, 'rn'), lit(TOP_LOST_REASONS)), not(col(null, 'blank'))),
      groupBy: [split, position],
    },
  );
  return [cte('lr', lr), cte('lrs', lrs)];
}

/** Whether a deal belongs to the funnel's pipeline, matching names tolerantly. */
export function inPipeline(catalog: Catalog, pipeline: string): Expr {
  const names = catalog.pipelines.map((x) => x.name);
  // A deal of an unnamed pipeline belongs to the only pipeline there is.
  const matches =
    names.length === 1
      ? bin('OR', eq(norm(deal('pipeline')), lit(normText(pipeline))), isNull(deal('pipeline')))
      : eq(norm(deal('pipeline')), lit(normText(pipeline)));
  const same = names.filter((n) => normText(n) === normText(pipeline));
  const other = names.filter((n) => normText(n) !== normText(pipeline));
  return caseWhen(
    [
      ...(same.length
        ? [[inList(deal('pipeline'), same.map(lit)), lit(true)] as [Expr, Expr]]
        : []),
      ...(other.length
        ? [[inList(deal('pipeline'), other.map(lit)), lit(false)] as [Expr, Expr]]
        : []),
    ],
    matches,
  );
}
