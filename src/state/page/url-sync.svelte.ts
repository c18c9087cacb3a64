/**
 * Keeps the page URL in step with the report: a link opens the report it names (or says why it
 * cannot), and every spec or dataset change replaces the URL, so "copy link" and reload
 * reproduce the report on its data. The report goes after `#` (page-params.ts); the only I/O
 * here is `history.replaceState` and the `hashchange` event.
 */
import { untrack } from 'svelte';
import {
  hashHasSpec,
  localNote,
  pageUrl,
  readPageParams,
  type PageParams,
  type ServerLink,
} from './page-params.ts';
import type { Workbench } from '../session/workbench.svelte.ts';
import { msg, type Message } from '../../lib/message.ts';

/** The bits of `window` the sync uses (tests pass a stand-in). */
export interface PageLocation {
  location: { search: string; pathname: string; hash: string; href: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  addEventListener?(type: 'hashchange', listener: () => void): void;
  removeEventListener?(type: 'hashchange', listener: () => void): void;
}

export class UrlSync {
  /** Why the opening link's report was refused (shown as a banner until dismissed). */
  linkError = $state<Message | null>(null);
  /**
   * The link's report opened and `linkError` names only page parameters it ignored (`lang=de`):
   * the banner must not say the default report is shown instead.
   */
  linkPartIgnored = $state(false);
  /** The opening link's report was made on the sender's own import, not on this data (`localNote`). */
  localNote = $state<Message | null>(null);
  readonly page: PageParams;
  #win: PageLocation;
  #wb: Workbench | null = null;
  #stop: (() => void) | null = null;
  #checked = false;
  /** The link of the dataset shown (`data=`): null for data that has none. */
  #data = $state.raw<(() => string | null) | null>(null);
  /** The server whose data is shown (`engine=clickhouse&url=…`), null for data in the tab. */
  #server = $state.raw<(() => ServerLink | null) | null>(null);
  /** Whether the data shown lives only in this browser (`local=1`): no link carries it. */
  #local = $state.raw<(() => boolean) | null>(null);
  #localChecked = false;
  #onHash = () => this.#hashChanged();
  /**
   * Called when a link pasted into this tab's address bar (a new `#…`) names a report: the page
   * shows the report view (the dashboard or a print preview left open hid the report it opened).
   */
  onLinkOpened: (() => void) | null = null;

  constructor(win: PageLocation) {
    this.#win = win;
    this.page = readPageParams(win.location.search, win.location.hash);
    this.linkError = this.page.error;
    this.linkPartIgnored = this.page.error !== null && !this.page.reportRefused;
  }

  /** Hands the link's spec to the workbench and starts writing the URL on every change. */
  attach(wb: Workbench): void {
    this.#wb = wb;
    wb.startSpec = this.page.spec;
    wb.startPreset = this.page.preset;
    this.#win.addEventListener?.('hashchange', this.#onHash);
    this.#stop = $effect.root(() => {
      $effect(() => {
        const spec = wb.report.spec;
        const lang = wb.locale.lang;
        const phase = wb.run.phase;
        const data = this.#data?.();
        const server = this.#server?.();
        const local = this.#local?.();
        // While the dataset loads the spec is a placeholder: leave the link as it came.
        if (!wb.data.model || phase === 'engine' || phase === 'dataset') return;
        untrack(() => {
          if (!this.#checked && this.page.spec && spec === this.page.spec) {
            this.#checked = true;
            // A link from another dataset may name fields this one lacks: say so, open the default.
            const error = wb.run.compiled.error;
            if (error) {
              this.linkError = msg('link_compile', { problem: error });
              this.linkPartIgnored = false;
              wb.report.spec = wb.report.defaultReport();
              return;
            }
          }
          if (!this.#localChecked && local !== undefined) {
            // Once, on the data the page opened with: later datasets are the reader's own doing.
            this.#localChecked = true;
            this.localNote = localNote(this.page, local);
          }
          // The page's own URL never gains `local=1` (only a copied link does, `href`); it loses
          // one it came with once other data is shown.
          this.#write(
            pageUrl(spec, this.#win.location.search, lang, data, server, local && undefined),
          );
        });
      });
    });
  }

  /**
   * Makes `data=` follow the dataset shown: `link` returns its link, or null when the data has
   * none (the demo, an import) and the parameter goes. Read inside an effect: it may be reactive.
   */
  followData(link: () => string | null): void {
    this.#data = link;
  }

  /** Makes `engine=clickhouse&url=…` follow the server whose data is shown (see followData). */
  followServer(link: () => ServerLink | null): void {
    this.#server = link;
  }

  /** Makes `local=1` follow whether the data shown lives only in this browser (see followData). */
  followLocal(local: () => boolean): void {
    this.#local = local;
  }

  /**
   * The page's full URL now (what "copy link" copies), with `local=1` when the data shown was
   * imported in this browser: whoever opens it elsewhere is told the numbers are not theirs to
   * check (`localNote`).
   */
  href(): string {
    const { location } = this.#win;
    const wb = this.#wb;
    const local = this.#local?.();
    if (!wb || local === undefined) return location.href;
    const base = location.href.slice(
      0,
      location.href.length - location.search.length - location.hash.length,
    );
    return `${base}${pageUrl(wb.report.spec, location.search, wb.locale.lang, this.#data?.(), this.#server?.(), local)}`;
  }

  dismiss(): void {
    this.linkError = null;
  }

  dismissLocal(): void {
    this.localNote = null;
  }

  destroy(): void {
    this.#win.removeEventListener?.('hashchange', this.#onHash);
    this.#stop?.();
  }

  /**
   * A fragment changed without a reload: a pasted link that differs only after `#` opens its
   * report; an in-page anchor (the skip link) gets the report put back, so the URL still names it.
   */
  #hashChanged(): void {
    const wb = this.#wb;
    if (!wb) return;
    const { location } = this.#win;
    if (hashHasSpec(location.hash)) {
      const next = readPageParams('', location.hash);
      const asked = next.preset ? wb.linkSpec(next.preset, null) : next.spec;
      if (asked) this.onLinkOpened?.();
      if (next.preset && asked) wb.report.update(asked);
      else if (!next.spec) [this.linkError, this.linkPartIgnored] = [next.error, false];
      else if (JSON.stringify(next.spec) !== JSON.stringify(wb.report.spec))
        wb.report.update(next.spec);
      return;
    }
    this.#write(
      pageUrl(
        wb.report.spec,
        location.search,
        wb.locale.lang,
        this.#data?.(),
        this.#server?.(),
        this.#local?.() && undefined,
      ),
    );
  }

  #write(url: string): void {
    const { location, history } = this.#win;
    if (url === `${location.search}${location.hash}`) return;
    history.replaceState(null, '', `${location.pathname}${url}`);
  }
}
