/**
 * The presets' definitions: for each id, its title, help and the report it wishes for. A wish may
 * name roles the dataset lacks; `presets.ts` resolves it against the catalog and reports what it
 * had to leave out.
 */
import type { Catalog, FieldDef } from '../query/catalog.ts';
import type { Labels } from '../lib/i18n.ts';
import { PERIOD_FIELD } from '../query/resolve.ts';
import type {
  AnalysisKind,
  ChartKind,
  Dimension,
  Filter,
  OptionsOf,
  Period,
  ReportSpec,
  SortKey,
} from '../query/spec/spec.ts';
import type { Need } from './needs.ts';
import type { PresetContext, PresetId } from './presets.ts';

interface WishBase {
  rows?: (Dimension | null)[];
  columns?: (Dimension | null)[];
  measures: string[];
  /** Used when none of `measures` exists in the dataset. */
  fallbackMeasures?: string[];
  filters?: Filter[];
  sort?: SortKey[];
  limit?: number;
  compare?: ReportSpec['compare'];
  chart?: ChartKind;
  /** Overrides ctx.period (the compare preset needs one). */
  period?: Period | null;
}

/** A pivot by default; an analysis comes with its own options. */
type WishAnalysis =
  | { analysis?: undefined; options?: undefined }
  | { [A in AnalysisKind]: { analysis: A; options?: OptionsOf[A] } }[AnalysisKind];

export type Wish = WishBase & WishAnalysis;

type Build = (ctx: PresetContext) => Wish;

export interface Def {
  id: PresetId;
  title: Labels;
  help: Labels;
  /**
   * What the report cannot answer without (crm/needs.ts): on data that lacks one the gallery
   * offers it as "not in this data" and the CLI refuses it, rather than open a table of zeros.
   * What it can do without (a measure, a split) is only left out when it opens.
   */
  needs: Need[];
  build: Build;
}

const dim = (field: string, grain?: Dimension['grain']): Dimension =>
  grain ? { field, grain } : { field };
export const desc = (key: string): SortKey => ({ key, dir: 'desc' });
const OPEN_ONLY: Filter = { field: 'status', op: 'in', values: ['open'] };

/** Columns the importer keeps under these names are roles, never custom fields. */
function isCustom(f: FieldDef): boolean {
  return f.role === undefined && f.id !== PERIOD_FIELD;
}

/** The first custom text field of deals, then of clients; `clients.region` when there is none. */
function customField(catalog: Catalog): string | null {
  for (const table of ['deals', 'clients']) {
    const f = catalog.fields.find((x) => x.table === table && x.type === 'text' && isCustom(x));
    if (f) return f.id;
  }
  return catalog.fields.some((f) => f.id === 'clients.region') ? 'clients.region' : null;
}

/** A custom date field that reads like "expected close" (planned close date of an open deal). */
function expectedCloseField(catalog: Catalog): string | null {
  const re = /expect|planned|forecast|close_?date|ожида|план|прогноз/i;
  const f = catalog.fields.find(
    (x) => x.table === 'deals' && x.type === 'date' && isCustom(x) && re.test(x.column),
  );
  return f?.id ?? null;
}

/** The compare preset needs a period: the one picked, else the latest year of data up to its last day. */
function compareRange(ctx: PresetContext): Period | null {
  if (ctx.period) return ctx.period;
  const last = ctx.model.maxDate;
  if (!last) return null;
  return { from: `${last.slice(0, 4)}-01-01`, to: last };
}

