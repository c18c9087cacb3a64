// The ingest worker's lifelines, on a stand-in worker the test drives: whatever way the worker
// dies — an uncaught error, a script that never loads, an unreadable reply, or plain silence
// (terminated, hung) — every job it held fails with a message instead of waiting forever, and
// the next job gets a fresh worker.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestClient, IngestError } from '../../../src/state/dataset/ingest-client.ts';
import { msg, raw } from '../../../src/lib/message.ts';
import type { Engine } from '../../../src/engine/types.ts';
import type { FromWorker, ToWorker } from '../../../src/ingest/protocol.ts';

class FakeWorker {
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: ToWorker[] = [];
  terminated = false;
  postMessage(m: ToWorker) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  send(data: FromWorker) {
    this.onmessage?.({ data });
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault: () => undefined });
  }
}

const SILENCE = 10_000;

function setup() {
  const workers: FakeWorker[] = [];
  const client = createIngestClient({
    makeWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    silenceMs: SILENCE,
  });
  return { client, workers };
}

const file = { name: 'deals.csv', blob: new Blob(['a\n1\n']) };

/** The message a job failed with, or 'pending' if it has not settled. */
async function outcome(p: Promise<unknown>): Promise<unknown> {
  const tag = Symbol('pending');
  const r = await Promise.race([
    p.then(
      () => 'resolved',
      (e: unknown) => (e instanceof IngestError ? e.msg : e),
    ),
    Promise.resolve().then(() => tag),
  ]);
  return r === tag ? 'pending' : r;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the ingest client when its worker dies', () => {
  it('an uncaught error fails the job with its text, and the next job gets a new worker', async () => {
    const { client, workers } = setup();
    const job = client.inspect([file], {});
    workers[0]!.crash('Uncaught RangeError: Maximum call stack size exceeded');
    await expect(job).rejects.toMatchObject({
      msg: msg('import_workerFailed', {
        reason: raw('Uncaught RangeError: Maximum call stack size exceeded'),
      }),
    });
    expect(workers[0]!.terminated).toBe(true);
    const next = client.inspect([file], {});
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted[0]).toMatchObject({ type: 'inspect' });
    workers[1]!.send({
      type: 'inspected',
      id: (workers[1]!.posted[0] as { id: number }).id,
      inspection: { tables: [], relations: [], errors: [] },
    });
    await expect(next).resolves.toEqual({ tables: [], relations: [], errors: [] });
  });

  it('a worker whose script does not load fails the job, it does not hang', async () => {
    const { client, workers } = setup();
    const job = client.inspect([file], {});
    workers[0]!.crash('');
    await expect(job).rejects.toMatchObject({
      msg: msg('import_workerFailed', { reason: msg('import_workerNoStart') }),
    });
  });

  it('a reply that cannot be read fails the job', async () => {
    const { client, workers } = setup();
    const job = client.inspect([file], {});
    workers[0]!.onmessageerror?.();
    await expect(job).rejects.toMatchObject({
      msg: msg('import_workerFailed', { reason: msg('import_workerMessage') }),
    });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('a silent worker (terminated, hung) fails the job after the silence; progress keeps it alive', async () => {
    const { client, workers } = setup();
    const job = client.inspect([file], {});
    const id = (workers[0]!.posted[0] as { id: number }).id;
    await vi.advanceTimersByTimeAsync(SILENCE - 1);
    workers[0]!.send({ type: 'progress', id, progress: { file: 'deals.csv' } as never });
    await vi.advanceTimersByTimeAsync(SILENCE - 1);
    expect(await outcome(job)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome(job)).toEqual(
      msg('import_workerFailed', { reason: msg('import_workerSilent', { s: 10 }) }),
    );
    expect(workers[0]!.terminated).toBe(true);
  });

  it('no watchdog while the worker waits on the page engine; it starts again after the reply', async () => {
    const { client, workers } = setup();
    let finish: () => void = () => undefined;
    const engine = {
      exec: () => new Promise<void>((r) => (finish = r)),
    } as unknown as Engine;
    const job = client.import(engine, [file], {});
    const w = workers[0]!;
    w.send({ type: 'engine', rid: 1, op: 'exec', sql: 'CREATE TABLE t (a INT)' });
    await vi.advanceTimersByTimeAsync(SILENCE * 10);
    expect(await outcome(job)).toBe('pending');
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.posted.at(-1)).toEqual({ type: 'engine-reply', rid: 1, ok: true });
    await vi.advanceTimersByTimeAsync(SILENCE);
    expect(await outcome(job)).toEqual(
      msg('import_workerFailed', { reason: msg('import_workerSilent', { s: 10 }) }),
    );
  });

  it('a finished job leaves no watchdog behind', async () => {
    const { client, workers } = setup();
    const job = client.inspect([file], {});
    const id = (workers[0]!.posted[0] as { id: number }).id;
    workers[0]!.send({
      type: 'inspected',
      id,
      inspection: { tables: [], relations: [], errors: [] },
    });
    await job;
    await vi.advanceTimersByTimeAsync(SILENCE * 2);
    expect(workers[0]!.terminated).toBe(false);
  });
});

