/**
 * The output columns of a compared relationship-dynamics table, as the tests of its bad-news
 * colour on screen, on tiles and in print read them: a fall of new or regular clients is the bad
 * news, and so is a rise of lapsed or lost ones (`rankReversed`).
 */
import type { OutputColumn } from '../../../src/query/compiled.ts';

export const STATUS: OutputColumn = { key: 'status', role: 'dimension', format: 'text' };

export const CLIENTS_DELTA: OutputColumn = {
  key: 'clients_delta',
  role: 'delta',
  measure: 'clients',
  format: 'int',
};

export const CLIENTS_GROWTH: OutputColumn = {
  key: 'clients_growth',
  role: 'growth',
  measure: 'clients',
  format: 'pct',
  rankedWithin: [],
  rankReversed: { key: 'status', values: ['lapsed', 'lost'] },
};
