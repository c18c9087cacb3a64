import { tableToIPC, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CANONICAL, type TableName } from '../../src/crm/vocabulary.ts';
import { generateDemo } from '../../src/demo/index.ts';
import { col, groupSum } from './columns.ts';

const END = Date.UTC(2026, 0, 1);

/** IPC bytes compared as buffers: vitest's deep equality walks megabytes element by element. */
function sameBytes(a: Table, b: Table): boolean {
  return Buffer.from(tableToIPC(a)).equals(Buffer.from(tableToIPC(b)));
}

function check(ok: boolean, message: string): void {
  // A plain throw per row: an `expect` per row makes a 100,000-row scan take seconds.
  if (!ok) throw new Error(message);
}
const demo = generateDemo();
const { tables, model } = demo;

describe('determinism', () => {
  it('the same seed gives byte-identical tables, another seed different ones', () => {
    const a = generateDemo({ seed: 7, deals: 3000 });
    const b = generateDemo({ seed: 7, deals: 3000 });
    const c = generateDemo({ seed: 8, deals: 3000 });
    for (const name of Object.keys(a.tables) as TableName[]) {
      expect(sameBytes(a.tables[name], b.tables[name]), name).toBe(true);
    }
    expect(sameBytes(a.tables.deals, c.tables.deals)).toBe(false);
  });

  it('the activity volume does not change the deals', () => {
    const few = generateDemo({ seed: 7, deals: 2000, activitiesPerDeal: 1 });
    const many = generateDemo({ seed: 7, deals: 2000, activitiesPerDeal: 9 });
    expect(sameBytes(few.tables.deals, many.tables.deals)).toBe(true);
    expect(many.tables.activities.numRows).toBeGreaterThan(few.tables.activities.numRows * 6);
  });

  it('rejects nonsense sizes', () => {
    expect(() => generateDemo({ deals: 0 })).toThrow(RangeError);
    expect(() => generateDemo({ deals: 1.5 })).toThrow(RangeError);
    expect(() => generateDemo({ activitiesPerDeal: -1 })).toThrow(RangeError);
  });
});

describe('sizes and layout', () => {
  it('has the default sizes', () => {
    expect(tables.deals.numRows).toBe(20_000);
    expect(tables.clients.numRows).toBe(2_000);
    expect(tables.managers.numRows).toBe(25);
    expect(tables.products.numRows).toBeGreaterThanOrEqual(10);
    expect(tables.stages.numRows).toBe(14);
    expect(tables.activities.numRows).toBeGreaterThan(95_000);
    expect(tables.activities.numRows).toBeLessThan(105_000);
    expect(tables.stage_history.numRows).toBeGreaterThan(2 * 20_000);
    expect(tables.stage_history.numRows).toBeLessThan(7 * 20_000);
  });

  it('uses the canonical columns in order, then the custom fields', () => {
    const names = (t: TableName) => tables[t].schema.fields.map((f) => f.name);
    expect(names('deals')).toEqual([
      ...Object.keys(CANONICAL.deals),
      'channel_campaign',
      'discount_pct',
    ]);
    for (const t of ['stage_history', 'activities', 'stages'] as const) {
      expect(names(t)).toEqual(Object.keys(CANONICAL[t]));
    }
    expect(names('clients').slice(0, 6)).toEqual([
      'client',
      'type',
      'industry',
      'region',
      'city',
      'headcount',
    ]);
    expect(names('managers').slice(0, 2)).toEqual(['manager', 'department']);
    expect(names('products')).toEqual(['product', 'category', 'list_price']);
  });

  it('names the activities’ types in the demo’s language: no English ids in the Russian demo', () => {
    // The Activities preset split by type read "call", "email" over a Russian table.
    const ru = generateDemo({ deals: 100, lang: 'ru' }).tables.activities;
    const types = new Set(col<string>(ru, 'type'));
    expect(types).toEqual(new Set(['Звонок', 'Письмо', 'Встреча', 'Задача']));
  });

  it('describes itself in the model', () => {
    expect(model.id).toBe('demo');
    expect(model.name).toBe('Demo CRM');
    expect(generateDemo({ deals: 100, lang: 'ru' }).model.name).toBe('Демо CRM');
    expect(model.minDate).toBe('2023-01-01');
    expect(model.maxDate?.startsWith('2025-12')).toBe(true);
    const deals = model.tables.find((t) => t.name === 'deals');
    expect(deals?.rows).toBe(20_000);
    const byName = new Map(deals?.columns.map((c) => [c.name, c]));
    expect(byName.get('created_at')).toMatchObject({ type: 'date', role: 'created_at' });
    expect(byName.get('amount')).toMatchObject({ type: 'number', role: 'amount' });
    expect(byName.get('manager')).toMatchObject({ type: 'text', role: 'manager' });
    expect(byName.get('discount_pct')).toMatchObject({ type: 'number' });
    expect(byName.get('discount_pct')?.role).toBeUndefined();
    expect(byName.get('channel_campaign')?.label).toEqual({ en: 'Campaign', ru: 'Кампания' });
    expect(model.tables.map((t) => t.name).sort()).toEqual(Object.keys(tables).sort());
    expect(model.stages).toHaveLength(14);
    expect(model.stages.filter((s) => s.outcome === 'won')).toHaveLength(2);
  });

  it('has 10+ sources, 8+ lost reasons, 4 departments, ~2,000 distinct clients', () => {
    expect(new Set(col(tables.deals, 'source')).size).toBeGreaterThanOrEqual(10);
    expect(new Set(col(tables.deals, 'lost_reason')).size - 1).toBeGreaterThanOrEqual(8);
    expect(new Set(col(tables.managers, 'department')).size).toBe(4);
    expect(new Set(col(tables.clients, 'client')).size).toBe(2_000);
    expect(new Set(col(tables.deals, 'client')).size).toBe(2_000);
    expect(new Set(col(tables.deals, 'id')).size).toBe(20_000);
    expect(col(tables.deals, 'id')[0]).toBe('D000001');
  });
});

