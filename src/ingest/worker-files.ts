/**
 * The ingest worker's files: the bytes of the files last inspected for the mapping screen, by
 * the page's Blob id. "Import" sends the same files: their bytes (and with them the tables
 * `readFile` read from them, checked and decoded) are reused instead of read again. Only the
 * last inspection's files are kept, and the import takes them, so at most one set of files is
 * held between the mapping screen and the import.
 */
import type { PostedFile } from './protocol.ts';
import type { ImportFile } from './types.ts';
import { readBlob } from './read/blob-read.ts';

export class WorkerFiles {
  #inspected = new Map<number, Uint8Array>();

  /**
   * The files of a job as the pipeline takes them; `read` gets a Blob's bytes (by default checked
   * for UTF-8 while they are read: see `readBlob`).
   */
  async take(
    files: PostedFile[],
    type: 'inspect' | 'import',
    read: (blob: Blob) => Promise<ArrayBuffer | Uint8Array> = readBlob,
  ): Promise<ImportFile[]> {
    const out: ImportFile[] = [];
    const kept = new Map<number, Uint8Array>();
    for (const { blob, blobId, ...rest } of files) {
      const bytes = this.#inspected.get(blobId) ?? asBytes(await read(blob));
      kept.set(blobId, bytes);
      out.push({ ...rest, bytes });
    }
    this.#inspected = type === 'inspect' ? kept : new Map();
    return out;
  }
}

function asBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}
