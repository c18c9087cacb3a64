/**
 * Opening a `?data=` link for DatasetState: the crash-loop guard, the question before data is
 * fetched from another site, the manifest's named reports, and the failure banner's state. The
 * import itself is the dataset's (runImport), reached through the host DatasetState hands in.
 */
import { validateSpec } from '../../../query/spec/validate.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import { messageOf, msg, type Message } from '../../../lib/message.ts';
import { fetchProgress } from '../import-progress.ts';
import { loadLink } from './link-loader.ts';
import { LinkGuard } from './link-guard.ts';
import type { MemoryEnv } from '../memory.ts';
import type { DatasetState } from '../dataset.svelte.ts';

export type NamedReport = { name: string; spec: ReportSpec };

/** The dataset state's public parts a link load drives. */
export type LinkHost = Pick<
  DatasetState,
  'busy' | 'stage' | 'error' | 'progress' | 'notices' | 'linkReports' | 'runImport'
>;

/** Its private parts, as closures. */
export interface LinkInternals {
  /** A new cancel controller for this load; its signal. */
  newAbort(): AbortSignal;
  dropAbort(): void;
  fail(e: unknown): void;
  /** The page's URL (location.href): links resolve against it. */
  page(): string;
  memory(): MemoryEnv;
}

type Session = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class DatasetLinks {
  /** The link whose data could not be loaded and why: a banner with "try again". */
  failure = $state.raw<{ data: string; error: Message } | null>(null);
  /** The other site a link wants to load from, while the user is asked (stage 'consent'). */
  consentHost = $state<string | null>(null);

  #host: LinkHost;
  #own: LinkInternals;
  #guard: LinkGuard;
  #answer: ((ok: boolean) => void) | null = null;
  /** While a link's import runs: the manifest report it opens on, and notices about the manifest. */
  #wantName: string | null = null;
  #notices: Message[] = [];

  constructor(host: LinkHost, own: LinkInternals, session: Session | null) {
    this.#host = host;
    this.#own = own;
    this.#guard = new LinkGuard(session);
  }

  /** The manifest report the link being imported opens on (null: none, or no link). */
  get wantName(): string | null {
    return this.#wantName;
  }

  /** Notices about the manifest of the link being imported, shown with its data. */
  get manifestNotices(): Message[] {
    return this.#notices;
  }

  /**
   * Whether the page's first load must not open `data` by itself: its last load in this tab
   * never ended (link-guard.ts). The banner then says so.
   */
  crashedBefore(data: string): boolean {
    if (!this.#guard.crashedBefore(data)) return false;
    this.failure = { data, error: msg('link_crashed', { url: data }) };
    return true;
  }

  /**
   * `?data=<url>`: a file or a manifest. Returns success; a failure is kept in `failure` (the
   * banner says the report is not the link's data and offers to try again).
   */
  async open(data: string): Promise<boolean> {
    const host = this.#host;
    if (host.busy) return false;
    this.failure = null;
    host.notices = [];
    this.#guard.begin(data);
    try {
      const ok = await this.#open(data);
      if (!ok && host.error) {
        this.failure = { data, error: host.error };
        // The banner says it; no dialog on top of the report.
        host.error = null;
        host.stage = 'closed';
      }
      return ok;
    } finally {
      this.#guard.end();
    }
  }

  /** The link that failed, once more (the banner's "try again"). */
  async retry(): Promise<boolean> {
    const failed = this.failure;
    return failed ? this.open(failed.data) : false;
  }

  /** The user's answer to "load data from another site?". */
  answerConsent(ok: boolean): void {
    const answer = this.#answer;
    this.#answer = null;
    this.consentHost = null;
    if (this.#host.stage === 'consent') this.#host.stage = 'importing';
    answer?.(ok);
  }

  async #open(data: string): Promise<boolean> {
    const host = this.#host;
    host.stage = 'importing';
    host.error = null;
    const own = this.#own;
    const signal = own.newAbort();
    host.progress = { fraction: null, file: data, phase: 'fetch', rows: 0 };
    let ds;
    try {
      ds = await loadLink(data, own.page(), (p) => (host.progress = fetchProgress(p)), {
        confirmOrigin: (origin) =>
          new Promise<boolean>((resolve) => {
            this.#answer = resolve;
            this.consentHost = origin.replace(/^https?:\/\//, '');
            host.stage = 'consent';
          }),
        memory: own.memory(),
        signal,
      });
    } catch (e) {
      own.dropAbort();
      host.progress = null;
      own.fail(e);
      return false;
    }
    const reports: NamedReport[] = [];
    const notices: Message[] = [];
    for (const r of ds.manifest?.reports ?? []) {
      try {
        reports.push({ name: r.name, spec: validateSpec(r.spec) });
      } catch (e) {
        notices.push(msg('link_report', { name: r.name, reason: messageOf(e) }));
      }
    }
    this.#wantName = reports[0]?.name ?? null;
    this.#notices = notices;
    const ok = await host
      .runImport(ds.name, ds.files, ds.options, { link: data, spec: reports[0]?.spec ?? null })
      .finally(() => {
        this.#wantName = null;
        this.#notices = [];
      });
    if (ok) host.linkReports = reports;
    return ok;
  }
}
