/**
 * The page's side of the ingest worker: posts files, answers the worker's engine calls on the
 * page's engine, forwards progress, and aborts on request. One worker, started on first use.
 */
import { MessageError, msg, raw, type Message } from '../../lib/message.ts';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { DatasetModel } from '../../crm/model.ts';
import type { Engine } from '../../engine/types.ts';
import type { Inspection } from '../../ingest/read/inspect.ts';
import type {
  FromWorker,
  PostedFile,
  ToWorker,
  WorkerFile,
  WorkerOptions,
} from '../../ingest/protocol.ts';
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
  /**
   * Starts the worker ahead of a job (the file dialog is open): its script loads and runs while
   * the user picks, not after.
   */
  warm?(): void;
  /**
   * Reads files for the mapping screen. With `early`, the engine the import will run on: the
   * worker registers the files' bytes with it while the screen shows (`forget` drops them).
   */
  inspect(
    files: WorkerFile[],
    options: WorkerOptions,
    run?: RunOptions,
    early?: Engine,
  ): Promise<Inspection>;
  /** The mapping screen closed without an import: the files registered early go. */
  forget(): void;
  import(
    engine: Engine,
    files: WorkerFile[],
    options: WorkerOptions,
    run?: RunOptions,
  ): Promise<{ model: DatasetModel; report: ImportReport }>;
}

type Done = Extract<FromWorker, { type: 'inspected' | 'imported' }>;

/**
 * How long a job may go without a word from the worker, while the worker is not waiting on the
 * page's engine, before it counts as dead. The worker reports progress per batch; its longest
 * silent stretch is one synchronous read (a large XLSX), well under this.
 */
export const SILENCE_MS = 5 * 60_000;

export interface IngestClientOptions {
  /** Starts the worker (tests pass a crashing or silent one). */
  makeWorker?: () => Worker;
  /** See `SILENCE_MS`. */
  silenceMs?: number;
}

/**
 * A client over a module worker running src/ingest/worker/worker.ts. A worker that fails to load,
 * throws, sends a message that cannot be read, or goes silent (terminated, hung) fails every job
 * it holds with a message and is replaced by a fresh one on the next job; no job waits forever.
 */
