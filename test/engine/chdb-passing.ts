/**
 * The presets (and preset variants, named as the conformance suite names them) whose SQL
 * ClickHouse runs with the same results as DuckDB-WASM. One list for every ClickHouse test: the
 * conformance suite asserts it exactly (so it grows as the ClickHouse printer lands), and the
 * ClickHouse server tests (test/cli/clickhouse.test.ts, the e2e) run its presets over HTTP.
 */
export const CHDB_PASSING = [
  'lost-reasons',
  'by-stage',
  'pipeline',
  'won-size',
  'dynamics (transitions)',
];
