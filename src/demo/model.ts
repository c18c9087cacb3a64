/**
 * The DatasetModel of the demo: read back from the Arrow tables themselves, so the description
 * cannot drift from the data.
 */
import { Type, type Table } from 'apache-arrow';
import {
  CANONICAL,
  LOOKUP_KEYS,
  type ColumnInfo,
  type DatasetModel,
  type StageInfo,
  type TableName,
} from '../crm/model.ts';
import type { FieldType, Labels } from '../query/catalog.ts';
import type { DemoLabels } from './labels/labels.ts';
import { PIPELINES } from './world.ts';

/** Column labels in both languages; canonical columns shared by several tables are listed once. */
const LABELS: Record<string, Labels> = {
  id: { en: 'ID', ru: 'ID' },
  title: { en: 'Title', ru: 'Название' },
  created_at: { en: 'Created', ru: 'Создана' },
  closed_at: { en: 'Closed', ru: 'Закрыта' },
  status: { en: 'Status', ru: 'Статус' },
  stage: { en: 'Stage', ru: 'Этап' },
  pipeline: { en: 'Pipeline', ru: 'Воронка' },
  amount: { en: 'Amount', ru: 'Сумма' },
  currency: { en: 'Currency', ru: 'Валюта' },
  source: { en: 'Source', ru: 'Источник' },
  lost_reason: { en: 'Lost reason', ru: 'Причина проигрыша' },
  manager: { en: 'Manager', ru: 'Менеджер' },
  client: { en: 'Client', ru: 'Клиент' },
  product: { en: 'Product', ru: 'Продукт' },
  channel_campaign: { en: 'Campaign', ru: 'Кампания' },
  discount_pct: { en: 'Discount, %', ru: 'Скидка, %' },
  deal_id: { en: 'Deal', ru: 'Сделка' },
  entered_at: { en: 'Entered stage', ru: 'Вход в этап' },
  type: { en: 'Type', ru: 'Тип' },
  at: { en: 'Time', ru: 'Время' },
  industry: { en: 'Industry', ru: 'Отрасль' },
  region: { en: 'Region', ru: 'Регион' },
  city: { en: 'City', ru: 'Город' },
  headcount: { en: 'Headcount', ru: 'Сотрудников' },
  account_manager: { en: 'Account manager', ru: 'Ответственный менеджер' },
  department: { en: 'Department', ru: 'Отдел' },
  team_lead: { en: 'Team lead', ru: 'Руководитель' },
  hired_at: { en: 'Hired', ru: 'Дата найма' },
  level: { en: 'Level', ru: 'Уровень' },
  monthly_quota: { en: 'Monthly quota', ru: 'План на месяц' },
  category: { en: 'Category', ru: 'Категория' },
  list_price: { en: 'List price', ru: 'Цена по прайсу' },
  position: { en: 'Position', ru: 'Порядок' },
  probability: { en: 'Probability', ru: 'Вероятность' },
  outcome: { en: 'Outcome', ru: 'Итог' },
};

/** Table-specific labels where the shared one would mislead. */
const OVERRIDES: Record<string, Labels> = {
  'activities.id': { en: 'Activity', ru: 'Активность' },
  'activities.type': { en: 'Activity type', ru: 'Тип активности' },
  'clients.type': { en: 'Client type', ru: 'Тип клиента' },
  'clients.status': { en: 'Client status', ru: 'Статус клиента' },
  'clients.city': { en: 'Client city', ru: 'Город клиента' },
  'managers.city': { en: 'Office', ru: 'Офис' },
};

function fieldType(typeId: Type): FieldType {
  if (typeId === Type.Timestamp || typeId === Type.Date) return 'date';
  if (typeId === Type.Int || typeId === Type.Float || typeId === Type.Decimal) return 'number';
  if (typeId === Type.Bool) return 'boolean';
  return 'text';
}

function roleOf(table: TableName, column: string): string | undefined {
  if (table in CANONICAL)
    return column in CANONICAL[table as keyof typeof CANONICAL] ? column : undefined;
  return LOOKUP_KEYS[table as keyof typeof LOOKUP_KEYS] === column ? column : undefined;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Both pipelines' stages in order: the open ones, then won, then lost. */
export function demoStages(labels: DemoLabels): StageInfo[] {
  return PIPELINES.flatMap((p, pi) =>
    (labels.stages[pi] ?? []).map((stage, s) => ({
      pipeline: labels.pipelines[pi] ?? '',
      stage,
      position: s + 1,
      probability: s < p.open ? (p.probability[s] ?? 0) : s === p.open ? 1 : 0,
      outcome: s < p.open ? 'open' : s === p.open ? ('won' as const) : ('lost' as const),
    })),
  );
}

/** Describes the generated tables; `range` is the earliest and latest deal timestamp. */
export function demoModel(
  tables: Record<TableName, Table>,
  labels: DemoLabels,
  range: { min: number; max: number },
): DatasetModel {
  const infos = (Object.keys(tables) as TableName[]).map((name) => {
    const table = tables[name];
    const columns = table.schema.fields.map((f): ColumnInfo => {
      const info: ColumnInfo = { name: f.name, type: fieldType(f.typeId) };
      const label = OVERRIDES[`${name}.${f.name}`] ?? LABELS[f.name];
      if (label) info.label = label;
      const role = roleOf(name, f.name);
      if (role) info.role = role;
      return info;
    });
    return { name, columns, rows: table.numRows };
  });
  return {
    id: 'demo',
    name: labels.name,
    tables: infos,
    stages: demoStages(labels),
    minDate: Number.isFinite(range.min) ? isoDate(range.min) : null,
    maxDate: Number.isFinite(range.max) ? isoDate(range.max) : null,
  };
}
