/**
 * The statistics behind the stage order, one row per (pipeline, stage): deal counts by status
 * and, with a stage history, the average step at which the stage is entered and how many closed
 * deals reached it.
 *
 * Step: the position of a history row among its deal's rows (NULL stages left out) in time
 * order. Rows of one deal entered at the same moment share the average of the positions they
 * take together (A at 10:00, B and C at 11:00, D at 12:00 → 1, 2.5, 2.5, 4), and rows with no
 * time come last, tied with each other — so the order never depends on how the engine breaks a
 * tie. Without ties this is `row_number()` in time order.
 *
 * The history is scanned twice (its stage list, then its rows) and joined to `deals` once, per
 * deal rather than per row. Each row takes its stage's number and its doubled position (`rank() +
 * count(*)` over the peers: an integer, so sums stay exact) from one window over the whole history
 * sorted by (deal, time), less twice the rows of the deals sorted before its own (`rank()` by deal
 * alone, the same sort): one sort without partitions costs the engine less than a window
 * partitioned by deal, and the rows of one deal stay together in it (the NULL deal's rows too, as a partition would keep
 * them). From those rows, kept once: the doubled positions summed per stage, and one grouping by
 * deal giving the set of stages it reached as bits of a BIGINT (62 stages per word, a deal with
 * more stages takes more words), so the reached counts are plain counts over (pipeline, status,
 * stage set) after the join — no `count(DISTINCT)`, no (deal, stage) grouping.
 *
 * A deal id repeated in `deals` makes that join count one deal several times; the query says so
 * (`repeated`) and the caller then runs `STAGE_STATS_JOINED_SQL`, which joins every history row
 * (slower, same rules).
 *
 * Such flags come from one row of sums joined to every row (`f`), not from scalar subqueries in
 * the select list: DuckDB plans each of those as one more relation of the final join, and
 * ordering that join took more CPU than the flags (planning alone: ≈ 45 ms warm, ≈ 200 cold,
 * against ≈ 35 and ≈ 80; the CLI's engine plans each statement once, cold).
 */

/** Deal counts by status per (pipeline, stage) of `deals`. */
const DEAL_COUNTS = `SELECT pipeline, stage, count(*) FILTER (WHERE status = 'won')::DOUBLE AS won,
    count(*) FILTER (WHERE status = 'lost')::DOUBLE AS lost, count(*)::DOUBLE AS n
  FROM deals WHERE stage IS NOT NULL GROUP BY ALL`;

/** Twice the position of a history row among its deal's rows; ties share their mean. */
const STEP2 = `rank() OVER by_time + count(*) OVER by_time`;
const byTime = (h = '') => `WINDOW by_time AS (PARTITION BY ${h}deal_id ORDER BY ${h}entered_at)`;

/**
 * `STEP2` from one sort of the whole history by (deal, time): the rank and peer count there count
 * the rows of every deal sorted before this one as well, which `rank()` by deal alone gives, once
 * for each of the two terms.
 */
const STEP2_SORTED = `rank() OVER by_deal_time + count(*) OVER by_deal_time - 2 * (rank() OVER by_deal - 1)`;
const BY_DEAL_TIME = `WINDOW by_deal AS (ORDER BY h.deal_id), by_deal_time AS (ORDER BY h.deal_id, h.entered_at)`;

/** Stage bits per BIGINT word (the sign bit left alone). */
const WORD = 62;

/** Without a stage history: the deal counts only. */
export const STAGE_COUNTS_SQL = `SELECT pipeline, stage, won, lost, n, NULL AS step, NULL AS reached_won,
    NULL AS reached_closed FROM (${DEAL_COUNTS})`;

/**
 * The deals per (pipeline, stage), for deals whose status follows their stage (`detectStages`'s
 * `byStage`): no status compared per deal, and without a pipeline column the stage alone is the
 * key (every deal's pipeline is NULL then).
 */
export function stageSizesSql(pipeline: boolean): string {
  return pipeline
    ? `SELECT pipeline, stage, count(*)::DOUBLE AS n FROM deals WHERE stage IS NOT NULL GROUP BY pipeline, stage`
    : `SELECT stage, count(*)::DOUBLE AS n FROM deals WHERE stage IS NOT NULL GROUP BY stage`;
}

