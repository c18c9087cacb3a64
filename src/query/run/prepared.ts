/**
 * Builds the tables a compiled query reads besides the dataset's own (`CompiledQuery.prepare`):
 * each once for the loaded dataset, however many queries need it or run at once. The owner of
 * the engine calls `clear()` whenever the dataset's tables change, so a summary of the previous
 * dataset is never read.
 */
import type { CompiledQuery } from '../compiled.ts';

export class PreparedTables {
  #built = new Map<string, Promise<void>>();

  /** Builds (through `exec`) the tables `query` needs that are not built for this dataset yet. */
  async ensure(
    query: Pick<CompiledQuery, 'prepare'>,
    exec: (sql: string) => Promise<void>,
  ): Promise<void> {
    for (const t of query.prepare ?? []) {
      let built = this.#built.get(t.table);
      if (!built) {
        built = exec(t.sql);
        this.#built.set(t.table, built);
        // A failed or cancelled build is tried again by the next query that needs it.
        built.catch(() => {
          if (this.#built.get(t.table) === built) this.#built.delete(t.table);
        });
      }
      await built;
    }
  }

  /** The dataset changed: every table is built again before it is next read. */
  clear(): void {
    this.#built.clear();
  }
}

/** The statements that run `query` from scratch: its prepared tables, then the query itself. */
export function statementsOf(query: Pick<CompiledQuery, 'sql' | 'prepare'>): string[] {
  return [...(query.prepare ?? []).map((t) => t.sql), query.sql];
}
