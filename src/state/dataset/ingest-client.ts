/**
 * The page's side of the ingest worker: posts files, answers the worker's engine calls on the
 * page's engine, forwards progress, and aborts on request. One worker, started on first use.
 */
import { MessageError, msg, raw, type Message } from '../../lib/message.ts';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { DatasetModel } from '../../crm/model.ts';
import type { Engine } from '../../engine/types.ts';
import type { Inspection } from '../../ingest/read/inspect.ts';
import type { FromWorker, ToWorker, WorkerFile, WorkerOptions } from '../../ingest/protocol.ts';
import type { ImportReport } from '../../ingest/report.ts';
import type { Progress } from '../../ingest/types.ts';

/** Raised when the user cancelled (`aborted`) or the pipeline refused the files. */
export class IngestError extends MessageError {
  override name = 'IngestError';
  constructor(
    message: Message,
    readonly aborted = false,
  ) {
    super(message);
  }
}

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface IngestClient {
  inspect(files: WorkerFile[], options: WorkerOptions, run?: RunOptions): Promise<Inspection>;
  import(
    engine: Engine,
    files: WorkerFile[],
    options: WorkerOptions,
    run?: RunOptions,
  ): Promise<{ model: DatasetModel; report: ImportReport }>;
}

type Done = Extract<FromWorker, { type: 'inspected' | 'imported' }>;

/** A client over a module worker running src/ingest/worker.ts. */
export function createIngestClient(
  makeWorker: () => Worker = () =>
    new Worker(new URL('../../ingest/worker.ts', import.meta.url), {
      type: 'module',
      name: 'ingest',
    }),
): IngestClient {
  let worker: Worker | null = null;
  let seq = 0;
  let engine: Engine | null = null;
  const jobs = new Map<
    number,
    { run: RunOptions; resolve: (m: Done) => void; reject: (e: Error) => void }
  >();

  const post = (msg: ToWorker, transfer: Transferable[] = []) => worker?.postMessage(msg, transfer);

  async function onEngine(msg: Extract<FromWorker, { type: 'engine' }>): Promise<void> {
    try {
      if (!engine) throw new Error('no engine for this import');
      if (msg.op === 'exec') {
        await engine.exec(msg.sql);
        post({ type: 'engine-reply', rid: msg.rid, ok: true });
      } else if (msg.op === 'query') {
        const ipc = tableToIPC(await engine.query(msg.sql), 'stream');
        post({ type: 'engine-reply', rid: msg.rid, ok: true, ipc }, [ipc.buffer as ArrayBuffer]);
      } else {
        await engine.insertArrow(msg.table, tableFromIPC(msg.ipc));
        post({ type: 'engine-reply', rid: msg.rid, ok: true });
      }
    } catch (e) {
      post({
        type: 'engine-reply',
        rid: msg.rid,
        ok: false,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  function ensure(): Worker {
    if (worker) return worker;
    const w = makeWorker();
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const msg = e.data;
      if (msg.type === 'engine') return void onEngine(msg);
      const job = jobs.get(msg.id);
      if (!job) return;
      if (msg.type === 'progress') return job.run.onProgress?.(msg.progress);
      jobs.delete(msg.id);
      if (msg.type === 'failed') job.reject(new IngestError(msg.error, msg.aborted));
      else job.resolve(msg);
    };
    w.onerror = (e) => {
      for (const job of jobs.values())
        job.reject(new IngestError(msg('import_workerFailed', { reason: e.message })));
      jobs.clear();
      worker = null;
    };
    worker = w;
    return w;
  }

  function run(
    type: 'inspect' | 'import',
    files: WorkerFile[],
    options: WorkerOptions,
    r: RunOptions,
  ) {
    ensure();
    const id = ++seq;
    return new Promise<Done>((resolve, reject) => {
      if (r.signal?.aborted) return reject(new IngestError(msg('import_cancelled'), true));
      jobs.set(id, { run: r, resolve, reject });
      r.signal?.addEventListener('abort', () => post({ type: 'abort', id }), { once: true });
      post({ type, id, files, options });
    });
  }

  return {
    async inspect(files, options, r = {}) {
      const m = await run('inspect', files, options, r);
      if (m.type !== 'inspected') throw new IngestError(raw('unexpected reply'));
      return m.inspection;
    },
    async import(eng, files, options, r = {}) {
      engine = eng;
      const m = await run('import', files, options, r);
      if (m.type !== 'imported') throw new IngestError(raw('unexpected reply'));
      return { model: m.model, report: m.report };
    },
  };
}
