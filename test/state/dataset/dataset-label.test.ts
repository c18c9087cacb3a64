// The dataset in words, as the header's menu and a printed report's line name it.
import { describe, expect, it } from 'vitest';
import { datasetLabel } from '../../../src/state/dataset/dataset-label.ts';
import { translator } from '../../../src/lib/i18n.ts';

const base = { model: { name: 'deals.csv' }, isDemo: false, stored: null, server: null };

describe('datasetLabel', () => {
  it('names the demo, an import by its stored name, a server, and nothing before a load', () => {
    const en = translator('en');
    const ru = translator('ru');
    expect(datasetLabel({ ...base, model: null }, en)).toBe('');
    expect(datasetLabel({ ...base, isDemo: true, model: { name: 'Demo CRM' } }, en)).toBe(
      'Demo data: Demo CRM',
    );
    expect(datasetLabel({ ...base, isDemo: true, model: { name: 'Demo CRM' } }, ru)).toBe(
      'Демо-данные: Demo CRM',
    );
    expect(datasetLabel(base, en)).toBe('deals.csv');
    expect(datasetLabel({ ...base, stored: { name: 'Q3 export' } }, ru)).toBe('Q3 export');
    const server = { url: 'http://ch:8123', database: 'crm' };
    expect(datasetLabel({ ...base, server }, en)).toBe(
      en('chConnected', { server: 'http://ch:8123 · crm' }),
    );
  });
});
