/** The business story the reports should tell: growth, decline, seasons, sources, reasons, languages. */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/index.ts';
import { col, groupSum, year, YEARS } from './columns.ts';

const { tables } = generateDemo();
const deals = tables.deals;
const status = col<string>(deals, 'status');
const created = col<number>(deals, 'created_at');
const closed = col<number | null>(deals, 'closed_at');
const amount = col<number>(deals, 'amount');
const createdYear = created.map(year);

/** Keys whose yearly deal count falls every year by at least a fifth, from a meaningful start. */
function declining(keys: readonly string[]): string[] {
  const counts = groupSum(keys.map((k, i) => `${k}|${createdYear[i]}`));
  return [...new Set(keys)].filter((k) => {
    const [a, b, c] = YEARS.map((y) => counts.get(`${k}|${y}`) ?? 0);
    return a! >= 100 && b! < a! * 0.8 && c! < b! * 0.8;
  });
}

describe('trends', () => {
  it('grows year on year in deals and in won revenue', () => {
    const count = groupSum(createdYear);
    const revenue = groupSum(
      closed.map((c, i) => (status[i] === 'won' && c !== null ? year(c) : 0)),
      (i) => amount[i]!,
    );
    const [c23, c24, c25] = YEARS.map((y) => count.get(y)!);
    const [r23, r24, r25] = YEARS.map((y) => revenue.get(y)!);
    expect(c24).toBeGreaterThan(c23! * 1.15);
    expect(c25).toBeGreaterThan(c24! * 1.15);
    expect(r24).toBeGreaterThan(r23! * 1.1);
    expect(r25).toBeGreaterThan(r24! * 1.1);
  });

  it('has a declining manager and a declining region', () => {
    expect(declining(col<string>(deals, 'manager')).length).toBeGreaterThanOrEqual(1);
    const clients = tables.clients;
    const region = new Map(
      col<string>(clients, 'client').map((c, i) => [c, col<string>(clients, 'region')[i]!]),
    );
    expect(declining(col<string>(deals, 'client').map((c) => region.get(c)!))).toEqual(['Siberia']);
  });

  it('peaks in December and dips in summer', () => {
    const month = groupSum(created.map((t) => new Date(t).getUTCMonth()));
    expect(month.get(11)!).toBeGreaterThan(month.get(6)! * 1.4);
    expect(month.get(11)!).toBe(Math.max(...month.values()));
    const wonMonth = groupSum(
      closed.map((t, i) => (status[i] === 'won' && t !== null ? new Date(t).getUTCMonth() : -1)),
      (i) => amount[i]!,
    );
    expect(wonMonth.get(11)!).toBe(
      Math.max(...[...wonMonth].filter(([m]) => m >= 0).map(([, v]) => v)),
    );
  });

  it('has clients who come back, and new clients every year', () => {
    const perClient = groupSum(col<string>(deals, 'client'));
    const repeat = [...perClient.values()].filter((n) => n >= 2).length;
    expect(repeat / perClient.size).toBeGreaterThan(0.5);
    const first = new Map<string, number>();
    col<string>(deals, 'client').forEach((c, i) => first.has(c) || first.set(c, createdYear[i]!));
    const cohorts = groupSum([...first.values()]);
    for (const y of YEARS) expect(cohorts.get(y)!).toBeGreaterThan(300);
    expect(new Set(col(tables.clients, 'status')).size).toBe(3);
  });

  it('has skewed amounts', () => {
    const sorted = [...amount].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    expect(mean).toBeGreaterThan(median * 1.8);
    expect(sorted.at(-1)!).toBeGreaterThan(median * 50);
  });
});

describe('what drives results', () => {
  it('sources win at clearly different rates', () => {
    const source = col<string>(deals, 'source');
    const won = groupSum(source, (i) => (status[i] === 'won' ? 1 : 0));
    const closedCount = groupSum(source, (i) => (status[i] === 'open' ? 0 : 1));
    const rates = [...won].map(([s, w]) => w / closedCount.get(s)!);
    expect(Math.max(...rates) / Math.min(...rates)).toBeGreaterThan(2);
  });

  it('lost reasons depend on the stage where the deal died', () => {
    const id = col<string>(deals, 'id');
    const reason = col<string | null>(deals, 'lost_reason');
    const hDeal = col<string>(tables.stage_history, 'deal_id');
    const hStage = col<string>(tables.stage_history, 'stage');
    const diedAt = new Map<string, string>();
    for (let r = 1; r < hDeal.length; r++)
      if (hStage[r] === 'Lost') diedAt.set(hDeal[r]!, hStage[r - 1]!);
    const top = (stage: string) => {
      const counts = groupSum(id.flatMap((d, i) => (diedAt.get(d) === stage ? [reason[i]!] : [])));
      return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    };
    expect(['No response', 'Not a fit']).toContain(top('Lead'));
    expect(['Price too high', 'Chose a competitor']).toContain(top('Negotiation'));
  });
});

describe('languages', () => {
  it('English and Russian differ only in labels, one to one', () => {
    const en = generateDemo({ seed: 5, deals: 4000, lang: 'en' }).tables;
    const ru = generateDemo({ seed: 5, deals: 4000, lang: 'ru' }).tables;
    for (const name of Object.keys(en) as (keyof typeof en)[]) {
      expect(ru[name].numRows).toBe(en[name].numRows);
      for (const f of en[name].schema.fields) {
        const a = col(en[name], f.name);
        const b = col(ru[name], f.name);
        if (typeof a.find((v) => v !== null) !== 'string') {
          expect(b, `${name}.${f.name}`).toEqual(a);
          continue;
        }
        // A label column: a bijection between the English and Russian values.
        const pairs = new Set(a.map((v, i) => `${v}\u0000${b[i]}`));
        expect(new Set(a).size, `${name}.${f.name}`).toBe(pairs.size);
        expect(new Set(b).size, `${name}.${f.name}`).toBe(pairs.size);
      }
    }
    expect(col(ru.deals, 'source')).toContain('Рекомендация');
    expect(col(ru.deals, 'currency')[0]).toBe('RUB');
    expect(col(ru.deals, 'status')).toContain('won');
  });
});