export function createIngestClient(opts: IngestClientOptions = {}): IngestClient {
  const makeWorker =
    opts.makeWorker ??
    (() =>
      new Worker(new URL('../../ingest/worker/worker.ts', import.meta.url), {
        type: 'module',
        name: 'ingest',
      }));
  const silenceMs = opts.silenceMs ?? SILENCE_MS;
  let worker: Worker | null = null;
  let seq = 0;
  let importEngine: Engine | null = null;
  /** The engine of the last inspection, which the worker registers files with early. */
  let earlyEngine: Engine | null = null;
  /** Each file registered early, by name, with the engine holding it (its drop goes there). */
  const earlyFiles = new Map<string, Engine>();
  /** Engine calls of the worker being answered here: the worker waits on us meanwhile. */
  let answering = 0;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  /** One id per Blob, so the worker knows the files "Import" sends are those it inspected. */
  const blobIds = new WeakMap<Blob, number>();
  let nextBlobId = 0;
  const posted = (files: WorkerFile[]): PostedFile[] =>
    files.map((f) => {
      let blobId = blobIds.get(f.blob);
      if (blobId === undefined) blobIds.set(f.blob, (blobId = ++nextBlobId));
      return { ...f, blobId };
    });
  const jobs = new Map<
    number,
    { run: RunOptions; resolve: (m: Done) => void; reject: (e: Error) => void }
  >();

  const post = (msg: ToWorker, transfer: Transferable[] = []) => worker?.postMessage(msg, transfer);

  /** (Re)arms the watchdog: called on every sign of life and when an engine call is answered. */
  function alive(): void {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
    if (jobs.size === 0 || answering > 0) return;
    watchdog = setTimeout(
      () => fail(msg('import_workerSilent', { s: Math.round(silenceMs / 1000) })),
      silenceMs,
    );
  }

  /** The worker is unusable: every job fails with `reason`, and the next job starts a new one. */
  function fail(reason: Message): void {
    const w = worker;
    worker = null;
    w?.terminate();
    // The worker can no longer drop what it registered early.
    for (const [name, e] of earlyFiles) void e.dropFile(name).catch(() => undefined);
    earlyFiles.clear();
    answering = 0;
    const failed = [...jobs.values()];
    jobs.clear();
    alive();
    for (const job of failed) job.reject(new IngestError(msg('import_workerFailed', { reason })));
  }

  async function onEngine(m: Extract<FromWorker, { type: 'engine' }>, w: Worker): Promise<void> {
    answering++;
    alive();
    const reply = (r: ToWorker, transfer: Transferable[] = []) => {
      // A reply for a worker that has since been replaced has nobody to go to.
      if (worker === w) post(r, transfer);
    };
    try {
      // An early call (while the mapping screen shows) goes to the inspection's engine, and an
      // early file's drop to the engine holding it.
      const held = m.op === 'drop' ? earlyFiles.get(m.name) : undefined;
      const engine = m.early ? earlyEngine : (held ?? importEngine);
      if (!engine)
        throw new Error(m.early ? 'no engine for this inspection' : 'no engine for this import');
      if (m.op === 'drop' && held) earlyFiles.delete(m.name);
      if (m.op === 'register' && m.early) earlyFiles.set(m.name, engine);
      if (m.op === 'exec') {
        await engine.exec(m.sql);
        reply({ type: 'engine-reply', rid: m.rid, ok: true });
      } else if (m.op === 'query') {
        const ipc = tableToIPC(await engine.query(m.sql), 'stream');
        reply({ type: 'engine-reply', rid: m.rid, ok: true, ipc }, [ipc.buffer as ArrayBuffer]);
      } else if (m.op === 'insert') {
        await engine.insertArrow(m.table, tableFromIPC(m.ipc));
        reply({ type: 'engine-reply', rid: m.rid, ok: true });
      } else if (m.op === 'register') {
        // The bytes came from the worker, transferred: nothing on the page holds them.
        const path = await engine.registerFile(m.name, m.data, { handOver: true });
        reply({ type: 'engine-reply', rid: m.rid, ok: true, path });
      } else {
        await engine.dropFile(m.name);
        reply({ type: 'engine-reply', rid: m.rid, ok: true });
      }
    } catch (e) {
      reply({
        type: 'engine-reply',
        rid: m.rid,
        ok: false,
        error: e instanceof Error ? e.message : String(e),
      });
    } finally {
      if (worker === w) {
        answering--;
        alive();
      }
    }
  }

  function ensure(): Worker {
    if (worker) return worker;
    const w = makeWorker();
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      if (worker !== w) return;
      alive();
      const m = e.data;
      if (m.type === 'engine') return void onEngine(m, w);
      const job = jobs.get(m.id);
      if (!job) return;
      if (m.type === 'progress') return job.run.onProgress?.(m.progress);
      jobs.delete(m.id);
      alive();
      if (m.type === 'failed') job.reject(new IngestError(m.error, m.aborted));
      else job.resolve(m);
    };
    // An uncaught error in the worker, or its script failing to load (no message then).
    w.onerror = (e) => {
      if (worker !== w) return;
      e.preventDefault();
      fail(e.message ? raw(e.message) : msg('import_workerNoStart'));
    };
    // A reply that cannot be deserialised: the job it belonged to would wait forever.
    w.onmessageerror = () => {
      if (worker === w) fail(msg('import_workerMessage'));
    };
    worker = w;
    return w;
  }

  function run(
    type: 'inspect' | 'import',
    files: WorkerFile[],
    options: WorkerOptions,
    r: RunOptions,
    early = false,
  ) {
    ensure();
    const id = ++seq;
    return new Promise<Done>((resolve, reject) => {
      if (r.signal?.aborted) return reject(new IngestError(msg('import_cancelled'), true));
      jobs.set(id, { run: r, resolve, reject });
      r.signal?.addEventListener('abort', () => post({ type: 'abort', id }), { once: true });
      alive();
      post({ type, id, files: posted(files), options, ...(early ? { early } : {}) });
    });
  }

  return {
    warm() {
      ensure();
    },
    async inspect(files, options, r = {}, early) {
      earlyEngine = early ?? null;
      const m = await run('inspect', files, options, r, early !== undefined);
      if (m.type !== 'inspected') throw new IngestError(raw('unexpected reply'));
      return m.inspection;
    },
    forget() {
      post({ type: 'forget' });
    },
    async import(eng, files, options, r = {}) {
      importEngine = eng;
      // Files registered early with another engine cannot be read by this one.
      if (earlyEngine !== null && earlyEngine !== eng) post({ type: 'forget' });
      const m = await run('import', files, options, r);
      if (m.type !== 'imported') throw new IngestError(raw('unexpected reply'));
      return { model: m.model, report: m.report };
    },
  };
}
