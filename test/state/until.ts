import { flushSync } from 'svelte';

/**
 * Waits in a browser test until `cond` holds, flushing Svelte's effects between looks. `ms` only
 * stops a hang with a clear message; nothing is asserted about how long it took.
 */
export async function until(cond: () => boolean, ms = 90_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    flushSync();
    await new Promise((r) => setTimeout(r, 50));
  }
}
