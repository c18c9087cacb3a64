/**
 * The simulated columns, labelled in one language, as Arrow tables in the canonical column order.
 */
import { Table, type Utf8, type Vector } from 'apache-arrow';
import type { TableName } from '../crm/vocabulary.ts';
import type { ActivityColumns } from './simulation/activities.ts';
import {
  float64,
  idWidth,
  int32,
  sequentialIds,
  textCodes,
  timestamps,
  utf8FromCodes,
  utf8Join,
} from './arrow.ts';
import { ClientPool, clientNames } from './simulation/clients.ts';
import { STATUS, type DealColumns, type HistoryColumns } from './simulation/deals.ts';
import type { DemoLabels } from './labels/labels.ts';
import { demoStages } from './model.ts';
import { DAY, END, MANAGERS, OFFICE_CITIES, PRODUCTS, QUOTA } from './simulation/world.ts';

/** Everything the simulation produced, before it becomes text. */
export interface Simulation {
  deals: DealColumns;
  history: HistoryColumns;
  activities: ActivityColumns;
  pool: ClientPool;
}

function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Maps each row's deal index through a per-deal column (the activity's manager is its deal's). */
function gather(deal: Int32Array, column: ArrayLike<number>): Int32Array {
  const out = new Int32Array(deal.length);
  for (let i = 0; i < deal.length; i++) out[i] = column[deal[i] ?? 0] ?? 0;
  return out;
}

/** Builds all seven tables. */
export function buildTables(sim: Simulation, l: DemoLabels): Record<TableName, Table> {
  const { deals: d, history: h, activities: a, pool } = sim;
  const n = d.count;
  const stageNames = l.stages.flat();
  const clients = clientNames(pool, l);
  // Built once: the deals, activities and clients tables all share this dictionary.
  const clientDict = utf8FromCodes(range(clients.length), clients);
  const dealIdWidth = idWidth(n, 6);
  const zeros = new Uint8Array(n);

  // Dictionary ids only need to be unique per table; fixed numbers keep runs byte-identical.
  let id = 0;
  const text = (codes: ArrayLike<number>, dict: Parameters<typeof textCodes>[1]) =>
    textCodes(codes, dict, id++);
  const dealIds = sequentialIds('D', n, dealIdWidth);

  const deals = new Table({
    id: dealIds,
    title: utf8Join([
      { codes: d.product, dict: l.products },
      { codes: zeros, dict: [' — '] },
      { codes: d.client, dict: clients },
    ]),
    created_at: timestamps(d.created),
    closed_at: timestamps(d.closed),
    status: text(d.status, STATUS),
    stage: text(d.stage, stageNames),
    pipeline: text(d.pipeline, l.pipelines),
    amount: float64(d.amount),
    currency: text(zeros, [l.currency]),
    source: text(d.source, l.sources),
    lost_reason: text(d.lostReason, l.lostReasons),
    manager: text(d.manager, l.managers),
    client: text(d.client, clientDict),
    product: text(d.product, l.products),
    channel_campaign: text(d.campaign, l.campaigns),
    discount_pct: float64(d.discount),
  });

  const stageHistory = new Table({
    deal_id: text(h.deal.subarray(0, h.count), dealIds),
    stage: text(h.stage.subarray(0, h.count), stageNames),
    entered_at: timestamps(h.at.subarray(0, h.count)),
  });

  const activities = new Table({
    id: sequentialIds('A', a.count, idWidth(a.count, 7)),
    type: text(a.type, l.activityTypes),
    at: timestamps(a.at),
    manager: text(gather(a.deal, d.manager), l.managers),
    deal_id: text(a.deal, dealIds),
    client: text(gather(a.deal, d.client), clientDict),
  });

  return {
    deals,
    stage_history: stageHistory,
    activities,
    clients: clientTable(sim, l, clientDict),
    managers: managerTable(l),
    products: new Table({
      product: utf8FromCodes(range(PRODUCTS.length), l.products),
      category: utf8FromCodes(
        PRODUCTS.map((p) => p.category),
        l.categories,
      ),
      list_price: float64(Float64Array.from(PRODUCTS, (p) => p.price)),
    }),
    stages: stageTable(l),
  };
}

function clientTable(sim: Simulation, l: DemoLabels, names: Vector<Utf8>): Table {
  const { deals: d, pool } = sim;
  const lastWon = new Float64Array(pool.count).fill(-Infinity);
  for (let i = 0; i < d.count; i++) {
    const c = d.client[i] ?? 0;
    if (d.status[i] === 1) lastWon[c] = Math.max(lastWon[c] ?? 0, d.closed[i] ?? 0);
  }
  // Active: bought within the last year of data; lapsed: bought before; prospect: never bought.
  const status = Int32Array.from(lastWon, (t) =>
    t >= END - 365 * DAY ? 0 : t > -Infinity ? 1 : 2,
  );
  const person = (i: number): boolean => pool.individual[i] === 1;
  return new Table({
    client: names,
    type: utf8FromCodes(pool.individual, l.clientTypes),
    industry: utf8FromCodes(
      Int32Array.from(pool.industry, (v, i) => (person(i) ? -1 : v)),
      l.industries,
    ),
    region: utf8FromCodes(pool.region, l.regions),
    city: utf8FromCodes(pool.city, l.cities),
    headcount: int32(pool.headcount, -1),
    account_manager: utf8FromCodes(pool.accountManager, l.managers),
    status: utf8FromCodes(status, l.clientStatuses),
  });
}

function managerTable(l: DemoLabels): Table {
  const lead = MANAGERS.map((m) => MANAGERS.findIndex((x) => x.lead && x.dept === m.dept));
  return new Table({
    manager: utf8FromCodes(range(MANAGERS.length), l.managers),
    department: utf8FromCodes(
      MANAGERS.map((m) => m.dept),
      l.departments,
    ),
    team_lead: utf8FromCodes(
      lead.map((x, i) => (x === i ? -1 : x)),
      l.managers,
    ),
    city: utf8FromCodes(
      MANAGERS.map((m) => OFFICE_CITIES[m.office] ?? 0),
      l.cities,
    ),
    hired_at: timestamps(Float64Array.from(MANAGERS, (m) => Date.parse(`${m.hired}T00:00:00Z`))),
    level: utf8FromCodes(
      MANAGERS.map((m) => m.level),
      l.levels,
    ),
    monthly_quota: float64(Float64Array.from(MANAGERS, (m) => QUOTA[m.dept]?.[m.level] ?? 0)),
  });
}

function stageTable(l: DemoLabels): Table {
  const rows = demoStages(l);
  const text = (values: string[]): Vector => utf8FromCodes(range(values.length), values);
  const columns: Record<string, Vector> = {
    pipeline: text(rows.map((r) => r.pipeline)),
    stage: text(rows.map((r) => r.stage)),
    position: int32(Int32Array.from(rows, (r) => r.position)),
    probability: float64(Float64Array.from(rows, (r) => r.probability)),
    outcome: text(rows.map((r) => r.outcome)),
  };
  return new Table(columns);
}
