/**
 * "Connect to ClickHouse": the page runs its reports on a ClickHouse server instead of the tab's
 * DuckDB. The dataset model is read from the server's canonical tables (crm/server-model.ts, put
 * there by `crm push`). The password lives only in the engine object of this page: never in the
 * URL, never in storage; a reload asks for it again (the link keeps the address, database and
 * user, so the dialog opens pre-filled).
 */
import { readServerModel } from '../../crm/server-model.ts';
import { createClickHouseEngine, serverUrl } from '../../engine/clickhouse.ts';
import type { Engine, TableIO } from '../../engine/types.ts';
import { messageOf, type Message } from '../../lib/message.ts';
import type { ServerLink } from '../page/page-params.ts';
import type { DatasetLoader } from '../session/data-source.svelte.ts';
import type { Workbench } from '../session/workbench.svelte.ts';
import { specForNewData } from './dataset-spec.ts';

export interface ServerForm extends ServerLink {
  password: string;
}

export interface ServerDeps {
  /** Tests pass a stand-in; default: the HTTP engine. */
  createEngine?: typeof createClickHouseEngine;
}

export class ServerConnection {
  /** The dialog, open with these values; null: closed. */
  dialog = $state.raw<ServerLink | null>(null);
  busy = $state(false);
  error = $state.raw<Message | null>(null);
  #wb: Workbench;
  #create: typeof createClickHouseEngine;
  #engine = $state.raw<(Engine & TableIO) | null>(null);
  #shown = $state.raw<ServerLink | null>(null);
  /** A link's server, named in the URL until it is connected or the dialog is dismissed. */
  #pending = $state.raw<ServerLink | null>(null);

  constructor(wb: Workbench, link: ServerLink | null, deps: ServerDeps = {}) {
    this.#wb = wb;
    this.#create = deps.createEngine ?? createClickHouseEngine;
    this.#pending = link;
    if (link) this.dialog = link;
  }

  /** The server whose data is shown, when it is (another dataset since: null). */
  get connected(): ServerLink | null {
    return this.#engine && this.#wb.data.remote === this.#engine ? this.#shown : null;
  }

  /** What the page URL names: the connected server, else a link's still waiting for a password. */
  get link(): ServerLink | null {
    return this.connected ?? this.#pending;
  }

  open(): void {
    this.error = null;
    this.dialog = this.connected ?? this.#pending ?? { url: '', database: null, user: null };
  }

  close(): void {
    if (this.busy) return;
    this.dialog = null;
    this.#pending = null;
  }

  /** Connects and shows the server's dataset; on failure the dialog says why and stays open. */
  async connect(form: ServerForm): Promise<boolean> {
    if (this.busy) return false;
    this.error = null;
    const link: ServerLink = {
      url: form.url.trim(),
      database: form.database?.trim() || null,
      user: form.user?.trim() || null,
    };
    let engine: Engine & TableIO;
    try {
      serverUrl(link.url);
      engine = this.#create({
        url: link.url,
        ...(link.database ? { database: link.database } : {}),
        ...(link.user ? { user: link.user } : {}),
        ...(form.password ? { password: form.password } : {}),
      });
    } catch (e) {
      this.error = messageOf(e);
      return false;
    }
    const where = { url: link.url, database: link.database ?? 'default' };
    const wb = this.#wb;
    const keep = { spec: wb.startSpec, preset: wb.startPreset };
    this.busy = true;
    try {
      // Read first, so a wrong password or a database without data leaves the page as it was.
      const model = await readServerModel(engine, where);
      let first = true;
      const loader: DatasetLoader = Object.assign(
        async () => (first ? ((first = false), model) : readServerModel(engine, where)),
        { remote: engine },
      );
      await wb.useDataset(loader, (spec) => {
        const { catalog, model } = wb.data;
        const fallback = wb.report.defaultReport();
        if (!catalog || !model) return fallback;
        const linked = wb.linkSpec(keep.preset, keep.spec);
        return specForNewData(linked ?? spec, false, catalog, model, fallback);
      });
    } catch (e) {
      this.error = messageOf(e);
      void engine.close();
      return false;
    } finally {
      this.busy = false;
    }
    const old = this.#engine;
    this.#engine = engine;
    this.#shown = link;
    this.#pending = null;
    this.dialog = null;
    if (old && old !== engine) void old.close();
    return true;
  }
}
