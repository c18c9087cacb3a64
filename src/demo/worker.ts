/**
 * The demo generated off the page's thread: a module worker that builds the demo's Arrow tables
 * (`generateDemo`) and hands them back as Arrow IPC streams, transferred, which the page passes
 * to the engine without decoding them. Generating 20,000 deals takes a few hundred ms, which on
 * the page's thread was the longest stall of a cold start; here it runs while DuckDB starts.
 */
import { tableToIPC } from 'apache-arrow';
import { DEMO_TABLES, generateDemo } from './index.ts';
import type { DemoReply, DemoRequest } from './worker-protocol.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<DemoRequest>) => void) | null;
  postMessage(m: DemoReply, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  try {
    const { tables, model } = generateDemo(e.data.options);
    const ipc = DEMO_TABLES.map((name) => ({ name, ipc: tableToIPC(tables[name], 'stream') }));
    scope.postMessage(
      { ok: true, model, tables: ipc },
      ipc.map((t) => t.ipc.buffer),
    );
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
