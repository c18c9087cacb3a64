/**
 * The files the ingest worker registers with the page's engine while the mapping screen shows,
 * so that "Import" does not wait for the bytes to travel: the data records of each plain CSV
 * table `csvData` would hand DuckDB (read/csv/csv-data.ts). When the import registers exactly those
 * bytes (the same view of the same buffer: the bytes never change, so the same view is the same
 * file), it gets the early file's path instead, and dropping its name drops the early file.
 * Anything not used is dropped: by the next inspection, by "forget" (the mapping screen closed),
 * at the end of the import, and an early file still travelling is dropped once it arrives.
 */
import type { Engine } from '../../engine/types.ts';
import { csvData, knownShape } from '../read/csv/csv-data.ts';
import { takeTwin } from '../read/big-file/twin-read.ts';
import type { RawTable } from '../types.ts';

interface Early {
  data: Uint8Array;
  name: string;
  /** The table it was registered for, before its shape was known (see `confirm`). */
  unshaped?: RawTable;
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
  /** The registration waiting for its files, which `take` waits for (until a `forget`). */
  #waiting: Promise<unknown> | null = null;

  constructor(engine: EarlyEngine) {
    this.#engine = engine;
  }

  /** How many are registered (or travelling) and not taken. */
  get size(): number {
    return this.#ready.length;
  }

  /**
   * Registers the data records of each table DuckDB will read from the file's own bytes. A file
   * read with a copy beside it (`takeTwin`) is registered from that copy at once, its records
   * taken to start after the header line, before the shape pass says whether DuckDB may read it:
   * DuckDB copies the bytes in while this thread makes that pass, and `confirm` drops what the
   * pass refuses.
   */
  register(tables: RawTable[]): void {
    for (const t of tables) {
      if (!t.csv?.bytes) continue;
      const bytes = t.csv.bytes;
      const twin = takeTwin(bytes);
      let data: Uint8Array;
      let handed: Uint8Array;
      if (twin) {
        const start = headerEnd(t.csv);
        if (start === null) continue;
        data = bytes.subarray(start);
        handed = twin.subarray(start);
      } else {
        const plain = csvData(t.csv, t.headers.length);
        // Re-encoded text (another encoding) is a new array at every call: it could never match.
        if (!plain || plain.data.buffer !== bytes.buffer) continue;
        data = plain.data;
        // A view is copied: the file's own buffer stays with the worker for the JS loader.
        handed = plain.data.slice();
      }
      const name = `_early_${++this.#seq}.csv`;
      const path = this.#engine.registerEarly(name, handed).catch(() => null);
      this.#ready.push({ data, name, path, ...(twin ? { unshaped: t } : {}) });
    }
  }

  /**
   * Drops each file registered before its shape was known whose bytes are not what `csvData`
   * hands DuckDB after all (a file DuckDB may not read, a header of more than one line).
   * `found`: only the files whose shape has been found by now (an import makes the pass beside
   * DuckDB's read: the rest wait for it), so this never makes the pass itself.
   */
  confirm(found = false): void {
    const keep = (e: Early) => {
      const t = e.unshaped;
      if (!t?.csv) return true;
      if (found && knownShape(t.csv, t.headers.length) === undefined) return true;
      const plain = csvData(t.csv, t.headers.length);
      return plain !== null && sameView(plain.data, e.data);
    };
    const gone = this.#ready.filter((e) => !keep(e));
    this.#ready = this.#ready.filter(keep);
    void this.#dropAll(gone);
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
    const settled = ready.catch(() => undefined);
    this.#waiting = settled;
    await settled;
    if (this.#waiting === settled) this.#waiting = null;
    if (forgets !== this.#forgets || !wanted()) return false;
    this.register(tables());
    return true;
  }

  /**
   * The path of an early file holding exactly `data`, taken under the import's `name`; null when
   * there is none (the caller registers the bytes itself). An import that reached its files
   * before their registration (its bytes were being read for both) waits for it.
   */
  async take(name: string, data: Uint8Array): Promise<string | null> {
    const waiting = this.#waiting;
    // The registration runs in the same task as the read's end, right after this resumes.
    if (waiting) await waiting.then(() => undefined);
    const i = this.#ready.findIndex((e) => sameView(e.data, data));
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
    this.#waiting = null;
    const gone = this.#ready;
    this.#ready = [];
    await this.#dropAll(gone);
  }

  async #dropAll(gone: Early[]): Promise<void> {
    await Promise.all(
      gone.map(async (e) => {
        if ((await e.path) !== null) await this.#engine.dropFile(e.name).catch(() => undefined);
      }),
    );
  }
}

/** Whether two views show the same bytes of the same buffer. */
function sameView(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.byteLength === b.byteLength;
}

const LF = 10;
const CR = 13;

/**
 * Where the data records of a file read from its own bytes start when its header is one line:
 * after the BOM, the `sep=` preamble and blank lines, the header line's end, as the shape pass
 * finds it (read/csv/csv-shape.ts). Null when that cannot be told without the pass (a quote in the
 * header's line, no line end, a delimiter or quote that is not one ASCII byte).
 */
export function headerEnd(csv: NonNullable<RawTable['csv']>): number | null {
  const b = csv.bytes;
  if (!b || !asciiMarks(csv)) return null;
  let at = textStart(csv, b);
  for (;;) {
    if (b[at] === LF) at++;
    else if (b[at] === CR && b[at + 1] === LF) at += 2;
    else break;
  }
  const lf = b.indexOf(LF, at);
  if (lf < 0 || b.subarray(at, lf).includes(csv.quote.charCodeAt(0))) return null;
  return lf + 1;
}

/** Whether the delimiter and the quote are one ASCII byte each (the shape is found on bytes). */
function asciiMarks({ delimiter, quote }: NonNullable<RawTable['csv']>): boolean {
  return (
    delimiter.length === 1 &&
    quote.length === 1 &&
    delimiter.charCodeAt(0) < 0x80 &&
    quote.charCodeAt(0) < 0x80
  );
}

/** Where the text of `csv` starts in `b`: after a BOM and the `sep=` preamble. */
function textStart(csv: NonNullable<RawTable['csv']>, b: Uint8Array): number {
  let at = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (let k = 0; k < csv.lineOffset; k++) at = b.indexOf(LF, at) + 1;
  return at;
}
