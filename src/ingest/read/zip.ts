/**
 * Checks what a zip (an XLSX) will become before a spreadsheet library expands it: a 100 KB
 * workbook can hold 30 MB of sheet XML that the library turns into hundreds of MB of cell objects.
 * The central directory's declared sizes refuse most such files at once; the entries are then
 * inflated as a stream and counted, because a hostile or broken file can declare small sizes.
 */
import { msg } from '../../lib/message.ts';
import { ReadError } from './errors.ts';
import { DEFAULT_MEMORY_BUDGET } from './limits.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATE = 8;

/** The central directory's entries, or null when the bytes have none (not a zip, or truncated). */
export function zipEntries(b: Uint8Array): ZipEntry[] | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // The end record sits in the last 22 bytes plus a comment of at most 64 KB.
  let end = -1;
  for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || view.getUint32(p, true) !== CENTRAL) return null;
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    entries.push({
      name: new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLen)),
      method: view.getUint16(p + 10, true),
      compressed: view.getUint32(p + 20, true),
      uncompressed: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Refuses a zip whose entries declare, or really inflate to, more than `limit` bytes in all, or
 * an entry that inflates past its declared size, or bytes without a zip directory (cut short).
 * Entries the library will meet as broken (an unknown method, a bad offset) are left to it: it
 * reports them, and they allocate nothing.
 */
export async function checkZipExpansion(b: Uint8Array, limit: number): Promise<void> {
  const entries = zipEntries(b);
  if (!entries) throw new ReadError(msg('read_zipBroken'));
  const declared = entries.reduce((n, e) => n + e.uncompressed, 0);
  if (declared > limit) throw tooLarge(declared, limit);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let total = 0;
  for (const e of entries) {
    if (e.offset + 30 > b.length || view.getUint32(e.offset, true) !== LOCAL) continue;
    const start =
      e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
    const data = b.subarray(start, Math.min(b.length, start + e.compressed));
    if (e.method === STORED) total += data.length;
    else if (e.method === DEFLATE) {
      const cap = Math.min(e.uncompressed, limit - total);
      const n = await inflatedSize(data, cap);
      if (n > e.uncompressed) throw new ReadError(msg('read_zipSize', { entry: e.name }));
      total += n;
    }
    if (total > limit) throw tooLarge(total, limit);
  }
}

/** Refuses a file whose parsed form (`bytes`, an estimate) would not fit in `budget`. */
export function checkParsedSize(bytes: number, budget = DEFAULT_MEMORY_BUDGET): void {
  if (bytes > budget)
    throw new ReadError(
      msg('read_tooLargeParsed', { size: megabytes(bytes), limit: megabytes(budget) }),
    );
}

function tooLarge(size: number, limit: number): ReadError {
  return new ReadError(msg('read_tooLarge', { size: megabytes(size), limit: megabytes(limit) }));
}

/** Whole megabytes, rounded up: the templates write the unit in their language. */
function megabytes(n: number): number {
  return Math.ceil(n / 2 ** 20);
}

/**
 * Inflates raw deflate data and counts the bytes, stopping as soon as the count passes `cap`
 * (it then returns that partial count, already over). Corrupt data ends the count early: the
 * library will say the file is broken.
 */
async function inflatedSize(data: Uint8Array, cap: number): Promise<number> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.byteLength;
      if (n > cap) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // Corrupt deflate data: counted so far is all there is.
  }
  return n;
}
