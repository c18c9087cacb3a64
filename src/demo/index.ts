/**
 * The built-in demo dataset: a made-up CRM company over 2023–2025, generated in the page from a
 * seed, so every report has something meaningful to show without any file.
 */
import type { Table } from 'apache-arrow';
import type { DatasetModel } from '../crm/model.ts';
import type { TableName } from '../crm/vocabulary.ts';
import type { Engine } from '../engine/types.ts';
import type { Lang } from '../lib/i18n.ts';
import { simulateActivities } from './simulation/activities.ts';
import { simulateDeals } from './simulation/deals.ts';
import { demoLabels } from './labels/labels.ts';
import { demoModel } from './model.ts';
import { Rng } from './simulation/prng.ts';
import { buildTables } from './tables.ts';

export interface DemoOptions {
  /** Same seed, same options ⇒ byte-identical tables. Default 1. */
  seed?: number;
  /** Number of deals. Default 20,000; a million takes a few seconds. */
  deals?: number;
  /** Average activities per deal. Default 5. */
  activitiesPerDeal?: number;
  /** Number of clients. Default one per ten deals (at least 50). */
  clients?: number;
  /** Language of the labels (names, stages, sources…); numbers do not depend on it. Default 'en'. */
  lang?: Lang;
}

export interface Demo {
  tables: Record<TableName, Table>;
  model: DatasetModel;
}

/** The tables in the order they are loaded: lookups and stages first, facts last. */
export const DEMO_TABLES: readonly TableName[] = [
  'stages',
  'products',
  'managers',
  'clients',
  'deals',
  'stage_history',
  'activities',
];

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min || value > 50_000_000) {
    throw new RangeError(
      `demo: ${name} must be an integer from ${min} to 50,000,000, got ${value}`,
    );
  }
  return value;
}

/** Generates the demo dataset as Arrow tables in the canonical layout, with its model. */
export function generateDemo(opts: DemoOptions = {}): Demo {
  const seed = opts.seed ?? 1;
  const deals = count('deals', opts.deals ?? 20_000, 1);
  const clients = count('clients', opts.clients ?? Math.max(50, Math.round(deals / 10)), 1);
  const perDeal = opts.activitiesPerDeal ?? 5;
  if (!(perDeal >= 0 && perDeal <= 100))
    throw new RangeError(`demo: activitiesPerDeal must be 0..100, got ${perDeal}`);
  const labels = demoLabels(opts.lang ?? 'en');

  const sim = simulateDeals(new Rng(seed), deals, Math.min(clients, deals));
  // A separate stream, so changing the activity volume leaves the deals as they were.
  const activities = simulateActivities(new Rng(seed ^ 0x5bd1e995), sim.deals, perDeal);
  const tables = buildTables({ ...sim, activities }, labels);

  let min = Infinity;
  let max = -Infinity;
  const { created, closed } = sim.deals;
  for (let i = 0; i < deals; i++) {
    const c = created[i] ?? NaN;
    const z = closed[i] ?? NaN;
    if (c < min) min = c;
    if (c > max) max = c;
    if (z > max) max = z;
  }
  return { tables, model: demoModel(tables, labels, { min, max }) };
}

/** Generates the demo and creates its tables in the engine (replacing any of the same names). */
export async function loadDemo(engine: Engine, opts: DemoOptions = {}): Promise<DatasetModel> {
  const { tables, model } = generateDemo(opts);
  for (const name of DEMO_TABLES) await engine.insertArrow(name, tables[name]);
  return model;
}
