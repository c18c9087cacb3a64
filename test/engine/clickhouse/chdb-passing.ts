import { PRESET_IDS } from '../../../src/crm/presets.ts';

/**
 * The presets that, compiled in the ClickHouse dialect, do not yet run on ClickHouse; every other
 * one gives the same results as DuckDB-WASM. One list for every ClickHouse test: the conformance
 * suite asserts it exactly (so it cannot silently grow or shrink), and the ClickHouse server tests
 * (test/cli/clickhouse.test.ts, the e2e) run the other presets over HTTP. Empty since `funnel`
 * and `forecast` joined (docs/engines.md, "The ClickHouse dialect"); a preset whose builder
 * writes DuckDB-only SQL goes here until it runs on ClickHouse.
 */
export const CHDB_FAILING: string[] = [];

/** The presets ClickHouse runs with the same results. */
export const CHDB_PASSING: string[] = PRESET_IDS.filter((p) => !CHDB_FAILING.includes(p));
