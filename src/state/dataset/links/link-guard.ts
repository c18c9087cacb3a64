/**
 * The crash-loop guard of `?data=` links. A link whose data crashes the tab (too large for the
 * device, a browser bug) would crash it again on every reload, and the page could never be used
 * to see why. So a marker naming the link is written to sessionStorage (this tab only) before it
 * loads and removed once the load has ended either way; when the page starts with the marker of
 * the same link still there, the last load never ended, and the link is not loaded by itself.
 */
type Session = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'crm-workbench.link-loading';

export class LinkGuard {
  #session: Session | null;

  constructor(session: Session | null) {
    this.#session = session;
  }

  /** Whether the last load of `link` in this tab began and never ended. */
  crashedBefore(link: string): boolean {
    return this.#get() === link;
  }

  begin(link: string): void {
    try {
      this.#session?.setItem(KEY, link);
    } catch {
      // storage blocked or full: the guard is off, loading still works
    }
  }

  end(): void {
    try {
      this.#session?.removeItem(KEY);
    } catch {
      // as above
    }
  }

  #get(): string | null {
    try {
      return this.#session?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
  }
}