/**
 * With a stage history: one row per (pipeline, stage) of the deals or of the history rows linked
 * to a deal, plus `repeated` (true on every row when some deal id occurs twice in `deals`).
 */
export const STAGE_STATS_SQL = `WITH st AS MATERIALIZED (
    SELECT stage, (row_number() OVER (ORDER BY stage))::INTEGER - 1 AS i
    FROM (SELECT DISTINCT stage FROM stage_history WHERE stage IS NOT NULL)),
  hr AS MATERIALIZED (
    SELECT h.deal_id, st.i, ${STEP2_SORTED} AS step2
    FROM stage_history h JOIN st ON st.stage = h.stage ${BY_DEAL_TIME}),
  steps AS MATERIALIZED (
    SELECT st.stage, s.step2, s.rows
    FROM (SELECT i, sum(step2) AS step2, count(*) AS rows FROM hr GROUP BY i) s JOIN st USING (i)),
  sets AS (
    SELECT deal_id, i // ${WORD} AS word, bit_or(1::BIGINT << (i % ${WORD})) AS bits, count(*) AS rows
    FROM hr GROUP BY ALL),
  linked AS MATERIALIZED (
    SELECT d.pipeline, d.status, d.id IS NOT NULL AS linked, s.word, s.bits, count(*) AS deals, sum(s.rows) AS rows
    FROM sets s LEFT JOIN deals d ON d.id = s.deal_id GROUP BY ALL),
  reached AS (
    SELECT l.pipeline, st.stage, bool_or(l.linked) AS linked,
      coalesce(sum(l.deals) FILTER (WHERE l.status = 'won'), 0) AS won,
      coalesce(sum(l.deals) FILTER (WHERE l.status IN ('won', 'lost')), 0) AS closed
    FROM linked l JOIN st ON st.i // ${WORD} = l.word AND (l.bits >> (st.i % ${WORD})) & 1 = 1
    GROUP BY ALL),
  counts AS (${DEAL_COUNTS}),
  pairs AS (SELECT pipeline, stage FROM counts UNION SELECT pipeline, stage FROM reached WHERE linked),
  by_stage AS (SELECT stage, sum(won)::DOUBLE AS reached_won, sum(closed)::DOUBLE AS reached_closed
    FROM reached GROUP BY stage)
  SELECT p.pipeline, p.stage, coalesce(c.won, 0) AS won, coalesce(c.lost, 0) AS lost,
    coalesce(c.n, 0) AS n, (s.step2 / (2 * s.rows))::DOUBLE AS step, b.reached_won, b.reached_closed,
    f.repeated
  FROM (SELECT l.rows IS DISTINCT FROM s.rows AS repeated
    FROM (SELECT sum(rows) AS rows FROM linked) l, (SELECT sum(rows) AS rows FROM steps) s) f, pairs p LEFT JOIN counts c ON c.pipeline IS NOT DISTINCT FROM p.pipeline AND c.stage = p.stage
  LEFT JOIN steps s ON s.stage = p.stage LEFT JOIN by_stage b ON b.stage = p.stage`;

/** `a` and `b` are the same value, NULL included. */
const same = (a: string, b: string) => `${a} IS NOT DISTINCT FROM ${b}`;

/**
 * Whether the first rows of the history (with a stage) are in (deal, time) order as they are
 * stored: each deal's rows together, later times after earlier ones, no time last, and at least
 * one deal with two rows side by side. Only a guess at the whole table, to skip
 * `STAGE_STATS_SORTED_SQL` where it would only find the order broken (an event log in time order,
 * a shuffled file) and `STAGE_STATS_SQL` would run after it.
 */
export const HEAD_IN_ORDER_SQL = `SELECT coalesce(count(*) FILTER (WHERE back) = 0
    AND count(*) FILTER (WHERE start) = count(DISTINCT deal_id) + coalesce(max((deal_id IS NULL)::INTEGER), 0)
    AND count(*) FILTER (WHERE start) < count(*), false) AS ordered
  FROM (SELECT deal_id, lag(k) OVER () IS NULL OR NOT ${same('deal_id', 'lag(deal_id) OVER ()')} AS start,
      lag(k) OVER () IS NOT NULL AND ${same('deal_id', 'lag(deal_id) OVER ()')}
        AND (entered_at < lag(entered_at) OVER () OR (lag(entered_at) OVER () IS NULL AND entered_at IS NOT NULL)) AS back
    FROM (SELECT rowid AS k, deal_id, entered_at FROM stage_history WHERE stage IS NOT NULL LIMIT 10000))`;

