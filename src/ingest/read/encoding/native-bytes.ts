/**
 * What the runtime does natively over bytes, when it offers it. Node's `buffer` module tests UTF-8
 * validity with simdutf and searches bytes at memchr speed: over the 110 MB of a 300k-deal export
 * that is ≈ 15 ms where the JS word loop of `utf8Facts` takes ≈ 130 ms, and the CLI's import
 * waits for every JS pass in series (DuckDB-WASM runs its statements on the same thread). A
 * browser has neither, and keeps the JS check (the page's runs while the file is read).
 */

/** The native operations the readers use, over any `Uint8Array` (no copy made). */
export interface NativeBytes {
  /** Whether the bytes are valid UTF-8, exactly as a fatal WHATWG decoder decides. */
  isUtf8(b: Uint8Array): boolean;
  /** Whether `b[from…]` holds the byte or the ASCII text `what`. */
  has(b: Uint8Array, what: number | string, from: number): boolean;
}

/** The parts of Node's `buffer` module used here. */
interface NodeBuffer {
  isUtf8?(b: Uint8Array): boolean;
  Buffer: {
    from(
      buffer: ArrayBufferLike,
      offset: number,
      length: number,
    ): { indexOf(what: number | string, from: number): number };
  };
}

let native: NativeBytes | undefined | null = null;

/**
 * Node's operations, found once; undefined in a browser. `process.getBuiltinModule` (Node ≥ 20.16)
 * reaches them without an import the site's bundle would have to resolve.
 */
export function nativeBytes(): NativeBytes | undefined {
  if (native === null) native = find();
  return native;
}

/** Sets what `nativeBytes` answers (undefined: none), for tests of either path; null: the runtime's. */
export function useNativeBytes(ops: NativeBytes | undefined | null): void {
  native = ops;
}

function find(): NativeBytes | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:buffer') as NodeBuffer | undefined;
  const isUtf8 = mod?.isUtf8;
  if (!mod || !isUtf8) return undefined;
  const { Buffer } = mod;
  return {
    isUtf8: (b) => isUtf8(b),
    has: (b, what, from) => Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(what, from) >= 0,
  };
}
