/**
 * The DatasetModel of the demo: read back from the Arrow tables themselves, so the description
 * cannot drift from the data, and described by the same `describeDataset` as an import.
 */
import { Type, type Table } from 'apache-arrow';
import { describeDataset, type DatasetModel, type StageInfo } from '../crm/model.ts';
import { TABLES, type TableName } from '../crm/vocabulary.ts';
import type { Labels } from '../lib/i18n.ts';
import type { FieldType } from '../query/catalog.ts';
import type { DemoLabels } from './labels/labels.ts';
import { PIPELINES } from './simulation/world.ts';

const L = (en: string, ru: string): Labels => ({ en, ru });

/** Labels of the demo's custom columns; role columns are named by the vocabulary. */
const CUSTOM_LABELS: Partial<Record<TableName, Record<string, Labels>>> = {
  deals: {
    channel_campaign: L('Campaign', 'Кампания'),
    discount_pct: L('Discount, %', 'Скидка, %'),
  },
  clients: {
    type: L('Client type', 'Тип клиента'),
    industry: L('Industry', 'Отрасль'),
    region: L('Region', 'Регион'),
    city: L('Client city', 'Город клиента'),
    headcount: L('Headcount', 'Сотрудников'),
    account_manager: L('Account manager', 'Ответственный менеджер'),
    status: L('Client status', 'Статус клиента'),
  },
  managers: {
    department: L('Department', 'Отдел'),
    team_lead: L('Team lead', 'Руководитель'),
    city: L('Office', 'Офис'),
    hired_at: L('Hired', 'Дата найма'),
    level: L('Level', 'Уровень'),
    monthly_quota: L('Monthly quota', 'План на месяц'),
  },
  products: {
    category: L('Category', 'Категория'),
    list_price: L('List price', 'Цена по прайсу'),
  },
};

function fieldType(typeId: Type): FieldType {
  if (typeId === Type.Timestamp || typeId === Type.Date) return 'date';
  if (typeId === Type.Int || typeId === Type.Float || typeId === Type.Decimal) return 'number';
  if (typeId === Type.Bool) return 'boolean';
  return 'text';
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
  return describeDataset({
    id: 'demo',
    name: labels.name,
    tables: (Object.keys(tables) as TableName[]).map((name) => ({
      name,
      columns: tables[name].schema.fields.map((f) => ({ name: f.name, type: fieldType(f.typeId) })),
      rows: tables[name].numRows,
      // Generated data fills every role column.
      roles: new Set(Object.keys(TABLES[name].columns)),
    })),
    stages: demoStages(labels),
    minDate: Number.isFinite(range.min) ? isoDate(range.min) : null,
    maxDate: Number.isFinite(range.max) ? isoDate(range.max) : null,
    labels: CUSTOM_LABELS,
  });
}
