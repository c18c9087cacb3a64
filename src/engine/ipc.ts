/**
 * Arrow IPC stream framing, checked without decoding the data. DuckDB-WASM buffers the bytes of an
 * Arrow insert until it meets the end-of-stream marker, so a stream cut short (or with a wrong
 * length anywhere) stays buffered on the connection and silently swallows the next insert — seen
 * with duckdb-wasm 1.32. Streams read back from storage therefore pass `streamRows` first.
 */
import { Message } from 'apache-arrow';

const CONTINUATION = 0xffffffff;

/** The end-of-stream marker: a continuation token and a zero metadata length. */
export const EOS: Uint8Array = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Whether `bytes` start with an IPC message's continuation token (how DuckDB frames each one). */
export function startsMessage(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && view(bytes).getUint32(0, true) === CONTINUATION;
}

/**
 * The rows of one complete stream: a schema message, record (or dictionary) batches whose
 * buffers lie inside their bodies, the end-of-stream marker, and nothing after it.
 * Throws an Error saying where the framing breaks.
 */
export function streamRows(bytes: Uint8Array): number {
  const dv = view(bytes);
  let at = 0;
  let rows = 0;
  for (let n = 0; ; n++) {
    if (at + 8 > bytes.length) throw new Error(`Arrow stream cut short at byte ${at}`);
    if (dv.getUint32(at, true) !== CONTINUATION) throw new Error(`no Arrow message at byte ${at}`);
    const metaLength = dv.getInt32(at + 4, true);
    if (metaLength === 0) {
      if (n === 0) throw new Error('Arrow stream without a schema');
      if (at + 8 !== bytes.length)
        throw new Error(`${bytes.length - at - 8} bytes after the end of the Arrow stream`);
      return rows;
    }
    const start = at + 8;
    if (metaLength < 0 || start + metaLength > bytes.length)
      throw new Error(`Arrow message at byte ${at} runs past the end`);
    let msg: Message;
    try {
      msg = Message.decode(bytes.subarray(start, start + metaLength));
    } catch (e) {
      throw new Error(`unreadable Arrow message at byte ${at}: ${(e as Error).message}`);
    }
    const body = Number(msg.bodyLength);
    if (!(body >= 0) || start + metaLength + body > bytes.length)
      throw new Error(`Arrow message body at byte ${at} runs past the end`);
    if (n === 0 ? !msg.isSchema() : msg.isSchema())
      throw new Error(`Arrow message ${n} is ${n === 0 ? 'not' : 'a second'} schema`);
    if (msg.isRecordBatch() || msg.isDictionaryBatch()) {
      const batch = msg.isRecordBatch() ? msg.header() : msg.header().data;
      for (const b of batch.buffers)
        if (Number(b.offset) + Number(b.length) > body)
          throw new Error(`Arrow batch at byte ${at} points outside its body`);
      if (msg.isRecordBatch()) rows += Number(batch.length);
    }
    at = start + metaLength + body;
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
