/**
 * The engine a CLI run uses (`--engine`). Each is imported only when chosen, so running on one
 * never loads another's native library.
 */
import type { LazyEngine } from '../engine/types.ts';
import type { EngineArgs } from './args.ts';

export async function createCliEngine(args: EngineArgs): Promise<LazyEngine> {
  switch (args.engine) {
    case 'duckdb-wasm': {
      const { createNodeEngine } = await import('../engine/node.ts');
      return createNodeEngine();
    }
    case 'chdb': {
      const { createChdbEngine } = await import('../engine/chdb.ts');
      return createChdbEngine();
    }
    case 'duckdb': {
      const { createNativeEngine } = await import('../engine/native.ts');
      return createNativeEngine({
        ...(args.threads ? { threads: args.threads } : {}),
        ...(args.memoryLimit ? { memoryLimit: args.memoryLimit } : {}),
      });
    }
  }
}
