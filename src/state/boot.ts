/** Wires the workbench to the browser: DuckDB-WASM worker, the demo dataset, localStorage. */
import { loadDemo } from '../demo/index.ts';
import { createBrowserEngine } from '../engine/browser.ts';
import { Workbench } from './workbench.svelte.ts';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked (privacy mode, sandboxed frame)
  }
}

/** A workbench for this page. Call `start()` to load the engine and the demo. */
export function createWorkbench(): Workbench {
  return new Workbench({
    createEngine: (onStatus) => createBrowserEngine({ onStatus }),
    loadDemo: (engine, { lang }) => loadDemo(engine, { lang }),
    storage: storage(),
    languages: globalThis.navigator?.languages ?? [],
  });
}
