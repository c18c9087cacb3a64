/**
 * Keeps the page URL in step with the report: a link opens the report it names (or says why it
 * cannot), and every spec change replaces the URL, so "copy link" and reload reproduce the report.
 * The only I/O here is `history.replaceState`.
 */
import { untrack } from 'svelte';
import { pageSearch, readPageParams, type PageParams } from './page-params.ts';
import type { Workbench } from '../session/workbench.svelte.ts';

/** The bits of `window` the sync uses (tests pass a stand-in). */
export interface PageLocation {
  location: { search: string; pathname: string; hash: string; href: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
}

export class UrlSync {
  /** Why the opening link's report was refused (shown as a banner until dismissed). */
  linkError = $state<string | null>(null);
  readonly page: PageParams;
  #win: PageLocation;
  #stop: (() => void) | null = null;
  #checked = false;

  constructor(win: PageLocation) {
    this.#win = win;
    this.page = readPageParams(win.location.search);
    this.linkError = this.page.error;
  }

  /** Hands the link's spec to the workbench and starts writing the URL on every change. */
  attach(wb: Workbench): void {
    wb.startSpec = this.page.spec;
    this.#stop = $effect.root(() => {
      $effect(() => {
        const spec = wb.report.spec;
        const lang = wb.locale.lang;
        const phase = wb.run.phase;
        // While the dataset loads the spec is a placeholder: leave the link as it came.
        if (!wb.data.model || phase === 'engine' || phase === 'dataset') return;
        untrack(() => {
          if (!this.#checked && this.page.spec && spec === this.page.spec) {
            this.#checked = true;
            // A link from another dataset may name fields this one lacks: say so, open the default.
            const error = wb.run.compiled.error;
            if (error) {
              this.linkError = error;
              wb.report.spec = wb.report.defaultReport();
              return;
            }
          }
          this.#write(pageSearch(spec, this.#win.location.search, lang));
        });
      });
    });
  }

  /** The page's full URL now (what "copy link" copies). */
  href(): string {
    return this.#win.location.href;
  }

  dismiss(): void {
    this.linkError = null;
  }

  destroy(): void {
    this.#stop?.();
  }

  #write(search: string): void {
    const { location, history } = this.#win;
    if (search === location.search) return;
    history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  }
}
