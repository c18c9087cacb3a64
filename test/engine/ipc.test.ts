import { describe, expect, it } from 'vitest';
import { Message, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { EOS, startsMessage, streamRows } from '../../src/engine/ipc.ts';

const ints = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** A stream of several record batches, with a dictionary-encoded text column. */
function multiBatch(): Uint8Array {
  const t = tableFromArrays({ id: ints(8), s: Array.from({ length: 8 }, (_, i) => `v${i % 2}`) });
  const b = t.batches[0]!;
  return tableToIPC(new Table([b.slice(0, 3), b.slice(3, 3), b.slice(3, 8)]), 'stream');
}

describe('streamRows', () => {
  it('counts the rows of complete streams', () => {
    expect(streamRows(tableToIPC(tableFromArrays({ a: ints(4) }), 'stream'))).toBe(4);
    expect(streamRows(multiBatch())).toBe(8);
    expect(streamRows(tableToIPC(tableFromArrays({ a: ints(0) }), 'stream'))).toBe(0);
  });

  it('rejects every stream cut short, wherever the cut', () => {
    const ipc = multiBatch();
    for (let n = 0; n < ipc.length; n++) expect(() => streamRows(ipc.subarray(0, n))).toThrow();
  });

  it('rejects bytes after the end, a missing schema and a non-message', () => {
    const ipc = tableToIPC(tableFromArrays({ a: ints(2) }), 'stream');
    const extra = new Uint8Array(ipc.length + 8);
    extra.set(ipc);
    extra.set(EOS, ipc.length);
    expect(() => streamRows(extra)).toThrow(/after the end/);
    expect(() => streamRows(EOS)).toThrow(/without a schema/);
    const flipped = ipc.slice();
    flipped[0] = 0;
    expect(() => streamRows(flipped)).toThrow(/no Arrow message at byte 0/);
  });

  it('rejects a batch whose buffers lie outside its body', () => {
    const ipc = multiBatch();
    const at = messageOffsets(ipc).at(-1)!;
    const meta = new DataView(ipc.buffer).getInt32(at + 4, true);
    const msg = Message.decode(ipc.subarray(at + 8, at + 8 + meta));
    expect(msg.isRecordBatch()).toBe(true);
    const shrunk = Message.encode(new Message(0, msg.version, msg.headerType, msg.header()));
    const framed = new Uint8Array(8 + Math.ceil(shrunk.length / 8) * 8);
    new DataView(framed.buffer).setUint32(0, 0xffffffff, true);
    new DataView(framed.buffer).setInt32(4, framed.length - 8, true);
    framed.set(shrunk, 8);
    const bad = concat(ipc.subarray(0, at), framed, ipc.subarray(at + 8 + meta));
    expect(() => streamRows(bad)).toThrow(/points outside its body/);
  });
});

describe('startsMessage', () => {
  it('tells an IPC message from other bytes', () => {
    expect(startsMessage(multiBatch())).toBe(true);
    expect(startsMessage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toBe(false);
    expect(startsMessage(new Uint8Array([0xff, 0xff]))).toBe(false);
  });
});

/** Where each message (not the end marker) starts. */
function messageOffsets(ipc: Uint8Array): number[] {
  const dv = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  const out: number[] = [];
  for (let at = 0; dv.getInt32(at + 4, true) !== 0;) {
    out.push(at);
    const meta = dv.getInt32(at + 4, true);
    at += 8 + meta + Number(Message.decode(ipc.subarray(at + 8, at + 8 + meta)).bodyLength);
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
