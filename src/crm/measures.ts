/**
 * The measure catalog. Definitions (which rows, which date) are written out in docs/metrics.md;
 * keep the two in step.
 */
import type { MeasureDef, MeasureFormat } from '../query/catalog.ts';
import type { Labels } from '../lib/i18n.ts';
import { agg, bin, cast, col, eq, fn, inList, lit, type Expr } from '../query/sql/ast.ts';
import { lacking, type DataFacts, type Need } from './needs.ts';

const d = (c: string) => col('deals', c);
const WON = eq(d('status'), lit('won'));
const LOST = eq(d('status'), lit('lost'));
const OPEN = eq(d('status'), lit('open'));
const CLOSED = inList(d('status'), [lit('won'), lit('lost')]);
const CYCLE: Expr = fn(
  'date_diff',
  lit('day'),
  cast(d('created_at'), 'DATE'),
  cast(d('closed_at'), 'DATE'),
);

interface Def {
  id: string;
  en: string;
  ru: string;
  descEn: string;
  descRu: string;
  fact?: string;
  date: string | null;
  expr: Expr;
  format: MeasureFormat;
  additive?: boolean;
  shareable?: boolean;
  /** What the data must have besides the fact's table (crm/needs.ts). */
  needs: Need[];
  ratio?: { numerator: string; denominator: string };
  parts?: { numerator: Expr; denominator: Expr };
  /** A rise is the bad news (docs/metrics.md, "Comparison"). */
  worseWhenMore?: true;
}

const DEFS: Def[] = [
  {
    id: 'deals',
    en: 'Deals',
    ru: 'Сделки',
    descEn: 'Deals created in the period',
    descRu: 'Сделки, созданные в периоде',
    date: 'created_at',
    expr: agg('count', []),
    format: 'int',
    additive: true,
    needs: [],
  },
  {
    id: 'won',
    en: 'Won',
    ru: 'Выиграно',
    descEn: 'Deals won, by close date',
    descRu: 'Выигранные сделки по дате закрытия',
    date: 'closed_at',
    expr: agg('count', [], { filter: WON }),
    format: 'int',
    additive: true,
    needs: ['status'],
  },
  {
    id: 'lost',
    en: 'Lost',
    ru: 'Проиграно',
    descEn: 'Deals lost, by close date',
    descRu: 'Проигранные сделки по дате закрытия',
    date: 'closed_at',
    expr: agg('count', [], { filter: LOST }),
    format: 'int',
    additive: true,
    worseWhenMore: true,
    needs: ['status'],
  },
  {
    id: 'open',
    en: 'Open',
    ru: 'Открыто',
    descEn: 'Deals open now',
    descRu: 'Открытые сейчас сделки',
    date: null,
    expr: agg('count', [], { filter: OPEN }),
    format: 'int',
    additive: true,
    needs: ['status'],
  },
  {
    id: 'win_rate',
    en: 'Win rate',
    ru: 'Конверсия в выигрыш',
    descEn: 'won / (won + lost), by close date',
    descRu: 'выиграно / (выиграно + проиграно), по дате закрытия',
    date: 'closed_at',
    expr: bin(
      '/',
      cast(agg('count', [], { filter: WON }), 'DOUBLE'),
      fn('nullif', agg('count', [], { filter: CLOSED }), lit(0)),
    ),
    format: 'pct',
    needs: ['status'],
    parts: {
      numerator: agg('count', [], { filter: WON }),
      denominator: agg('count', [], { filter: CLOSED }),
    },
  },
  {
    // Lead exports rarely mark lost leads: unclosed ones stay open, and win rate reads 100%.
    id: 'conversion',
    en: 'Conversion',
    ru: 'Конверсия',
    descEn: 'Share of deals created in the period that are won so far',
    descRu: 'Доля сделок, созданных в периоде, выигранных к настоящему времени',
    date: 'created_at',
    expr: bin(
      '/',
      cast(agg('count', [], { filter: WON }), 'DOUBLE'),
      fn('nullif', agg('count', []), lit(0)),
    ),
    format: 'pct',
    needs: ['status'],
  },
  {
    id: 'revenue',
    en: 'Revenue',
    ru: 'Выручка',
    descEn: 'Amount of deals won, by close date',
    descRu: 'Сумма выигранных сделок по дате закрытия',
    date: 'closed_at',
    expr: agg('sum', [d('amount')], { filter: WON }),
    format: 'money',
    additive: true,
    shareable: true,
    needs: ['status', 'amount'],
  },
  {
    id: 'lost_amount',
    en: 'Lost amount',
    ru: 'Сумма проигранных',
    descEn: 'Amount of deals lost, by close date',
    descRu: 'Сумма проигранных сделок по дате закрытия',
    date: 'closed_at',
    expr: agg('sum', [d('amount')], { filter: LOST }),
    format: 'money',
    additive: true,
    shareable: true,
    worseWhenMore: true,
    needs: ['status', 'amount'],
  },
  {
    id: 'amount',
    en: 'Amount created',
    ru: 'Сумма созданных',
    descEn: 'Amount of deals created in the period',
    descRu: 'Сумма сделок, созданных в периоде',
    date: 'created_at',
    expr: agg('sum', [d('amount')]),
    format: 'money',
    additive: true,
    shareable: true,
    needs: ['amount'],
  },
  {
    id: 'avg_won',
    en: 'Average won deal',
    ru: 'Средняя сделка',
    descEn: 'Mean amount of deals won',
    descRu: 'Средняя сумма выигранной сделки',
    date: 'closed_at',
    expr: agg('avg', [d('amount')], { filter: WON }),
    format: 'money',
    needs: ['status', 'amount'],
    // avg skips deals without an amount, so the base counts amounts, not deals.
    parts: {
      numerator: agg('sum', [d('amount')], { filter: WON }),
      denominator: agg('count', [d('amount')], { filter: WON }),
    },
  },
  {
    id: 'median_won',
    en: 'Median won deal',
    ru: 'Медианная сделка',
    descEn: 'Median amount of deals won',
    descRu: 'Медиана суммы выигранной сделки',
    date: 'closed_at',
    expr: agg('median', [d('amount')], { filter: WON }),
    format: 'money',
    needs: ['status', 'amount'],
  },
  {
    id: 'pipeline',
    en: 'Pipeline',
    ru: 'Воронка (сумма)',
    descEn: 'Amount of deals open now',
    descRu: 'Сумма открытых сейчас сделок',
    date: null,
    expr: agg('sum', [d('amount')], { filter: OPEN }),
    format: 'money',
    additive: true,
    shareable: true,
    needs: ['status', 'amount'],
  },
  {
    id: 'weighted_pipeline',
    en: 'Weighted pipeline',
    ru: 'Взвешенная воронка',
    descEn: 'Open amount × stage probability',
    descRu: 'Сумма открытых × вероятность этапа',
    date: null,
    expr: agg(
      'sum',
      [bin('*', d('amount'), fn('coalesce', col('stages', 'probability'), lit(0)))],
      { filter: OPEN },
    ),
    format: 'money',
    additive: true,
    shareable: true,
    needs: ['status', 'amount', 'stage'],
  },
  {
    id: 'cycle_days',
    en: 'Sales cycle, days',
    ru: 'Цикл сделки, дней',
    descEn: 'Median days from created to closed, deals won',
    descRu: 'Медиана дней от создания до закрытия, выигранные',
    date: 'closed_at',
    expr: agg('median', [CYCLE], { filter: WON }),
    format: 'days',
    worseWhenMore: true,
    needs: ['status', 'created_at', 'closed_at'],
  },
  {
    id: 'cycle_days_avg',
    en: 'Sales cycle (mean), days',
    ru: 'Цикл сделки (среднее), дней',
    descEn: 'Mean days from created to closed, deals won',
    descRu: 'Среднее дней от создания до закрытия, выигранные',
    date: 'closed_at',
    expr: agg('avg', [CYCLE], { filter: WON }),
    format: 'days',
    worseWhenMore: true,
    needs: ['status', 'created_at', 'closed_at'],
  },
  {
    id: 'clients',
    en: 'Clients',
    ru: 'Клиенты',
    descEn: 'Distinct clients with deals created in the period',
    descRu: 'Уникальные клиенты со сделками, созданными в периоде',
    date: 'created_at',
    expr: agg('count', [d('client')], { distinct: true }),
    format: 'int',
    needs: ['client'],
  },
  {
    id: 'buyers',
    en: 'Paying clients',
    ru: 'Платящие клиенты',
    descEn: 'Distinct clients with deals won in the period',
    descRu: 'Уникальные клиенты с выигранными сделками',
    date: 'closed_at',
    expr: agg('count', [d('client')], { distinct: true, filter: WON }),
    format: 'int',
    needs: ['client', 'status'],
  },
  {
    id: 'activities_per_won',
    en: 'Activities per won deal',
    ru: 'Активностей на выигранную сделку',
    descEn: 'activities / won, each by its own date',
    descRu: 'активности / выиграно, каждое по своей дате',
    fact: 'activities',
    date: null,
    expr: lit(null),
    ratio: { numerator: 'activities', denominator: 'won' },
    format: 'number',
    worseWhenMore: true,
    needs: ['status'],
  },
  {
    id: 'activities',
    en: 'Activities',
    ru: 'Активности',
    descEn: 'Activities in the period, by their date',
    descRu: 'Активности в периоде по их дате',
    fact: 'activities',
    date: 'activities.at',
    expr: agg('count', []),
    format: 'int',
    additive: true,
    needs: [],
  },
];

