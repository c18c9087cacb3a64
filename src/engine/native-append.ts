import type { Table } from 'apache-arrow';
import { DuckDBDataChunk, type DuckDBAppender } from '@duckdb/node-api';
import { appendTable } from './native-arrow.ts';
export function appendArrow(appender: DuckDBAppender, data: Table): void {
  appendTable(appender, data, (types, n) => DuckDBDataChunk.create(types, n));
}
