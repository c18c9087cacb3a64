/**
 * The reader of `twin-read.ts`: a picked file's bytes read at once (`Blob.arrayBuffer`, the
 * browser reads them off any JS thread), copied for DuckDB, and checked for UTF-8 in two parts:
 * the first part by the ingest worker (the bytes go there as soon as they are copied), the rest
 * here, on the copy, at the same time.
 */
import { utf8Facts } from '../encoding/utf8-check.ts';

const LF = 10;

const scope = self as unknown as {
  postMessage(msg: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<{ blob: Blob; share: number }>) => void) | null;
};

scope.onmessage = async (e) => {
  const { blob, share } = e.data;
  try {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    // The parts meet after a LF: no character is cut, so each part is checked on its own.
    const at = Math.floor(bytes.length * share);
    const cut = at >= bytes.length ? bytes.length : bytes.indexOf(LF, at) + 1 || bytes.length;
    const twin = bytes.slice();
    scope.postMessage({ bytes, cut }, [bytes.buffer]);
    const facts = utf8Facts(twin.subarray(cut));
    scope.postMessage({ twin, facts }, [twin.buffer]);
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};

// Started: the ingest worker may go on (see `readerStarted`).
scope.postMessage({ ready: true });
