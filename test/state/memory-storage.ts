/**
 * A `localStorage` of the test's own. Browser test files share one origin, so a dataset one file
 * imports would otherwise be "the dataset shown last time" for the next file's `start()`.
 */
export function memoryStorage(): Pick<
  Storage,
  'getItem' | 'setItem' | 'removeItem' | 'key' | 'length' | 'clear'
> {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
  };
}
