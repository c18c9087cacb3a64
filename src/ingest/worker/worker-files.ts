/**
 * The ingest worker's files: the bytes of the files last inspected for the mapping screen, by
 * the page's Blob id. "Import" sends the same files: their bytes (and with them the tables
 * `readFile` read from them, checked and decoded) are reused instead of read again. Only the
 * last inspection's files are kept, and the import takes them, so at most one set of files is
 * held between the mapping screen and the import.
 *
 * A big file inspected alone is read in two steps: its head (`blob.slice`) for the mapping
 * screen, which needs only a sample of rows, then, once the screen is posted, the whole file
 * (`readRest`), which the import waits for. The table read from the head becomes the whole
 * file's when the whole bytes read as the head promised (`adoptWhole`), else the import reads
 * them afresh, exactly as a file read whole at once.
 */
import type { PostedFile } from '../protocol.ts';
import type { ImportFile } from '../types.ts';
import { readBlob } from '../read/big-file/blob-read.ts';
import { readBlobTwice } from '../read/big-file/twin-read.ts';
import { adoptWhole, markHead } from '../read/readers.ts';

/** Bytes of a big file's head read for the mapping screen; grown ×4 when it is not enough. */
export const HEAD_SLICE = 8 << 20;

interface Held {
  blob: Blob;
  /** What the inspection read: the whole file, or its head. */
  bytes: Uint8Array;
  /** The whole file, once asked for (null: `bytes` is the whole file). */
  whole: Promise<Uint8Array> | null;
  head: boolean;
  /** The whole file's bytes as read, not yet compared with the head. */
  read?: Promise<Uint8Array>;
}

export type ReadBlob = (blob: Blob) => Promise<ArrayBuffer | Uint8Array>;

export class WorkerFiles {
  #inspected = new Map<number, Held>();
  #read: ReadBlob;
  #slice: ReadBlob;
  #rest: ReadBlob;

  /**
   * `read` gets a Blob's bytes (by default checked for UTF-8 while they are read: see
   * `readBlob`), `slice` those of a head, `rest` those of a file inspected from its head (by
   * default read, checked and copied for DuckDB by a worker of its own while this thread
   * inspects the head: `readBlobTwice`).
   */
  constructor(
    read: ReadBlob = readBlob,
    slice: ReadBlob = (b) => b.arrayBuffer(),
    rest: ReadBlob = read === readBlob ? readBlobTwice : read,
  ) {
    this.#read = read;
    this.#slice = slice;
    this.#rest = rest;
  }

  /**
   * The files of a job as the pipeline takes them. An inspection of one file bigger than twice
   * `head` bytes reads its first `head` bytes only (0: every file whole); an import always takes
   * whole files.
   */
  async take(
    files: PostedFile[],
    type: 'inspect' | 'import',
    head = type === 'inspect' ? HEAD_SLICE : 0,
  ): Promise<ImportFile[]> {
    const out: ImportFile[] = [];
    const kept = new Map<number, Held>();
    const headed = type === 'inspect' && files.length === 1 && head > 0;
    for (const { blob, blobId, ...rest } of files) {
      let held = this.#inspected.get(blobId);
      // An encoding the user chose is decoded whole; a head too short for the sample grows.
      const canHead = headed && !rest.encoding && blob.size > 2 * head;
      const old = held;
      if (held?.head && type === 'inspect' && (!canHead || held.bytes.length < head))
        held = undefined;
      if (held === undefined && canHead) {
        // The whole file is read meanwhile (the browser reads it; this thread inspects).
        const whole = old?.read ?? this.#rest(blob).then(asBytes);
        whole.catch(() => undefined);
        const bytes = asBytes(await this.#slice(blob.slice(0, head)));
        markHead(bytes, blob.size);
        held = { blob, bytes, whole: null, head: true, read: whole };
      }
      // A head grown to the whole file takes the whole read already under way.
      held ??= {
        blob,
        bytes: await (old?.head && old.read ? old.read : this.#read(blob).then(asBytes)),
        whole: null,
        head: false,
      };
      kept.set(blobId, held);
      const bytes = type === 'import' || !held.head ? await this.#whole(held) : held.bytes;
      out.push({ ...rest, bytes });
    }
    this.#inspected = type === 'inspect' ? kept : new Map();
    return out;
  }

  /** Reads the rest of each file inspected from its head; resolves when every one is read. */
  async readRest(): Promise<void> {
    const reads = [...this.#inspected.values()].filter((h) => h.head).map((h) => this.#whole(h));
    await Promise.allSettled(reads);
  }

  /** The whole file of `held` (read once, however often asked for). */
  #whole(held: Held): Promise<Uint8Array> {
    if (!held.head) return Promise.resolve(held.bytes);
    held.whole ??= (held.read ?? this.#rest(held.blob).then(asBytes)).then((whole) => {
      // Before anyone reads it: the import's `readFile` then finds the head's table.
      adoptWhole(held.bytes, whole);
      return whole;
    });
    return held.whole;
  }
}

function asBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}
