/**
 * Multi-file imports the whole-import tests share (key facts, typed before the plan): the same
 * files under the names their sources give them, so a new case is added once. Node only (reads
 * the Olist dataset and the example files from disk).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportFile } from '../../../src/ingest/index.ts';
import { OLIST_DIR } from '../../fixtures/olist-dir.ts';
import * as C from './corpus.ts';

const olist = (name: string): ImportFile => ({
  name: `olist_${name}_dataset.csv`,
  bytes: new Uint8Array(readFileSync(join(OLIST_DIR, `olist_${name}_dataset.csv`))),
});

/** Zoho's deals and its calls, which name the deal by its title. */
export const zohoWithCalls = (): ImportFile[] => [
  { name: 'Deals_2024_04_01.csv', bytes: C.zoho() },
  { name: 'Calls_2024_04_01.csv', bytes: C.zohoCalls() },
];

/** Olist's leads and closed deals (the closed deals extend the leads), with its sellers or not. */
export const olistFiles = (sellers = false): ImportFile[] => [
  olist('marketing_qualified_leads'),
  olist('closed_deals'),
  ...(sellers ? [olist('sellers')] : []),
];

/** Files of public/examples (the examples the page offers). */
export const exampleFiles = (...names: string[]): ImportFile[] =>
  names.map((n) => ({
    name: n,
    bytes: new Uint8Array(readFileSync(new URL(`../../../public/examples/${n}`, import.meta.url))),
  }));

/** Files of test/fixtures/ingest. */
export const fixtureFiles = (...names: string[]): ImportFile[] =>
  names.map((n) => ({
    name: n,
    bytes: new Uint8Array(readFileSync(new URL(`../../fixtures/ingest/${n}`, import.meta.url))),
  }));