export const DEFS: Def[] = [
  {
    id: 'by-source',
    title: { en: 'Deals by source', ru: 'Сделки по источникам' },
    help: {
      en: 'Which lead sources bring deals and money. Compare win rate across sources; add a period to the columns to see the trend.',
      ru: 'Какие источники приводят сделки и деньги. Сравните конверсию по источникам; добавьте период в столбцы, чтобы увидеть динамику.',
    },
    needs: ['source'],
    build: () => ({
      rows: [dim('source')],
      measures: ['deals', 'won', 'revenue', 'win_rate'],
      sort: [desc('revenue')],
      chart: 'bar',
    }),
  },
  {
    id: 'lost-reasons',
    title: { en: 'Lost reasons', ru: 'Причины отказов' },
    help: {
      en: 'Why deals are lost and how much they were worth. Drag Stage or Manager into the columns to see where and by whom they are lost.',
      ru: 'Почему сделки проигрываются и на какую сумму. Перетащите Этап или Менеджера в столбцы, чтобы увидеть, где и у кого они теряются.',
    },
    needs: ['lost_reason', 'lost_deals'],
    build: () => ({
      rows: [dim('lost_reason')],
      measures: ['lost', 'lost_amount'],
      filters: [{ field: 'status', op: 'in', values: ['lost'] }],
      sort: [desc('lost')],
      chart: 'bar',
    }),
  },
  {
    id: 'by-stage',
    title: { en: 'Open deals by stage', ru: 'Открытые сделки по этапам' },
    help: {
      en: 'Where open deals sit: how many and for how much at each stage. Now, or, with a stage history, as of the end of the chosen period (compared: also as of the end of the earlier one).',
      ru: 'Где открытые сделки: сколько и на какую сумму на каждом этапе. Сейчас или, при наличии истории этапов, на конец выбранного периода (при сравнении — и на конец прошлого).',
    },
    needs: ['stage'],
    build: () => ({
      rows: [dim('stage')],
      measures: ['open', 'pipeline'],
      filters: [OPEN_ONLY],
      chart: 'bar',
    }),
  },
  {
    id: 'funnel',
    title: { en: 'Sales funnel', ru: 'Воронка продаж' },
    help: {
      en: 'How many deals reach each stage and the conversion from one stage to the next. Without stage history it is derived from the current stage.',
      ru: 'Сколько сделок доходит до каждого этапа и конверсия между этапами. Без истории этапов строится по текущему этапу.',
    },
    needs: ['stage_order'],
    // An analysis reads rows[0] as a split (one funnel per source…), so a plain funnel has none.
    build: () => ({ analysis: 'funnel', measures: ['deals'], chart: 'funnel' }),
  },
  {
    id: 'managers',
    title: { en: 'Manager performance', ru: 'Эффективность менеджеров' },
    help: {
      en: 'Results per manager: won and lost deals, win rate, revenue, deal size, cycle length and activity. Sort by any column.',
      ru: 'Результаты по менеджерам: выигранные и проигранные сделки, конверсия, выручка, размер сделки, длина цикла и активность. Сортируйте по любому столбцу.',
    },
    needs: ['manager'],
    build: () => ({
      rows: [dim('manager')],
      measures: [
        'won',
        'lost',
        'win_rate',
        'revenue',
        'avg_won',
        'median_won',
        'cycle_days',
        'activities',
      ],
      sort: [desc('revenue')],
      chart: 'bar',
    }),
  },
  {
    id: 'clients',
    title: { en: 'Top clients', ru: 'Лучшие клиенты' },
    help: {
      en: 'The 50 clients who bring the most revenue, with the number and average size of their won deals.',
      ru: '50 клиентов с наибольшей выручкой, с числом и средним размером их выигранных сделок.',
    },
    needs: ['client'],
    build: () => ({
      rows: [dim('client')],
      measures: ['revenue', 'won', 'avg_won'],
      sort: [desc('revenue')],
      limit: 50,
      chart: 'bar',
    }),
  },
  {
    id: 'custom-field',
    title: { en: 'By your own field', ru: 'По вашему полю' },
    help: {
      en: 'Deals and results split by the first field of your own (not a standard CRM column). Swap it for any other field in the rows.',
      ru: 'Сделки и результаты в разрезе первого вашего поля (не стандартного поля CRM). Замените его в строках на любое другое поле.',
    },
    needs: ['custom_field'],
    build: ({ catalog }) => {
      const f = customField(catalog);
      return {
        rows: [f ? dim(f) : null],
        measures: ['deals', 'won', 'revenue', 'win_rate'],
        sort: [desc('deals')],
        chart: 'bar',
      };
    },
  },
  {
    id: 'pipeline',
    title: { en: 'Pipeline', ru: 'Воронка в деньгах' },
    help: {
      en: 'Open deals by stage and manager: their amount and the amount weighted by stage probability (what to expect to win). Now, or, with a stage history, as of the end of the chosen period.',
      ru: 'Открытые сделки по этапам и менеджерам: их сумма и сумма, взвешенная по вероятности этапа (сколько ожидать к выигрышу). Сейчас или, при наличии истории этапов, на конец выбранного периода.',
    },
    needs: ['amount'],
    build: ({ catalog }) => {
      const close = expectedCloseField(catalog);
      return {
        rows: [dim('stage'), dim('manager')],
        columns: [close ? dim(close, 'month') : null],
        measures: ['pipeline', 'weighted_pipeline', 'open'],
        filters: [OPEN_ONLY],
        chart: 'bar_stacked',
      };
    },
  },
  {
    id: 'won-size',
    title: { en: 'Won deal size', ru: 'Размер выигранных сделок' },
    help: {
      en: 'Average and median won deal per manager. A mean far above the median means a few large deals carry the result.',
      ru: 'Средняя и медианная выигранная сделка по менеджерам. Если среднее намного выше медианы, результат держится на нескольких крупных сделках.',
    },
    needs: ['amount'],
    build: () => ({
      rows: [dim('manager')],
      measures: ['avg_won', 'median_won', 'won'],
      sort: [desc('avg_won')],
      chart: 'bar',
    }),
  },
  {
    id: 'activities',
    title: { en: 'Activities', ru: 'Активности' },
    help: {
      en: 'Activity against results per manager: activities, won deals, win rate and activities per won deal; the scatter shows whether more activity goes with a higher win rate. Drag Activity type to Columns to split calls, emails, meetings and tasks, or Status to compare won and lost deals.',
      ru: 'Активность и результат по менеджерам: активности, выигранные сделки, конверсия и активностей на выигранную сделку; диаграмма рассеяния показывает, растёт ли конверсия с активностью. Перетащите «Тип активности» в столбцы, чтобы разделить звонки, письма, встречи и задачи, или «Статус», чтобы сравнить выигранные и проигранные сделки.',
    },
    needs: ['activities'],
    build: () => ({
      rows: [dim('manager')],
      measures: ['activities', 'win_rate', 'won', 'activities_per_won'],
      fallbackMeasures: ['deals'],
      sort: [desc('activities')],
      chart: 'scatter',
    }),
  },
  {
    id: 'compare',
    title: { en: 'Year over year', ru: 'Год к году' },
    help: {
      en: 'Revenue, won deals and win rate per manager against the same dates a year earlier, fastest growth first. Pick a period to change the dates.',
      ru: 'Выручка, выигранные сделки и конверсия по менеджерам против тех же дат год назад, сначала самый быстрый рост. Выберите период, чтобы сменить даты.',
    },
    needs: [],
    build: (ctx) => {
      const period = compareRange(ctx);
      return {
        rows: [dim('manager')],
        measures: ['revenue', 'won', 'win_rate'],
        period,
        compare: period ? 'year' : null,
        sort: period ? [desc('revenue_growth')] : [desc('revenue')],
        chart: 'bar_grouped',
      };
    },
  },
  {
    id: 'ltv',
    title: { en: 'Client lifetime value', ru: 'LTV клиентов' },
    help: {
      en: 'Per client: revenue, won deals, first and last purchase, tenure, purchase frequency and average deal, with an RFM segment (Champions, Loyal, At risk…). Split by client type or region to compare groups.',
      ru: 'По каждому клиенту: выручка, выигранные сделки, первая и последняя покупка, срок жизни, частота покупок и средний чек, с RFM-сегментом (чемпионы, лояльные, под угрозой…). Разбейте по типу клиента или региону, чтобы сравнить группы.',
    },
    needs: ['client'],
    build: () => ({
      analysis: 'ltv',
      measures: ['revenue'],
    }),
  },
  {
    id: 'cohorts',
    title: { en: 'Cohorts', ru: 'Когорты' },
    help: {
      en: 'Clients grouped by the month of their first purchase: the share who buy again in each following month.',
      ru: 'Клиенты, сгруппированные по месяцу первой покупки: доля тех, кто покупает снова в каждом следующем месяце.',
    },
    needs: ['client'],
    build: () => ({
      analysis: 'cohort',
      measures: ['buyers'],
      fallbackMeasures: ['clients'],
      options: { grain: 'month' },
      chart: 'cohort',
    }),
  },
  {
    id: 'dynamics',
    title: { en: 'Relationship dynamics', ru: 'Динамика отношений' },
    help: {
      en: 'How many clients are new, regular, lapsed, lost or returned in each quarter, and how they move between these states. Pick a period and “Same period last year” to set each status beside the same quarter a year earlier.',
      ru: 'Сколько клиентов новых, постоянных, уснувших, ушедших и вернувшихся в каждом квартале и как они переходят между состояниями. Выберите период и «С тем же периодом год назад», чтобы сравнить каждый статус с тем же кварталом год назад.',
    },
    needs: ['client'],
    build: () => ({
      analysis: 'dynamics',
      measures: ['buyers'],
      fallbackMeasures: ['clients'],
      options: { grain: 'quarter' },
      chart: 'flow',
    }),
  },
  {
    id: 'drivers',
    title: { en: 'Drivers of change', ru: 'Факторы изменения' },
    help: {
      en: 'Why revenue changed against a year earlier: every manager, source, product, client field and custom field, ranked by how much of the change each member brings. For win rate and average deal the change splits into mix (the member’s share of deals moved) and rate (its own rate moved). Click a bar to list its deals.',
      ru: 'Почему выручка изменилась к прошлому году: каждый менеджер, источник, продукт, поле клиента и своё поле, по размеру вклада в изменение. Для конверсии и средней сделки изменение делится на структуру (сдвинулась доля сделок значения) и уровень (сдвинулась его собственная конверсия). Щёлкните по столбцу, чтобы увидеть его сделки.',
    },
    needs: [],
    build: (ctx) => {
      const period = compareRange(ctx);
      return {
        analysis: 'drivers',
        measures: ['revenue'],
        fallbackMeasures: ['won', 'deals'],
        period,
        compare: period ? 'year' : null,
      };
    },
  },
  {
    id: 'forecast',
    title: { en: 'Pipeline forecast', ru: 'Прогноз воронки' },
    help: {
      en: 'Expected won deals and revenue in each of the next months from the deals open now, learnt from how past deals closed from the same stage and time spent there (or the same age, without a stage history), with a 90% range, and the deals that carry most of it. Click a number for the deals behind it. Pick a past period to see what was expected then next to what happened; the backtest shows the method against “open deals × win rate”.',
      ru: 'Ожидаемые выигранные сделки и выручка в каждом из следующих месяцев по открытым сейчас сделкам, по тому, как закрывались прошлые сделки с того же этапа после того же времени на нём (без истории этапов — того же возраста), с 90-процентным диапазоном, и сделки, на которых он держится. Щёлкните число, чтобы увидеть сделки за ним. Выберите прошлый период, чтобы увидеть ожидание рядом с тем, что произошло; проверка на истории сравнивает метод с «открытые сделки × доля выигрышей».',
    },
    // The forecast learns how long past deals took from creation to close: without creation
    // dates it opened as an empty table, without close dates (leads only) as zeros.
    needs: ['created_at', 'closed_at'],
    build: () => ({
      analysis: 'forecast',
      // The forecast reads deals' status, amount and dates itself; `deals` is there on any data.
      measures: ['deals'],
      options: { horizon: '3m' },
      // From today's open deals; a period picked afterwards moves the as-of date to its end.
      period: null,
    }),
  },
  {
    id: 'pivot',
    title: { en: 'Free pivot', ru: 'Свободная сводная' },
    help: {
      en: 'A starting point: deals, wins and revenue by month. Drag any field into rows, columns or filters and any measure into values.',
      ru: 'Отправная точка: сделки, выигрыши и выручка по месяцам. Перетащите любое поле в строки, столбцы или фильтры и любую меру в значения.',
    },
    needs: [],
    build: () => ({
      rows: [dim(PERIOD_FIELD, 'month')],
      measures: ['deals', 'won', 'revenue', 'win_rate'],
      chart: 'line',
    }),
  },
];
