/**
 * The page's engine, started before the rest of the app is even evaluated: `main.ts` calls
 * `startEarlyEngine()` first and loads the app after it, so DuckDB's worker fetches and compiles
 * its ≈35 MB of wasm while the page's own code loads, parses and mounts (a few hundred ms on a
 * cold page). The workbench then takes that engine over (`takeEarlyEngine`) instead of creating
 * its own; whoever never started one (tests, other entry points) gets null and creates one.
 */
import { createBrowserEngine } from '../../engine/browser.ts';
import type { EngineStatus, LazyEngine } from '../../engine/types.ts';

interface Early {
  engine: LazyEngine;
  hooks: { onStatus: (s: EngineStatus) => void; onCrash: (reason: string) => void };
}

let early: Early | null = null;

/** Creates the browser engine and starts it now. */
export function startEarlyEngine(): void {
  if (early) return;
  const hooks: Early['hooks'] = { onStatus: () => undefined, onCrash: () => undefined };
  const engine = createBrowserEngine({
    onStatus: (s) => hooks.onStatus(s),
    onCrash: (reason) => hooks.onCrash(reason),
  });
  // A failed start is retried, and reported, by the first call that needs the engine.
  void engine.start().catch(() => undefined);
  early = { engine, hooks };
}

/**
 * The engine `startEarlyEngine` started, once, now reporting to these callbacks (a status it
 * reported before is not repeated: the page starts in the "engine" phase anyway); null without one.
 */
export function takeEarlyEngine(
  onStatus: (s: EngineStatus) => void,
  onCrash?: (reason: string) => void,
): LazyEngine | null {
  if (!early) return null;
  const { engine, hooks } = early;
  early = null;
  hooks.onStatus = onStatus;
  hooks.onCrash = onCrash ?? (() => undefined);
  return engine;
}