describe('the files the ingest client posts', () => {
  it('carry one id per Blob: "Import" of the inspected files names the same ones', async () => {
    const { client, workers } = setup();
    const other = { name: 'other.csv', blob: new Blob(['b\n2\n']) };
    void client.inspect([file, other], {});
    void client.import({} as Engine, [{ ...file, kind: 'deals' }, other], {});
    void client.inspect([{ name: 'again.csv', blob: new Blob(['a\n1\n']) }], {});
    const ids = workers[0]!.posted.map((m) =>
      'files' in m ? m.files.map((f) => [f.name, f.blobId]) : [],
    );
    expect(ids[0]).toEqual([
      ['deals.csv', 1],
      ['other.csv', 2],
    ]);
    expect(ids[1]).toEqual(ids[0]);
    // A Blob of the same text is another Blob: it is read again.
    expect(ids[2]).toEqual([['again.csv', 3]]);
  });

  it('the bytes the worker registers are handed over to the engine, not copied again', async () => {
    const { client, workers } = setup();
    const calls: [string, Uint8Array, unknown][] = [];
    const engine = {
      registerFile: async (name: string, data: Uint8Array, opts?: unknown) => {
        calls.push([name, data, opts]);
        return `/registered/${name}`;
      },
    } as unknown as Engine;
    void client.import(engine, [file], {});
    const data = new TextEncoder().encode('1;2\n');
    workers[0]!.send({ type: 'engine', rid: 7, op: 'register', name: '_ingest_1.csv', data });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([['_ingest_1.csv', data, { handOver: true }]]);
    expect(workers[0]!.posted.at(-1)).toEqual({
      type: 'engine-reply',
      rid: 7,
      ok: true,
      path: '/registered/_ingest_1.csv',
    });
  });

  it('warm starts the worker ahead of the first job, once, and the job runs on it', async () => {
    const { client, workers } = setup();
    client.warm!();
    client.warm!();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted).toEqual([]);
    // No job: no watchdog either, however long the dialog stays open.
    await vi.advanceTimersByTimeAsync(SILENCE * 3);
    expect(workers[0]!.terminated).toBe(false);
    const job = client.inspect([file], {});
    expect(workers).toHaveLength(1);
    const id = (workers[0]!.posted[0] as { id: number }).id;
    workers[0]!.send({
      type: 'inspected',
      id,
      inspection: { tables: [], relations: [], errors: [] },
    });
    await expect(job).resolves.toEqual({ tables: [], relations: [], errors: [] });
  });

  it('a warmed worker that fails to load is replaced by the first job', async () => {
    const { client, workers } = setup();
    client.warm!();
    workers[0]!.crash('');
    expect(workers[0]!.terminated).toBe(true);
    void client.inspect([file], {});
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted[0]).toMatchObject({ type: 'inspect' });
  });
});
