/**
 * A DuckDB instance's first look at its catalog builds its system views (0.1–0.15 s in the page
 * at 1M rows): the import's first step that lists tables (`dropDataset`) would pay it. This look
 * pays it ahead, while the engine is idle: at the page's first idle moment after its first
 * report (state/dataset, with the ingest worker's start) and, for a file picked before that,
 * while the mapping screen shows (ingest/worker).
 */
export const WARM_CATALOG_SQL = 'SELECT count(*) FROM duckdb_tables()';