/**
 * `STAGE_STATS_SQL`'s statistics without its sort, for a history stored in (deal, time) order, as
 * most exports are; `sorted` says whether it was, and when it is false on any row the steps are
 * not the positions and the caller runs `STAGE_STATS_SQL` instead.
 *
 * The rows with a stage are numbered as they are stored (`r`, with their neighbours' deal and time:
 * `OVER ()` streams, no sort), and the order is checked on the same pass: a row after its deal's
 * previous row must not be earlier (no time last), and each deal's rows must be one run (its
 * first and last number `rows - 1` apart). In that order a row's position in its deal is
 * `r - dmin + 1` (`dmin`: its deal's first number), and a run of equal times at numbers
 * `gmin`…`gmax` shares their mean, so the doubled position `STEP2` is `gmin + gmax - 2 dmin + 2`,
 * summed per stage as `2 Σr + Σ(gmin + gmax - 2r) - 2 Σdmin + 2 rows`: the middle term only over the
 * rows tied with a neighbour (none, usually), and `Σdmin` from the grouping by deal that the
 * stage sets need anyway: a deal whose stages are each entered once adds its `dmin` to every
 * stage of its set; the rows of a deal that entered a stage twice add theirs one by one. More
 * than one word of stage bits (over 62 stages) counts as out of order: a deal's first number is
 * then spread over its words.
 */
