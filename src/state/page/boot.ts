/** Wires the workbench to the browser: DuckDB-WASM worker, the demo dataset, localStorage. */
import { loadDemo } from '../../demo/index.ts';
import { createBrowserEngine } from '../../engine/browser.ts';
import type { Lang } from '../../lib/i18n.ts';
import { Workbench } from '../session/workbench.svelte.ts';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked (privacy mode, sandboxed frame)
  }
}

/** What the page's own URL parameters ask for (see state/page-params.ts). */
export interface PageOptions {
  lang?: Lang | null;
  /** `?demo=<n>`: the demo with n deals. */
  demoDeals?: number | null;
}

/** A workbench for this page. Call `start()` to load the engine and the demo. */
export function createWorkbench(page: PageOptions = {}): Workbench {
  const deals = page.demoDeals ?? undefined;
  const wb = new Workbench({
    createEngine: (onStatus, onCrash) => createBrowserEngine({ onStatus, onCrash }),
    loadDemo: (engine, { lang }) => loadDemo(engine, { lang, deals }),
    storage: storage(),
    languages: globalThis.navigator?.languages ?? [],
    lang: page.lang ?? null,
  });
  // For the benchmark and for debugging from the console; holds no data of its own.
  (globalThis as { __crm?: Workbench }).__crm = wb;
  return wb;
}