function labels(en: string, ru: string): Labels {
  return { en, ru };
}

/** The measures this dataset can answer (a measure needing what the data lacks is left out). */
const needsOf = (m: Def): Need[] =>
  m.fact === 'activities' ? [...m.needs, 'activities'] : m.needs;

export function crmMeasures(data: DataFacts): MeasureDef[] {
  const needs = needsOf;
  return DEFS.filter((m) => lacking(needs(m), data).length === 0).map((m) => ({
    id: m.id,
    label: labels(m.en, m.ru),
    description: labels(m.descEn, m.descRu),
    fact: m.fact ?? 'deals',
    date: m.date,
    expr: m.expr,
    format: m.format,
    additive: m.additive ?? false,
    // What adds up to its total has shares: counts as well as sums of money.
    shareable: m.shareable ?? m.additive ?? false,
    ...(m.ratio ? { ratio: m.ratio } : {}),
    ...(m.parts ? { parts: m.parts } : {}),
    ...(m.worseWhenMore ? { worseWhenMore: m.worseWhenMore } : {}),
  }));
}

export const MEASURE_IDS = DEFS.map((m) => m.id);

/** What a CRM measure needs of the data (its fact's file included); undefined for an unknown id. */
export function measureNeeds(id: string): Need[] | undefined {
  const m = DEFS.find((d) => d.id === id);
  return m ? needsOf(m) : undefined;
}

/** A measure's name whether or not this dataset can answer it (what a preset left out). */
export function measureName(id: string): Labels | undefined {
  const m = DEFS.find((d) => d.id === id);
  return m ? labels(m.en, m.ru) : undefined;
}
