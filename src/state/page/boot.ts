/** Wires the workbench to the browser: DuckDB-WASM worker, the demo dataset (in its own worker), localStorage. */
import { loadDemoInWorker } from '../../demo/in-worker.ts';
import { createBrowserEngine } from '../../engine/browser.ts';
import type { Engine } from '../../engine/types.ts';
import { takeEarlyEngine } from './early-engine.ts';
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
    createEngine: (onStatus, onCrash) => {
      const engine =
        takeEarlyEngine(onStatus, onCrash) ?? createBrowserEngine({ onStatus, onCrash });
      // For the import benchmark: DuckDB's own reader timed on the same engine, in the same page.
      (globalThis as { __crmEngine?: Engine }).__crmEngine = engine;
      return engine;
    },
    loadDemo: (engine, { lang }) => loadDemoInWorker(engine, { lang, deals }),
    storage: storage(),
    languages: globalThis.navigator?.languages ?? [],
    lang: page.lang ?? null,
  });
  // Every start needs the engine, whatever it then loads: its ≈35 MB of wasm download and compile
  // in its worker while the page decides what to show and the demo is generated in another.
  wb.data.warmUp();
  // For the benchmark and for debugging from the console; holds no data of its own.
  (globalThis as { __crm?: Workbench }).__crm = wb;
  return wb;
}