export const STAGE_STATS_SORTED_SQL = `WITH st AS MATERIALIZED (
    SELECT stage, (row_number() OVER (ORDER BY stage))::INTEGER - 1 AS i
    FROM (SELECT DISTINCT stage FROM stage_history WHERE stage IS NOT NULL)),
  w AS (
    SELECT deal_id, stage, entered_at AS t, row_number() OVER () AS r,
      lag(k) OVER () IS NOT NULL AND ${same('deal_id', 'lag(deal_id) OVER ()')} AS sp, lag(entered_at) OVER () AS pt,
      lead(k) OVER () IS NOT NULL AND ${same('deal_id', 'lead(deal_id) OVER ()')} AS sn, lead(entered_at) OVER () AS nt
    FROM (SELECT rowid AS k, deal_id, stage, entered_at FROM stage_history WHERE stage IS NOT NULL)),
  hr AS MATERIALIZED (
    SELECT w.deal_id, st.i, w.r, w.t, sp AND (t < pt OR (pt IS NULL AND t IS NOT NULL)) AS back,
      (sp AND ${same('t', 'pt')}) OR (sn AND ${same('t', 'nt')}) AS tie
    FROM w JOIN st ON st.stage = w.stage),
  steps AS MATERIALIZED (
    SELECT i, sum(r) AS sr, count(*) AS rows, count(*) FILTER (WHERE back) AS back FROM hr GROUP BY i),
  ties AS (
    SELECT i, sum(g - 2 * r) AS g FROM (
      SELECT i, r, min(r) OVER run + max(r) OVER run AS g FROM hr WHERE tie WINDOW run AS (PARTITION BY deal_id, t))
    GROUP BY i),
  sets AS MATERIALIZED (
    SELECT deal_id, i // ${WORD} AS word, bit_or(1::BIGINT << (i % ${WORD})) AS bits, count(*) AS rows,
      min(r) AS dmin, max(r) AS dmax
    FROM hr GROUP BY ALL),
  linked AS MATERIALIZED (
    SELECT d.pipeline, d.status, d.id IS NOT NULL AS linked, s.word, s.bits, count(*) AS deals, sum(s.rows) AS rows,
      sum(s.dmin) FILTER (WHERE s.rows = bit_count(s.bits)) AS dmins,
      count(*) FILTER (WHERE s.dmax - s.dmin + 1 <> s.rows OR s.word > 0) AS broken
    FROM sets s LEFT JOIN deals d ON d.id = s.deal_id GROUP BY ALL),
  again AS (
    SELECT h.i, sum(s.dmin) AS dmins FROM hr h
    JOIN (SELECT deal_id, dmin FROM sets WHERE rows <> bit_count(bits)) s ON ${same('h.deal_id', 's.deal_id')}
    GROUP BY h.i),
  reached AS (
    SELECT l.pipeline, st.stage, bool_or(l.linked) AS linked,
      coalesce(sum(l.deals) FILTER (WHERE l.status = 'won'), 0) AS won,
      coalesce(sum(l.deals) FILTER (WHERE l.status IN ('won', 'lost')), 0) AS closed,
      coalesce(sum(l.dmins), 0) AS dmins
    FROM linked l JOIN st ON st.i // ${WORD} = l.word AND (l.bits >> (st.i % ${WORD})) & 1 = 1
    GROUP BY ALL),
  counts AS (${DEAL_COUNTS}),
  pairs AS (SELECT pipeline, stage FROM counts UNION SELECT pipeline, stage FROM reached WHERE linked),
  by_stage AS (SELECT stage, sum(won)::DOUBLE AS reached_won, sum(closed)::DOUBLE AS reached_closed,
      sum(dmins) AS dmins
    FROM reached GROUP BY stage),
  step AS (
    SELECT st.stage, ((2 * s.sr + coalesce(t.g, 0) - 2 * (coalesce(b.dmins, 0) + coalesce(a.dmins, 0))
        + 2 * s.rows) / (2 * s.rows))::DOUBLE AS step
    FROM steps s JOIN st USING (i) LEFT JOIN by_stage b ON b.stage = st.stage
    LEFT JOIN ties t ON t.i = s.i LEFT JOIN again a ON a.i = s.i)
  SELECT p.pipeline, p.stage, coalesce(c.won, 0) AS won, coalesce(c.lost, 0) AS lost,
    coalesce(c.n, 0) AS n, s.step, b.reached_won, b.reached_closed,
    f.repeated, f.sorted
  FROM (SELECT l.rows IS DISTINCT FROM s.rows AS repeated, coalesce(s.back, 0) + coalesce(l.broken, 0) = 0 AS sorted
    FROM (SELECT sum(rows) AS rows, sum(broken) AS broken FROM linked) l,
      (SELECT sum(rows) AS rows, sum(back) AS back FROM steps) s) f, pairs p LEFT JOIN counts c ON c.pipeline IS NOT DISTINCT FROM p.pipeline AND c.stage = p.stage
  LEFT JOIN step s ON s.stage = p.stage LEFT JOIN by_stage b ON b.stage = p.stage`;

/**
 * The same statistics with every history row joined to its deals before the window, as the
 * query was before the one-pass form: a deal id that `deals` repeats counts each copy's row (tied
 * with the other copies) and each copy's pipeline, and a deal reached a stage once.
 */
export const STAGE_STATS_JOINED_SQL = `SELECT p.pipeline, p.stage, coalesce(c.won, 0) AS won,
    coalesce(c.lost, 0) AS lost, coalesce(c.n, 0) AS n, h.step, h.reached_won, h.reached_closed
  FROM (SELECT DISTINCT pipeline, stage FROM (SELECT pipeline, stage FROM deals WHERE stage IS NOT NULL
        UNION ALL SELECT d.pipeline, h.stage FROM stage_history h JOIN deals d ON d.id = h.deal_id
        WHERE h.stage IS NOT NULL)) p
  LEFT JOIN (${DEAL_COUNTS}) c ON c.pipeline IS NOT DISTINCT FROM p.pipeline AND c.stage = p.stage
  LEFT JOIN (SELECT stage, (sum(step2) / (2 * count(*)))::DOUBLE AS step,
      count(DISTINCT deal_id) FILTER (WHERE status = 'won')::DOUBLE AS reached_won,
      count(DISTINCT deal_id) FILTER (WHERE status IN ('won', 'lost'))::DOUBLE AS reached_closed
    FROM (SELECT h.deal_id, h.stage, d.status, ${STEP2} AS step2
          FROM stage_history h LEFT JOIN deals d ON d.id = h.deal_id WHERE h.stage IS NOT NULL ${byTime('h.')})
    GROUP BY stage) h ON h.stage = p.stage`;
