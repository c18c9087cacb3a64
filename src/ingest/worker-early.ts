/**
 * The files the ingest worker registers with the page's engine while the mapping screen shows,
 * so that "Import" does not wait for the bytes to travel: the data records of each plain CSV
 * table `csvData` would hand DuckDB (read/csv-shape.ts). When the import registers exactly those
 * bytes (the same view of the same buffer: the bytes never change, so the same view is the same
 * file), it gets the early file's path instead, and dropping its name drops the early file.
 * Anything not used is dropped: by the next inspection, by "forget" (the mapping screen closed),
 * at the end of the import, and an early file still travelling is dropped once it arrives.
 */
import type { Engine } from '../engine/types.ts';
import { csvData } from './read/csv-shape.ts';
import type { RawTable } from './types.ts';

interface Early {
  data: Uint8Array;
  name: string;
  /** The path DuckDB reads it by, once registered; null when the engine refused it. */
  path: Promise<string | null>;
}

/** What the worker's engine proxy needs: registering bytes the page marks as early. */
export type EarlyEngine = Pick<Engine, 'dropFile'> & {
  registerEarly(name: string, data: Uint8Array): Promise<string>;
};

export class EarlyFiles {
  #engine: EarlyEngine;
  #ready: Early[] = [];
  /** The import's own file names for the early files it took. */
  #taken = new Map<string, Early>();
  #seq = 0;
  /** `forget` calls so far: a registration waiting for the whole file must not outlive one. */
  #forgets = 0;

  constructor(engine: EarlyEngine) {
    this.#engine = engine;
  }

  /** How many are registered (or travelling) and not taken. */
  get size(): number {
    return this.#ready.length;
  }

  /** Registers the data records of each table DuckDB will read from the file's own bytes. */
  register(tables: RawTable[]): void {
    for (const t of tables) {
      if (!t.csv?.bytes) continue;
      const plain = csvData(t.csv, t.headers.length);
      // Re-encoded text (another encoding) is a new array at every call: it could never match.
      if (!plain || plain.data.buffer !== t.csv.bytes.buffer) continue;
      const name = `_early_${++this.#seq}.csv`;
      // A view is copied: the file's own buffer stays with the worker for the JS loader.
      const path = this.#engine.registerEarly(name, plain.data.slice()).catch(() => null);
      this.#ready.push({ data: plain.data, name, path });
    }
  }

  /**
   * `register(tables())` once `ready` settles (a file read from its head being read whole),
   * unless the files were forgotten meanwhile or `wanted()` says the job is no longer the last.
   */
  async registerWhen(
    ready: Promise<unknown>,
    tables: () => RawTable[],
    wanted: () => boolean = () => true,
  ): Promise<boolean> {
    const forgets = this.#forgets;
    await ready.catch(() => undefined);
    if (forgets !== this.#forgets || !wanted()) return false;
    this.register(tables());
    return true;
  }

  /**
   * The path of an early file holding exactly `data`, taken under the import's `name`; null when
   * there is none (the caller registers the bytes itself).
   */
  async take(name: string, data: Uint8Array): Promise<string | null> {
    const i = this.#ready.findIndex(
      (e) =>
        e.data.buffer === data.buffer &&
        e.data.byteOffset === data.byteOffset &&
        e.data.byteLength === data.byteLength,
    );
    if (i < 0) return null;
    const [e] = this.#ready.splice(i, 1);
    const path = await e!.path;
    if (path === null) return null;
    this.#taken.set(name, e!);
    return path;
  }

  /** Drops the early file the import took as `name`; false when `name` is not one. */
  async drop(name: string): Promise<boolean> {
    const e = this.#taken.get(name);
    if (!e) return false;
    this.#taken.delete(name);
    await this.#engine.dropFile(e.name);
    return true;
  }

  /** Drops every early file not taken, each once it has arrived. */
  async forget(): Promise<void> {
    this.#forgets++;
    const gone = this.#ready;
    this.#ready = [];
    await Promise.all(
      gone.map(async (e) => {
        if ((await e.path) !== null) await this.#engine.dropFile(e.name).catch(() => undefined);
      }),
    );
  }
}
