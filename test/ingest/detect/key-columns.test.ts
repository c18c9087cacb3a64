/**
 * Which columns get their whole value sets gathered (the rest keep their sample's): exactly those
 * `planTables` reads, so sampling the others cannot change a plan.
 */
import { describe, expect, it } from 'vitest';
import { scanTable } from '../../../src/ingest/detect/detect.ts';
import { keyColumns } from '../../../src/ingest/detect/relations.ts';
import { readCsvText } from '../../../src/ingest/read/readers.ts';

const deals = scanTable(
  readCsvText('deals.csv', 'Deal ID,Deal Name,Amount,Owner\n1,Alpha,10,Ann\n2,Beta,20,Bob\n'),
  'deals',
);
const history = scanTable(
  readCsvText('history.csv', 'Deal ID,Stage,Entered\n1,New,2024-01-01\n2,Won,2024-01-02\n'),
  'stage_history',
);
const owners = scanTable(readCsvText('owners.csv', 'Owner,Team\nAnn,A\nBob,B\n'), 'lookup');

describe('keyColumns', () => {
  it('deals and a child table: the ids and titles, and the child deal column', () => {
    expect(keyColumns(deals, [deals, history])).toEqual([0, 1]);
    expect(keyColumns(history, [deals, history])).toEqual([0]);
  });

  it('with a lookup among the files: every column of the deals and of the lookup', () => {
    expect(keyColumns(deals, [deals, history, owners])).toEqual([0, 1, 2, 3]);
    expect(keyColumns(owners, [deals, history, owners])).toEqual([0, 1]);
    expect(keyColumns(history, [deals, history, owners])).toEqual([0]);
  });
});
