/**
 * A picked file's bytes, read and checked for UTF-8 at once: the check runs on each chunk as it
 * arrives (`Blob.stream`) while the browser reads the next, instead of after the whole read
 * (`Blob.arrayBuffer`, ≈ 0.3 s for a 150 MB export, then ≈ 0.3 s of checking). What the check
 * learnt is kept with the bytes, so reading them as text (`utf8Text`) does not check them again.
 */
import { Utf8Check, utf8Facts, type Utf8Facts } from '../encoding/utf8-check.ts';

/** Facts of bytes read here, from their first byte (null: not UTF-8). */
const checked = new WeakMap<Uint8Array, Utf8Facts | null>();

/**
 * A Blob's bytes, checked for UTF-8 as they are read. Chunks of the browser's own, copied into one
 * buffer: Chromium's BYOB reader of a Blob's stream, which would read straight into it, now and
 * then never settles a read (about 1 big Blob in 60, test/ingest/read/blob-read.browser.test.ts).
 */
export async function readBlob(blob: Blob): Promise<Uint8Array> {
  const check = new Utf8Check();
  const bytes = await readChunks(blob.stream(), blob.size, check);
  checked.set(bytes, check.finish(bytes));
  return bytes;
}

/** Records the facts a check of `bytes` from their first byte found elsewhere (`twin-read.ts`). */
export function noteChecked(bytes: Uint8Array, facts: Utf8Facts | null): void {
  checked.set(bytes, facts);
}

/**
 * A Blob's bytes read at once (`Blob.arrayBuffer`: the browser reads them off this thread, while
 * this thread does other work), then checked for UTF-8 as `readBlob` checks them.
 */
export async function readBlobAtOnce(blob: Blob): Promise<Uint8Array> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const check = new Utf8Check();
  checked.set(bytes, check.finish(bytes));
  return bytes;
}

async function readChunks(
  stream: ReadableStream<Uint8Array>,
  total: number,
  check: Utf8Check,
): Promise<Uint8Array> {
  let buf = new Uint8Array(total);
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A Blob has the size it says; growing is only for a file that changed under the reader.
    if (size + value.length > buf.length) {
      const grown = new Uint8Array(Math.max(buf.length * 2, size + value.length));
      grown.set(buf.subarray(0, size));
      buf = grown;
    }
    buf.set(value, size);
    size += value.length;
    check.advance(buf, size);
  }
  return size === buf.length ? buf : buf.slice(0, size);
}

/**
 * `utf8Facts(bytes, from)`, from the check made while reading when there was one. A BOM is a valid
 * character with no LF, NUL or backslash, so facts from byte 0 are those from after a BOM.
 */
export function factsOf(bytes: Uint8Array, from: number): Utf8Facts | null {
  const known = checkedFacts(bytes, from);
  return known === undefined ? utf8Facts(bytes, from) : known;
}

/** The facts of `bytes[from…]` from the check made while reading them; undefined when none was. */
export function checkedFacts(bytes: Uint8Array, from: number): Utf8Facts | null | undefined {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return from === 0 || (from === 3 && bom) ? checked.get(bytes) : undefined;
}
