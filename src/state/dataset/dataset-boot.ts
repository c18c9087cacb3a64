/** Wires the dataset state to the browser: the ingest worker, OPFS, localStorage, the page URL. */
import { createContext } from 'svelte';
import { createDatasetStore } from './stored/dataset-store.ts';
import { DatasetState } from './dataset.svelte.ts';
import { ServerConnection } from './server-connect.svelte.ts';
import { createIngestClient } from './ingest-client.ts';
import { browserMemoryEnv } from './memory.ts';
import type { Workbench } from '../session/workbench.svelte.ts';

export const [getDataset, setDataset] = createContext<DatasetState>();
export const [getServer, setServer] = createContext<ServerConnection>();
export { ServerConnection };

function storage(kind: 'localStorage' | 'sessionStorage' = 'localStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}

/** `navigator.storage.persist()`, where the browser has it. */
function persist(): Promise<boolean> {
  const s = globalThis.navigator?.storage;
  return typeof s?.persist === 'function' ? s.persist() : Promise.resolve(false);
}

/**
 * A published bundle (`crm publish`) opens on its own dataset without a `?data=` in the link:
 * the bundle's index.html carries `<meta name="crm-data" content="data/manifest.json">`.
 */
function bundledData(): string | null {
  return document.querySelector('meta[name="crm-data"]')?.getAttribute('content') || null;
}

/**
 * Resolves when the page's thread is idle, within 2 s however busy it stays (where the browser
 * has no `requestIdleCallback`: on the next task).
 */
function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: 2000 });
    else setTimeout(resolve, 0);
  });
}

export function createDatasetState(wb: Workbench): DatasetState {
  const ds = new DatasetState(wb, {
    client: createIngestClient(),
    store: createDatasetStore(),
    storage: storage(),
    session: storage('sessionStorage'),
    persist,
    memory: browserMemoryEnv,
    idle,
    page: () => ({
      href: location.href,
      data: new URLSearchParams(location.search).get('data') ?? bundledData(),
    }),
  });
  // For the end-to-end tests and the benchmark (was this load a snapshot restore?), like `__crm`.
  (globalThis as { __crmDataset?: DatasetState }).__crmDataset = ds;
  return ds;
}
