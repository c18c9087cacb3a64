/**
 * Calls, emails, meetings and tasks logged on deals. The volume follows how far a deal went and
 * rises clearly on won deals, so "activities vs results" shows a real relationship.
 */
import type { DealColumns } from './deals.ts';
import { cumulative, type Rng } from './prng.ts';
import { END, MANAGERS, NO_RESPONSE, PIPELINES } from './world.ts';
import { workingTime } from './calendar.ts';

export interface ActivityColumns {
  count: number;
  /** Deal index; manager and client are the deal's. */
  deal: Int32Array;
  /** Index into ACTIVITY_TYPES. */
  type: Uint8Array;
  at: Float64Array;
}

const TYPE_CUM = PIPELINES.map((p) => cumulative(p.activityTypes));

/** About `perDeal` activities per deal on average, timed within each deal's life. */
export function simulateActivities(rng: Rng, d: DealColumns, perDeal: number): ActivityColumns {
  const n = d.count;
  const weight = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const pipe = PIPELINES[d.pipeline[i] ?? 0]!;
    const status = d.status[i] ?? 0;
    const engagement =
      status === 1 ? 1.8 : status === 2 && d.lostReason[i] === NO_RESPONSE ? 0.45 : 1;
    const w =
      pipe.activity *
      (0.35 + ((d.reached[i] ?? 0) + 1) / pipe.open) *
      engagement *
      (MANAGERS[d.manager[i] ?? 0]?.diligence ?? 1);
    weight[i] = w;
    total += w;
  }
  const scale = n > 0 && total > 0 ? (perDeal * n) / total : 0;
  const counts = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const k = rng.poisson((weight[i] ?? 0) * scale);
    counts[i] = k;
    count += k;
  }

  const a: ActivityColumns = {
    count,
    deal: new Int32Array(count),
    type: new Uint8Array(count),
    at: new Float64Array(count),
  };
  let row = 0;
  for (let i = 0; i < n; i++) {
    const k = counts[i] ?? 0;
    if (k === 0) continue;
    const from = d.created[i] ?? 0;
    const closed = d.closed[i] ?? NaN;
    const to = Number.isNaN(closed) ? END - 1000 : closed;
    const types = TYPE_CUM[d.pipeline[i] ?? 0]!;
    const first = row;
    for (let j = 0; j < k; j++) {
      const raw = from + rng.next() * (to - from);
      const work = workingTime(rng, raw);
      a.deal[row] = i;
      a.type[row] = rng.pick(types);
      a.at[row++] = work >= from && work <= to ? work : Math.floor(raw / 1000) * 1000;
    }
    // A deal's activities in time order, as a CRM timeline lists them (insertion sort: k is small).
    for (let x = first + 1; x < row; x++) {
      const v = a.at[x] ?? 0;
      const ty = a.type[x] ?? 0;
      let y = x - 1;
      while (y >= first && (a.at[y] ?? 0) > v) {
        a.at[y + 1] = a.at[y] ?? 0;
        a.type[y + 1] = a.type[y] ?? 0;
        y--;
      }
      a.at[y + 1] = v;
      a.type[y + 1] = ty;
    }
  }
  return a;
}
