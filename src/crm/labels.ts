/** Display names of the canonical CRM columns and tables, in English and Russian. */
import type { Labels } from '../query/catalog.ts';

export const ROLE_LABELS: Record<string, Labels> = {
  id: { en: 'Deal ID', ru: 'ID сделки' },
  title: { en: 'Deal', ru: 'Сделка' },
  created_at: { en: 'Created', ru: 'Дата создания' },
  closed_at: { en: 'Closed', ru: 'Дата закрытия' },
  status: { en: 'Status', ru: 'Статус' },
  stage: { en: 'Stage', ru: 'Этап' },
  pipeline: { en: 'Pipeline', ru: 'Воронка' },
  amount: { en: 'Amount', ru: 'Сумма' },
  currency: { en: 'Currency', ru: 'Валюта' },
  source: { en: 'Source', ru: 'Источник' },
  lost_reason: { en: 'Lost reason', ru: 'Причина отказа' },
  manager: { en: 'Manager', ru: 'Менеджер' },
  client: { en: 'Client', ru: 'Клиент' },
  product: { en: 'Product', ru: 'Продукт' },
  type: { en: 'Activity type', ru: 'Тип активности' },
  at: { en: 'Activity date', ru: 'Дата активности' },
  deal_id: { en: 'Deal ID', ru: 'ID сделки' },
  period: { en: 'Period', ru: 'Период' },
};

export const TABLE_LABELS: Record<string, Labels> = {
  deals: { en: 'Deals', ru: 'Сделки' },
  clients: { en: 'Clients', ru: 'Клиенты' },
  managers: { en: 'Managers', ru: 'Менеджеры' },
  products: { en: 'Products', ru: 'Продукты' },
  activities: { en: 'Activities', ru: 'Активности' },
  stage_history: { en: 'Stage history', ru: 'История этапов' },
  stages: { en: 'Stages', ru: 'Этапы' },
};

/** A custom column's label: its own name in both languages unless the model gave one. */
export function plainLabel(name: string): Labels {
  return { en: name, ru: name };
}