describe('consistency', () => {
  const id = col<string>(tables.deals, 'id');
  const status = col<string>(tables.deals, 'status');
  const stage = col<string>(tables.deals, 'stage');
  const pipeline = col<string>(tables.deals, 'pipeline');
  const created = col<number>(tables.deals, 'created_at');
  const closed = col<number | null>(tables.deals, 'closed_at');
  const reason = col<string | null>(tables.deals, 'lost_reason');
  const dealIndex = new Map(id.map((d, i) => [d, i]));

  it('closed_at and lost_reason follow the status', () => {
    for (let i = 0; i < id.length; i++) {
      check((closed[i] === null) === (status[i] === 'open'), `closed_at of ${id[i]}`);
      check((reason[i] !== null) === (status[i] === 'lost'), `lost_reason of ${id[i]}`);
      check(closed[i] === null || closed[i]! > created[i]!, `closed before created: ${id[i]}`);
    }
    const counts = groupSum(status);
    expect(counts.get('won')).toBeGreaterThan(4_000);
    expect(counts.get('lost')).toBeGreaterThan(counts.get('won')!);
    expect(counts.get('open')).toBeGreaterThan(500);
  });

  it('every stage history walks the stage order with rising times and ends at the current stage', () => {
    const pos = new Map<string, { position: number; outcome: string }>();
    const sp = col<string>(tables.stages, 'pipeline');
    const ss = col<string>(tables.stages, 'stage');
    const so = col<string>(tables.stages, 'outcome');
    const sx = col<number>(tables.stages, 'position');
    ss.forEach((s, i) => pos.set(`${sp[i]}|${s}`, { position: sx[i]!, outcome: so[i]! }));

    const hDeal = col<string>(tables.stage_history, 'deal_id');
    const hStage = col<string>(tables.stage_history, 'stage');
    const hAt = col<number>(tables.stage_history, 'entered_at');
    let r = 0;
    let deals = 0;
    while (r < hDeal.length) {
      const i = dealIndex.get(hDeal[r]!)!;
      const rows: number[] = [];
      while (r < hDeal.length && hDeal[r] === id[i]) rows.push(r++);
      deals++;
      const steps = rows.map((k) => pos.get(`${pipeline[i]}|${hStage[k]}`));
      const last = rows.at(-1)!;
      check(hAt[rows[0]!] === created[i], `${id[i]} starts at created_at`);
      check(hStage[last] === stage[i], `${id[i]} ends at its stage`);
      check(closed[i] === null || hAt[last] === closed[i], `${id[i]} ends at closed_at`);
      check(hAt[last]! < END, `${id[i]} in the future`);
      // Open stages one after another from the first; at most one outcome, and only last.
      steps.forEach((s, k) => {
        check(s !== undefined, `${id[i]}: unknown stage ${hStage[rows[k]!]}`);
        check(k === 0 || hAt[rows[k]!]! > hAt[rows[k - 1]!]!, `${id[i]}: time goes back`);
        check(
          s!.outcome === 'open' ? s!.position === k + 1 : k === steps.length - 1,
          `${id[i]}: order`,
        );
      });
      check(steps.at(-1)!.outcome === status[i], `${id[i]}: outcome vs status`);
    }
    expect(deals).toBe(id.length);
  });

  it('activities fall within their deal and belong to its manager and client', () => {
    const manager = col<string>(tables.deals, 'manager');
    const client = col<string>(tables.deals, 'client');
    const a = tables.activities;
    const aDeal = col<string>(a, 'deal_id');
    const aAt = col<number>(a, 'at');
    const aManager = col<string>(a, 'manager');
    const aClient = col<string>(a, 'client');
    expect(new Set(col(a, 'type'))).toEqual(new Set(['call', 'email', 'meeting', 'task']));
    for (let k = 0; k < aDeal.length; k++) {
      const i = dealIndex.get(aDeal[k]!)!;
      if (aAt[k]! < created[i]! || aAt[k]! > (closed[i] ?? END))
        throw new Error(`activity ${k} outside deal ${id[i]}`);
      if (aManager[k] !== manager[i] || aClient[k] !== client[i])
        throw new Error(`activity ${k} owner`);
    }
  });

  it('won deals have clearly more activities than lost ones', () => {
    const perDeal = groupSum(col<string>(tables.activities, 'deal_id'));
    const mean = (s: string) => {
      const ds = id.filter((_, i) => status[i] === s);
      return ds.reduce((sum, d) => sum + (perDeal.get(d) ?? 0), 0) / ds.length;
    };
    expect(mean('won')).toBeGreaterThan(2 * mean('lost'));
  });
});
