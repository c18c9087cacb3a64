/**
 * Small CRMs for the stage statistics' tests (`detect/stages-sql.ts`): a history built to break a
 * wrong rewrite of the positions (ties, untimed rows, NULL stages and deals, stages entered twice,
 * history of deals the deals file lacks, ids equal but for case or a trailing space), the
 * statistics computed from its rows in JS, and the tables loaded into an engine.
 */
import { Rng } from '../../../src/demo/simulation/prng.ts';
import type { Engine } from '../../../src/engine/types.ts';
import type { StageRow } from '../../../src/ingest/detect/stages.ts';
import { quoteString as q } from '../../../src/query/sql/escape.ts';

export type Row = StageRow & { repeated?: boolean; sorted?: boolean };

export interface Deal {
  id: string;
  pipeline: string | null;
  stage: string | null;
  status: string | null;
}
export interface Entry {
  deal_id: string | null;
  stage: string | null;
  /** Minutes after 2024-01-01, or no time. */
  at: number | null;
}
export interface Crm {
  deals: Deal[];
  history: Entry[];
}

const key = (pipeline: string | null, stage: string) => `${pipeline ?? '\u0000'}\u0001${stage}`;
export const sorted = (list: Row[]) =>
  [...list].sort((a, b) => key(a.pipeline, a.stage).localeCompare(key(b.pipeline, b.stage)));

/**
 * The statistics computed from the rows (unique deal ids): each deal's rows with a stage ordered
 * by time, no time last, a run of equal times taking the mean of its positions.
 */
export function expected(crm: Crm): Row[] {
  const counts = new Map<
    string,
    { pipeline: string | null; stage: string } & Record<'won' | 'lost' | 'n', number>
  >();
  for (const d of crm.deals) {
    if (d.stage === null) continue;
    const k = key(d.pipeline, d.stage);
    const c = counts.get(k) ?? { pipeline: d.pipeline, stage: d.stage, won: 0, lost: 0, n: 0 };
    c.n++;
    if (d.status === 'won') c.won++;
    if (d.status === 'lost') c.lost++;
    counts.set(k, c);
  }
  const byDeal = new Map<string | null, Entry[]>();
  for (const h of crm.history)
    if (h.stage !== null) byDeal.set(h.deal_id, [...(byDeal.get(h.deal_id) ?? []), h]);
  const steps = new Map<string, { sum2: number; rows: number }>();
  for (const rows of byDeal.values()) {
    const t = (h: Entry) => h.at ?? Infinity;
    const list = [...rows].sort((a, b) => (t(a) === t(b) ? 0 : t(a) < t(b) ? -1 : 1));
    for (let start = 0; start < list.length;) {
      let end = start;
      while (end < list.length && t(list[end]!) === t(list[start]!)) end++;
      // Positions start+1 … end share their mean; doubled, (start + 1) + end.
      for (let k = start; k < end; k++) {
        const s = steps.get(list[k]!.stage!) ?? { sum2: 0, rows: 0 };
        s.sum2 += start + 1 + end;
        s.rows++;
        steps.set(list[k]!.stage!, s);
      }
      start = end;
    }
  }
  const deals = new Map(crm.deals.map((d) => [d.id, d]));
  const reached = new Map<string, { won: number; closed: number }>();
  for (const stage of steps.keys()) reached.set(stage, { won: 0, closed: 0 });
  const pairs = new Map<string, { pipeline: string | null; stage: string }>();
  for (const c of counts.values()) pairs.set(key(c.pipeline, c.stage), c);
  for (const [id, rows] of byDeal) {
    const d = id === null ? undefined : deals.get(id);
    if (d === undefined) continue;
    for (const stage of new Set(rows.map((h) => h.stage!))) {
      pairs.set(key(d.pipeline, stage), { pipeline: d.pipeline, stage });
      const r = reached.get(stage)!;
      if (d.status === 'won') r.won++;
      if (d.status === 'won' || d.status === 'lost') r.closed++;
    }
  }
  return sorted(
    [...pairs.values()].map(({ pipeline, stage }) => {
      const c = counts.get(key(pipeline, stage));
      const s = steps.get(stage);
      const r = reached.get(stage);
      return {
        pipeline,
        stage,
        won: c?.won ?? 0,
        lost: c?.lost ?? 0,
        n: c?.n ?? 0,
        step: s ? s.sum2 / (2 * s.rows) : null,
        reached_won: r ? r.won : null,
        reached_closed: r ? r.closed : null,
      };
    }),
  );
}

