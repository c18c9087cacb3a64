/**
 * The whole of a big file inspected from its head, read by a worker of its own (see
 * `twin-read-worker.ts`), which also makes the copy DuckDB is handed: the browser reads the file
 * while the ingest worker inspects the head, then the UTF-8 check runs on two threads, the first
 * part here while the reader checks the rest on its copy, instead of the read, the check and the
 * copy one after the other on the ingest worker. Where no worker can start (Node, a worker that
 * fails), the file is read at once as before.
 */
import { noteChecked, readBlobAtOnce } from './blob-read.ts';
import { utf8Facts, type Utf8Facts } from '../encoding/utf8-check.ts';

type Reply =
  | { ready: true }
  | { bytes: Uint8Array; cut: number }
  | { twin: Uint8Array; facts: Utf8Facts | null }
  | { error: string };

/**
 * The share of the bytes checked here while the reader checks the rest, so both finish together.
 * The shape pass no longer runs here first: an import waiting for the file makes it beside
 * DuckDB's read (parse/sql-load.ts), once the check has said the bytes are the file's.
 */
const SHARE = 0.5;

/** The second copy of bytes read here, until taken. */
const twins = new WeakMap<Uint8Array, Uint8Array>();

/**
 * A Blob's bytes, checked for UTF-8 (`factsOf` finds the facts), with a copy of them kept for
 * `takeTwin`.
 */
export async function readBlobTwice(blob: Blob): Promise<Uint8Array> {
  if (typeof Worker !== 'function') return readBlobAtOnce(blob);
  let read: { bytes: Uint8Array; twin: Uint8Array; facts: Utf8Facts | null };
  try {
    read = await inWorker(blob);
  } catch {
    // A reader that could not start or read: the ingest worker reads the file itself, and a
    // file that cannot be read fails there with the browser's own error.
    return readBlobAtOnce(blob);
  }
  noteChecked(read.bytes, read.facts);
  keepTwin(read.bytes, read.twin);
  return read.bytes;
}

/** Keeps `twin`, the same bytes as `bytes` in another buffer, for `takeTwin`. */
export function keepTwin(bytes: Uint8Array, twin: Uint8Array): void {
  twins.set(bytes, twin);
}

/**
 * The copy of `bytes` read beside them (the same bytes, another buffer), once: whoever takes it
 * may hand its buffer on. Undefined when there is none or it was taken.
 */
export function takeTwin(bytes: Uint8Array): Uint8Array | undefined {
  const twin = twins.get(bytes);
  twins.delete(bytes);
  return twin;
}

/** Facts of two parts checked apart, as those of the whole (null: either is not UTF-8). */
function joined(a: Utf8Facts | null, b: Utf8Facts | null): Utf8Facts | null {
  if (!a || !b) return null;
  return { lf: a.lf + b.lf, nul: a.nul || b.nul, backslash: a.backslash || b.backslash };
}

/** The reader, started ahead (`startReader`) and kept for the next file; null once it failed. */
let reader: Worker | null = null;
/** Settles once the reader has started (or failed to). */
let ready: Promise<void> = Promise.resolve();
/** The job the reader runs (one at a time: a file is read whole once per inspection). */
let job: Promise<unknown> = Promise.resolve();

/**
 * Starts the reader ahead of the first file (the ingest worker starts while the file dialog is
 * open), so that reading the file does not wait for a worker's script to load.
 */
export function startReader(): void {
  if (reader !== null || typeof Worker !== 'function') return;
  const w = new Worker(new URL('./twin-read-worker.ts', import.meta.url), {
    type: 'module',
    name: 'read',
  });
  reader = w;
  // Listeners of their own: a read sets the worker's `onmessage` and `onerror`.
  ready = new Promise((resolve) => {
    w.addEventListener('message', () => resolve(), { once: true });
    w.addEventListener(
      'error',
      (e) => {
        // Not the ingest worker's error: the next read starts another reader, or reads itself.
        e.preventDefault();
        if (reader === w) reader = null;
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Settles once the reader has started. A worker's script loads through the thread that started
 * it: the ingest worker waits for this before a long synchronous step (the head's sample scan),
 * or the reader would start, and read the file, only after that step.
 */
export function readerStarted(): Promise<void> {
  startReader();
  return ready;
}

function inWorker(
  blob: Blob,
): Promise<{ bytes: Uint8Array; twin: Uint8Array; facts: Utf8Facts | null }> {
  const run = job.then(() => readOnce(blob));
  job = run.catch(() => undefined);
  return run;
}

function readOnce(
  blob: Blob,
): Promise<{ bytes: Uint8Array; twin: Uint8Array; facts: Utf8Facts | null }> {
  startReader();
  const w = reader!;
  return new Promise((resolve, reject) => {
    let head: { bytes: Uint8Array; facts: Utf8Facts | null } | null = null;
    const fail = (why: string) => {
      // A reader in an unknown state is not given another file.
      w.terminate();
      if (reader === w) reader = null;
      reject(new Error(why));
    };
    w.onmessage = (e: MessageEvent<Reply>) => {
      const m = e.data;
      if ('ready' in m) return;
      if ('error' in m) fail(m.error);
      else if ('cut' in m) {
        head = { bytes: m.bytes, facts: utf8Facts(m.bytes.subarray(0, m.cut)) };
      } else if (!head) fail('the file reader sent its copy first');
      else resolve({ bytes: head.bytes, twin: m.twin, facts: joined(head.facts, m.facts) });
    };
    w.onerror = (e) => {
      e.preventDefault();
      fail(e.message || 'the file reader did not start');
    };
    w.onmessageerror = () => fail('the file reader sent a message that could not be read');
    w.postMessage({ blob, share: SHARE });
  });
}
