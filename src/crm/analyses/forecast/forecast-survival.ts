/**
 * The forecast's survival estimate as CTEs over a table `t` of as-of dates (docs/metrics.md,
 * "Forecast"). Each deal is seen as it was at t: closed (won or lost, a competing event) or still
 * open (censored, never lost). From those, per age slice: deals at risk, won, lost → the share
 * still open s(k) and the win hazard hw(k).
 *
 * Two clocks: the pooled curve counts a deal's age from its creation; with a stage history, each
 * stage gets its own curve, counting from the day a deal entered that stage to its close. An
 * open deal is then read off its current stage's curve at its age in that stage, unless that
 * stage has fewer than MIN_STAGE_CLOSED closed deals behind it, when the pooled curve is used.
 */
import type { AsOfDef } from '../../../query/catalog.ts';
import {
  and,
  bin,
  caseWhen,
  cast,
  eq,
  fn,
  inList,
  isNull,
  lit,
  not,
  notNull,
  type Expr,
} from '../../../query/sql/ast.ts';
import {
  allCols,
  item,
  select,
  sub,
  table,
  type Cte,
  type Select,
} from '../../../query/sql/stmt.ts';
import { cte } from '../common.ts';
import { b, bare, c, cn, coalesce0, countWhere, WON_LOST } from './forecast-nodes.ts';

/** A stage's own curve needs this many deals that entered it and closed by the as-of date. */
export const MIN_STAGE_CLOSED = 30;

const ev = b('ev');

/** A window call over one curve's age slices, oldest last. */
const alongCurve = (f: Expr): Expr => ({
  kind: 'over',
  fn: f,
  partitionBy: [b('t'), b('g')],
  orderBy: [{ expr: b('k'), desc: false }],
});
const isEv = (event: string) => eq(ev, lit(event));

/** Whole slices of L days from `from` to `to`, never negative. */
const ageSlice = (from: Expr, to: Expr, L: number): Expr =>
  cast(
    fn('greatest', lit(0), fn('floor', bin('/', fn('date_diff', lit('day'), from, to), lit(L)))),
    'INTEGER',
  );

/**
 * - `e`: each deal known at t (created by then; a closed deal without a close date cannot be
 *   placed in time and is left out), its event `ev` (`won`/`lost` if closed by t, else NULL) and
 *   its age slice k from creation at that event or at t.
 * - with a history, `ep`: each stage a deal entered by t before it closed, the age slice k from
 *   entering it; `cur`: an open deal's current stage at t (the last entered; ties by name).
 * - `x`: every observation with its curve `g` (NULL: the pooled one, else the stage).
 */
export function observationCtes(L: number, history: AsOfDef | null): Cte[] {
  const closedBy = and(inList(c('d', 'status'), WON_LOST), bin('<=', c('d', 'c1'), c('t', 't')));
  const end = caseWhen([[closedBy, c('d', 'c1')]], c('t', 't'));
  const e: Select = {
    kind: 'select',
    columns: [
      item(c('t', 't'), 't'),
      allCols('d'),
      item(caseWhen([[closedBy, c('d', 'status')]]), 'ev'),
      item(ageSlice(c('d', 'c0'), end, L), 'k'),
    ],
    from: table('t'),
    joins: [{ type: 'CROSS', item: table('d') }],
    where: and(
      bin('<=', c('d', 'c0'), c('t', 't')),
      not(and(inList(c('d', 'status'), WON_LOST), isNull(c('d', 'c1')))),
    ),
  };
  const ctes: Cte[] = [cte('e', e)];
  const pooled = select(
    [[b('t'), 't'], [cast(lit(null), 'VARCHAR'), 'g'], ...bare('ev', 'k')],
    table('e'),
  );
  if (!history) {
    ctes.push(cte('x', pooled));
    return ctes;
  }
  const h = (name: string) => c('h', name);
  const ee = (name: string) => c('e', name);
  const latest: Expr = {
    kind: 'over',
    fn: fn('row_number'),
    partitionBy: [b('t'), b('id')],
    orderBy: [
      { expr: b('at'), desc: true },
      { expr: b('g'), desc: true },
    ],
  };
  const ended = caseWhen([[notNull(ee('ev')), ee('c1')]], ee('t'));
  ctes.push(
    cte(
      'h',
      select(
        [
          [cast(b(history.historyKey), 'VARCHAR'), 'id'],
          [cast(b(history.historyStage), 'VARCHAR'), 'g'],
          [cast(b(history.historyAt), 'TIMESTAMP'), 'at'],
        ],
        table(history.history),
        { where: and(notNull(b(history.historyAt)), notNull(b(history.historyStage))) },
      ),
    ),
    // The entry into the closing (won/lost) stage is the close itself, not a stage to wait in.
    cte(
      'ep',
      select(
        [
          cn('e', 't'),
          cn('e', 'id'),
          cn('h', 'g'),
          cn('h', 'at'),
          cn('e', 'ev'),
          [ageSlice(cast(h('at'), 'DATE'), ended, L), 'k'],
        ],
        table('e'),
        {
          joins: [{ type: 'INNER', item: table('h'), on: eq(h('id'), ee('id')) }],
          where: and(
            bin('<=', cast(h('at'), 'DATE'), ee('t')),
            not(and(inList(ee('status'), WON_LOST), bin('>=', h('at'), ee('closed_ts')))),
          ),
        },
      ),
    ),
    cte(
      'cur',
      select(bare('t', 'id', 'g', 'at', 'k'), table('ep'), {
        where: isNull(ev),
        qualify: eq(latest, lit(1)),
      }),
    ),
    cte('x', { kind: 'union', parts: [pooled, select(bare('t', 'g', 'ev', 'k'), table('ep'))] }),
  );
  return ctes;
}