export interface Shape {
  seed: number;
  deals: number;
  /** Distinct moments a deal's rows are drawn from: few means many ties. */
  moments: number;
  /** Share of rows with no time. */
  untimed: number;
  /** Share of deal ids written twice into `deals`. */
  repeats?: number;
  /**
   * How the history is stored: shuffled (the default), or in (deal, time) order — each deal's
   * rows together, deals in no particular order, no time last, tied rows in any order.
   */
  order?: 'shuffled' | 'sorted';
  /** Stage names beyond the six, `S0`, `S1`… (over 62 take two words of stage bits). */
  moreStages?: number;
}

/** A CRM whose history is mostly ties, untimed rows and repeated stages. */
export function makeCrm(o: Shape): Crm {
  const r = new Rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[r.int(xs.length)]!;
  const stages = ['New', 'Call', "Offer 'A'", 'Won', 'Lost', 'Ждём'];
  for (let i = 0; i < (o.moreStages ?? 0); i++) stages.push(`S${i}`);
  const pipelines = ['Sales', null, 'Partners'];
  const statuses = ['won', 'lost', 'open', null];
  // Ids that sort between and around each other, equal but for case or a trailing space.
  const ids = Array.from({ length: o.deals }, (_, i) =>
    i % 7 === 3 ? `d${i - 1}` : i % 11 === 5 ? `D${i - 1} ` : `D${i}`,
  );
  const deals: Deal[] = [];
  const history: Entry[] = [];
  const historyOf = (id: string | null) => {
    const base = r.int(1000) * 60;
    const n = r.int(9);
    for (let k = 0; k < n; k++)
      history.push({
        deal_id: id,
        stage: r.next() < 0.1 ? null : pick(stages),
        at: r.next() < o.untimed ? null : base + r.int(o.moments) * 15,
      });
  };
  for (const id of ids) {
    const copies = r.next() < (o.repeats ?? 0) ? 2 : 1;
    for (let c = 0; c < copies; c++)
      deals.push({
        id,
        pipeline: pick(pipelines),
        stage: r.next() < 0.1 ? null : pick(stages),
        status: pick(statuses),
      });
    if (r.next() < 0.8) historyOf(id);
  }
  for (let i = 0; i < 8; i++) historyOf(`absent ${i}`);
  historyOf(null);
  historyOf(null);
  // Shuffled: neither file order nor id order may stand in for the time order.
  for (let i = history.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [history[i], history[j]] = [history[j]!, history[i]!];
  }
  return { deals, history: o.order === 'sorted' ? inDealOrder(history) : history };
}

/** The rows grouped by deal (first seen first) and in time order inside each, no time last. */
export function inDealOrder(history: Entry[]): Entry[] {
  const byDeal = new Map<string | null, Entry[]>();
  for (const h of history) byDeal.set(h.deal_id, [...(byDeal.get(h.deal_id) ?? []), h]);
  const t = (h: Entry) => h.at ?? Infinity;
  // Array sort is stable: tied rows keep the shuffled order.
  return [...byDeal.values()].flatMap((rows) =>
    [...rows].sort((a, b) => (t(a) === t(b) ? 0 : t(a) < t(b) ? -1 : 1)),
  );
}

export async function load(engine: Engine, crm: Crm): Promise<void> {
  for (const t of ['deals', 'stage_history']) await engine.exec(`DROP TABLE IF EXISTS ${t}`);
  const lit = (v: string | null) => (v === null ? 'NULL' : q(v));
  const at = (m: number | null) =>
    m === null ? 'NULL' : `TIMESTAMP '2024-01-01' + INTERVAL ${m} MINUTE`;
  await engine.exec(`CREATE TABLE deals (id VARCHAR, pipeline VARCHAR, stage VARCHAR, status VARCHAR);
    CREATE TABLE stage_history (deal_id VARCHAR, stage VARCHAR, entered_at TIMESTAMP)`);
  if (crm.deals.length > 0)
    await engine.exec(
      `INSERT INTO deals VALUES ${crm.deals.map((d) => `(${lit(d.id)}, ${lit(d.pipeline)}, ${lit(d.stage)}, ${lit(d.status)})`).join(', ')}`,
    );
  if (crm.history.length > 0)
    await engine.exec(
      `INSERT INTO stage_history VALUES ${crm.history.map((h) => `(${lit(h.deal_id)}, ${lit(h.stage)}, ${at(h.at)})`).join(', ')}`,
    );
}

export async function rows(engine: Engine, sql: string): Promise<Row[]> {
  return sorted((await engine.query(sql)).toArray().map((r) => ({ ...r.toJSON() }) as Row));
}
export const stats = (list: Row[]) => list.map(({ repeated: _, ...r }) => r);
