/**
 * The browser's demo loader: generated in a module worker (`worker.ts`), its tables moved into
 * the engine as the IPC bytes the worker produced. Same seed and options, same tables as
 * `loadDemo` (test/demo/in-worker.browser.test.ts).
 */
import { tableFromIPC } from 'apache-arrow';
import type { DatasetModel } from '../crm/model.ts';
import { hasTableIO, type Engine } from '../engine/types.ts';
import type { DemoOptions } from './index.ts';
import type { DemoReply, DemoRequest } from './worker-protocol.ts';

/** Starts generating in a fresh worker; resolves with its tables (the worker is then ended). */
export function generateInWorker(
  options: DemoOptions,
  makeWorker: () => Worker = () =>
    new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'demo' }),
): Promise<Extract<DemoReply, { ok: true }>> {
  return new Promise((resolve, reject) => {
    const worker = makeWorker();
    const done = () => worker.terminate();
    worker.onmessage = (e: MessageEvent<DemoReply>) => {
      done();
      if (e.data.ok) resolve(e.data);
      else reject(new Error(`demo: ${e.data.error}`));
    };
    worker.onerror = (e) => {
      done();
      reject(new Error(`demo worker: ${e.message || 'failed to load'}`));
    };
    worker.onmessageerror = () => {
      done();
      reject(new Error('demo worker: unreadable reply'));
    };
    worker.postMessage({ options } satisfies DemoRequest);
  });
}

/** Generates the demo in a worker and creates its tables in the engine; returns its model. */
export async function loadDemoInWorker(
  engine: Engine,
  options: DemoOptions = {},
): Promise<DatasetModel> {
  const { model, tables } = await generateInWorker(options);
  for (const { name, ipc } of tables) {
    if (hasTableIO(engine)) await engine.importIPC(name, [ipc]);
    else await engine.insertArrow(name, tableFromIPC(ipc));
  }
  return model;
}