/**
 * From `x`, per curve (t, g): `haz` — per age slice, deals at risk n (not yet closed, still
 * observed), won w, lost l; `surv` — s(k), the share still open at the start of slice k, and the
 * win hazard hw(k); `fit` — the curves an open deal may be read off (the pooled one always, a
 * stage's when enough of its deals closed); `typical` and `winrate` as known at t.
 */
export function curveCtes(): Cte[] {
  const g = (name: string) => c('g', name);
  const cnt = (name: string) => coalesce0(c('cnt', name));
  const win = (f: Expr, ordered: boolean): Expr => ({
    kind: 'over',
    fn: f,
    partitionBy: [g('t'), g('g')],
    orderBy: ordered ? [{ expr: g('k'), desc: false }] : [],
  });
  // Qualified: ClickHouse would read a bare `w` below as the alias it is given here.
  const wl = bin('+', cnt('w'), cnt('l'));
  const atRisk = bin(
    '-',
    bin('+', bin('-', win(fn('sum', bin('+', wl, cnt('c'))), false), win(fn('sum', wl), true)), wl),
    win(fn('sum', cnt('c')), true),
  );
  // Every age slice up to the oldest observation, so the window sums see the empty ones too.
  const oldest = select([...bare('t', 'g'), [fn('max', b('k')), 'k_max']], table('x'), {
    groupBy: [b('t'), b('g')],
  });
  const slices = select(
    [...bare('t', 'g'), [fn('series', lit(0), b('k_max')), 'k']],
    sub(oldest, 'm'),
  );
  const positive = bin('>', b('n'), lit(0));
  const withLeft: Select = {
    kind: 'select',
    columns: [
      allCols(),
      item(
        caseWhen(
          [[positive, bin('-', lit(1), bin('/', bin('+', b('w'), b('l')), b('n')))]],
          lit(1),
        ),
        'n_left',
      ),
    ],
    from: table('haz'),
  };
  return [
    cte(
      'cnt',
      select(
        [
          ...bare('t', 'g', 'k'),
          [countWhere(isEv('won')), 'w'],
          [countWhere(isEv('lost')), 'l'],
          [countWhere(isNull(ev)), 'c'],
        ],
        table('x'),
        { groupBy: [b('t'), b('g'), b('k')] },
      ),
    ),
    cte(
      'haz',
      select(
        [cn('g', 't'), cn('g', 'g'), cn('g', 'k'), [cnt('w'), 'w'], [cnt('l'), 'l'], [atRisk, 'n']],
        sub(slices, 'g'),
        {
          joins: [
            {
              type: 'LEFT',
              item: table('cnt'),
              on: and(
                eq(c('cnt', 't'), g('t')),
                bin('IS NOT DISTINCT FROM', c('cnt', 'g'), g('g')),
                eq(c('cnt', 'k'), g('k')),
              ),
            },
          ],
        },
      ),
    ),
    cte(
      'surv0',
      select(
        [
          ...bare('t', 'g', 'k'),
          [caseWhen([[positive, bin('/', b('w'), b('n'))]], lit(0)), 'hw'],
          [alongCurve(fn('product', b('n_left'))), 's_after'],
        ],
        sub(withLeft, 'hz'),
      ),
    ),
    cte(
      'surv',
      select(
        [
          ...bare('t', 'g', 'k', 'hw'),
          [fn('coalesce', alongCurve(fn('lag', b('s_after'))), lit(1)), 's'],
        ],
        table('surv0'),
      ),
    ),
    cte(
      'fit',
      select(bare('t', 'g'), table('x'), {
        where: notNull(b('g')),
        groupBy: [b('t'), b('g')],
        having: bin('>=', countWhere(notNull(ev)), lit(MIN_STAGE_CLOSED)),
      }),
    ),
    // The amount a deal without one is expected to bring: the median won amount known at t.
    cte(
      'typical',
      select([cn('e', 't'), [fn('median', c('e', 'amount')), 'amount']], table('e'), {
        where: and(eq(c('e', 'ev'), lit('won')), notNull(c('e', 'amount'))),
        groupBy: [c('e', 't')],
      }),
    ),
    cte(
      'winrate',
      select(
        [
          ...bare('t'),
          [
            bin('/', countWhere(isEv('won')), fn('nullif', countWhere(notNull(ev)), lit(0))),
            'rate',
          ],
        ],
        table('e'),
        { groupBy: [b('t')] },
      ),
    ),
  ];
}
